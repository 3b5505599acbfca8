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

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save

from faq import cache, loading, roles
from faq.content import CONTENT_APPS
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


def shown_models():
    """The models of the content apps that public pages show, with their many-to-many tables
    (an m2m_changed signal comes from the table). Receivers are connected to each by name:
    a delete receiver for any sender would stop Django's fast bulk delete of every model
    (the search log's pruning, the search documents' rebuild)."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower not in cache.NOT_SHOWN:
                yield model


def connect(app_config) -> None:
    post_save.connect(loading.remember_saved, dispatch_uid="faq.loading.remember_saved")
    # Not tracked_models(): asking modeltranslation now, before its own ready(), would register
    # the models in the wrong order. The receiver returns at once for a model without fields.
    for model in apps.get_models():
        if not issubclass(model, state.TranslationTracked):
            continue
        uid = f"faq.translations.state.follow.{model._meta.label_lower}"
        pre_save.connect(state.follow_translation_state, sender=model, dispatch_uid=uid)
    for signal, sender, receiver, uid in SEARCH_RECEIVERS:
        signal.connect(receiver, sender=sender, dispatch_uid=uid)
    for model in shown_models():
        for name, signal in CACHE_SIGNALS.items():
            uid = f"faq.cache.{name}.{model._meta.label_lower}"
            signal.connect(cache.content_changed, sender=model, dispatch_uid=uid)
    post_migrate.connect(
        roles.sync_roles_after_migrate, sender=app_config, dispatch_uid="faq.roles.sync"
    )
    post_migrate.connect(
        sync.index_missing_documents, sender=app_config, dispatch_uid="faq.search.after_migrate"
    )
