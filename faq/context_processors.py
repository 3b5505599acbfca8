"""What every public template may show: the site's identity (faq.selectors.site_settings)."""

from django.utils.functional import SimpleLazyObject

from faq import selectors


def site(request):
    # Lazy: pages that never show it (the admin's) never read it.
    return {"site": SimpleLazyObject(selectors.site_settings)}
