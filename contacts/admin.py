from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from contacts.models import ContactChannel


@admin.register(ContactChannel)
class ContactChannelAdmin(VersionAdmin, TabbedTranslationAdmin):
    list_display = ("name", "kind", "value", "opening_hours", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name_ja", "name_en", "value", "slug")
