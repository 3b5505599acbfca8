from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from faq.models import Category, Question, RelatedLink, Synonym
from tests.factories import (
    CategoryFactory,
    GroupFactory,
    QuestionFactory,
    RelatedLinkFactory,
)

pytestmark = pytest.mark.django_db


class TestCategory:
    def test_it_nests_one_level_only(self):
        category = CategoryFactory()
        nested = Category(parent=category, name_ja="孫", slug="grandchild")
        with pytest.raises(ValidationError) as error:
            nested.full_clean()
        assert "parent" in error.value.message_dict

    def test_it_rejects_a_non_ascii_slug(self):
        category = Category(name_ja="決済", slug="決済")
        with pytest.raises(ValidationError) as error:
            category.full_clean()
        assert "slug" in error.value.message_dict

    def test_it_requires_a_japanese_name(self):
        category = Category(slug="no-name", name_en="English only")
        with pytest.raises(ValidationError) as error:
            category.full_clean()
        assert "name_ja" in error.value.message_dict

    def test_published_hides_categories_of_an_unpublished_group(self):
        hidden_group = GroupFactory(is_published=False)
        inside = CategoryFactory(parent=hidden_group)
        visible = CategoryFactory()
        published = set(Category.objects.published())
        assert visible in published
        assert inside not in published
        assert hidden_group not in published

    def test_is_public_is_the_rule_of_published(self):
        hidden_group = GroupFactory(is_published=False)
        inside, visible = CategoryFactory(parent=hidden_group), CategoryFactory()
        assert (inside.is_public, visible.is_public, hidden_group.is_public) == (False, True, False)
        flagged = Category.objects.with_visibility().in_bulk([inside.pk, visible.pk])
        assert (flagged[inside.pk].is_public, flagged[visible.pk].is_public) == (False, True)


class TestQuestion:
    def test_published_excludes_drafts_future_and_hidden_categories(self):
        public = QuestionFactory()
        QuestionFactory(status=Question.Status.DRAFT)
        QuestionFactory(publish_at=timezone.now() + timedelta(days=1))
        QuestionFactory(category=CategoryFactory(is_published=False))
        assert list(Question.objects.published()) == [public]

    @pytest.mark.parametrize(
        "hidden",
        [
            {"status": Question.Status.DRAFT},
            {"category__is_published": False},
            {"category__parent__is_published": False},
        ],
        ids=["draft", "published in a hidden category", "published in a hidden group"],
    )
    def test_is_public_is_the_rule_of_published_with_or_without_the_flag(self, hidden):
        public, hidden = QuestionFactory(), QuestionFactory(**hidden)
        assert (public.is_public, hidden.is_public) == (True, False)
        flagged = Question.objects.with_visibility().in_bulk([public.pk, hidden.pk])
        assert (flagged[public.pk].is_public, flagged[hidden.pk].is_public) == (True, False)

    def test_with_visibility_keeps_the_questions_of_a_group_without_a_parent(self):
        in_group = QuestionFactory(category=GroupFactory())
        assert Question.objects.with_visibility().get().is_public
        assert in_group.is_public

    def test_english_falls_back_to_japanese_when_untranslated(self):
        from django.utils import translation

        question = QuestionFactory(title_ja="解約方法は?", title_en="")
        with translation.override("en"):
            assert question.title == "解約方法は?"

    def test_slugs_are_unique(self):
        QuestionFactory(slug="same")
        with pytest.raises(IntegrityError):
            QuestionFactory(slug="same")


class TestRelatedLink:
    def test_it_rejects_a_link_with_both_url_and_target(self):
        link = RelatedLinkFactory.build(
            question=QuestionFactory(), target=QuestionFactory(), url="https://example.com/"
        )
        with pytest.raises(ValidationError) as error:
            link.full_clean()
        assert "url" in error.value.message_dict

    def test_it_rejects_a_link_with_neither_url_nor_target(self):
        link = RelatedLinkFactory.build(question=QuestionFactory(), target=None)
        with pytest.raises(ValidationError) as error:
            link.full_clean()
        assert "target" in error.value.message_dict

    def test_it_rejects_a_link_to_its_own_question(self):
        question = QuestionFactory()
        link = RelatedLinkFactory.build(question=question, target=question)
        with pytest.raises(ValidationError) as error:
            link.full_clean()
        assert "target" in error.value.message_dict

    def test_an_outside_page_needs_a_label(self):
        link = RelatedLinkFactory.build(
            question=QuestionFactory(), target=None, url="https://example.com/"
        )
        with pytest.raises(ValidationError) as error:
            link.full_clean()
        assert "label" in error.value.message_dict

    def test_the_database_refuses_both_url_and_target(self):
        with pytest.raises(IntegrityError):
            RelatedLinkFactory(url="https://example.com/", label_ja="外部")

    def test_a_question_link_is_labelled_with_the_target_title(self):
        link = RelatedLinkFactory(
            target=QuestionFactory(title_ja="料金体系について教えてください。")
        )
        assert link.display_label == "料金体系について教えてください。"
        assert link.href == link.target.get_absolute_url()
        assert RelatedLink.objects.get_by_natural_key(*link.natural_key()) == link


def test_a_link_of_an_unknown_question_is_not_found_by_natural_key():
    with pytest.raises(RelatedLink.DoesNotExist):
        RelatedLink.objects.get_by_natural_key("no-such-question", 0)


def test_a_one_way_synonym_brings_in_the_right_from_the_left():
    synonym = Synonym(terms="店頭, お店 => 実店舗, 対面販売")
    assert synonym.source_terms == ["店頭", "お店"]
    assert synonym.term_list == ["店頭", "お店", "実店舗", "対面販売"]
    synonym.clean()


def test_an_equivalence_is_its_own_source():
    synonym = Synonym(terms="アメックス、AMEX")
    assert synonym.source_terms == synonym.term_list == ["アメックス", "AMEX"]


@pytest.mark.parametrize("terms", ["=> 実店舗", "店頭 =>", "a => b => c"])
def test_a_one_way_synonym_needs_terms_on_both_sides_of_one_arrow(terms):
    with pytest.raises(ValidationError, match="=>"):
        Synonym(terms=terms).clean()
