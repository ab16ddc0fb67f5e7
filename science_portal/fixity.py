"""Fixity checks: every stored file the database names is still on disk, and where a
checksum was recorded at upload, its bytes are still the same (like DSpace's checksum
checker)."""

import hashlib
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

CHUNK = 1024 * 1024
# Checksums recorded when a file is stored:
# {model label: {file field: (SHA-256 field, size field)}}. Photos, covers and slides have none.
RECORDED_CHECKSUMS = {"publications.PublicationFile": {"file": ("sha256", "size")}}


@dataclass
class Report:
    checked: int = 0
    verified: int = 0
    unverified: int = 0
    missing: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    @property
    def ok(self):
        return not (self.missing or self.changed)


def file_fields():
    """(model, file field) for every file field of every installed model."""
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def check_stored_files(*, progress=None):
    """Check every stored file: missing ones, and changed ones where a checksum is recorded."""
    report = Report()
    for model, file_field in file_fields():
        recorded = RECORDED_CHECKSUMS.get(model._meta.label, {}).get(file_field.name)
        columns = ["pk", file_field.attname, *(recorded or ())]
        rows = (
            model._base_manager.exclude(**{file_field.attname: ""})
            .order_by("pk")
            .values_list(*columns)
            .iterator(chunk_size=2000)
        )
        for pk, name, *expected in rows:
            where = f"{model._meta.label} {pk} {file_field.name}: {name}"
            report.checked += 1
            storage = file_field.storage
            if not storage.exists(name):
                report.missing.append(where)
                continue
            if not recorded or not expected[0]:
                report.unverified += 1
                continue
            sha256, size = _sha256_of(storage, name)
            if (sha256, size) != tuple(expected):
                report.changed.append(
                    f"{where} (recorded {expected[1]} bytes, SHA-256 {expected[0]}; "
                    f"found {size} bytes, SHA-256 {sha256})"
                )
            else:
                report.verified += 1
        if progress:
            progress(f"{model._meta.label}.{file_field.name}: checked")
    return report


def _sha256_of(storage, name):
    digest = hashlib.sha256()
    size = 0
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
