"""Natural keys from memory while loaddata runs, so that a large fixture loads quickly.

Django's deserializer resolves every natural key with a query: each object's own (does the
row exist already?) and each of its foreign keys', about ten queries per question, most of
them for rows the same load has just written. Inside natural_keys_in_memory() (faq's
loaddata runs in one) a model's keys are read in one query at its first lookup and every
row the load saves is added, so a lookup is a dictionary access.

A model takes part through its manager, a NaturalKeyManager; remember_saved() (connected by
faq/signals.py) adds each row the load saves.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

# {(database alias, model): _KeyIndex} while a load runs; None otherwise.
_indexes: ContextVar[dict | None] = ContextVar("faq_natural_keys", default=None)


class _KeyIndex:
    """One model's natural keys and primary keys, both ways."""

    def __init__(self, manager):
        fields = manager.natural_key_fields
        self.model = manager.model
        rows = self.model._base_manager.using(manager.db).order_by()
        self.pks = {tuple(row[:-1]): row[-1] for row in rows.values_list(*fields, "pk")}
        self.keys = {pk: key for key, pk in self.pks.items()}
        self.stand_ins = {}

    def stand_in(self, pk):
        """An instance with only its primary key, all the deserializer reads; one per row,
        because building a model instance (modeltranslation's __init__ included) costs more
        than the rest of a lookup, and a question is looked up by its answer and its links."""
        if pk not in self.stand_ins:
            self.stand_ins[pk] = self.model(pk=pk)
        return self.stand_ins[pk]

    def add(self, key, pk):
        self.pks.pop(self.keys.get(pk), None)  # a row saved under a new key loses its old one
        self.pks[key] = pk
        self.keys[pk] = key


class NaturalKeyManager(models.Manager):
    """get_by_natural_key() by ``fields`` (a values_list() path for each part of the key),
    from memory during a load. A manager method, not a QuerySet one: loaddata calls it
    thousands of times, and building a QuerySet costs more than the lookup from memory.
    """

    def __init__(self, *fields):
        super().__init__()
        self.natural_key_fields = fields

    def get_by_natural_key(self, *key):
        """From memory during a load (a stand-in with only its primary key), else the query."""
        indexes = _indexes.get()
        if indexes is None:
            return self.natural_key_lookup(*key)
        index = indexes.get((self.db, self.model))
        if index is None:
            index = indexes[(self.db, self.model)] = _KeyIndex(self)
        pk = index.pks.get(key)
        if pk is None:
            name = self.model._meta.object_name
            raise self.model.DoesNotExist(f"{name} matching {key} does not exist.")
        return index.stand_in(pk)

    def natural_key_lookup(self, *key):
        """The query, outside a load."""
        return self.get(**dict(zip(self.natural_key_fields, key, strict=True)))


@contextmanager
def natural_keys_in_memory():
    token = _indexes.set({})
    try:
        yield
    finally:
        _indexes.reset(token)


def _loaded_index(model, using):
    """The model's index if a load runs and has looked the model up already, else None."""
    indexes = _indexes.get()
    return indexes.get((using, model)) if indexes else None


def known_key(model, pk, using):
    """The natural key of a row the load has seen, or None (then ask the database)."""
    index = _loaded_index(model, using)
    return index.keys.get(pk) if index else None


def remember_saved(sender, instance, using, **kwargs):
    """Receiver of post_save (connected by faq/signals.py): the load's own rows."""
    index = _loaded_index(sender, using)
    # A model not looked up yet needs nothing: its first lookup reads this row too.
    if index:
        index.add(instance.natural_key(), instance.pk)
