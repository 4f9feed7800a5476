from __future__ import annotations

import sys
from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


class FrameworksConfig(AppConfig):
    name = "scrutiny.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks"

    def ready(self) -> None:
        from scrutiny.frameworks.registrations import register

        # Only this app's post_migrate: it is sent once per app, and loading once is enough.
        post_migrate.connect(load_after_migrate, sender=self, dispatch_uid="frameworks_load_shipped")
        register()


def load_after_migrate(sender: AppConfig, *, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Load the shipped frameworks and taxonomy after ``migrate`` (and after ``flush``, which sends
    the same signal). Idempotent, and two queries when nothing has changed.

    Skipped where the database is not the default one, or where this app's tables do not match its
    models (``migrate frameworks zero``, or a migration back to an older schema)."""
    from scrutiny.frameworks.loading import load_shipped

    if using != DEFAULT_DB_ALIAS or not _schema_matches_models(sender, kwargs.get("apps")):
        return
    report = load_shipped()
    if report.loaded and kwargs.get("verbosity", 1) >= 1:
        stdout = kwargs.get("stdout") or sys.stdout
        stdout.write(f"  Loaded frameworks: {', '.join(report.loaded)}\n")


def _schema_matches_models(app_config: AppConfig, state_apps: Any) -> bool:
    """Whether the migrated state has every model of this app with the columns the code expects."""
    if state_apps is None:
        return True
    for model in app_config.get_models(include_auto_created=True):
        try:
            state_model = state_apps.get_model(model._meta.app_label, model._meta.model_name)
        except LookupError:
            return False
        if {f.column for f in state_model._meta.concrete_fields} != {f.column for f in model._meta.concrete_fields}:
            return False
    return True
