"""The registry through which rooms offer what is due to the people who must act on it.

A room registers a provider from its ``AppConfig.ready()``; the home page and the daily reminder
digest ask the registry, so no room imports another and rooms built later simply plug in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from scrutiny.partnerships.access import Seat

#: How far ahead an item counts as "due soon" on the home page and in the digest.
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class DueItem:
    """Something a person must do by a date. ``url`` is where they do it."""

    title: str
    due: date
    url: str
    room: str
    detail: str = ""
    #: The statutory clock rule behind the date, where there is one (see scrutiny.clocks).
    clock_rule: str = ""
    #: Needs someone now, whatever its date (a child's safety concern): shown above everything
    #: else, in its own band, on the home page and in the digest.
    urgent: bool = False

    def is_overdue(self, today: date) -> bool:
        return self.due < today

    def days_left(self, today: date) -> int:
        return (self.due - today).days


DueProvider = Callable[[Seat, date], Iterable[DueItem]]

_due_providers: dict[str, DueProvider] = {}


def register_due_provider(name: str, provider: DueProvider) -> None:
    """Offer due items from a room. Registering the same name twice replaces the earlier provider,
    so ``ready()`` running more than once (as in tests) is harmless."""
    _due_providers[name] = provider


def due_providers() -> dict[str, DueProvider]:
    return dict(_due_providers)


@dataclass(frozen=True)
class DueList:
    overdue: list[DueItem]
    due_soon: list[DueItem]
    later: list[DueItem]
    now: list[DueItem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.now or self.overdue or self.due_soon or self.later)

    @property
    def needs_attention(self) -> int:
        return len(self.now) + len(self.overdue) + len(self.due_soon)


def due_for(seat: Seat, today: date) -> DueList:
    """Everything due for this person in this partnership, from every room, soonest first."""
    items = sorted(
        (item for provider in _due_providers.values() for item in provider(seat, today)),
        key=lambda item: (item.due, item.title),
    )
    soon = today + timedelta(days=DUE_SOON_DAYS)
    dated = [i for i in items if not i.urgent]
    return DueList(
        now=[i for i in items if i.urgent],
        overdue=[i for i in dated if i.due < today],
        due_soon=[i for i in dated if today <= i.due <= soon],
        later=[i for i in dated if i.due > soon],
    )
