"""The production settings plus the floor view's URL (bench/urls.py); nothing else differs."""

import os

from faqsite.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
