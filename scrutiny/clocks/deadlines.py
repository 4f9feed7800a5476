"""The registry through which rooms offer their records' statutory clocks to the deadlines page
and the calendar feed.

A room registers a provider from its ``AppConfig.ready()``; the provider answers the clocks of the
records this person may see. The deadlines page and the iCalendar feed ask the registry, so no room
imports another and rooms built later (the yearly report's clocks) simply plug in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from scrutiny.clocks.tracking import Clock
from scrutiny.partnerships.access import Seat

ClockProvider = Callable[[Seat], Iterable[Clock]]

_clock_providers: dict[str, ClockProvider] = {}


def register_clock_provider(name: str, provider: ClockProvider) -> None:
    """Offer a room's clocks. Registering the same name again replaces the earlier provider, so
    ``ready()`` running more than once (as in tests) is harmless."""
    _clock_providers[name] = provider


def clocks_for(seat: Seat) -> list[Clock]:
    """Every clock of every room that this person may see, in no particular order."""
    return [clock for provider in _clock_providers.values() for clock in provider(seat)]


def open_clocks_for(seat: Seat, today: date) -> list[Clock]:
    """The clocks still running or missed (not yet met), soonest deadline first."""
    found = [clock for clock in clocks_for(seat) if clock.due is not None and clock.status(today).is_open]
    return sorted(found, key=lambda clock: (clock.due or today, clock.record, clock.label))
