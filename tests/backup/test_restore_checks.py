"""Restore trusts nothing: changed or missing bytes are named, hostile members are refused
before anything is written, and it never writes over a site that has content."""

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from publications.models import Publication, PublicationFile

from .conftest import files, rewrite, run


def restore_error(archive):
    with pytest.raises(CommandError) as error:
        run("restore", str(archive))
    return str(error.value)


# --- Tampered archives ------------------------------------------------------------------------


def test_changed_and_missing_media_fail_the_verification(emptied, tmp_path, settings):
    archive, (changed, missing) = emptied

    def tamper(name, data):
        if name == f"media/{missing}":
            return None
        if name == f"media/{changed}":
            return data.replace(b"First", b"Fir5t")  # the same size, other bytes
        return data

    message = restore_error(rewrite(archive, tmp_path / "tampered.tar", tamper))

    assert "Verification failed: 2 media files differ from the manifest" in message
    assert f"{changed}: changed (expected" in message
    assert f"{missing}: missing" in message
    # The database and the untouched parts were restored; only the listed files are suspect.
    assert PublicationFile.objects.count() == 2
    assert set(files(settings.MEDIA_ROOT)) == {changed}


def test_a_changed_database_dump_restores_nothing(emptied, tmp_path, settings):
    archive, _names = emptied

    def tamper(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("database.") else data

    message = restore_error(rewrite(archive, tmp_path / "tampered.tar", tamper))

    assert "The database dump does not match the manifest; nothing was restored." in message
    assert not Publication.objects.exists()
    assert files(settings.MEDIA_ROOT) == {}


def test_the_untampered_copy_restores_cleanly(emptied, tmp_path, settings):
    """The positive control of the tampering tests: rewriting alone changes nothing."""
    archive, names = emptied
    copy = rewrite(archive, tmp_path / "copy.tar", lambda name, data: data)
    assert "Verified: all 2 files" in run("restore", str(copy))
    assert set(files(settings.MEDIA_ROOT)) == set(names)


# --- Hostile archives -------------------------------------------------------------------------


def manifest_bytes(**changes):
    manifest = {
        "format": 1,
        "database": {
            "vendor": connection.vendor,
            "name": "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump",
            "size": 0,
            "sha256": "",
        },
        "migrations": {},
        "media": [],
        **changes,
    }
    return json.dumps(manifest).encode()


def manifest_member(**changes):
    data = manifest_bytes(**changes)
    info = tarfile.TarInfo("manifest.json")
    info.size = len(data)
    return info, io.BytesIO(data)


def hostile_archive(path, *members):
    """A tar of (TarInfo, bytes) members after a plausible manifest."""
    with tarfile.open(path, "w") as tar:
        tar.addfile(*manifest_member())
        for info, data in members:
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def regular(name, data=b"evil"):
    return tarfile.TarInfo(name), data


def special(name, kind, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info, b""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("members", "reason"),
    [
        (lambda tmp: [regular("../evil")], "../evil: a '..' component"),
        (lambda tmp: [regular("media/../../evil")], "media/../../evil: a '..' component"),
        (lambda tmp: [regular(str(tmp / "evil"))], "evil: an absolute path"),
        (
            lambda tmp: [
                special("media/link", tarfile.SYMTYPE, str(tmp / "outside")),
                regular("media/link/evil"),
            ],
            "media/link: a symbolic link",
        ),
        (
            lambda tmp: [special("media/hard", tarfile.LNKTYPE, str(tmp / "outside" / "kept"))],
            "media/hard: a hard link",
        ),
        (
            lambda tmp: [special("media/null", tarfile.CHRTYPE)],
            "media/null: a device or special file",
        ),
        (lambda tmp: [regular("evil.sh")], "evil.sh: not part of a portal backup"),
        (lambda tmp: [regular("database.x/evil")], "database.x/evil: not part of a portal"),
        (lambda tmp: [regular("media")], "media: not part of a portal backup"),
    ],
    ids=[
        "dotdot",
        "media-dotdot",
        "absolute",
        "symlink",
        "hardlink",
        "device",
        "stray",
        "stray-folder",
        "media-as-a-file",
    ],
)
def test_hostile_members_are_refused_and_nothing_is_written(members, reason, tmp_path, media_root):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "kept").write_bytes(b"mine")
    archive = hostile_archive(tmp_path / "hostile.tar", *members(tmp_path))

    message = restore_error(archive)

    assert "The archive has members a portal backup never has; nothing was restored." in message
    assert reason in message
    assert not (tmp_path / "evil").exists()
    assert not (tmp_path.parent / "evil").exists()
    assert {path.name for path in outside.iterdir()} == {"kept"}
    assert (outside / "kept").read_bytes() == b"mine"
    assert not media_root.exists()


@pytest.mark.django_db
def test_a_member_twice_is_refused(tmp_path):
    archive = hostile_archive(tmp_path / "twice.tar", regular("media/a"), regular("media/a"))
    assert "media/a: appears twice" in restore_error(archive)


@pytest.mark.django_db
def test_a_manifest_naming_another_dump_is_refused(tmp_path, media_root):
    database = {"vendor": connection.vendor, "name": "../evil", "size": 0, "sha256": ""}
    archive = tmp_path / "named.tar"
    with tarfile.open(archive, "w") as tar:
        tar.addfile(*manifest_member(database=database))
    assert "The manifest names the database dump '../evil'" in restore_error(archive)
    assert not (tmp_path / "evil").exists()
    assert not media_root.exists()


@pytest.mark.django_db
def test_a_tar_without_a_manifest_is_refused(tmp_path):
    archive = tmp_path / "other.tar"
    with tarfile.open(archive, "w") as tar:
        tar.addfile(*regular("media/a"))
    assert "no manifest.json: it is not a portal backup" in restore_error(archive)


# --- What restore refuses to write over -------------------------------------------------------


@pytest.mark.django_db
def test_an_archive_of_the_other_vendor_is_refused(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = tmp_path / "other.tar"
    with tarfile.open(archive, "w") as tar:
        database = {"vendor": other, "name": "d", "size": 0, "sha256": ""}
        tar.addfile(*manifest_member(database=database))
    message = restore_error(archive)
    assert f"The archive holds a {other} database and this site uses {connection.vendor}" in (
        message
    )


@pytest.mark.django_db
def test_an_archive_of_a_newer_portal_is_refused(tmp_path):
    archive = tmp_path / "newer.tar"
    with tarfile.open(archive, "w") as tar:
        tar.addfile(*manifest_member(migrations={"publications": "9999_from_the_future"}))
    message = restore_error(archive)
    assert "newer version of the portal" in message
    assert "publications.9999_from_the_future" in message


def test_a_database_with_content_is_never_overwritten(small_backup, tmp_path, settings):
    archive, _names = small_backup
    settings.MEDIA_ROOT = tmp_path / "new-media"
    message = restore_error(archive)
    assert "The database is not empty" in message
    assert "publications.Publication has rows" in message
    assert Publication.objects.count() == 1
    assert not settings.MEDIA_ROOT.exists()


def test_a_media_folder_with_files_is_never_overwritten(small_backup, media_root):
    archive, _names = small_backup
    call_command("flush", interactive=False, verbosity=0)  # rows go, their files stay
    before = files(media_root)
    message = restore_error(archive)
    assert f"The media folder {media_root} is not empty" in message
    assert len(before) == 2
    assert files(media_root) == before
    assert not Publication.objects.exists()
