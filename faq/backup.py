"""Backups of the content: every row of the content apps, in all languages, by natural keys.

A backup is a ``dumpdata`` file, so ``loaddata`` restores it in one transaction: a broken
file changes nothing.
"""

import os
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from faq.content import CONTENT_APPS, DERIVED_MODELS

# Whole apps (CONTENT_APPS), so models added later (votes, synonyms, the search log) are
# backed up without touching a list. Left out on purpose, because restoring them means
# nothing or harm:
# - reversion: its history points at database ids, which a restore into a new database renumbers;
# - auth and axes: accounts and login attempts are not content, and password hashes do not
#   belong in a file that gets copied around; editors are recreated with createsuperuser;
# - contenttypes, sessions, admin log: rebuilt by migrate, or tied to ids and sessions.


class BackupError(Exception):
    pass


def backup_path(directory: Path, now: datetime | None = None) -> Path:
    now = now or timezone.localtime()
    return Path(directory) / f"faq-{now:%Y%m%d-%H%M%S}.json"


def write_backup(path: Path) -> Path:
    """Dump the content to ``path``; a dump that fails half-way leaves no file behind."""
    if path.exists():
        raise BackupError(f"{path} exists already; a backup never overwrites another.")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        call_command(
            "dumpdata",
            *CONTENT_APPS,
            exclude=list(DERIVED_MODELS),  # rebuilt as the restore saves each question
            natural_foreign=True,
            natural_primary=True,
            use_base_manager=True,
            indent=2,
            output=str(partial),
            verbosity=0,
        )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def existing_content() -> dict[str, int]:
    """Row counts of the backed-up models that hold any rows."""
    counts = {
        model._meta.label: model._base_manager.count()
        for app in CONTENT_APPS
        for model in apps.get_app_config(app).get_models()
    }
    return {label: count for label, count in counts.items() if count}


def restore_backup(path: Path) -> None:
    """Load a backup into a database that holds no content yet."""
    path = Path(path)
    if path.suffix != ".json" or not path.is_file():
        raise BackupError(f"{path} is not a backup file (faq-YYYYmmdd-HHMMSS.json).")
    if content := existing_content():
        held = ", ".join(f"{count} {label}" for label, count in content.items())
        raise BackupError(
            f"The database already holds content ({held}). A backup is restored only into "
            "an empty database, so nothing is overwritten or mixed: use a new database."
        )
    try:
        call_command("loaddata", str(path.resolve()), verbosity=0)
    except Exception as exc:  # loaddata raises many types; it has rolled everything back
        raise BackupError(f"{path} could not be restored; nothing was loaded. {exc}") from exc
