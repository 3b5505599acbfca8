"""What the FAQ's content is, for the modules that treat it as a whole; imports nothing."""

# The apps whose models are the FAQ's content: the page cache empties when they change
# (faq.cache), the Editor and Viewer roles hold their permissions (faq.roles), backups
# carry them (faq.backup). Dependencies first, the order dumpdata writes them in.
CONTENT_APPS = ("contacts", "faq")
# Models of those apps derived from the content and rebuilt from it: never in a backup, and
# skipped when a fixture carries them (faq's loaddata).
DERIVED_MODELS = ("faq.SearchDocument", "faq.LinkCheck")
# Models of those apps that are no content at all but the serving's shared state (the page
# cache's version, rate-limit counters): never in a backup, never counted as content.
STATE_MODELS = ("faq.SharedCounter",)
