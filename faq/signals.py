"""Every signal receiver of the faq app, connected here and only here, from FaqConfig.ready().

The receivers are plain functions in the modules whose concern they are; this module only
wires them, each with a dispatch_uid so that connecting twice connects once. In order:

- faq.loading.remember_saved: natural keys of the rows a fast loaddata saves;
- faq.translations.state.follow_translation_state: each save keeps the translation state;
- faq.search.sync: re-index a question when it, its answer or its category changes;
- faq.cache.content_changed: bump the page cache's content version on any content change;
- faq.roles.sync_roles_after_migrate: models added by later migrations join the roles;
- faq.search.sync.index_missing_documents: after migrate, questions without a document get one.
"""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save

from faq import cache, loading, roles
from faq.models import Answer, Category, Question
from faq.search import sync
from faq.translations import state

SEARCH_RECEIVERS = (
    (post_save, Question, sync.question_changed, "faq.search.question_saved"),
    (post_delete, Question, sync.question_changed, "faq.search.question_deleted"),
    (post_save, Answer, sync.answer_changed, "faq.search.answer_saved"),
    (post_delete, Answer, sync.answer_changed, "faq.search.answer_deleted"),
    (post_save, Category, sync.category_changed, "faq.search.category_saved"),
)
CACHE_SIGNALS = {"post_save": post_save, "post_delete": post_delete, "m2m_changed": m2m_changed}


def connect(app_config) -> None:
    post_save.connect(loading.remember_saved, dispatch_uid="faq.loading.remember_saved")
    pre_save.connect(state.follow_translation_state, dispatch_uid="faq.translations.state.follow")
    for signal, sender, receiver, uid in SEARCH_RECEIVERS:
        signal.connect(receiver, sender=sender, dispatch_uid=uid)
    for name, signal in CACHE_SIGNALS.items():
        signal.connect(cache.content_changed, dispatch_uid=f"faq.cache.{name}")
    post_migrate.connect(
        roles.sync_roles_after_migrate, sender=app_config, dispatch_uid="faq.roles.sync"
    )
    post_migrate.connect(
        sync.index_missing_documents, sender=app_config, dispatch_uid="faq.search.after_migrate"
    )
