import json
import os
import stat
from datetime import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import DateTimeField

from contacts.models import ContactChannel
from faq.backup import backup_path, existing_content
from faq.models import Question, Vote
from tests.factories import (
    AnsweredQuestionFactory,
    CategoryFactory,
    ContactChannelFactory,
    QuestionFactory,
    RelatedLinkFactory,
    SearchQueryFactory,
    SynonymFactory,
)


@pytest.fixture
def content():
    """A little of everything a backup must carry: both languages, links, channels, drafts."""
    phone = ContactChannelFactory(kind=ContactChannel.Kind.PHONE, value="03-0000-0000")
    category = CategoryFactory(description_ja="説明", description_en="About")
    category.contact_channels.add(phone, ContactChannelFactory())
    question = AnsweredQuestionFactory(category=category, is_featured=True)
    question.contact_channels.add(phone)
    draft = AnsweredQuestionFactory(category=category, status=Question.Status.DRAFT)
    RelatedLinkFactory(question=question, target=draft, label_ja="下書き", label_en="Draft")
    RelatedLinkFactory(
        question=draft, target=None, url="https://example.com/terms", label_ja="規約"
    )
    QuestionFactory(category=CategoryFactory(parent=category.parent), title_en="")
    draft.answer.body_ja = "回答を改めました。"  # its English is now outdated
    draft.answer.save()
    Vote.objects.create(question=question, voter="v1", is_helpful=False, reason="分かりにくい")
    SynonymFactory()
    SearchQueryFactory(result_count=0)
    _timestamps_to_whole_milliseconds()


def _timestamps_to_whole_milliseconds():
    """Django's JSON dump keeps milliseconds: a time 0.0004 s past a second dumps as .000
    and is restored as the whole second, a flaky difference (1 in 1,000 per timestamp)
    that says nothing about the backup itself."""
    for model in [*apps.get_app_config("faq").get_models(), ContactChannel]:
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, DateTimeField)]
        for row in model.objects.values("pk", *fields) if fields else ():
            exact = {
                name: row[name].replace(microsecond=row[name].microsecond // 1000 * 1000)
                for name in fields
                if row[name] is not None
            }
            model.objects.filter(pk=row.pop("pk")).update(**exact)


def _backup(directory) -> Path:
    call_command("backup", dir=directory)
    (path,) = Path(directory).glob("faq-*.json")
    return path


def test_the_backup_is_named_by_its_local_time():
    now = datetime(2026, 3, 4, 5, 6, 7)

    assert backup_path(Path("backups"), now) == Path("backups/faq-20260304-050607.json")


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_dumps_exactly_as_the_original(content, tmp_path):
    first = _backup(tmp_path / "first")

    call_command("flush", interactive=False)
    assert existing_content() == {}
    call_command("restore", str(first))
    second = _backup(tmp_path / "second")

    assert second.read_text() == first.read_text()


@pytest.mark.django_db(transaction=True)
def test_a_restore_keeps_each_translation_state(content, tmp_path):
    path = _backup(tmp_path)
    before = _states()
    assert "outdated" in {state for _label, _key, state, _source in before}

    call_command("flush", interactive=False)
    call_command("restore", str(path))

    assert _states() == before


def _states():
    return sorted(
        (model._meta.label, obj.natural_key(), obj.translation_status, obj.translation_source)
        for model in (*apps.get_app_config("faq").get_models(), ContactChannel)
        if hasattr(model, "translation_status") and not model._meta.proxy
        for obj in model.objects.all()
    )


@pytest.mark.django_db
def test_the_backup_holds_every_language_and_the_contact_channels(content, tmp_path):
    records = json.loads(_backup(tmp_path).read_text())
    questions = [r["fields"] for r in records if r["model"] == "faq.question"]
    channels = [r["fields"] for r in records if r["model"] == "contacts.contactchannel"]

    assert {"title_ja", "title_en"} <= questions[0].keys()
    assert any(c["value"] == "03-0000-0000" for c in channels)
    assert all("pk" not in r for r in records if r["model"] == "faq.question")
    saved = {r["model"] for r in records}
    assert {"faq.vote", "faq.synonym", "faq.searchquery"} <= saved
    assert "faq.searchdocument" not in saved  # derived, rebuilt on restore


@pytest.mark.django_db
def test_it_refuses_to_restore_over_existing_content_and_changes_nothing(content, tmp_path):
    path = _backup(tmp_path)
    Question.objects.update(title_ja="編集済み")
    before = existing_content()

    with pytest.raises(CommandError, match="already holds content"):
        call_command("restore", str(path))

    assert existing_content() == before
    assert set(Question.objects.values_list("title_ja", flat=True)) == {"編集済み"}


@pytest.mark.django_db
def test_a_broken_backup_loads_nothing(tmp_path):
    path = tmp_path / "faq-20260101-000000.json"
    path.write_text('[{"model": "contacts.contactchannel", "fields": {"slug": "a"}}, {"model": ')

    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("restore", str(path))

    assert existing_content() == {}


@pytest.mark.django_db
def test_it_names_a_missing_backup_file(tmp_path):
    with pytest.raises(CommandError, match="not a backup file"):
        call_command("restore", str(tmp_path / "nope.json"))


@pytest.mark.django_db
def test_a_backup_never_overwrites_another(content, tmp_path, monkeypatch):
    monkeypatch.setattr("faq.backup.timezone.localtime", lambda: datetime(2026, 1, 1, 9, 0, 0))
    call_command("backup", dir=tmp_path)

    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", dir=tmp_path)


@pytest.mark.django_db
def test_a_backup_with_an_added_superuser_is_refused_and_nothing_is_loaded(tmp_path):
    ContactChannelFactory()
    path = _backup(tmp_path)
    ContactChannel.objects.all().delete()
    objects = json.loads(path.read_text())
    objects.append(
        {
            "model": "auth.user",
            "fields": {"username": "intruder", "password": "!", "is_superuser": True},
        }
    )
    path.write_text(json.dumps(objects))
    assert existing_content() == {}

    with pytest.raises(CommandError, match=r"auth\.user"):
        call_command("restore", str(path))

    assert not get_user_model().objects.filter(username="intruder").exists()
    assert existing_content() == {}


@pytest.mark.django_db
@pytest.mark.parametrize("text", ['{"model": "faq.question"}', '[{"fields": {}}]', "[1]"])
def test_a_file_that_is_not_a_list_of_objects_is_refused(tmp_path, text):
    path = tmp_path / "faq-20260101-000000.json"
    path.write_text(text)

    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("restore", str(path))


@pytest.mark.django_db
def test_the_backup_and_a_new_directory_are_readable_by_their_owner_only(content, tmp_path):
    previous = os.umask(0o022)  # the usual umask, which makes files world-readable
    try:
        path = _backup(tmp_path / "backups")
    finally:
        os.umask(previous)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
