"""loaddata (modeltranslation's, which adds --populate), fast for large fixtures: natural
keys resolved from memory (faq.loading), the search index written once, in bulk, and the
page cache's content version bumped once (faq.cache).

Still one transaction: handle() opens it around Django's own (which becomes a savepoint),
and the bulk indexing runs inside it, so a fixture that fails anywhere (content or index)
changes nothing.

A fixture's search documents (a plain ``dumpdata faq`` carries them) are skipped, through
the documented ``--exclude`` option: they are derived from the content, keyed by the ids of
the database they were dumped from, and the load rebuilds the document of every question
it saves.

This command wins over modeltranslation's because ``faq`` comes before ``modeltranslation``
in INSTALLED_APPS (Django's documented rule for overriding a command).

One undocumented hook remains, save_obj(), which Django's Command.load_label() calls for
each deserialized object (``if self.save_obj(obj):``) and which ends in
``obj.save(using=self.using)``, where DeserializedObject.save() calls ``.set()`` for every
entry of ``obj.m2m_data`` (``for accessor_name, object_list in self.m2m_data.items():``).
tests/faq/management/test_loaddata.py checks that those lines of Django are still there
and that a load still makes no many-to-many query for a new row without any.
"""

from django.db import transaction
from modeltranslation.management.commands import loaddata

from faq.cache import one_bump_for_the_block
from faq.content import DERIVED_MODELS, STATE_MODELS
from faq.loading import natural_keys_in_memory
from faq.search.sync import deferred_reindex


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        # A plain dumpdata carries both; the serving's state (faq.content) is this database's
        # own: an older content version loaded over it could bring back stale pages.
        options["exclude"] = [*options["exclude"], *DERIVED_MODELS, *STATE_MODELS]
        atomic = transaction.atomic(using=options["database"])
        with atomic, natural_keys_in_memory(), deferred_reindex(), one_bump_for_the_block():
            super().handle(*fixture_labels, **options)

    def save_obj(self, obj):
        if obj.object.pk is None:
            # A new row has no many-to-many rows to replace: Django would still ask for
            # them (a savepoint and a query) for every empty list.
            obj.m2m_data = {name: pks for name, pks in obj.m2m_data.items() if pks}
        return super().save_obj(obj)
