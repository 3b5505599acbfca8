import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faqsite.settings")
django_application = get_wsgi_application()

# Imported once the line above has loaded the apps, whose models it reads.
from faq.front import CachedPagesFirst  # noqa: E402

# An anonymous visitor's cached page is answered before Django's request handling runs.
application = CachedPagesFirst(django_application)
