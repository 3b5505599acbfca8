import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _japanese_by_default():
    """Each test starts in the source language, as a visitor with no preference would."""
    with translation.override("ja"):
        yield
