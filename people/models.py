"""People and organisations: who writes, speaks, organises and publishes."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people import names
from people.validators import validate_orcid


class Visibility(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class OrganizationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Visibility.PUBLISHED)


class Organization(models.Model):
    class Kind(models.TextChoices):
        ACADEMY = "academy", _("Academy or university")
        CUSTOMS = "customs", _("Customs administration")
        INTERNATIONAL = "international", _("International organisation")
        GOVERNMENT = "government", _("Government body")
        EMBASSY = "embassy", _("Embassy")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name or acronym"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code, e.g. RU.")
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
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
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

    @property
    def label(self):
        """The short name where there is one, else the full name."""
        return self.short_name or self.name


class PersonQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Visibility.PUBLISHED)


class Person(models.Model):
    # Names: the Cyrillic and the Latin forms are both facts, not translations of each other.
    family_name_cyr = models.CharField(_("family name (Cyrillic)"), max_length=100, blank=True)
    given_name_cyr = models.CharField(_("given name (Cyrillic)"), max_length=100, blank=True)
    patronymic_cyr = models.CharField(_("patronymic (Cyrillic)"), max_length=100, blank=True)
    family_name_lat = models.CharField(_("family name (Latin)"), max_length=100, blank=True)
    given_name_lat = models.CharField(_("given name (Latin)"), max_length=100, blank=True)
    patronymic_lat = models.CharField(_("patronymic (Latin)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    degree = models.CharField(
        _("academic degree"), max_length=200, blank=True, help_text=_("E.g. Ph.D. in law.")
    )
    academic_title = models.CharField(_("academic title"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/photos/", blank=True)
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text=_("Sixteen characters in four groups, e.g. 0000-0002-1825-0097."),
    )
    biography = models.TextField(_("short biography"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    email_public = models.BooleanField(
        _("show e-mail publicly"), default=False, help_text=_("Only if the person agreed.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    # Lower-cased, normalised forms of every name and variant, for search on any database.
    search_names = models.TextField(_("search names"), blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name_cyr", "family_name_lat", "given_name_cyr", "given_name_lat"]
        indexes = [
            models.Index(
                fields=["family_name_cyr", "family_name_lat", "given_name_cyr", "given_name_lat"],
                name="person_name_order_idx",
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

    def get_absolute_url(self):
        return reverse("people:person", kwargs={"slug": self.slug})

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
