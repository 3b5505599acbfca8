from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from faq.models import Question
from faq.translations.state import State
from faq.translations.xliff import export_xliff
from tests.factories import AnsweredQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(tmp_path):
    question = AnsweredQuestionFactory(slug="fees", title_ja="手数料は?", title_en="Fees?")
    question.title_ja = "手数料はいくらですか?"
    question.save()
    path = tmp_path / "fees.xlf"
    path.write_bytes(export_xliff())
    return path


def run(*args):
    out = StringIO()
    call_command("import_translations", *args, stdout=out)
    return out.getvalue()


def test_it_applies_the_file_and_says_what_changed(exported):
    output = run(str(exported))
    assert "faq.question/fees/title: outdated -> current" in output
    assert "1 changed, 0 unchanged" in output
    assert Question.objects.get().translation_status == State.CURRENT


def test_a_dry_run_says_what_would_change_and_changes_nothing(exported):
    output = run(str(exported), "--dry-run")
    assert "1 would change" in output
    assert Question.objects.get().translation_status == State.OUTDATED


def test_a_bad_file_fails_with_each_problem_and_changes_nothing(exported):
    exported.write_bytes(
        exported.read_bytes().replace(b'target-language="en"', b'target-language="de"')
    )
    with pytest.raises(CommandError, match="nothing was imported") as raised:
        run(str(exported))
    assert "line 3: The target-language is de; it must be en." in str(raised.value)
    assert Question.objects.get().translation_status == State.OUTDATED


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match=r"nope\.xlf"):
        run(str(tmp_path / "nope.xlf"))
