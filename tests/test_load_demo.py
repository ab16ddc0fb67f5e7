"""The demo content loads, and a second run changes nothing and says so."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_second_run_changes_nothing(settings):
    settings.DEBUG = False
    load()
    second = load()
    assert "Demo content is already up to date: nothing changed." in second


def test_admin_login_only_in_debug(settings):
    settings.DEBUG = False
    output = load()
    assert not get_user_model().objects.filter(username="admin").exists()
    assert "Admin login" not in output

    settings.DEBUG = True
    output = load()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert "Admin login: /ru/admin/  user admin  password science-demo" in output
