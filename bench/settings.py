"""The production settings plus the URLs of the floor and reference views (bench/urls.py)."""

import os

from faqsite.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
