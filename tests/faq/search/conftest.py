import pytest

from faq.search import spelling


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    """Each test reads its own index's vocabulary (a process keeps one for MAX_AGE seconds)."""
    spelling.forget_vocabulary()
    yield
    spelling.forget_vocabulary()
