from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from faq.sitemaps import SITEMAPS
from faqsite.views import robots_txt

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Crawlers look for these at fixed, language-neutral addresses.
urlpatterns += [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]

urlpatterns += i18n_patterns(
    path("", include("faq.urls")),
)

# Database unreachable: a 503 page instead of a 500 (faqsite/views.py).
handler500 = "faqsite.views.server_error"
