"""The admin index's review queue and the superuser's audit list."""

import datetime

import pytest
from django.utils import timezone

from core import publishing
from core.models import AuditEntry
from tests.editorial.conftest import admin_url
from tests.people.factories import PersonFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def test_the_admin_index_shows_the_review_queue_with_counts(client, editor, curator):
    waiting = [PublicationFactory(draft=True, title=f"Ждёт проверки {n}") for n in range(2)]
    publishing.submit(objects=waiting, by=editor)
    person = PersonFactory(status="draft", family_name_cyr="Ожидающая")
    publishing.submit(objects=[person], by=editor)
    PublicationFactory(draft=True, title="Просто черновик")
    client.force_login(curator)

    page = client.get("/ru/admin/").content.decode()

    assert "На проверке: 3" in page or "Очередь проверки: 3" in page
    for row in (*waiting, person):
        assert admin_url(row) in page
    assert "Просто черновик" not in page  # a draft is counted, not queued
    changelist = client.get("/ru/admin/publications/publication/", {"status__exact": "review"})
    titles = [str(row) for row in changelist.context["cl"].result_list]
    assert sorted(titles) == ["Ждёт проверки 0", "Ждёт проверки 1"]


def test_the_desk_shows_nothing_a_user_may_not_view(client, statistician):
    PublicationFactory(draft=True, title="Закрытый черновик", status="review")
    client.force_login(statistician)
    page = client.get("/ru/admin/").content.decode()
    assert "Закрытый черновик" not in page
    assert "Очередь проверки: 0" in page


def test_the_superuser_filters_the_audit_list_by_user_model_and_date(
    client, superuser, editor, curator
):
    book = PublicationFactory(draft=True, title="Книга")
    person = PersonFactory(status="draft", family_name_cyr="Петрова")
    publishing.submit(objects=[book], by=editor)
    publishing.publish(objects=[book], by=curator)
    publishing.publish(objects=[person], by=curator)
    old = AuditEntry.objects.get(action="submitted")
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=400))
    client.force_login(superuser)
    url = "/ru/admin/core/auditentry/"

    def listed(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return sorted((e.action, e.object_repr) for e in response.context["cl"].result_list)

    assert len(listed()) == 3
    assert listed(user__id__exact=editor.pk) == [("submitted", "Книга")]
    from django.contrib.contenttypes.models import ContentType

    people = ContentType.objects.get(app_label="people", model="person")
    assert listed(content_type__id__exact=people.pk) == [("published", str(person))]
    since = str(timezone.localtime() - datetime.timedelta(days=7))  # as the date filter links
    assert listed(at__gte=since) == [("published", "Книга"), ("published", str(person))]
    # Nobody edits it.
    entry = AuditEntry.objects.first()
    assert client.post(f"{url}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{url}add/").status_code == 403
