"""The registries through which rooms offer their records' statutory clocks to the deadlines page
and the calendar feed, and hear when a partnership changes the length of a clock.

A room registers a provider from its ``AppConfig.ready()``; the provider answers the clocks of the
records this person may see. The deadlines page and the iCalendar feed ask the registry, so no room
imports another and rooms built later (the yearly report's clocks) simply plug in. A room that
stores a date worked out from a clock (a recommendation's impact check) registers a listener, so
the stored date follows the partnership's setting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from scrutiny.clocks.tracking import Clock
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Partnership

ClockProvider = Callable[[Seat], Iterable[Clock]]
RuleListener = Callable[[Partnership, str], None]

_clock_providers: dict[str, ClockProvider] = {}
_rule_listeners: dict[str, RuleListener] = {}


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


def register_rule_listener(name: str, listener: RuleListener) -> None:
    """Hear ``(partnership, rule_id)`` when a partnership sets or clears its length for a clock.
    Registering the same name again replaces the earlier listener."""
    _rule_listeners[name] = listener


def rule_changed(partnership: Partnership, rule_id: str) -> None:
    """Tell every room that ``partnership``'s length for ``rule_id`` changed."""
    for listener in _rule_listeners.values():
        listener(partnership, rule_id)
