"""The database's part of a backup: a consistent dump of the configured database and its
return into an empty one, with each vendor's own tools (never dumpdata/loaddata, which would
have to rebuild what only the database holds, such as the search index)."""

import os
import sqlite3
import subprocess

from django.apps import apps
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

# The file name each vendor's dump has in the archive.
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Rows `migrate` writes by itself (content types, permissions, and the editorial roles of
# core's migration 0002): a freshly migrated database has them and is still empty.
WRITTEN_BY_MIGRATE = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
}


class DatabaseError(Exception):
    """The dump or the restore failed; the message says why."""


def dump_name(connection):
    try:
        return DUMP_NAMES[connection.vendor]
    except KeyError:
        raise DatabaseError(
            f"Backups support SQLite and PostgreSQL, not {connection.vendor}."
        ) from None


def dump(connection, path):
    """Write a consistent copy of the database behind ``connection`` to the file ``path``."""
    dump_name(connection)
    if connection.vendor == "sqlite":
        _sqlite_dump(connection, path)
    else:
        _run(["pg_dump", "--format=custom", "--no-password", f"--file={path}"], connection)


def load(connection, path):
    """Bring the dump at ``path`` into the (empty) database behind ``connection``."""
    dump_name(connection)
    if connection.vendor == "sqlite":
        _sqlite_load(connection, path)
    else:
        # Django's own connection must not hold a lock the restore's DROPs would wait for.
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-password",
                # The archive may come from another machine, with other roles.
                "--no-owner",
                "--no-privileges",
                # A migrated empty database already has the tables: replace them.
                "--clean",
                "--if-exists",
                # All or nothing: a failed restore leaves the database as it was.
                "--single-transaction",
                str(path),
            ],
            connection,
        )


def _sqlite_dump(connection, path):
    # The backup API copies a snapshot page by page while other connections keep working.
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_load(connection, path):
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = source.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise DatabaseError(f"The archived SQLite database is damaged: {integrity}")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _run(command, connection):
    """Run a PostgreSQL client tool against ``connection``'s database, with Django's settings
    (host, port, user; the password through PGPASSWORD, SSL and service options as libpq's
    variables)."""
    settings_dict = connection.settings_dict
    # Django's psql arguments end with the database name, which pg_restore would read as its
    # input file: keep the connection options and name the database with --dbname.
    args, extra_env = PostgresClient.settings_to_cmd_args_env(settings_dict, [])
    options = args[1:]
    name = settings_dict.get("NAME")
    if name and options and options[-1] == name:
        options = options[:-1]
    if name:
        options.append(f"--dbname={name}")
    env = {**os.environ, **(extra_env or {})}
    try:
        result = subprocess.run(
            [command[0], *options, *command[1:]], env=env, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise DatabaseError(
            f"{command[0]} was not found: install the PostgreSQL client tools of the server's "
            "major version."
        ) from None
    if result.returncode:
        raise DatabaseError(f"{command[0]} failed:\n{result.stderr.strip()}")


def tables_with_rows(connection):
    """Labels of the models whose tables hold rows (beyond what `migrate` writes itself)."""
    existing = set(connection.introspection.table_names())
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.label_lower in WRITTEN_BY_MIGRATE or meta.proxy or not meta.managed:
            continue
        if meta.db_table in existing and model._base_manager.using(connection.alias).exists():
            found.append(meta.label)
    return found


def migration_state(connection):
    """The latest applied migration of each app: {app label: migration name}."""
    latest = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        latest[app_label] = name
    return latest


def unknown_migrations(state):
    """Migrations of ``state`` this code does not have: the archive is from a newer version."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(f"{app}.{name}" for app, name in state.items() if (app, name) not in known)
