from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("FAQ")

    def ready(self):
        # The search index follows every save and delete of the content.
        from faq.search import sync  # noqa: F401
