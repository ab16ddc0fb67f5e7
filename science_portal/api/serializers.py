"""What the API says of each public row: texts in both languages, links, and public relations.

Every serializer reads what its view prefetched (no query of its own): relations come already
restricted to public rows by the apps' ``queries``, and where a printed credit names a person
or an organisation that is not public (an author, a publisher, a speaker), the name is given
as printed but without an address, as on the pages.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.languages import codes, default_language
from people import names
from people.models import Organization
from publications import licences
from publications.models import Authorship, Publication


class BilingualTextSerializer(serializers.Serializer):
    """A text in Russian and in English, as stored ("" where that language has none)."""

    ru = serializers.CharField()
    en = serializers.CharField()


class BilingualLinkSerializer(serializers.Serializer):
    """The absolute addresses of a page in Russian and in English."""

    ru = serializers.URLField()
    en = serializers.URLField()


@extend_schema_field(BilingualTextSerializer)
class BilingualField(serializers.Field):
    """A translated model field (``title_ru``, ``title_en``) as ``{"ru": ..., "en": ...}``."""

    def __init__(self, field=None, **kwargs):
        self.field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.field = self.field or field_name

    def to_representation(self, row):
        return {code: (getattr(row, f"{self.field}_{code}", "") or "").strip() for code in codes()}


@extend_schema_field(BilingualTextSerializer)
class PersonNameField(serializers.Field):
    """A person's full name as each language writes it ("Мозер Сергей", "Sergei Mozer")."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, person):
        return {code: names.full_name(person, code) for code in codes()}


def absolute(request, path):
    return request.build_absolute_uri(path)


def html_links(request, row):
    """The row's page in each language, absolute."""
    links = {}
    for code in codes():
        with translation.override(code):
            links[code] = absolute(request, row.get_absolute_url())
    return links


def api_link(request, name, slug):
    return absolute(request, reverse(f"api:{name}-detail", kwargs={"slug": slug}))


def api_list_link(request, name, **query):
    """The API list of ``name`` filtered by ``query`` (``author=slug``)."""
    return absolute(request, f"{reverse(f'api:{name}-list')}?{urlencode(query)}")


class LinkedSerializer(serializers.Serializer):
    """A public row's ``slug``, its pages (``html_url``) and its API address (``api_url``)."""

    api_name = ""  # the router's basename of the resource

    slug = serializers.SlugField(read_only=True)
    html_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(BilingualLinkSerializer)
    def get_html_url(self, row):
        return html_links(self.context["request"], row)

    def get_api_url(self, row) -> str:
        return api_link(self.context["request"], self.api_name, row.slug)


# Short references, for relations ----------------------------------------------------------


class TopicRefSerializer(LinkedSerializer):
    api_name = "topic"
    name = BilingualField()


class OrganizationRefSerializer(LinkedSerializer):
    api_name = "organization"
    name = BilingualField()
    short_name = BilingualField()


class PersonRefSerializer(LinkedSerializer):
    api_name = "person"
    name = PersonNameField(source="*")
    orcid = serializers.CharField(read_only=True)


class PublicationRefSerializer(LinkedSerializer):
    api_name = "publication"
    type = serializers.ChoiceField(choices=Publication.Type.choices, read_only=True)
    title = BilingualField()
    year = serializers.IntegerField(read_only=True)


class EventRefSerializer(LinkedSerializer):
    api_name = "event"
    title = BilingualField()
    start_date = serializers.DateField(read_only=True, allow_null=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)


# Credits: a name as printed, with an address only when the person or organisation is public


class CreditedPersonSerializer(serializers.Serializer):
    """A person as credited on a public work: always the name, the rest only when public."""

    name = PersonNameField(source="*")
    slug = serializers.SerializerMethodField()
    orcid = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_slug(self, person) -> str | None:
        return person.slug if person.is_published else None

    def get_orcid(self, person) -> str | None:
        return (person.orcid or None) if person.is_published else None

    @extend_schema_field(BilingualLinkSerializer(allow_null=True))
    def get_html_url(self, person):
        return html_links(self.context["request"], person) if person.is_published else None

    def get_api_url(self, person) -> str | None:
        if not person.is_published:
            return None
        return api_link(self.context["request"], "person", person.slug)


class CreditedOrganizationSerializer(serializers.Serializer):
    name = BilingualField()
    short_name = BilingualField()
    slug = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_slug(self, organization) -> str | None:
        return organization.slug if organization.is_published else None

    @extend_schema_field(BilingualLinkSerializer(allow_null=True))
    def get_html_url(self, organization):
        if not organization.is_published:
            return None
        return html_links(self.context["request"], organization)

    def get_api_url(self, organization) -> str | None:
        if not organization.is_published:
            return None
        return api_link(self.context["request"], "organization", organization.slug)


class LicenceSerializer(serializers.Serializer):
    """A licence: its URI and its name in each language."""

    uri = serializers.URLField()
    label = BilingualTextSerializer()


def licence_data(uri):
    licence = licences.get(uri)
    if licence is None:
        return None
    return {"uri": licence.uri, "label": licence.labels()}


