from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("FAQ")

    def ready(self):
        from faq import roles

        # Models added by later migrations (of any content app) join the roles; see faq.roles.
        post_migrate.connect(
            roles.sync_roles_after_migrate, sender=self, dispatch_uid="faq.roles.sync"
        )
        # The search index follows every save and delete of the content.
        # Every content change bumps the page cache's content version; see faq.cache.
        from faq.cache import connect_receivers
        from faq.search import sync  # noqa: F401
        from faq.translations import state

        connect_receivers()
        # Every save of a translated model keeps its translation state; see faq.translations.
        state.connect_receivers()
