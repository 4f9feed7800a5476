"""`scrutiny serve`: the web server (gunicorn), the task worker and the daily scheduler together.

The embedded default for one machine. In production each may run on its own hosts instead.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Scrutiny with gunicorn, the database-backed task worker and the daily scheduler."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument("--no-migrate", action="store_true", help="Do not apply migrations first")

    def handle(self, *args: Any, port: int, host: str, workers: int, no_migrate: bool, **options: Any) -> None:
        if not 1 <= port <= 65535:
            raise CommandError(f"--port must be between 1 and 65535, not {port}")
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("createcachetable", verbosity=0)
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        manage = [sys.executable, "-m", "scrutiny.cli", "manage"]
        names = ["gunicorn", "task worker", "scheduler"]
        processes = [
            subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "scrutiny.wsgi:application",
                    "--bind",
                    f"{host}:{port}",
                    "--workers",
                    str(workers),
                    "--access-logfile",
                    "-",
                ]
            ),
            subprocess.Popen([*manage, "db_worker", "--no-reload"]),  # noqa: S603
            subprocess.Popen([*manage, "scheduler"]),  # noqa: S603
        ]
        self.stdout.write(f"Scrutiny is serving at http://{host}:{port}/ (Ctrl+C to stop)")

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