class AuthorSerializer(serializers.Serializer):
    """One author (or editor, compiler…) of a publication, in the printed order."""

    role = serializers.ChoiceField(choices=Authorship.Role.choices, read_only=True)
    person = CreditedPersonSerializer(read_only=True)


class FileSerializer(serializers.Serializer):
    """A file the public may download now, through the portal's download view."""

    label = BilingualField()
    language = serializers.CharField(read_only=True)
    media_type = serializers.CharField(source="mime_type", read_only=True)
    format = serializers.CharField(source="format_label", read_only=True)
    size = serializers.IntegerField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    license = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    @extend_schema_field(LicenceSerializer(allow_null=True))
    def get_license(self, file):
        """The file's own licence, else its publication's (null if neither states one)."""
        return licence_data(licences.of_file(file))

    def get_download_url(self, file) -> str:
        with translation.override(default_language()):
            return absolute(self.context["request"], file.get_absolute_url())


# Resources ----------------------------------------------------------------------------------


class TopicSerializer(LinkedSerializer):
    api_name = "topic"
    name = BilingualField()
    description = BilingualField()
    featured = serializers.BooleanField(read_only=True)
    publications_url = serializers.SerializerMethodField()
    events_url = serializers.SerializerMethodField()

    def get_publications_url(self, topic) -> str:
        return api_list_link(self.context["request"], "publication", topic=topic.slug)

    def get_events_url(self, topic) -> str:
        return api_list_link(self.context["request"], "event", topic=topic.slug)


class PublicationSerializer(LinkedSerializer):
    api_name = "publication"
    type = serializers.ChoiceField(choices=Publication.Type.choices, read_only=True)
    title = BilingualField()
    subtitle = BilingualField()
    abstract = BilingualField()
    language = serializers.CharField(read_only=True)
    year = serializers.IntegerField(read_only=True)
    date = serializers.DateField(read_only=True, allow_null=True)
    place = BilingualField()
    pages = serializers.IntegerField(read_only=True, allow_null=True)
    isbn = serializers.CharField(read_only=True)
    doi = serializers.CharField(read_only=True)
    edn = serializers.CharField(read_only=True)
    edn_url = serializers.SerializerMethodField()
    license = serializers.SerializerMethodField()
    udc = serializers.CharField(read_only=True)
    bbk = serializers.CharField(read_only=True)
    series = BilingualField()
    edition = serializers.CharField(read_only=True)
    keywords = BilingualField()
    source_title = serializers.CharField(read_only=True)
    source_volume = serializers.CharField(read_only=True)
    source_issue = serializers.CharField(read_only=True)
    source_pages = serializers.CharField(read_only=True)
    first_page = serializers.IntegerField(read_only=True, allow_null=True)
    last_page = serializers.IntegerField(read_only=True, allow_null=True)
    authors = AuthorSerializer(source="authorships.all", many=True, read_only=True)
    publishers = serializers.SerializerMethodField()
    topics = TopicRefSerializer(source="topics.all", many=True, read_only=True)
    files = FileSerializer(source="public_files", many=True, read_only=True)
    published_at = serializers.DateTimeField(read_only=True)
    updated = serializers.DateTimeField(read_only=True)

    def get_edn_url(self, publication) -> str | None:
        return publication.edn_url or None

    @extend_schema_field(LicenceSerializer(allow_null=True))
    def get_license(self, publication):
        return licence_data(publication.license)

    @extend_schema_field(CreditedOrganizationSerializer(many=True))
    def get_publishers(self, publication):
        organizations = [link.organization for link in publication.publisher_links.all()]
        return CreditedOrganizationSerializer(organizations, many=True, context=self.context).data


class PublicationDetailSerializer(PublicationSerializer):
    """A publication with the collection it is printed in and its parts (public ones only)."""

    parent = serializers.SerializerMethodField()
    parts = PublicationRefSerializer(source="parts.all", many=True, read_only=True)

    @extend_schema_field(PublicationRefSerializer(allow_null=True))
    def get_parent(self, publication):
        parent = publication.parent
        if parent is None or not parent.is_published:
            return None
        return PublicationRefSerializer(parent, context=self.context).data


class AffiliationSerializer(serializers.Serializer):
    organization = OrganizationRefSerializer(read_only=True)
    position = BilingualField()
    start_date = serializers.DateField(read_only=True, allow_null=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)
    current = serializers.BooleanField(source="is_current", read_only=True)


class ScriptNameSerializer(serializers.Serializer):
    family = serializers.CharField()
    given = serializers.CharField()
    patronymic = serializers.CharField()


class NameFormsSerializer(serializers.Serializer):
    """A person's name as written in Cyrillic and in Latin letters (facts, not translations)."""

    cyrillic = ScriptNameSerializer()
    latin = ScriptNameSerializer()


