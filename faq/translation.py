from modeltranslation.translator import TranslationOptions, register

from faq.models import Answer, Category, FooterLink, Question, RelatedLink, SiteSettings


class JapaneseFirst(TranslationOptions):
    """Japanese is the source: required, and what English falls back to."""

    required_languages = ("ja",)


@register(Category)
class CategoryTranslationOptions(JapaneseFirst):
    fields = ("name", "description")
    required_languages = {"ja": ("name",)}


@register(Question)
class QuestionTranslationOptions(JapaneseFirst):
    fields = ("title",)


@register(Answer)
class AnswerTranslationOptions(JapaneseFirst):
    fields = ("body",)


@register(RelatedLink)
class RelatedLinkTranslationOptions(TranslationOptions):
    fields = ("label",)


@register(SiteSettings)
class SiteSettingsTranslationOptions(JapaneseFirst):
    fields = ("site_name", "company_name")
    required_languages = {"ja": ("site_name",)}


@register(FooterLink)
class FooterLinkTranslationOptions(JapaneseFirst):
    fields = ("label",)
