"""The visitor's filters: which request parameters are valid, and the rows they narrow to."""

import re

from django.utils.translation import gettext_lazy as _

from publications.models import Language, Publication, Topic
from science_portal.search.results import KIND_LABELS, Kind

# The filters that narrow the publications (the kind chooses the list instead).
FACET_FILTERS = ("type", "year", "language", "topic")


def read_filters(params):
    """The valid facet filters among request parameters, and messages about the others."""
    filters, ignored = {}, []
    kind = (params.get("kind") or "").strip()
    if kind:
        if kind in KIND_LABELS:
            filters["kind"] = kind
        else:
            ignored.append(_("The kind of result “%(value)s” is unknown.") % {"value": kind[:40]})
    value = (params.get("type") or "").strip()
    if value:
        if value in Publication.Type.values:
            filters["type"] = value
        else:
            ignored.append(_("The type “%(value)s” is unknown.") % {"value": value[:40]})
    value = (params.get("year") or "").strip()
    if value:
        if re.fullmatch(r"[0-9]{4}", value) and 1800 <= int(value) <= 2100:
            filters["year"] = int(value)
        else:
            ignored.append(_("The year “%(value)s” is not valid.") % {"value": value[:40]})
    value = (params.get("language") or "").strip()
    if value:
        if value in Language.values:
            filters["language"] = value
        else:
            ignored.append(_("The language “%(value)s” is unknown.") % {"value": value[:40]})
    value = (params.get("topic") or "").strip()
    if value:
        if re.fullmatch(r"[-a-zA-Z0-9_]{1,120}", value):
            filters["topic"] = value
        else:
            ignored.append(_("The topic “%(value)s” is unknown.") % {"value": value[:40]})
    return filters, ignored


def publication_filters(backend, filters, ignored):
    """A function narrowing rows to publications (their own and their files') under the
    facet filters; the topic is looked up once, here."""
    topic = None
    if "topic" in filters:
        topic = Topic.objects.published().filter(slug=filters["topic"]).first()
        if topic is None:
            ignored.append(_("The topic “%(value)s” is unknown.") % {"value": filters["topic"]})
            del filters["topic"]
        else:
            filters["topic_name"] = topic.name

    def select(matched):
        documents = backend.of_kind(matched, Kind.PUBLICATION)
        if "type" in filters:
            documents = documents.filter(pub_type=filters["type"])
        if "year" in filters:
            documents = documents.filter(year=filters["year"])
        if "language" in filters:
            documents = documents.filter(language=filters["language"])
        if topic is not None:
            documents = documents.filter(
                object_id__in=Publication.topics.through.objects.filter(topic=topic).values(
                    "publication_id"
                )
            )
        return documents

    return select
