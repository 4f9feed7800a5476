import time
from typing import Any

from django.core.management.base import BaseCommand

from scrutiny.home.schedule import enqueue_due_runs, run_frequent_checks


class Command(BaseCommand):
    help = (
        "Enqueue the daily jobs (the reminder digest) when their time comes, and run the frequent checks "
        "(safety concerns nobody acknowledged) each interval. Safe to run on several hosts."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and exit")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks")

    def handle(self, *args: Any, once: bool, interval: int, **options: Any) -> None:
        while True:
            for name in enqueue_due_runs():
                self.stdout.write(f"Enqueued {name}")
            for name, done in run_frequent_checks().items():
                if done:
                    self.stdout.write(f"{name}: {done}")
            if once:
                return
            time.sleep(interval)
