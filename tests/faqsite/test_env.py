import pytest
from django.core.exceptions import ImproperlyConfigured

from faqsite.env import env_header_pair


def test_it_reads_a_header_and_value_pair(monkeypatch):
    monkeypatch.setenv("PROXY", " HTTP_X_FORWARDED_PROTO , https ")

    assert env_header_pair("PROXY") == ("HTTP_X_FORWARDED_PROTO", "https")


def test_an_unset_or_empty_pair_is_none(monkeypatch):
    monkeypatch.delenv("PROXY", raising=False)
    assert env_header_pair("PROXY") is None
    monkeypatch.setenv("PROXY", "")
    assert env_header_pair("PROXY") is None


@pytest.mark.parametrize(
    "raw", ["HTTP_X_FORWARDED_PROTO", "X_FORWARDED_PROTO,https", "HTTP_X,", "HTTP_X,https,http"]
)
def test_it_rejects_a_malformed_pair_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("PROXY", raw)

    with pytest.raises(ImproperlyConfigured, match="PROXY"):
        env_header_pair("PROXY")
