"""Backups of the whole site in one tar archive: the database dump, every media file and a
manifest with the SHA-256 of each, so a restore can prove it brought back the same bytes.

Archive layout::

    database.sqlite3 | database.pgdump   the vendor's own dump (SQLite backup API, pg_dump -Fc)
    media/<path>                         every file under MEDIA_ROOT, streamed from disk
    manifest.json                        written last, from the bytes as they went in

App-agnostic: it reads Django's settings, the connection and the migration table, and knows
no portal model.
"""

import json
import os
import subprocess
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation

from core.backup import archive, databases

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; ``details`` lists each thing that is wrong."""

    def __init__(self, message, details=()):
        super().__init__(message)
        self.details = list(details)


@dataclass
class Written:
    path: Path
    files: int
    media_size: int
    database_size: int
    archive_size: int
    skipped: list = field(default_factory=list)


@dataclass
class Restored:
    files: int
    media_size: int
    database_size: int
    manifest: dict
    differences: list = field(default_factory=list)


def portal_version():
    """The version in pyproject.toml and the git commit of the code, where they can be read."""
    version = commit = None
    base_dir = Path(settings.BASE_DIR)
    try:
        with open(base_dir / "pyproject.toml", "rb") as handle:
            version = tomllib.load(handle).get("project", {}).get("version")
    except (OSError, tomllib.TOMLDecodeError):
        pass
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=base_dir,
            capture_output=True,
            text=True,
            timeout=10,
        )
        if result.returncode == 0:
            commit = result.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return {"version": version, "commit": commit}


def human_size(size):
    """A size for the commands' English output ("1.5 MB"), whatever the site's language."""
    with translation.override("en"):
        return filesizeformat(size)


def default_name():
    return f"science-portal-{timezone.now():%Y%m%d-%H%M%S}.tar"


def write_backup(*, output, connection, media_root):
    """Write the archive to ``output`` (gzip-compressed when it ends in .gz or .tgz).

    The database is dumped first, then media is walked: a file uploaded meanwhile is an
    orphan in the archive, which is harmless. The archive is built under a temporary name
    beside ``output`` and renamed at the end, so an interrupted backup leaves no half archive.
    """
    output = Path(output)
    if output.is_dir():
        output = output / default_name()
    compressed = output.name.endswith((".gz", ".tgz"))
    dump_name = databases.dump_name(connection)
    created = timezone.now()
    manifest = {
        "format": FORMAT,
        "created": created.isoformat(),
        "portal": portal_version(),
        "database": {"vendor": connection.vendor, "name": dump_name},
        "migrations": databases.migration_state(connection),
    }
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
        dump_path = Path(work) / dump_name
        partial = Path(work) / "archive.partial"
        try:
            databases.dump(connection, dump_path)
        except databases.DatabaseError as error:
            raise BackupError(str(error)) from error
        mode = "w:gz" if compressed else "w"
        with tarfile.open(partial, mode, format=tarfile.PAX_FORMAT) as tar:
            # It holds password hashes and staff-only files: readable by its owner only.
            partial.chmod(0o600)
            size, sha256 = archive.add_file(tar, dump_path, dump_name)
            manifest["database"].update(size=size, sha256=sha256)
            dump_path.unlink()
            files, skipped = _add_media(tar, media_root)
            manifest["media"] = files
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            archive.add_bytes(tar, archive.MANIFEST, data, mtime=int(created.timestamp()))
        os.replace(partial, output)
    return Written(
        path=output,
        files=len(files),
        media_size=sum(entry["size"] for entry in files),
        database_size=manifest["database"]["size"],
        archive_size=output.stat().st_size,
        skipped=skipped,
    )


def _add_media(tar, media_root):
    files, skipped = [], []
    listed, links = archive.media_files(media_root)
    skipped.extend(f"{relative} (not a regular file)" for relative in links)
    for relative, path in listed:
        try:
            size, sha256 = archive.add_file(tar, path, archive.MEDIA_PREFIX + relative)
        except FileNotFoundError:
            # Removed by the site since the folder was listed.
            skipped.append(f"{relative} (deleted during the backup)")
            continue
        files.append({"path": relative, "size": size, "sha256": sha256})
    return files, skipped


def restore_backup(*, path, connection, media_root):
    """Restore the archive at ``path`` into the empty database and empty media folder, then
    check every file on disk against the manifest (``Restored.differences``).

    Nothing is written before the archive, its manifest and the targets have been checked,
    and nothing of the database is touched unless its dump matches the manifest's checksum.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No archive at {path}.")
    with _open_archive(path) as tar:
        members = _checked_members(tar)
        manifest = _read_manifest(tar, members)
        _check_compatible(manifest, connection)
        _check_empty(connection, media_root)
        database_size = _restore_database(tar, members, manifest, connection)
        files, media_size = _extract_media(tar, members, media_root)
    differences = verify_media(manifest, media_root, extracted=files)
    return Restored(
        files=len(files),
        media_size=media_size,
        database_size=database_size,
        manifest=manifest,
        differences=differences,
    )


def _open_archive(path):
    try:
        return tarfile.open(path, "r:*")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{path} is not a readable tar archive: {error}") from error


