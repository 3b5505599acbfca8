"""Reads from the replica, writes to the primary (enabled by DATABASE_REPLICA_URL).

A replica lags the primary by a moment, so a page read right after a save may show the
old rows; the page cache bumps its version again when the save commits, which covers
pages, but code that must read its own writes should use ``.using("default")``.
"""


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both aliases hold the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
