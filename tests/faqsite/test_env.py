"""The settings parsers in faqsite/env.py, and start-up refusing a malformed URL."""

import os
import subprocess
import sys
from ipaddress import ip_network
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from faqsite.env import (
    cache_from_url,
    database_from_url,
    env_header_pair,
    env_networks,
    env_site_url,
)

ROOT = Path(__file__).resolve().parents[2]


def test_it_reads_a_postgres_url():
    config = database_from_url("postgres://faq:secret@db.internal:5433/faq")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "faq")


def test_a_sqlite_database_waits_for_the_write_lock_and_lets_readers_read(tmp_path):
    config = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_a_postgres_database_gets_no_sqlite_options():
    config = database_from_url("postgres://faq:secret@db.internal:5433/faq")

    assert "transaction_mode" not in config.get("OPTIONS", {})


@pytest.mark.parametrize(
    "url",
    ["nonsense", "postgres://faq@db.internal:notaport/faq", "mongodb://db.internal/faq"],
)
def test_it_rejects_a_malformed_database_url_naming_the_variable(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


def test_an_empty_cache_url_means_local_memory():
    assert cache_from_url("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0", "rediss://:pw@cache.internal/1"])
def test_a_redis_url_gives_the_resilient_redis_cache(url):
    config = cache_from_url(url)

    assert config["BACKEND"] == "faqsite.cache.ResilientRedisCache"
    assert config["LOCATION"] == url


@pytest.mark.parametrize(
    "url",
    [
        "memcached://127.0.0.1:11211",
        "127.0.0.1:6379",
        "redis://127.0.0.1:port/0",
        "redis:///0",
    ],
)
def test_it_rejects_a_malformed_cache_url_naming_the_variable(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url(url)


def test_the_cache_url_error_does_not_repeat_the_password():
    with pytest.raises(ImproperlyConfigured) as error:
        cache_from_url("memcached://user:hunter2@cache.internal")

    assert "hunter2" not in str(error.value)


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DATABASE_URL", "postgres://faq@db:notaport/faq"), ("CACHE_URL", "memcached://x")],
)
def test_start_up_stops_with_a_message_naming_a_malformed_url(variable, value):
    env = {**os.environ, variable: value}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {variable}" in result.stderr


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


def test_it_reads_addresses_and_networks(monkeypatch):
    monkeypatch.setenv("PROXIES", "10.0.0.0/8, 192.0.2.7 ,2001:db8::/32")

    assert env_networks("PROXIES") == (
        ip_network("10.0.0.0/8"),
        ip_network("192.0.2.7/32"),
        ip_network("2001:db8::/32"),
    )


def test_no_proxies_is_an_empty_list(monkeypatch):
    monkeypatch.delenv("PROXIES", raising=False)

    assert env_networks("PROXIES") == ()


@pytest.mark.parametrize("raw", ["10.0.0.0/33", "proxy.internal", "*"])
def test_it_rejects_what_is_not_an_address_or_network(monkeypatch, raw):
    monkeypatch.setenv("PROXIES", raw)

    with pytest.raises(ImproperlyConfigured, match="PROXIES"):
        env_networks("PROXIES")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://faq.example.com", "https://faq.example.com"),
        ("https://faq.example.com/", "https://faq.example.com"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("", ""),
    ],
)
def test_it_reads_the_site_url(monkeypatch, raw, expected):
    monkeypatch.setenv("SITE", raw)

    assert env_site_url("SITE") == expected


@pytest.mark.parametrize(
    "raw",
    [
        "faq.example.com",
        "ftp://faq.example.com",
        "https://faq.example.com/faq/",
        "https://faq.example.com?x=1",
        "https://user@faq.example.com",
        "https://faq.example.com:port",
    ],
)
def test_it_rejects_a_site_url_that_is_not_just_scheme_and_host(monkeypatch, raw):
    monkeypatch.setenv("SITE", raw)

    with pytest.raises(ImproperlyConfigured, match="SITE"):
        env_site_url("SITE")
