from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("faq.urls")),
)

# Database unreachable: a 503 page instead of a 500 (faqsite/views.py).
handler500 = "faqsite.views.server_error"
