from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from contacts.models import ContactChannel
from faq.editorial.admin import GuardedEditMixin
from faq.translations.admin import TranslationStateFilter, TranslationStateMixin


@admin.register(ContactChannel)
class ContactChannelAdmin(
    GuardedEditMixin, TranslationStateMixin, VersionAdmin, TabbedTranslationAdmin
):
    list_display = (
        "name",
        "kind",
        "value",
        "opening_hours",
        "position",
        "is_active",
        "translation_state",
    )
    list_editable = ("position", "is_active")
    list_filter = ("kind", "is_active", TranslationStateFilter)
    actions = ("mark_english_current",)
    search_fields = ("name_ja", "name_en", "value", "slug")
