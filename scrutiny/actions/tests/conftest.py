"""Actions for the tests: a clean Riverbank tracker and small helpers to make actions and evidence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from scrutiny.actions.models import Action
from scrutiny.evidence.models import EvidenceItem, EvidenceKind
from scrutiny.partnerships import context_processors
from scrutiny.partnerships.models import Agency, Partnership

OAKFIELD = "Oakfield Academies Trust (demo)"
POLICE = "Capital Police South Area (demo)"
COUNCIL = "Riverbank Borough Council (demo)"
HEALTH = "South Thames Health Board (demo)"
HILLCREST_SCHOOLS = "Hillcrest Schools Partnership (demo)"


@pytest.fixture(autouse=True)
def navigation_of_existing_pages(monkeypatch: Any) -> None:
    """Rooms built beside this one may not have their pages yet: show only navigation that resolves."""

    def exists(name: str) -> bool:
        try:
            reverse(name, kwargs={"slug": "x"})
        except NoReverseMatch:
            return False
        return True

    entries = [entry for entry in context_processors.PARTNERSHIP_NAVIGATION if exists(entry[1])]
    monkeypatch.setattr(context_processors, "PARTNERSHIP_NAVIGATION", entries)


@pytest.fixture
def tracker(cast: Any) -> Any:
    """The demo partnerships with no actions yet (whatever the demo builder adds), so each test
    sees only the actions it makes."""
    for action in Action.objects.all():
        action.delete()
    return cast


def new_action(
    partnership: Partnership,
    *,
    title: str = "Refresh the threshold document",
    agency: str = OAKFIELD,
    due_in: int = 30,
    created_days_ago: int = 60,
    owner: Any = None,
    source_room: str = "",
    status: str = "not_started",
    created_by: Any = None,
) -> Action:
    """An action agreed ``created_days_ago`` days ago, due ``due_in`` days from today."""
    today = timezone.localdate()
    created = timezone.make_aware(datetime.combine(today - timedelta(days=created_days_ago), time(9)))
    action = Action(
        partnership=partnership,
        title=title,
        owner_agency=Agency.objects.get(name=agency),
        owner=owner,
        due_date=today + timedelta(days=due_in),
        source_room=source_room,
        status=status,
        created_by=created_by,
        created_at=created,
    )
    action.full_clean()
    action.save()
    return action


def new_evidence(
    partnership: Partnership, title: str = "Published policy", agency: str | None = None, added_by: Any = None
) -> EvidenceItem:
    if added_by is None:
        manager = partnership.memberships.filter(role="business_manager").first()
        assert manager is not None
        added_by = manager.user
    item = EvidenceItem(
        added_by=added_by,
        partnership=partnership,
        title=title,
        kind=EvidenceKind.LINK,
        url="https://example.org/policy",
        agency=Agency.objects.get(name=agency) if agency else None,
    )
    item.full_clean(exclude=["requirements", "themes"])
    item.save()
    return item


@pytest.fixture
def make_action(tracker: Any) -> Callable[..., Action]:
    def make(**kwargs: Any) -> Action:
        partnership = kwargs.pop("partnership", tracker.riverbank)
        return new_action(partnership, **kwargs)

    return make


@pytest.fixture
def make_evidence(tracker: Any) -> Callable[..., EvidenceItem]:
    def make(
        title: str = "Published policy", *, partnership: Partnership | None = None, agency: str | None = None
    ) -> EvidenceItem:
        return new_evidence(partnership or tracker.riverbank, title, agency)

    return make
