import os

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _japanese_by_default():
    """Each test starts in the source language, as a visitor with no preference would."""
    with translation.override("ja"):
        yield


# Personas for the admin's roles (the groups come from the data migration faq/0002_roles):
# alice Administrator, erin Editor, aaron Author, victor Viewer.
def _member_of(role, username):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def alice(db):
    """The Administrator."""
    return _member_of("Administrator", "alice")


@pytest.fixture
def erin(db):
    """The Editor."""
    return _member_of("Editor", "erin")


@pytest.fixture
def aaron(db):
    """The Author: writes and submits questions, does not publish."""
    return _member_of("Author", "aaron")


@pytest.fixture
def victor(db):
    """The Viewer."""
    return _member_of("Viewer", "victor")


@pytest.fixture
def sam(db):
    """Staff with no role: signs in to the admin (and previews the site) but holds no permission."""
    from tests.factories import UserFactory

    return UserFactory(username="sam")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages cached by one test must not answer the next (the locmem cache outlives tests), nor
    the content version (and what is kept by it, such as the site settings) read in it."""
    from django.core.cache import cache

    from faq.cache import forget_content_version

    cache.clear()
    forget_content_version()


@pytest.fixture(autouse=True)
def _no_failed_search_query(caplog):
    """A search query the database refused fails the test that ran it.

    In production faq.search.rank logs such a query and shows no result rather than an error
    page; in tests that log line would otherwise let a broken query pass unseen.
    """
    yield
    records = caplog.get_records("setup") + caplog.get_records("call")
    failed = [r.getMessage() for r in records if "search query failed" in r.getMessage()]
    assert not failed, failed


@pytest.fixture
def jinja2_templates_loaded(monkeypatch):
    """The names of the visitors' templates loaded from now on, in order (a fragment kept
    by content version is not loaded again)."""
    from django.template import engines

    environment = engines["jinja2"].env
    loaded, get_template = [], environment.get_template

    def counted(name, *args, **kwargs):
        loaded.append(name)
        return get_template(name, *args, **kwargs)

    monkeypatch.setattr(environment, "get_template", counted)
    return loaded


@pytest.fixture
def redis_url():
    """The Redis server of scripts/with-redis, for the tests marked redis (make test-redis)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("REDIS_URL is not set: run the redis tests with `make test-redis`.")
    return url
