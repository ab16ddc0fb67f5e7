"""nginx sending the files of a folder, for the benchmarks that compare the portal with it.

Needs Debian's nginx; runs as the current user (as root, it keeps its workers root too, so
they can read the folder), with its pid, logs and temporary folders in ``work``.
"""

import os
import shutil
import signal
import subprocess


def nginx_binary():
    """The nginx to run, or None when it is not installed."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if os.path.exists(found) else None


def start(work, folder, port, *, location="/files/", workers=2):
    """nginx on 127.0.0.1:``port`` sending ``folder``'s files under ``location``."""
    user = "user root;" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(f"""
{user}
worker_processes {workers};
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    sendfile on;
    client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi; uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location {location} {{ alias {folder}/; }}
    }}
}}
""")
    return subprocess.Popen(
        [
            nginx_binary() or "nginx",
            "-c",
            str(work / "nginx.conf"),
            "-p",
            str(work),
            "-g",
            "daemon off;",
        ]
    )


def stop(process):
    process.send_signal(signal.SIGQUIT)
    process.wait(timeout=10)
