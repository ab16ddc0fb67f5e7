"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k" * 20 + "production-like-secret-with-enough-entropy-0123456789",
    "DJANGO_ALLOWED_HOSTS": "science.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://science.example.org",
}


def run_manage(*args, env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="science_portal.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_refuses_to_start():
    result = run_manage("check", env={"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_mode_starts_without_secret_key():
    result = run_manage("check", env={"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_is_clean_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_security_settings_are_on():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_PROXY_SSL_HEADER, s.X_FRAME_OPTIONS,"
        " s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True True True True ('HTTP_X_FORWARDED_PROTO', 'https') DENY "
        "['science.example.org'] ['https://science.example.org']"
    )


def test_database_url_selects_the_database():
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'])"
    )
    env = dict(PRODUCTION_ENV, DATABASE_URL="postgres://portal@db.internal:5432/science")
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "science", "db.internal"]


def test_postgresql_connections_price_random_reads_as_on_ssd():
    code = "from django.conf import settings as s; print(s.DATABASES['default'].get('OPTIONS'))"
    url = "postgres://portal@db.internal:5432/science?sslmode=require"

    def options(**env):
        result = run_manage(
            "shell", "--no-imports", "-c", code, env=dict(PRODUCTION_ENV, DATABASE_URL=url, **env)
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert options() == "{'sslmode': 'require', 'options': '-c random_page_cost=1.1'}"
    assert options(DATABASE_RANDOM_PAGE_COST="2") == (
        "{'sslmode': 'require', 'options': '-c random_page_cost=2.0'}"
    )
    # Empty: the server's own value (a pooler may refuse startup options).
    assert options(DATABASE_RANDOM_PAGE_COST="") == "{'sslmode': 'require'}"


def test_postgresql_test_connection_uses_the_setting(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == float(settings.RANDOM_PAGE_COST) == 1.1


def test_default_database_is_sqlite_in_the_project_folder():
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'])"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env={"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == BASE_DIR / "db.sqlite3"


def test_oai_identifiers_use_the_public_host_in_production():
    code = "from publications.oai.views import oai_identifier; print(oai_identifier(7))"
    result = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "oai:science.example.org:7"
