"""loaddata (modeltranslation's, which adds --populate), fast for large fixtures: natural
keys resolved from memory (faq.loading) and the search index written once, in bulk.

Still one transaction: the bulk indexing runs inside it, so a fixture that fails anywhere
(content or index) changes nothing.

A fixture's search documents (a plain ``dumpdata faq`` carries them) are skipped: they are
derived from the content, keyed by the ids of the database they were dumped from, and the
load rebuilds the document of every question it saves.
"""

from modeltranslation.management.commands import loaddata

from faq.loading import natural_keys_in_memory
from faq.models import SearchDocument
from faq.search.sync import deferred_reindex


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        self.excluded_models.add(SearchDocument)
        with natural_keys_in_memory(), deferred_reindex():
            super().loaddata(fixture_labels)

    def save_obj(self, obj):
        if obj.object.pk is None:
            # A new row has no many-to-many rows to replace: Django would still ask for
            # them (a savepoint and a query) for every empty list.
            obj.m2m_data = {name: pks for name, pks in obj.m2m_data.items() if pks}
        return super().save_obj(obj)
