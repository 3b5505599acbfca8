from django.db import models
from django.utils.translation import gettext_lazy as _

from faq.translations.state import TranslationTracked


def tel_href(number: str) -> str:
    """The tel: link of a phone number as written (03-3464-2323 -> tel:0334642323)."""
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


class ContactChannelQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ContactChannel(TranslationTracked):
    """One way to reach a person: a phone line, a mailbox, a web form, the admin screen."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")
        WEB_FORM = "web_form", _("Web form")
        ADMIN_SCREEN = "admin_screen", _("Admin screen")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=300,
        help_text=_("The phone number, e-mail address or URL, exactly as visitors use it."),
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ContactChannelQuerySet.as_manager()

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def href(self):
        """The link a visitor follows, or "" where the value is not a link (an admin screen)."""
        if self.kind == self.Kind.PHONE:
            return tel_href(self.value)
        if self.kind == self.Kind.EMAIL:
            return f"mailto:{self.value}"
        if self.kind == self.Kind.WEB_FORM and self.value.startswith(("https://", "http://")):
            return self.value
        return ""
