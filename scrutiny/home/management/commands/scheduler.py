import time
from typing import Any

from django.core.management.base import BaseCommand

from scrutiny.home.schedule import enqueue_due_runs


class Command(BaseCommand):
    help = "Enqueue the daily jobs (the reminder digest) when their time comes. Safe to run on several hosts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and exit")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks")

    def handle(self, *args: Any, once: bool, interval: int, **options: Any) -> None:
        while True:
            for name in enqueue_due_runs():
                self.stdout.write(f"Enqueued {name}")
            if once:
                return
            time.sleep(interval)
