from __future__ import annotations

import sys
from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


class AuditsConfig(AppConfig):
    name = "scrutiny.audits"
    label = "audits"
    verbose_name = "Audits"

    def ready(self) -> None:
        from scrutiny.audits.registrations import register

        post_migrate.connect(load_after_migrate, sender=self, dispatch_uid="audits_load_shipped")
        register()


def load_after_migrate(sender: AppConfig, *, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Load the shipped audit standards after ``migrate`` (and ``flush``). Idempotent."""
    from scrutiny.audits.loading import load_shipped_standards
    from scrutiny.frameworks.apps import _schema_matches_models

    if using != DEFAULT_DB_ALIAS or not _schema_matches_models(sender, kwargs.get("apps")):
        return
    loaded = load_shipped_standards()
    if loaded and kwargs.get("verbosity", 1) >= 1:
        stdout = kwargs.get("stdout") or sys.stdout
        stdout.write(f"  Loaded audit standards: {', '.join(loaded)}\n")
