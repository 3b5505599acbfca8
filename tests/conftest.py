import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _japanese_by_default():
    """Each test starts in the source language, as a visitor with no preference would."""
    with translation.override("ja"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages cached by one test must not answer the next (the locmem cache outlives tests)."""
    from django.core.cache import cache

    cache.clear()
