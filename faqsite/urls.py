from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from faq.sitemaps import SITEMAPS
from faq.views import site_logo
from faqsite.views import favicon, robots_txt

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Crawlers look for these at fixed, language-neutral addresses.
urlpatterns += [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("site-logo/<str:stamp>", site_logo, name="site-logo"),
]

urlpatterns += i18n_patterns(
    path("", include("faq.urls")),
)

# Database unreachable: a 503 page instead of a 500 (faqsite/views.py).
handler500 = "faqsite.views.server_error"
