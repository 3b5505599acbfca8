"""factory-boy factories: tests make their own data; only fixture tests read fixtures/."""

import factory
from django.contrib.auth import get_user_model

from contacts.models import ContactChannel
from faq.models import Answer, Category, Question, RelatedLink

# Every factory-made user's password, for the tests that sign in through the login form.
PASSWORD = "correct horse battery"


class ContactChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactChannel
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"channel-{n}")
    name_ja = factory.Sequence(lambda n: f"窓口{n}")
    name_en = factory.Sequence(lambda n: f"Channel {n}")
    kind = ContactChannel.Kind.EMAIL
    value = factory.Sequence(lambda n: f"desk{n}@example.com")
    opening_hours_ja = "平日9:00~18:00"
    opening_hours_en = "Weekdays 9:00-18:00"


class GroupFactory(factory.django.DjangoModelFactory):
    """A top-level category that holds categories."""

    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"group-{n}")
    name_ja = factory.Sequence(lambda n: f"グループ{n}")
    name_en = factory.Sequence(lambda n: f"Group {n}")
    position = factory.Sequence(int)


class CategoryFactory(GroupFactory):
    parent = factory.SubFactory(GroupFactory)
    slug = factory.Sequence(lambda n: f"category-{n}")
    name_ja = factory.Sequence(lambda n: f"カテゴリ{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    category = factory.SubFactory(CategoryFactory)
    slug = factory.Sequence(lambda n: f"question-{n}")
    title_ja = factory.Sequence(lambda n: f"質問{n}はどうなりますか?")
    title_en = factory.Sequence(lambda n: f"What about question {n}?")
    position = factory.Sequence(int)
    status = Question.Status.PUBLISHED


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    body_ja = "回答です。"
    body_en = "This is the answer."


class AnsweredQuestionFactory(QuestionFactory):
    class Meta:
        skip_postgeneration_save = True  # the answer points at the question, not back

    answer = factory.RelatedFactory(AnswerFactory, factory_related_name="question")


class RelatedLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedLink

    question = factory.SubFactory(QuestionFactory)
    target = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(int)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    # Hashed up front: a post-generation set_password would not be saved (skip_postgeneration_save).
    password = factory.django.Password(PASSWORD)


# --- Search (issue 4) -------------------------------------------------------------------


class SynonymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "faq.Synonym"

    terms = factory.Sequence(lambda n: f"同義語{n}, synonym{n}")


class SearchQueryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "faq.SearchQuery"

    query = factory.Sequence(lambda n: f"query {n}")
    language = "ja"
    result_count = 1


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "faq.Vote"

    question = factory.SubFactory(QuestionFactory)
    voter = factory.Sequence(lambda n: f"voter-{n}")
    is_helpful = False
    reason = "説明が分かりにくい"


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "faq.SiteSettings"
        django_get_or_create = ("key",)

    key = "site"
    site_name_ja = "ヘルプセンター"
    site_name_en = "Help centre"
    company_name_ja = "テスト決済株式会社"
    company_name_en = "Test Payments Ltd"


class FooterLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "faq.FooterLink"

    site_settings = factory.SubFactory(SiteSettingsFactory)
    position = factory.Sequence(lambda n: n)
    label_ja = factory.Sequence(lambda n: f"リンク{n}")
    label_en = factory.Sequence(lambda n: f"Link {n}")
    url = factory.Sequence(lambda n: f"https://example.com/{n}")
