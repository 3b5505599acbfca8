from django.contrib.sitemaps import Sitemap

from faq.models import Category, Question
from faq.seo import site_scheme_and_domain


class _Bilingual(Sitemap):
    """Every page in both languages, each entry listing its hreflang alternates.

    URLs are on DJANGO_SITE_URL when it is set, not on the request's Host (faq.seo).
    """

    i18n = True
    alternates = True

    def get_protocol(self, protocol=None):
        site = site_scheme_and_domain()
        return site[0] if site else super().get_protocol(protocol)

    def get_domain(self, site=None):
        configured = site_scheme_and_domain()
        return configured[1] if configured else super().get_domain(site)


class CategorySitemap(_Bilingual):
    def items(self):
        return Category.objects.listed().order_by("pk")


class QuestionSitemap(_Bilingual):
    def items(self):
        return Question.objects.published().order_by("pk")

    def lastmod(self, question):
        return question.updated_at


SITEMAPS = {"categories": CategorySitemap, "questions": QuestionSitemap}
