import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from faq.translations.xliff import XLIFF_NAMESPACE
from tests.factories import AnsweredQuestionFactory, ContactChannelFactory

pytestmark = pytest.mark.django_db
NS = {"x": XLIFF_NAMESPACE}


def exported_ids(tmp_path, *args):
    path = tmp_path / "out.xlf"
    call_command("export_translations", *args, "-o", str(path), stdout=None)
    return {u.get("id") for u in etree.parse(str(path)).iterfind(".//x:trans-unit", NS)}


@pytest.fixture
def content():
    AnsweredQuestionFactory(slug="missing", title_en="")
    ContactChannelFactory(slug="desk", note_ja="注意", note_en="")
    AnsweredQuestionFactory(slug="done")


def test_it_writes_the_outdated_and_missing_fields_by_default(content, tmp_path):
    assert exported_ids(tmp_path) == {
        "faq.question/missing/title",
        "contacts.contactchannel/desk/note",
    }


def test_it_writes_only_the_models_asked_for(content, tmp_path):
    assert exported_ids(tmp_path, "--model", "contacts.contactchannel") == {
        "contacts.contactchannel/desk/note"
    }


def test_it_writes_current_fields_when_asked(content, tmp_path):
    assert "faq.question/done/title" in exported_ids(tmp_path, "--state", "current")
    assert "faq.question/missing/title" not in exported_ids(tmp_path, "--state", "current")


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--state", "stale"], "--state takes"), (["--model", "faq.vote"], "no translated fields")],
)
def test_it_refuses_an_unknown_state_or_model(tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_translations", *args, "-o", str(tmp_path / "out.xlf"))
    assert not (tmp_path / "out.xlf").exists()
