"""The site settings in the admin: one record, its footer links inline, a logo upload."""

from django import forms
from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from faq.models import FooterLink, SiteSettings
from faq.site_logo import sanitised_logo


class SiteSettingsForm(forms.ModelForm):
    upload_logo = forms.FileField(
        label=_("Upload a logo"),
        required=False,
        help_text=_("SVG or PNG, at most 512 KB; scripts, links and metadata are removed."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the uploaded logo"), required=False)

    class Meta:
        model = SiteSettings
        fields = ("site_name", "company_name", "logo_static")

    def clean(self):
        cleaned = super().clean()
        if upload := cleaned.get("upload_logo"):
            self.instance.logo, self.instance.logo_type = sanitised_logo(upload.read())
        elif cleaned.get("remove_logo"):
            self.instance.logo, self.instance.logo_type = b"", ""
        return cleaned


class FooterLinkInline(TranslationTabularInline):
    model = FooterLink
    extra = 1
    fields = ("position", "label", "url")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(SiteSettings)
class SiteSettingsAdmin(TabbedTranslationAdmin):
    form = SiteSettingsForm
    inlines = (FooterLinkInline,)
    fieldsets = (
        (None, {"fields": ("site_name", "company_name")}),
        (_("Logo"), {"fields": ("upload_logo", "remove_logo", "logo_static")}),
    )

    def has_delete_permission(self, request, obj=None):
        return False  # the site always has its identity; edit it instead

    def add_view(self, request, form_url="", extra_context=None):
        """A second record cannot be added: the add form leads to the one there is."""
        if record := SiteSettings.objects.filter(key=SiteSettings.KEY).first():
            return redirect(reverse("admin:faq_sitesettings_change", args=[record.pk]))
        return super().add_view(request, form_url, extra_context)
