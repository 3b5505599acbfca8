"""loaddata (modeltranslation's, which adds --populate) that indexes search once, in bulk.

Still one transaction: the bulk indexing runs inside it, so a fixture that fails anywhere
(content or index) changes nothing.
"""

from modeltranslation.management.commands import loaddata

from faq.search.sync import deferred_reindex


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        with deferred_reindex():
            super().loaddata(fixture_labels)
