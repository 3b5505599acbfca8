"""The translation workflow: which English is missing, out of date or current, and the
round trip with translators.

- ``state``: the state of each translated field, kept on the row it describes and followed
  on every save (admin, ORM, loaddata, restore, import);
- ``diff``: what the Japanese said when the English was written, against what it says now;
- ``xliff``: export to and import from XLIFF 1.2, the format translators' tools read;
- ``admin``: the admin's parts: the Translations page (counts and the list of work to do),
  the state column and filter, the notice with the diff, the actions, export and import.

Not to be confused with ``faq/translation.py``, modeltranslation's registration, which says
which fields are translated: everything here follows that registration.
"""
