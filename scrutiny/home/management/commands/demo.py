"""`scrutiny demo`: a SQLite database with fictional demo data, then serve it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from scrutiny.demo import DemoLogin, build_demo


class Command(BaseCommand):
    help = "Create and migrate the database, load the fictional demo data (idempotently) and serve the app."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Prepare the database and stop")
        parser.add_argument(
            "--debug",
            action="store_true",
            help="Django's debug pages (tracebacks, settings): for a developer's machine only",
        )

    def handle(self, *args: Any, port: int, no_serve: bool, debug: bool = False, **options: Any) -> None:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        self.stdout.write("Building the demo data (about a minute the first time, seconds after that):")
        logins = build_demo(lambda step: self.stdout.write(f"  {step}…"))
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(f"Demo data is ready in {settings.DATABASES['default']['NAME']}.")
        self.stdout.write("Every demo account has no second factor, so you can try each role.")
        self.stdout.write(f"Sign in at {url}accounts/login/ as any of these (e-mail, password, partnership: role):")
        people: dict[str, list[DemoLogin]] = {}
        for login in logins:
            people.setdefault(login.email, []).append(login)
        width = max(len(email) for email in people)
        for email, held in people.items():
            roles = "; ".join(f"{login.partnership}: {login.role}" for login in held)
            self.stdout.write(f"  {email:<{width}}  {held[0].password}  {roles}")
        if no_serve:
            self.stdout.write(f"Run `uv run scrutiny serve` to serve it at {url}")
            return
        self.stdout.write(f"Open {url}")
        call_command("serve", port=port, no_migrate=True, debug=debug)
