"""Slugs filled from a title when left empty, in Latin letters whatever the title's script."""

from django.utils.translation import gettext_lazy as _

from core.text import slug_for

SLUG_HELP_TEXT = _(
    "The last part of the page's address, in Latin letters, digits and hyphens; filled from "
    "the title when left empty."
)


def unique_slug(model, text, *, max_length, exclude_pk=None, field="slug"):
    """``slug_for(text)``, or with "-2", "-3"… when another row of ``model`` has it already."""
    base = slug_for(text, max_length) or model._meta.model_name
    rows = model._default_manager.exclude(pk=exclude_pk) if exclude_pk else model._default_manager
    taken = set(rows.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
    return slug


class SlugFromTitle:
    """A model whose empty ``slug`` is filled on save from ``slug_source()`` (mixed into it).

    The admin fills it as the title is typed (prepopulated_fields); this covers a slug left
    empty there and rows made in code.
    """

    def slug_source(self):
        raise NotImplementedError

    def save(self, *args, **kwargs):
        if not self.slug:
            field = self._meta.get_field("slug")
            self.slug = unique_slug(
                type(self), self.slug_source(), max_length=field.max_length, exclude_pk=self.pk
            )
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "slug" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "slug"]
        super().save(*args, **kwargs)
