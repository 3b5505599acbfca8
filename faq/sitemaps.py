from django.contrib.sitemaps import Sitemap

from faq.models import Category, Question


class _Bilingual(Sitemap):
    """Every page in both languages, each entry listing its hreflang alternates."""

    i18n = True
    alternates = True


class CategorySitemap(_Bilingual):
    def items(self):
        return Category.objects.published().order_by("pk")


class QuestionSitemap(_Bilingual):
    def items(self):
        return Question.objects.published().order_by("pk")

    def lastmod(self, question):
        return question.updated_at


SITEMAPS = {"categories": CategorySitemap, "questions": QuestionSitemap}
