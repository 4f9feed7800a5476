"""A running statutory clock on one record: when it started, when it is due, when it was met.

Rooms describe their records' clocks with ``Clock`` (a notification due 5 working days after
the local authority became aware, a rapid review due 15 working days after the notification was
sent to the Panel…) and every page, feed and API answer reads the status from here, so "met late" means the
same thing everywhere. The deadline itself always comes from the catalogue rule as it applies to
the record's partnership (``scrutiny.clocks.catalogue.rule_for``), never from arithmetic in a room.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

from django.db import models

from scrutiny.clocks.catalogue import ClockRule, Direction, rule_for

if TYPE_CHECKING:
    from scrutiny.partnerships.models import Partnership

#: How far ahead an open clock counts as "due soon" (the same week as the home page's due list).
DUE_SOON_DAYS = 7


class ClockStatus(StrEnum):
    #: Nothing has started it yet (for example no planned publication date).
    NOT_STARTED = "not_started"
    DUE = "due"
    DUE_SOON = "due_soon"
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"
    #: The deadline has passed and the thing has not been done.
    MISSED = "missed"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def tag_colour(self) -> str:
        """The GOV.UK tag modifier that shows this status."""
        return _COLOURS[self]

    @property
    def is_open(self) -> bool:
        return self in (ClockStatus.DUE, ClockStatus.DUE_SOON, ClockStatus.MISSED)

    @property
    def is_late(self) -> bool:
        return self in (ClockStatus.MET_LATE, ClockStatus.MISSED)


_LABELS = {
    ClockStatus.NOT_STARTED: "Not started",
    ClockStatus.DUE: "Due",
    ClockStatus.DUE_SOON: "Due soon",
    ClockStatus.MET_ON_TIME: "Met on time",
    ClockStatus.MET_LATE: "Met late",
    ClockStatus.MISSED: "Missed",
}
_COLOURS = {
    ClockStatus.NOT_STARTED: "grey",
    ClockStatus.DUE: "blue",
    ClockStatus.DUE_SOON: "yellow",
    ClockStatus.MET_ON_TIME: "green",
    ClockStatus.MET_LATE: "orange",
    ClockStatus.MISSED: "red",
}


@dataclass(frozen=True)
class Clock:
    """One clock of one record. ``start`` is the event the rule runs from (for a reverse rule, the
    planned date it counts back from); ``met_on`` the day the thing was done, if it has been."""

    rule_id: str
    #: What the clock is for on this record, in a few words ("Notification to the Panel").
    label: str
    start: date | None
    met_on: date | None = None
    late_reason: str = ""
    #: Where the person who must act does it.
    url: str = ""
    #: The record the clock belongs to, as people know it ("Serious incident RB-24-03").
    record: str = ""
    #: A local deadline set on the record in place of the rule's default (an internal deadline,
    #: such as the date a rapid review asks each agency's contribution by). Statutory clocks
    #: leave it empty, so their deadline always comes from the catalogue.
    deadline: date | None = None
    #: What the page says while nothing has started the clock ("The clock starts when the
    #: notification is sent to the Panel."); such a clock is never late.
    waiting: str = ""
    #: The partnership whose record this is: its own length for a clock not yet confirmed applies.
    partnership: Partnership | None = None

    # Worked out once a clock: a page reads the rule several times (due date, status, title).
    @cached_property
    def rule(self) -> ClockRule:
        return rule_for(self.partnership, self.rule_id)

    @property
    def due(self) -> date | None:
        if self.deadline is not None:
            return self.deadline
        return self.rule.due(self.start) if self.start is not None else None

    def status(self, today: date) -> ClockStatus:
        due = self.due
        if due is None:
            return ClockStatus.NOT_STARTED
        if self.met_on is not None:
            return ClockStatus.MET_ON_TIME if self.met_on <= due else ClockStatus.MET_LATE
        if today > due:
            return ClockStatus.MISSED
        if due <= today + timedelta(days=DUE_SOON_DAYS):
            return ClockStatus.DUE_SOON
        return ClockStatus.DUE

    def needs_late_reason(self, today: date) -> bool:
        """Late (met late or missed) and no reason recorded yet."""
        return self.status(today).is_late and not self.late_reason.strip()

    @property
    def counts_back(self) -> bool:
        return self.rule.direction is Direction.BEFORE

    def as_dict(self, today: date) -> dict[str, object]:
        """The clock as the API shows it."""
        status = self.status(today)
        return {
            "rule": self.rule_id,
            "title": self.rule.title,
            "label": self.label,
            "starts": self.rule.starts,
            "start": self.start,
            "due": self.due,
            "met_on": self.met_on,
            "status": status.value,
            "late_reason": self.late_reason,
            "verified": self.rule.verified,
            "set_by_partnership": self.rule.set_by_partnership,
        }


def sharing_partnership[R: models.Model](records: Iterable[R], partnership: Partnership) -> list[R]:
    """``records`` of ``partnership``, each given that one object: the partnership's own clock
    lengths are then read once for the whole list (``catalogue.rule_for``), not once a record."""
    found = list(records)
    for record in found:
        record.partnership = partnership  # type: ignore[attr-defined]
    return found


def late_reason_problem(
    rule_id: str, start: date | None, met_on: date | None, late_reason: str, *, partnership: Partnership | None
) -> str:
    """Why a record of ``partnership`` cannot be saved as it stands: a date met after the deadline
    needs a reason. Empty when all is well. The message names the rule's deadline so the person can
    check it."""
    if start is None or met_on is None or late_reason.strip():
        return ""
    rule = rule_for(partnership, rule_id)
    due = rule.due(start)
    if met_on <= due:
        return ""
    return (
        f"This was done on {met_on:%-d %B %Y}, after the deadline of {due:%-d %B %Y} "
        f"({rule.length_text}): say why it was late."
    )


def on_time_rate(clocks: list[Clock], today: date) -> tuple[int, int]:
    """(on time, decided): of the clocks whose outcome is known (met, or missed), how many were
    met on time. Clocks still running or not started are left out."""
    decided = [
        c for c in clocks if c.status(today) in (ClockStatus.MET_ON_TIME, ClockStatus.MET_LATE, ClockStatus.MISSED)
    ]
    return sum(1 for c in decided if c.status(today) is ClockStatus.MET_ON_TIME), len(decided)
