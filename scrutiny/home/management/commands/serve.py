"""`scrutiny serve`: the web server (gunicorn), the task worker and the daily scheduler together.

The embedded default for one machine. In production each may run on its own hosts instead.
Static files are collected first (hashed names, whatever DEBUG says). Links in e-mail go to
``SITE_URL`` where one is configured; where none is, to the address served here, which all three
processes are given, since the worker and the scheduler send the e-mail. Django's debug pages are
off unless ``--debug`` is given.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def served_site_url(*, host: str, port: int, configured: str) -> str:
    """The address e-mailed links start with: a configured ``SITE_URL`` always (behind a proxy,
    the address served here is internal), else the one served here. A server listening on every
    interface is reached on this machine at the loopback address."""
    if configured.strip():
        return configured.strip().rstrip("/")
    loopback = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "[::1]"}  # noqa: S104 - a name for the address, not a bind
    name = loopback.get(host, host)
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"  # an IPv6 address in a URL
    return f"http://{name}:{port}"


def gunicorn_command(*, host: str, port: int, workers: int) -> list[str]:
    """How ``scrutiny serve`` starts gunicorn. ``--preload`` loads the app (``scrutiny.wsgi``, which
    imports every room's URLs and views and then closes any database connection) once, in the
    master, before it forks the workers: no worker's first request waits for the import, which
    took over 30 s on a loaded 2-core machine (past gunicorn's timeout), and the workers share its
    memory. Django opens database connections lazily, so none is shared across the fork."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "scrutiny.wsgi:application",
        "--preload",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        # gunicorn's control socket lives at one path per user (~/.gunicorn/gunicorn.ctl): two
        # services on one machine would share it. Scrutiny does not use it.
        "--no-control-socket",
    ]


class Command(BaseCommand):
    help = "Serve Scrutiny with gunicorn, the database-backed task worker and the daily scheduler."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument("--no-migrate", action="store_true", help="Do not apply migrations first")
        parser.add_argument(
            "--debug",
            action="store_true",
            help="Django's debug pages (tracebacks, settings): for a developer's machine only",
        )

    def handle(
        self, *args: Any, port: int, host: str, workers: int, no_migrate: bool, debug: bool = False, **options: Any
    ) -> None:
        if not 1 <= port <= 65535:
            raise CommandError(f"--port must be between 1 and 65535, not {port}")
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("createcachetable", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        site_url = served_site_url(host=host, port=port, configured=os.environ.get("SITE_URL", ""))
        settings.SITE_URL = site_url
        environment = {**os.environ, "SITE_URL": site_url}
        if debug or settings.DEBUG:
            environment["DEBUG"] = "1"
            self.stderr.write("Debug pages are on: anyone who can reach this server sees tracebacks and settings.")
        else:
            environment["DEBUG"] = "0"
        manage = [sys.executable, "-m", "scrutiny.cli", "manage"]
        names = ["gunicorn", "task worker", "scheduler"]
        processes = [
            subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
                gunicorn_command(host=host, port=port, workers=workers), env=environment
            ),
            subprocess.Popen([*manage, "db_worker", "--no-reload"], env=environment),  # noqa: S603
            subprocess.Popen([*manage, "scheduler"], env=environment),  # noqa: S603
        ]
        self.stdout.write(f"Scrutiny is serving at http://{host}:{port}/ (Ctrl+C to stop)")
        self.stdout.write(f"Links in e-mail go to {site_url}/ (set SITE_URL to change it)")

        def stop(*_: Any) -> None:
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        failed = [name for name, p in zip(names, processes, strict=True) if p.returncode not in (0, -15, None)]
        if failed:
            raise CommandError(f"A process stopped unexpectedly: {failed}")