def _checked_members(tar):
    """The archive's members by name, once every one has passed ``archive.member_problem``."""
    try:
        listed = tar.getmembers()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"The archive is damaged: {error}") from error
    problems, members = [], {}
    for member in listed:
        problem = archive.member_problem(member)
        name = PurePosixPath(member.name).as_posix()
        if problem is None and name in members:
            problem = f"{member.name}: appears twice"
        if problem:
            problems.append(problem)
        members[name] = member
    if problems:
        raise BackupError(
            "The archive has members a portal backup never has; nothing was restored.", problems
        )
    return members


def _read_manifest(tar, members):
    member = members.get(archive.MANIFEST)
    if member is None or not member.isfile():
        raise BackupError("The archive has no manifest.json: it is not a portal backup.")
    try:
        with tar.extractfile(member) as handle:
            manifest = json.load(handle)
        database = manifest["database"]
        ok = (
            manifest["format"] == FORMAT
            and isinstance(manifest["media"], list)
            and all(key in database for key in ("vendor", "name", "size", "sha256"))
        )
    except (ValueError, KeyError, TypeError, tarfile.TarError) as error:
        raise BackupError(f"The manifest cannot be read: {error}") from error
    if not ok:
        raise BackupError(f"The manifest is not of format {FORMAT} of portal backups.")
    return manifest


def _check_compatible(manifest, connection):
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"The archive holds a {vendor} database and this site uses {connection.vendor}: "
            f"restore it onto {vendor}, or move the data between vendors with "
            "dumpdata/loaddata followed by `manage.py reindex`."
        )
    if manifest["database"]["name"] != databases.dump_name(connection):
        raise BackupError(
            f"The manifest names the database dump {manifest['database']['name']!r}; "
            f"a {vendor} backup's is {databases.dump_name(connection)!r}."
        )
    unknown = databases.unknown_migrations(manifest.get("migrations", {}))
    if unknown:
        raise BackupError(
            "The archive comes from a newer version of the portal (migrations this code does "
            "not have); install that version first.",
            unknown,
        )


def _check_empty(connection, media_root):
    filled = databases.tables_with_rows(connection)
    if filled:
        raise BackupError(
            "The database is not empty; restore only writes into an empty database "
            "(create a new one, or drop and recreate this one, then run restore again).",
            [f"{label} has rows" for label in filled],
        )
    root = Path(media_root)
    if root.exists() and not root.is_dir():
        raise BackupError(f"MEDIA_ROOT {root} is not a folder.")
    files, others = archive.media_files(root)
    if files or others:
        shown = [relative for relative, _path in files[:10]] + others[:10]
        raise BackupError(
            f"The media folder {root} is not empty; restore only writes into an empty one "
            "(move it aside, then run restore again).",
            shown,
        )


def _restore_database(tar, members, manifest, connection):
    expected = manifest["database"]
    member = members.get(expected["name"])
    if member is None or not member.isfile():
        raise BackupError(f"The archive has no {expected['name']}: nothing was restored.")
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
        dump_path = Path(work) / expected["name"]
        size, sha256 = archive.extract_to(tar, member, dump_path)
        if (size, sha256) != (expected["size"], expected["sha256"]):
            raise BackupError(
                "The database dump does not match the manifest; nothing was restored.",
                [
                    f"{expected['name']}: expected {expected['size']} bytes, SHA-256 "
                    f"{expected['sha256']}; found {size} bytes, SHA-256 {sha256}"
                ],
            )
        try:
            databases.load(connection, dump_path)
        except databases.DatabaseError as error:
            raise BackupError(str(error)) from error
    return size


def _extract_media(tar, members, media_root):
    root = Path(media_root)
    root.mkdir(parents=True, exist_ok=True)
    extracted, total = set(), 0
    prefix = PurePosixPath(archive.MEDIA_PREFIX)
    for name, member in members.items():
        if not member.isfile() or not name.startswith(archive.MEDIA_PREFIX):
            continue
        relative = PurePosixPath(name).relative_to(prefix).as_posix()
        try:
            target = archive.media_destination(root, relative)
        except ValueError as error:
            raise BackupError(str(error)) from error
        size, _sha256 = archive.extract_to(tar, member, target)
        extracted.add(relative)
        total += size
    return extracted, total


def verify_media(manifest, media_root, *, extracted=None):
    """What differs between the manifest's media files and the bytes now under
    ``media_root``: one line per missing, changed or unexpected file (empty when all match)."""
    differences = []
    listed = set()
    for entry in manifest["media"]:
        relative = entry.get("path", "")
        listed.add(relative)
        try:
            target = archive.media_destination(media_root, relative)
        except ValueError:
            differences.append(f"{relative}: not a path inside the media folder")
            continue
        if not target.is_file():
            differences.append(f"{relative}: missing")
            continue
        sha256, size = archive.sha256_of(target)
        if (sha256, size) != (entry.get("sha256"), entry.get("size")):
            differences.append(
                f"{relative}: changed (expected {entry.get('size')} bytes, SHA-256 "
                f"{entry.get('sha256')}; found {size} bytes, SHA-256 {sha256})"
            )
    differences.extend(
        f"{relative}: in the archive but not in the manifest"
        for relative in sorted((extracted or set()) - listed)
    )
    return differences