class PersonSerializer(LinkedSerializer):
    api_name = "person"
    name = PersonNameField(source="*")
    names = serializers.SerializerMethodField()
    name_variants = serializers.SerializerMethodField()
    orcid = serializers.CharField(read_only=True)
    spin = serializers.CharField(read_only=True)
    rsci_author_id = serializers.CharField(read_only=True)
    profile_urls = serializers.ListField(
        source="identifier_urls", child=serializers.URLField(), read_only=True
    )
    degree = BilingualField()
    academic_title = BilingualField()
    biography = BilingualField()
    email = serializers.SerializerMethodField()
    affiliations = AffiliationSerializer(source="public_affiliations", many=True, read_only=True)
    publications_url = serializers.SerializerMethodField()

    @extend_schema_field(NameFormsSerializer)
    def get_names(self, person):
        return {
            script: {
                "family": getattr(person, f"family_name_{suffix}"),
                "given": getattr(person, f"given_name_{suffix}"),
                "patronymic": getattr(person, f"patronymic_{suffix}"),
            }
            for script, suffix in (("cyrillic", "cyr"), ("latin", "lat"))
        }

    def get_name_variants(self, person) -> list[str]:
        return [variant.name for variant in person.name_variants.all()]

    def get_email(self, person) -> str | None:
        """Only when the person agreed to show it."""
        return person.email if person.email_public and person.email else None

    def get_publications_url(self, person) -> str:
        return api_list_link(self.context["request"], "publication", author=person.slug)


class OrganizationSerializer(LinkedSerializer):
    api_name = "organization"
    name = BilingualField()
    short_name = BilingualField()
    description = BilingualField()
    kind = serializers.ChoiceField(choices=Organization.Kind.choices, read_only=True)
    country = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)
    ror = serializers.CharField(read_only=True)
    ror_url = serializers.SerializerMethodField()
    parent = serializers.SerializerMethodField()
    units = OrganizationRefSerializer(source="public_units", many=True, read_only=True)
    publications_url = serializers.SerializerMethodField()
    people_url = serializers.SerializerMethodField()
    events_url = serializers.SerializerMethodField()

    @extend_schema_field(OrganizationRefSerializer(allow_null=True))
    def get_parent(self, organization):
        parent = organization.parent
        if parent is None or not parent.is_published:
            return None
        return OrganizationRefSerializer(parent, context=self.context).data

    def get_ror_url(self, organization) -> str | None:
        return organization.ror_url or None

    def get_publications_url(self, organization) -> str:
        return api_list_link(self.context["request"], "publication", publisher=organization.slug)

    def get_people_url(self, organization) -> str:
        return api_list_link(self.context["request"], "person", organization=organization.slug)

    def get_events_url(self, organization) -> str:
        return api_list_link(self.context["request"], "event", organiser=organization.slug)


class EventSerializer(LinkedSerializer):
    api_name = "event"
    title = BilingualField()
    description = BilingualField()
    type = serializers.CharField(read_only=True)
    start_date = serializers.DateField(read_only=True, allow_null=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)
    format = serializers.CharField(read_only=True)
    venue = BilingualField()
    city = BilingualField()
    country = serializers.CharField(read_only=True)
    organizers = OrganizationRefSerializer(source="organizers.all", many=True, read_only=True)
    topics = TopicRefSerializer(source="topics.all", many=True, read_only=True)
    parent = serializers.SerializerMethodField()

    @extend_schema_field(EventRefSerializer(allow_null=True))
    def get_parent(self, event):
        parent = event.parent
        if parent is None or not parent.is_published:
            return None
        return EventRefSerializer(parent, context=self.context).data


class SpeakerSerializer(serializers.Serializer):
    person = CreditedPersonSerializer(read_only=True)
    organization = CreditedOrganizationSerializer(read_only=True, allow_null=True)


class TalkSerializer(serializers.Serializer):
    title = BilingualField()
    kind = serializers.CharField(read_only=True)
    agenda_item = BilingualField()
    abstract = BilingualField()
    date = serializers.DateField(source="day", read_only=True, allow_null=True)
    session = serializers.IntegerField(source="session_id", read_only=True, allow_null=True)
    speakers = SpeakerSerializer(source="speakers.all", many=True, read_only=True)
    publications = PublicationRefSerializer(source="publications.all", many=True, read_only=True)


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    date = serializers.DateField(read_only=True)
    start_time = serializers.TimeField(read_only=True, allow_null=True)
    end_time = serializers.TimeField(read_only=True, allow_null=True)
    title = BilingualField()


class ParticipationSerializer(serializers.Serializer):
    """Who took part and as what: a public person, a public organisation, or a group."""

    role = serializers.CharField(read_only=True)
    person = PersonRefSerializer(read_only=True, allow_null=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    description = BilingualField()


class EventDetailSerializer(EventSerializer):
    """An event with its programme (sessions and talks) and who took part."""

    sessions = SessionSerializer(source="sessions.all", many=True, read_only=True)
    talks = TalkSerializer(source="talks.all", many=True, read_only=True)
    participants = ParticipationSerializer(source="participations.all", many=True, read_only=True)


class GoneSerializer(serializers.Serializer):
    """The answer for a withdrawn record's address (410 Gone)."""

    detail = serializers.CharField()
    slug = serializers.SlugField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class InvalidFiltersSerializer(serializers.Serializer):
    """A 400 answer: for each filter given a value it does not take, what was wrong."""

    filter = serializers.ListField(child=serializers.CharField(), required=False)
