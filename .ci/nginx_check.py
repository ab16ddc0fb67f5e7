"""nginx in front of gunicorn, as the README's deploy section configures them, checked for real.

Starts gunicorn (production settings, SQLite, the demo content) and nginx with the README's
server block (made to listen on a local port over plain HTTP), then checks that a download
goes out through X-Accel-Redirect (whole and with Range), that /protected-media/ is not
reachable directly, that static files are served, and that the portal tells clients apart
by the address nginx forwards. Exits non-zero on any failure. Run: .venv/bin/python
.ci/nginx_check.py (nginx must be installed; .ci/run installs it).
"""

import http.client
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
failures = []


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f" ({detail})" if detail else ""))
    if not condition:
        failures.append(name)


def readme_server_block():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```nginx\n(server \{.*?\n\})\n```", text, re.S)
    if not match:
        sys.exit("The README has no nginx server block.")
    return match.group(1)


def nginx_config(work, nginx_port, app_port, media):
    server = readme_server_block()
    server = re.sub(r"listen 443 ssl( http2)?;", f"listen 127.0.0.1:{nginx_port};", server)
    server = server.replace("http://127.0.0.1:8000", f"http://127.0.0.1:{app_port}")
    server = re.sub(r"alias /srv/science/media/;", f"alias {media}/;", server)
    # Run as root (CI), nginx's workers would become "nobody", who may not read the portal's
    # files (stored 0640): in production nginx runs in the portal's group. Here, as the same user.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log {work}/nginx-access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include /etc/nginx/mime.types;
    sendfile on;
{server}
}}
"""


def request(port, path, headers=None, method="GET", body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers={"Host": "localhost", **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def wait_for(port, path="/healthz", seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            response, _ = request(port, path)
            if response.status < 500:
                return True
        except OSError:
            time.sleep(0.3)
    return False


def main():
    if not shutil.which("nginx"):
        sys.exit("nginx is not installed")
    work = Path(tempfile.mkdtemp(prefix="nginx-check-"))
    media, static = work / "media", work / "static"
    media.mkdir()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_hex(32),
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_STATIC_ROOT": str(static),
        "PORTAL_ACCEL_REDIRECT_PREFIX": "/protected-media/",
        "PORTAL_TRUSTED_PROXIES": "127.0.0.1",
    }
    env.pop("REDIS_URL", None)

    def manage(*args):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)

    manage("migrate", "--no-input", "-v0")
    manage("load_demo")
    manage("collectstatic", "--no-input", "-v0")
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SHELL],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    file_url, stored_name, size = out[-3], out[-2], int(out[-1])

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
        ],
        cwd=ROOT,
        env=env,
    )
    (work / "nginx.conf").write_text(nginx_config(work, nginx_port, app_port, media))
    nginx = None
    try:
        if not wait_for(app_port):
            sys.exit("gunicorn did not start")
        subprocess.run(
            ["nginx", "-t", "-q", "-c", str(work / "nginx.conf"), "-p", str(work)], check=True
        )
        nginx = subprocess.Popen(
            ["nginx", "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"]
        )
        if not wait_for(nginx_port):
            sys.exit("nginx did not start")
        stored = (media / stored_name).read_bytes()

        response, data = request(nginx_port, file_url)
        check("a download comes through nginx", response.status == 200, response.status)
        check("with the stored bytes", data == stored and len(data) == size)
        check("the internal redirect is not shown", response.getheader("X-Accel-Redirect") is None)
        check(
            "with the portal's Content-Disposition",
            "attachment" in (response.getheader("Content-Disposition") or ""),
        )
        response, data = request(nginx_port, file_url, {"Range": "bytes=10-109"})
        check("a Range answers 206", response.status == 206, response.status)
        check("with exactly those bytes", data == stored[10:110])
        check(
            "and its Content-Range",
            response.getheader("Content-Range") == f"bytes 10-109/{size}",
            response.getheader("Content-Range"),
        )
        response, _ = request(nginx_port, f"/protected-media/{stored_name}")
        check(
            "/protected-media/ is not reachable directly", response.status == 404, response.status
        )
        response, _ = request(nginx_port, f"/media/{stored_name}")
        check("nor is /media/", response.status == 404, response.status)

        response, page = request(nginx_port, "/ru/")
        check("pages come through nginx", response.status == 200, response.status)
        css = re.search(rb'href="(/static/css/site[^"]*\.css)"', page)
        response, _ = request(nginx_port, css.group(1).decode() if css else "/static/none")
        check("static files are served", response.status == 200, response.status)
        check("cached for long", "max-age" in (response.getheader("Cache-Control") or ""))

        # The portal tells visitors apart by the address nginx forwards: five wrong passwords
        # lock one address out, and another address still logs in.
        locked = login_attempts(nginx_port, "203.0.113.5", 6)
        other = login_attempts(nginx_port, "198.51.100.9", 1)
        check("the locked-out address is refused", locked == 429, locked)
        check("another address is not", other == 200, other)
    finally:
        if nginx is not None:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=10)
        gunicorn.terminate()
        gunicorn.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("nginx checks passed")
    return 0


def login_attempts(port, address, times):
    """Post a wrong password ``times`` times as a client at ``address``; the last status."""
    status = None
    for _ in range(times):
        response, page = request(port, "/ru/admin/login/", {"X-Forwarded-For": address})
        cookie = response.getheader("Set-Cookie") or ""
        token = re.search(r"csrftoken=([^;]+)", cookie)
        field = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        body = (
            f"csrfmiddlewaretoken={field.group(1).decode()}&username=admin&password=wrong"
            "&next=/ru/admin/"
        )
        response, _ = request(
            port,
            "/ru/admin/login/",
            {
                "X-Forwarded-For": address,
                "Cookie": f"csrftoken={token.group(1)}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://localhost:{port}/ru/admin/login/",
            },
            method="POST",
            body=body,
        )
        status = response.status
    return status


SHELL = """
from publications.models import PublicationFile
f = PublicationFile.objects.filter(access="public").exclude(file="").first()
print(f.get_absolute_url(), f.file.name, f.file.size)
"""

if __name__ == "__main__":
    sys.exit(main())
