"""Downloads through the portal against nginx serving the same file, side by side in one run.

    .venv/bin/python bench/downloads_vs_nginx.py              # a 200 MB file, 10 s each
    .venv/bin/python bench/downloads_vs_nginx.py --size-mb 500 --seconds 20

Builds a throwaway SQLite database and media folder with one public publication whose file is
``--size-mb`` of bytes, starts gunicorn (production settings, 2 sync workers, no
X-Accel-Redirect: the portal sends the file itself, through ``sendfile``) and nginx (a plain
``location`` aliasing the media folder), loads each with wrk (4 connections) for the same time
— whole downloads, then ranges of the second half — and prints the throughput of each, the
ratio of the portal to nginx, and the gunicorn workers' resident memory before and after.
Needs nginx and wrk (Debian's packages).
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import static_nginx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

SHELL = """
import os
from django.core.files.base import File
from core.publishing import Visibility
from publications.models import Publication, PublicationFile
from django.utils import timezone
publication = Publication.objects.create(
    type="monograph", title="Bench", title_en="Bench", slug="bench", year=2024,
    status=Visibility.PUBLISHED, published_at=timezone.now(),
)
with open(os.environ["BENCH_SOURCE"], "rb") as handle:
    row = PublicationFile(publication=publication, original_name="bench.pdf",
                          mime_type="application/pdf", size=SIZE)
    row.file.save("bench.pdf", File(handle), save=False)
    row.save()
print(row.get_absolute_url(), row.file.name)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"nothing answers at {url}")


def wrk(url, seconds, headers=()):
    args = ["wrk", "-t2", "-c4", f"-d{seconds}s", "--timeout", "60s"]
    for header in headers:
        args += ["-H", header]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Transfer/sec:\s+([\d.]+)([KMG]B)", out)
    requests = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    scale = {"KB": 1 / 1024, "MB": 1, "GB": 1024}[rate.group(2)]
    return (
        float(rate.group(1)) * scale,
        float(requests.group(1)),
        int(errors.group(1)) if errors else 0,
    )


def workers_rss(master_pid):
    children = subprocess.run(
        ["ps", "-o", "pid=,rss=", "--ppid", str(master_pid)], capture_output=True, text=True
    ).stdout.split("\n")
    return [int(line.split()[1]) // 1024 for line in children if line.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    options = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is not installed")
    work = Path(tempfile.mkdtemp(prefix="bench-downloads-"))
    media = work / "media"
    media.mkdir()
    size = options.size_mb * 1024 * 1024
    source = work / "source.pdf"
    with open(source, "wb") as handle:
        handle.write(b"%PDF-1.4\n")
        block = os.urandom(1024 * 1024)
        while handle.tell() < size:
            handle.write(block[: size - handle.tell()])
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_hex(32),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "PORTAL_FILE_MAX_SIZE": str(size * 2),
    }
    env.pop("PORTAL_ACCEL_REDIRECT_PREFIX", None)
    env.pop("REDIS_URL", None)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SHELL.replace("SIZE", str(size))],
        cwd=ROOT,
        env={**env, "BENCH_SOURCE": str(source)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    path, stored = out[-2], out[-1]
    source.unlink()

    app_port, nginx_port = free_port(), free_port()
    gunicorn = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "science_portal.wsgi",
            "--bind",
            f"127.0.0.1:{app_port}",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    nginx = static_nginx.start(work, media, nginx_port, location="/direct/")
    try:
        portal = f"http://127.0.0.1:{app_port}{path}"
        direct = f"http://127.0.0.1:{nginx_port}/direct/{stored}"
        wait_for(f"http://127.0.0.1:{app_port}/healthz")
        wait_for(direct)
        before = workers_rss(gunicorn.pid)
        half = f"Range: bytes={size // 2}-"
        rows = []
        for label, headers in (("whole file", ()), ("second half (Range)", (half,))):
            nginx_rate, nginx_rps, nginx_errors = wrk(direct, options.seconds, headers)
            portal_rate, portal_rps, portal_errors = wrk(portal, options.seconds, headers)
            rows.append(
                (
                    label,
                    nginx_rate,
                    portal_rate,
                    nginx_rps,
                    portal_rps,
                    nginx_errors + portal_errors,
                )
            )
        after = workers_rss(gunicorn.pid)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        static_nginx.stop(nginx)
        gunicorn.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"\n{options.size_mb} MB file, wrk -t2 -c4 -d{options.seconds}s, "
        "gunicorn 2 sync workers, 2 cores\n"
    )
    columns = ("nginx MB/s", "portal MB/s", "ratio", "nginx req/s", "portal req/s", "errors")
    print(f"{'request':22}" + "".join(f"{name:>14}" for name in columns))
    for label, nginx_rate, portal_rate, nginx_rps, portal_rps, errors in rows:
        values = (
            f"{nginx_rate:.0f}",
            f"{portal_rate:.0f}",
            f"{portal_rate / nginx_rate:.0%}",
            f"{nginx_rps:.2f}",
            f"{portal_rps:.2f}",
            str(errors),
        )
        print(f"{label:22}" + "".join(f"{value:>14}" for value in values))
    print(f"\ngunicorn workers' resident memory: before {before} MB, after {after} MB")


if __name__ == "__main__":
    main()
