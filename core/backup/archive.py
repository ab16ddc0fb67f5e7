"""The archive's members: files streamed in and out of the tar with their SHA-256, and the
checks that keep a hostile archive from writing anywhere but where it is told to."""

import hashlib
import os
import stat
import tarfile
from pathlib import Path, PurePosixPath

from core.backup.databases import DUMP_NAMES

CHUNK = 1024 * 1024
MANIFEST = "manifest.json"
MEDIA_FOLDER = "media"
MEDIA_PREFIX = MEDIA_FOLDER + "/"


class HashingReader:
    """A file read through once, counting and hashing what passes, as tarfile copies it."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    def hexdigest(self):
        return self.digest.hexdigest()


def sha256_of(path):
    """The SHA-256 and size of a file on disk, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def add_file(tar, path, arcname):
    """Stream the file at ``path`` into ``tar`` as ``arcname``: its (size, SHA-256) as stored."""
    with open(path, "rb") as handle:
        info = tar.gettarinfo(arcname=arcname, fileobj=handle)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = HashingReader(handle)
        tar.addfile(info, reader)
    return info.size, reader.hexdigest()


def add_bytes(tar, arcname, data, *, mtime):
    info = tarfile.TarInfo(arcname)
    info.size = len(data)
    info.mtime = mtime
    info.mode = 0o644
    tar.addfile(info, _BytesReader(data))


class _BytesReader:
    def __init__(self, data):
        self.data = memoryview(data)
        self.position = 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return bytes(chunk)


def media_files(media_root):
    """(relative POSIX path, absolute path) of every regular file under ``media_root``, sorted.

    Symbolic links are left out and listed apart: media holds uploads, never links, and a link
    would carry whatever it points at into the archive.
    """
    root = Path(media_root)
    files, skipped = [], []
    if not root.is_dir():
        return files, skipped
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory, name)
            relative = path.relative_to(root).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISREG(mode):
                files.append((relative, path))
            else:
                skipped.append(relative)
        skipped.extend(
            Path(directory, name).relative_to(root).as_posix()
            for name in dirnames
            if Path(directory, name).is_symlink()
        )
    return files, skipped


def member_problem(member):
    """Why ``member`` may not be extracted, or None: only plain files and folders, with
    relative names that stay inside the archive's own tree."""
    name = member.name
    if not (member.isfile() or member.isdir()):
        kind = (
            "a symbolic link"
            if member.issym()
            else "a hard link"
            if member.islnk()
            else "a device or special file"
        )
        return f"{name}: {kind}"
    if "\\" in name or "\x00" in name:
        return f"{name}: a backslash or NUL in the name"
    path = PurePosixPath(name)
    if path.is_absolute() or name.startswith("/"):
        return f"{name}: an absolute path"
    if ".." in path.parts:
        return f"{name}: a '..' component"
    top_level = len(path.parts) == 1
    if top_level and member.isfile() and path.as_posix() in {MANIFEST, *DUMP_NAMES.values()}:
        return None
    if path.parts[:1] == (MEDIA_FOLDER,) and (member.isdir() or not top_level):
        return None
    return f"{name}: not part of a portal backup"


def media_destination(media_root, relative):
    """Where the archived media file ``relative`` goes under ``media_root``; ValueError when
    it would land outside (the last guard after ``member_problem``)."""
    root = Path(media_root).resolve()
    target = (root / relative).resolve()
    if target == root or root not in target.parents:
        raise ValueError(f"{relative}: outside the media folder")
    return target


def extract_to(tar, member, target):
    """Stream ``member`` to a new file ``target`` (never an existing one, never through a
    link): its (size, SHA-256)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    source = tar.extractfile(member)
    digest = hashlib.sha256()
    size = 0
    with source, os.fdopen(os.open(target, flags, 0o640), "wb") as handle:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            handle.write(chunk)
    return size, digest.hexdigest()
