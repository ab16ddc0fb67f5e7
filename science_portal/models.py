"""The site-wide search index: one row per searchable thing, kept in step by search.index."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import translated


class SearchDocument(models.Model):
    """A searchable row: a publication, a person, an event, an organisation, a topic, or the
    text of one publication file (grouped with its publication in the results).

    Only public content is indexed. ``public_from`` says from when a row may match: the
    publication's publication time, and for a file also the end of its embargo, so an embargo
    that ends starts matching without reindexing.
    """

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Publication")
        FILE = "file", _("Publication file")
        PERSON = "person", _("Person")
        EVENT = "event", _("Event")
        ORGANIZATION = "organization", _("Organisation")
        TOPIC = "topic", _("Topic")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The row this document was built from (a file's own id for kind "file")...
    source_id = models.BigIntegerField()
    # ...and the result it leads to (the publication's id for kind "file").
    object_id = models.BigIntegerField()
    slug = models.CharField(max_length=200, blank=True)
    title_ru = models.TextField(blank=True)
    title_en = models.TextField(blank=True)
    # A short line under the title in the results (type and year, dates and place...).
    meta_ru = models.TextField(blank=True)
    meta_en = models.TextField(blank=True)
    # Weight B: authors, keywords, publishers, speakers, talks...
    extra = models.TextField(blank=True)
    # Normalised name keys (people.names.search_key) of the people this row is about or by.
    names = models.TextField(blank=True)
    # Weight C (abstract, description) or D (a file's text); the source of snippets.
    body = models.TextField(blank=True)
    # Lower-cased titles, for trigram matching and suggestions.
    title_norm = models.TextField(blank=True)
    # Everything, lower-cased and normalised: the SQLite fallback matches on it.
    plain = models.TextField(blank=True)
    # Words of titles and keywords that feed the "Did you mean" vocabulary.
    vocabulary = models.TextField(blank=True)
    # Facets of publication results (files carry their publication's).
    pub_type = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True)
    public_from = models.DateTimeField()
    # Built in the database from the fields above (PostgreSQL only).
    vector = SearchVectorField(null=True, blank=True)
    # For a file: the extracted text's version, to know when to copy it again.
    source_version = models.CharField(max_length=300, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        ordering = ["kind", "object_id", "source_id"]
        constraints = [
            # Ids first, never the kind: searches reach rows through the GIN index of the
            # vector or, when nearly everything matches, the recency index (search.planning).
            models.UniqueConstraint(fields=["source_id", "kind"], name="search_document_source"),
        ]
        indexes = [
            models.Index(fields=["object_id", "kind"], name="search_document_result_idx"),
            models.Index(fields=["-public_from", "-id"], name="search_document_recent_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.source_id}: {translated(self, 'title')}"


class SearchTerm(models.Model):
    """A word of public titles and keywords, with how many documents use it ("Did you mean")."""

    term = models.CharField(max_length=100, unique=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        ordering = ["term"]

    def __str__(self):
        return self.term


class ExtractedText(models.Model):
    """The text extracted from a publication file, whatever its access: a cache, never searched.

    Search copies it into a SearchDocument only while the file and its publication are public.
    """

    file_id = models.BigIntegerField(unique=True)
    # The storage name and checksum the text was extracted from.
    version = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    pages = models.PositiveIntegerField(default=0)
    complete = models.BooleanField(
        default=True, help_text=_("False when a size or time bound cut the extraction short.")
    )
    extracted = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("extracted text")
        verbose_name_plural = _("extracted texts")
        ordering = ["file_id"]

    def __str__(self):
        return f"file {self.file_id}"
