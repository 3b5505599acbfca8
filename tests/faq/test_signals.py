"""faq/signals.py: every receiver of the app connected once, by its dispatch_uid."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save

from faq import cache, loading, roles, signals
from faq.search import sync
from faq.translations import state

SIGNALS = (pre_save, post_save, post_delete, m2m_changed, post_migrate)


def receivers_of(receiver):
    """(signal, dispatch_uid) of every connection of ``receiver``."""
    found = []
    for signal in SIGNALS:
        for (uid, _sender), ref, *_rest in signal.receivers:
            if ref() is receiver:  # weak references to module functions
                found.append((signal, uid))
    return found


def test_every_receiver_is_connected_by_its_dispatch_uid():
    assert receivers_of(loading.remember_saved) == [(post_save, "faq.loading.remember_saved")]
    cache_uids = {uid for _signal, uid in receivers_of(cache.content_changed)}
    assert "faq.cache.post_save.faq.question" in cache_uids
    assert "faq.cache.m2m_changed.faq.question_contact_channels" in cache_uids
    assert "faq.cache.post_delete.contacts.contactchannel" in cache_uids
    assert {uid for uid in cache_uids if "searchquery" in uid or "vote" in uid} == set()
    assert "faq.translations.state.follow.faq.answer" in {
        uid for _signal, uid in receivers_of(state.follow_translation_state)
    }
    assert receivers_of(roles.sync_roles_after_migrate) == [(post_migrate, "faq.roles.sync")]
    assert receivers_of(sync.index_missing_documents) == [
        (post_migrate, "faq.search.after_migrate")
    ]
    search = [
        *receivers_of(sync.question_changed),
        *receivers_of(sync.answer_changed),
        *receivers_of(sync.category_changed),
    ]
    assert sorted(uid for _signal, uid in search) == sorted(
        uid for *_rest, uid in signals.SEARCH_RECEIVERS
    )


def test_connecting_again_connects_nothing_twice():
    before = [len(signal.receivers) for signal in SIGNALS]
    signals.connect(apps.get_app_config("faq"))
    assert [len(signal.receivers) for signal in SIGNALS] == before


def test_visitors_rows_and_search_documents_have_no_delete_receiver():
    """Their bulk deletes (pruning the search log, rebuilding the index) stay one DELETE."""
    from django.db.models.deletion import Collector

    from faq.models import SearchDocument, SearchQuery, Vote

    collector = Collector(using="default")
    for model in (SearchQuery, SearchDocument, Vote):
        assert collector.can_fast_delete(model.objects.all()), model
