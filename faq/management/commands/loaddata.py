"""loaddata (modeltranslation's, which adds --populate), fast for large fixtures: natural
keys resolved from memory (faq.loading) and the search index written once, in bulk.

Still one transaction: the bulk indexing runs inside it, so a fixture that fails anywhere
(content or index) changes nothing.
"""

from modeltranslation.management.commands import loaddata

from faq.loading import natural_keys_in_memory
from faq.search.sync import deferred_reindex


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        with natural_keys_in_memory(), deferred_reindex():
            super().loaddata(fixture_labels)
