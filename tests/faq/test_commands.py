from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def createlocaladmin():
    out = StringIO()
    call_command("createlocaladmin", stdout=out)
    return out.getvalue()


def test_it_creates_a_superuser_and_prints_its_name_and_password_once(settings):
    settings.DEBUG = True
    output = createlocaladmin()
    admin = get_user_model().objects.get(is_superuser=True)
    assert admin.username == "admin"
    assert "'admin'" in output
    password = output.split("password '", 1)[1].split("'", 1)[0]
    assert admin.check_password(password)


def test_a_second_run_makes_no_user_and_prints_no_password(settings):
    settings.DEBUG = True
    first = createlocaladmin()
    password = first.split("password '", 1)[1].split("'", 1)[0]
    second = createlocaladmin()
    assert get_user_model().objects.count() == 1
    assert password not in second
    assert "no new one" in second


def test_it_makes_none_when_any_superuser_exists(settings):
    settings.DEBUG = True
    get_user_model().objects.create_superuser("someone", password="x-long-password-1")
    createlocaladmin()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_it_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        createlocaladmin()
    assert not get_user_model().objects.exists()
