from modeltranslation.translator import TranslationOptions, register

from contacts.models import ContactChannel


@register(ContactChannel)
class ContactChannelTranslationOptions(TranslationOptions):
    fields = ("name", "opening_hours", "note", "audience")
    required_languages = {"ja": ("name",)}
