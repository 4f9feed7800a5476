"""The History page's registry: a source is registered under a name, and registering the name
again replaces it, so a room's ``register()`` may run twice."""

from __future__ import annotations

from scrutiny.partnerships import history
from scrutiny.partnerships.history import register_history_source, unregister_history_source


def test_registering_a_name_again_replaces_the_source():
    def first(partnership):  # pragma: no cover - never called
        raise AssertionError

    def second(partnership):  # pragma: no cover - never called
        raise AssertionError

    before = len(history._HISTORY_SOURCES)
    try:
        register_history_source("test_source", first, room="voice")
        register_history_source("test_source", second, room="audits")
        assert len(history._HISTORY_SOURCES) == before + 1
        assert history._HISTORY_SOURCES["test_source"].make is second
        assert history._HISTORY_SOURCES["test_source"].room == "audits"
    finally:
        unregister_history_source("test_source")
    assert len(history._HISTORY_SOURCES) == before


def test_every_room_registers_once_however_often_ready_runs():
    from django.apps import apps

    names = dict(history._HISTORY_SOURCES)
    for config in apps.get_app_configs():
        if config.name.startswith("scrutiny."):
            config.ready()
    assert dict(history._HISTORY_SOURCES).keys() == names.keys()
