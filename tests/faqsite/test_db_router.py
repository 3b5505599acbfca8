"""Reads from the replica, writes and migrations on the primary (faqsite/db_router.py)."""

import os
import subprocess
import sys
from pathlib import Path

from faq.models import Question
from faqsite.db_router import ReplicaRouter


def test_it_reads_from_the_replica():
    assert ReplicaRouter().db_for_read(Question) == "replica"


def test_it_writes_to_the_primary():
    assert ReplicaRouter().db_for_write(Question) == "default"


def test_it_migrates_the_primary_only():
    router = ReplicaRouter()

    assert router.allow_migrate("default", "faq") is True
    assert router.allow_migrate("replica", "faq") is False


def test_a_replica_url_adds_the_replica_and_the_router():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "faqsite.settings"}
    env["DATABASE_REPLICA_URL"] = "postgres://faq@replica.internal:5432/faq"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "['default', 'replica'] ['faqsite.db_router.ReplicaRouter']"
