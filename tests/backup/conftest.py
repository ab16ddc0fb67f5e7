"""Fixtures of the backup tests: snapshots of every row and file, and a second, blank database."""

import copy
import hashlib
import io
import tarfile
import uuid
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections
from django.db.utils import load_backend

from publications.pdf import simple_pdf
from tests.publications.factories import PublicationFactory, PublicationFileFactory

TARGET = "restore_target"


def run(name, *args, **options):
    """Run a management command: its output."""
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def rows(using="default"):
    """Every row of every table the models know, per model, in primary-key order."""
    return {
        model._meta.label: list(model._base_manager.using(using).order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def files(root):
    """{relative path: SHA-256} of every file under ``root``."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def blank_database(transactional_db, tmp_path):
    """A second connection, ``restore_target``, to a new database with no table at all: what
    a new machine has before the restore (a new SQLite file, or a database from CREATE
    DATABASE)."""
    settings_dict = copy.deepcopy(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        settings_dict["NAME"] = f"test_restore_{uuid.uuid4().hex[:12]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    # Registered on the handler only, not in DATABASES: Django's test case then allows it as a
    # dynamically created connection, and no test database is made for it.
    target = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, TARGET)
    connections[TARGET] = target
    try:
        yield target
    finally:
        target.close()
        del connections[TARGET]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}" WITH (FORCE)')


@pytest.fixture
def small_backup(transactional_db, tmp_path, media_root):
    """A publication with two files, backed up: (archive, the stored file names)."""
    publication = PublicationFactory()
    first = PublicationFileFactory(publication=publication, content=simple_pdf(["First"]))
    second = PublicationFileFactory(publication=publication, content=simple_pdf(["Second"]))
    archive = tmp_path / "small.tar"
    run("backup", output=str(archive))
    return archive, [first.file.name, second.file.name]


@pytest.fixture
def emptied(small_backup, tmp_path, settings):
    """The site emptied after the small backup: an empty database and a new media folder."""
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    return small_backup


def rewrite(archive, output, change):
    """Copy ``archive`` to ``output`` member by member; ``change(name, data)`` returns the
    bytes to write instead, or None to leave the member out."""
    with tarfile.open(archive) as source, tarfile.open(output, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else b""
            data = change(member.name, data)
            if data is None:
                continue
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return output
