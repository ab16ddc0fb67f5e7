"""People and organisations: who writes, speaks, organises and publishes."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import hierarchy
from core.languages import translated
from core.media import images
from core.media.images import validate_image
from core.media.names import RandomName
from core.publishing import (
    Publishable,
    PublishableQuerySet,
    Visibility,
    status_field,
    withdrawal_reason_field,
    withdrawn_at_field,
)
from core.slugs import SLUG_HELP_TEXT, SlugFromTitle
from core.text import CYRILLIC, LATIN, name_parts
from people import names
from people.countries import country_name
from people.validators import validate_author_id, validate_orcid, validate_ror, validate_spin

# Thumbnails the pages use, by label: the box each fits into (width, height).
PHOTO_SIZES = {"small": (160, 200), "medium": (480, 600)}


class OrganizationQuerySet(PublishableQuerySet):
    def descendant_ids(self, organization_id):
        """The ids of every unit below an organisation, at any depth (one query)."""
        return hierarchy.descendant_ids(self.model.objects.all(), organization_id)


class Organization(SlugFromTitle, Publishable, models.Model):
    class Kind(models.TextChoices):
        ACADEMY = "academy", _("Academy or university")
        CUSTOMS = "customs", _("Customs administration")
        INTERNATIONAL = "international", _("International organisation")
        GOVERNMENT = "government", _("Government body")
        EMBASSY = "embassy", _("Embassy")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name or acronym"), max_length=60, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, blank=True, help_text=SLUG_HELP_TEXT
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Za-z]{2}$", _("Two letters, the ISO 3166-1 code, e.g. RU."))
        ],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. RU."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        help_text=_("The organisation this department or institute belongs to."),
    )
    website = models.URLField(_("website"), blank=True)
    ror = models.CharField(
        _("ROR id"),
        max_length=9,
        blank=True,
        validators=[validate_ror],
        help_text=_(
            "The Research Organization Registry id without https://ror.org/, e.g. 05gq02987."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    status = status_field()
    withdrawn_at = withdrawn_at_field()
    withdrawal_reason = withdrawal_reason_field()
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [
            ("publish_organization", _("Can publish, withdraw and restore organisations"))
        ]
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="org_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organization_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:organization", kwargs={"slug": self.slug})

    def slug_source(self):
        return translated(self, "name", "ru")

    @property
    def label(self):
        """The short name where there is one, else the full name."""
        return self.short_name or self.name

    @property
    def ror_url(self):
        return f"https://ror.org/{self.ror}" if self.ror else ""

    @property
    def country_name(self):
        return country_name(self.country)

    @property
    def website_display(self):
        """The website address without the scheme, as people write it."""
        return self.website.split("://", 1)[-1].rstrip("/")

    def clean(self):
        super().clean()
        self.country = (self.country or "").strip().upper()
        self.ror = (self.ror or "").strip().lower()
        if self.parent_id is not None and hierarchy.would_loop(self):
            raise ValidationError(
                {
                    "parent": _(
                        "An organisation cannot belong to itself or to one of its own units: "
                        "choose a parent outside its hierarchy."
                    )
                },
                code="organization_cycle",
            )

    def ancestors(self):
        """The organisations above this one, nearest first (one query per level)."""
        return hierarchy.ancestors(self)


class PersonQuerySet(PublishableQuerySet):
    def matching(self, query):
        """People any of whose names or variants contain every word of ``query``.

        Each word, normalised like the stored keys ("Мозер", "Moser", "mozer" all give
        "moser"), must begin a word of some name form or variant, so "mozer s", "С. Мозер"
        and "Mozer S." all match. A query with no usable word matches nobody.
        """
        tokens = names.search_tokens(query)
        if not tokens:
            return self.none()
        condition = Q()
        for token in tokens:
            condition &= Q(search_names__contains=f" {token}")
        return self.filter(condition)


class Person(SlugFromTitle, Publishable, models.Model):
    # Names: the Cyrillic and the Latin forms are both facts, not translations of each other.
    family_name_cyr = models.CharField(_("family name (Cyrillic)"), max_length=100, blank=True)
    given_name_cyr = models.CharField(_("given name (Cyrillic)"), max_length=100, blank=True)
    patronymic_cyr = models.CharField(_("patronymic (Cyrillic)"), max_length=100, blank=True)
    family_name_lat = models.CharField(_("family name (Latin)"), max_length=100, blank=True)
    given_name_lat = models.CharField(_("given name (Latin)"), max_length=100, blank=True)
    patronymic_lat = models.CharField(_("patronymic (Latin)"), max_length=100, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, blank=True, help_text=SLUG_HELP_TEXT
    )
    degree = models.CharField(
        _("academic degree"), max_length=200, blank=True, help_text=_("E.g. Ph.D. in law.")
    )
    academic_title = models.CharField(_("academic title"), max_length=200, blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to=RandomName("people/photos"),
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG or WebP. Metadata such as EXIF is removed on upload."),
    )
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text=_("Sixteen characters in four groups, e.g. 0000-0002-1825-0097."),
    )
    spin = models.CharField(
        _("SPIN code"),
        max_length=9,
        blank=True,
        validators=[validate_spin],
        help_text=_("The author's SPIN code in eLibrary (RSCI), e.g. 1234-5678."),
    )
    rsci_author_id = models.CharField(
        _("RSCI AuthorID"),
        max_length=10,
        blank=True,
        validators=[validate_author_id],
        help_text=_("The author's number in the Russian Science Citation Index, e.g. 123456."),
    )
    biography = models.TextField(_("short biography"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    email_public = models.BooleanField(
        _("show e-mail publicly"), default=False, help_text=_("Only if the person agreed.")
    )
    status = status_field()
    withdrawn_at = withdrawn_at_field()
    withdrawal_reason = withdrawal_reason_field()
    # Lower-cased, normalised forms of every name and variant, for search on any database.
    # Kept up to date by people.services.refresh_search_names(), on every save (people.signals).
    search_names = models.TextField(_("search names"), blank=True, editable=False)
    # The letters the family names are filed under in the alphabetical index.
    family_initial_cyr = models.CharField(max_length=1, blank=True, editable=False)
    family_initial_lat = models.CharField(max_length=1, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [("publish_person", _("Can publish, withdraw and restore people"))]
        ordering = ["family_name_cyr", "family_name_lat", "given_name_cyr", "given_name_lat"]
        indexes = [
            models.Index(
                fields=["family_name_cyr", "family_name_lat", "given_name_cyr", "given_name_lat"],
                name="person_name_order_idx",
            ),
            models.Index(fields=["family_initial_cyr"], name="person_initial_cyr_idx"),
            models.Index(fields=["family_initial_lat"], name="person_initial_lat_idx"),
            # The letters of the people list, read from this alone (17 ms from the table at
            # 20,000 people, 6 from the index).
            models.Index(
                fields=["family_initial_cyr", "family_initial_lat"],
                name="person_public_initials_idx",
                condition=Q(status=Visibility.PUBLISHED),
            ),
            # The first page of the people list in each language, read from these instead of
            # sorting every public person (23 ms at 20,000 people, 0.1 ms from the index).
            *(
                models.Index(
                    *names.order_by_name(script),
                    F("id"),
                    name=f"person_public_order_{script}_idx",
                    condition=Q(status=Visibility.PUBLISHED),
                )
                for script in (CYRILLIC, LATIN)
            ),
            # The few people not public, which the author facet leaves out (a scan of the
            # whole table found them in 8 ms at 20,000 people).
            models.Index(
                fields=["id"],
                name="person_not_public_idx",
                condition=~Q(status=Visibility.PUBLISHED),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(family_name_cyr="") | ~Q(family_name_lat=""),
                name="person_has_family_name",
                violation_error_message=_("Give the family name in Cyrillic or in Latin."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.family_initial_cyr = names.index_letter(self.family_name_cyr)
        self.family_initial_lat = names.index_letter(self.family_name_lat)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"family_name_cyr", "family_name_lat"} & set(
            update_fields
        ):
            kwargs["update_fields"] = {*update_fields, "family_initial_cyr", "family_initial_lat"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:person", kwargs={"slug": self.slug})

    def slug_source(self):
        """The name as the person spells it in Latin letters, else the Cyrillic one."""
        parts = name_parts(self, LATIN)
        return f"{parts.given} {parts.family}"

    def photo_url(self, size="medium"):
        """The URL of the photo (through the view that checks the person is public)."""
        return images.thumbnail_url(self.photo, "people:photo", slug=self.slug, size=size)

    @property
    def photo_small_url(self):
        return self.photo_url("small")

    @property
    def photo_medium_url(self):
        return self.photo_url("medium")

    @property
    def full_name(self):
        """The name in full, as the active language writes it."""
        return names.full_name(self)

    @property
    def short_name(self):
        """The name with initials, for author lists."""
        return names.short_name(self)

    @property
    def orcid_url(self):
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""

    @property
    def spin_url(self):
        return f"https://elibrary.ru/author_profile.asp?spin={self.spin}" if self.spin else ""

    @property
    def rsci_author_url(self):
        if not self.rsci_author_id:
            return ""
        return f"https://elibrary.ru/author_profile.asp?id={self.rsci_author_id}"

    @property
    def identifier_urls(self):
        """The addresses of the person's profiles: ORCID, eLibrary by SPIN and by AuthorID."""
        return [url for url in (self.orcid_url, self.spin_url, self.rsci_author_url) if url]


class AffiliationQuerySet(models.QuerySet):
    def current(self):
        today = timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))

    def past(self):
        return self.filter(end_date__lt=timezone.localdate())


class Affiliation(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    position = models.CharField(_("position"), max_length=300, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["person", "order", "-start_date", "pk"]
        indexes = [models.Index(fields=["person", "order"], name="affiliation_order_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="affiliation_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.position}, {self.organization}".replace(" , ", " ")

    @property
    def is_current(self):
        return self.end_date is None or self.end_date >= timezone.localdate()


class NameVariant(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="name_variants"
    )
    name = models.CharField(
        _("name as printed"), max_length=200, help_text=_('E.g. "Moser, Sergei" or "Mozer S."')
    )
    search_key = models.CharField(_("search key"), max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        ordering = ["person", "name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="name_variant_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = names.search_key(self.name)
        super().save(*args, **kwargs)
