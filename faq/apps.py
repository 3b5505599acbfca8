from django.apps import AppConfig
from django.core import checks
from django.core.signals import setting_changed
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("FAQ")

    def ready(self):
        # These import the models, so not before the apps are ready.
        from faq import ratelimit, seo, signals, templating
        from faq.search.readings import check_dictionary

        # A search analyser without its dictionary stops start-up, not every search.
        check_dictionary()
        signals.connect(self)
        checks.register(ratelimit.check_client_ip_settings, checks.Tags.security)
        checks.register(seo.check_site_url, checks.Tags.security, deploy=True)
        # Settings change only in tests; the templates' lookups must follow them there.
        setting_changed.connect(templating.forget_lookups, dispatch_uid="faq.templating")
