"""Trees by ``parent``: cycles are refused at any depth, walks stop on broken data."""

import pytest
from django.core.exceptions import ValidationError

from core import hierarchy
from events.models import Event
from people.models import Organization
from publications.models import Publication
from tests.events.factories import EventFactory
from tests.people.factories import OrganizationFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

FACTORIES = [OrganizationFactory, PublicationFactory, EventFactory]
IDS = ["organization", "publication", "event"]


def chain(factory, length):
    rows = [factory()]
    for _ in range(length - 1):
        rows.append(factory(parent=rows[-1]))
    return rows


@pytest.mark.parametrize("factory", FACTORIES, ids=IDS)
def test_a_row_cannot_move_under_its_own_descendant(factory):
    top, _middle, bottom = chain(factory, 3)
    top.parent = bottom
    assert hierarchy.would_loop(top)
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "parent" in error.value.message_dict
    top.parent = factory()  # the positive control: somewhere outside the tree is fine
    assert not hierarchy.would_loop(top)
    top.full_clean()


@pytest.mark.parametrize("model", [Organization, Publication, Event], ids=IDS)
def test_a_loop_already_in_the_data_stops_the_walk(model):
    factory = FACTORIES[[Organization, Publication, Event].index(model)]
    first, second = chain(factory, 2)
    model.objects.filter(pk=first.pk).update(parent=second)  # a loop, written behind the checks
    newcomer = factory.build(parent=second)
    assert hierarchy.would_loop(newcomer)
    first.refresh_from_db()
    assert [row.pk for row in hierarchy.ancestors(first)] == [second.pk]


def test_a_chain_deeper_than_the_limit_counts_as_a_loop(monkeypatch):
    monkeypatch.setattr(hierarchy, "MAX_DEPTH", 3)
    rows = chain(OrganizationFactory, 4)
    newcomer = OrganizationFactory.build(parent=rows[-1])
    assert hierarchy.would_loop(newcomer)
    assert not hierarchy.would_loop(OrganizationFactory.build(parent=rows[1]))


def test_ancestors_from_loaded_relations_only_run_no_query(django_assert_num_queries):
    top, middle, bottom = chain(OrganizationFactory, 3)
    loaded = Organization.objects.select_related("parent").get(pk=bottom.pk)
    with django_assert_num_queries(0):
        assert hierarchy.ancestors(loaded, loaded_only=True) == [middle]
    with django_assert_num_queries(1):
        assert hierarchy.ancestors(loaded) == [middle, top]


def test_descendants_at_any_depth_in_one_query(django_assert_num_queries):
    top, middle, bottom = chain(OrganizationFactory, 3)
    OrganizationFactory()
    with django_assert_num_queries(1):
        found = hierarchy.descendant_ids(Organization.objects.all(), top.pk)
    assert found == sorted([middle.pk, bottom.pk])
