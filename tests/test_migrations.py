"""Migrations import no project module: each freezes what it needs, so that a later change to
the live code cannot change what an old migration does."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_PACKAGES = {"faq", "contacts", "faqsite", "bench", "tests"}
MIGRATIONS = sorted(Path(settings.BASE_DIR).glob("*/migrations/0*.py"))


def imported_packages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module.split(".")[0]


def test_there_are_migrations_to_check():
    assert {path.parent.parent.name for path in MIGRATIONS} == {"faq", "contacts"}


@pytest.mark.parametrize(
    "path", MIGRATIONS, ids=lambda path: f"{path.parent.parent.name}/{path.stem}"
)
def test_a_migration_imports_no_project_module(path):
    assert not set(imported_packages(path)) & PROJECT_PACKAGES
