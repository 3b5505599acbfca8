"""The floor: the cheapest Django page, to measure the project's pages against.

A copy of the team's shared floor (/work/shared/bench/floor.py): a bare Django view,
SecurityMiddleware and CommonMiddleware only, a fixed 4 KB page. bench/pages.py runs it
under gunicorn with gunicorn.conf.py, the same server settings as the site:

    .venv/bin/gunicorn --config gunicorn.conf.py bench.floor:application
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="floor",
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
    ],
)
BODY = "<!doctype html><title>floor</title>" + "<p>FAQ</p>" * 400


def hello(request):
    return HttpResponse(BODY)


urlpatterns = [path("", hello)]

application = get_wsgi_application()
