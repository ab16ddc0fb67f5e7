"""Fixtures shared by the whole suite."""

from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from core import roles


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in as a staff superuser."""
    user = django_user_model.objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(user)
    return client


def staff_with_role(django_user_model, name, role):
    user = django_user_model.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def curator(django_user_model):
    """Staff in the Curator role: edits, publishes and reverts."""
    return staff_with_role(django_user_model, "curator", roles.CURATOR)


@pytest.fixture
def editor(django_user_model):
    """Staff in the Editor role: edits drafts, reads the history."""
    return staff_with_role(django_user_model, "editor", roles.EDITOR)


@pytest.fixture(autouse=True)
def russian_by_default():
    """Each test starts in the default language, whatever the previous one requested last."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (rate limits, download clicks, crawler checks)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def one_rate_window():
    """The rate limits' clock stopped 30 s into a window: a test's requests all count in one
    window (a run crossing a minute's boundary would start counting again and flake)."""
    with mock.patch("core.throttle.time") as clock:
        clock.time.return_value = 1_800_000_030.0
        yield clock
