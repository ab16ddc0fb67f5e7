"""Users in each editorial role, and the admin forms as a browser would send them back."""

import lxml.html
import pytest
from django.contrib.auth.models import Group

from core import roles


def member(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.set([Group.objects.get(name=name) for name in groups])
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def editor(django_user_model):
    return member(django_user_model, "editor", roles.EDITOR)


@pytest.fixture
def curator(django_user_model):
    return member(django_user_model, "curator", roles.CURATOR)


@pytest.fixture
def statistician(django_user_model):
    return member(django_user_model, "statistician", roles.STATISTICS_VIEWER)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")


def form_data(client, url):
    """The admin change form's fields with the values the page shows, as a browser sends them."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    page = lxml.html.fromstring(response.content.decode())
    (form,) = [f for f in page.forms if f.get("id", "").endswith("_form")]
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def admin_url(row, view="change"):
    opts = row._meta
    if view == "changelist":
        return f"/ru/admin/{opts.app_label}/{opts.model_name}/"
    return f"/ru/admin/{opts.app_label}/{opts.model_name}/{row.pk}/{view}/"
