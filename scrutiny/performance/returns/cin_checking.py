"""Applying the data-quality rules (cin_quality) to each child as a CIN census streams, and the
summary of what they found: records by rule, children with a problem, and each problem."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from scrutiny.performance.returns.cin_quality import (
    DUPLICATE_CHILD_ID,
    EVERY_INDICATOR,
    RULE_LABELS,
    RULE_LEAVES_OUT,
    RULES,
    Collection,
    Finding,
    codes_of,
)
from scrutiny.performance.returns.problems import MAX_LISTED, Problem

if TYPE_CHECKING:
    from scrutiny.performance.returns.cin import Child


@dataclass
class Quality:
    """What the checks found in one file: records by rule, children with a problem, and the
    problems themselves (the first MAX_LISTED, with the total)."""

    by_rule: Counter[str] = field(default_factory=Counter)
    children: int = 0
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)

    def summary(self, children_read: int) -> dict[str, object]:
        """The data-quality summary stored with the import (counts only, no child)."""
        return {
            "children": children_read,
            "children_with_problems": self.children,
            "by_rule": dict(sorted(self.by_rule.items())),
        }


def _maybe_broken(child: Child, limit: date) -> bool:
    """Whether any rule could find something in this child: one quick walk over its dates, so
    that the great majority of children, with nothing wrong, cost the import little (the checks
    must add no more than 15% to it, bench/cin_import.py). It may say yes where the rules then
    find nothing; it never says no where a rule would find something. Children with several
    episodes go to the rules, which compare the episodes and plans with each other."""
    episodes = child.episodes
    if len(episodes) > 1:
        return True
    for e in episodes:
        referral, closure = e.referral, e.closure
        if referral > limit or (e.conference is not None and e.conference > limit):
            return True
        if closure is None:
            if e.reason_for_closure:
                return True
        elif closure < referral or closure > limit:
            return True
        for a in e.assessments:
            authorised = a.authorised
            if a.start > limit or (a.factors if authorised is None else authorised < a.start or authorised > limit):
                return True
        for s in e.enquiries:
            conference = s.conference
            if s.start < referral or s.start > limit or (conference is not None and not s.start <= conference <= limit):
                return True
        plans = e.plans
        if len(plans) > 1:
            return True
        for p in plans:
            end = p.end
            if p.start > limit or (end is not None and not p.start <= end <= limit):
                return True
            if p.reviews and (min(p.reviews) < p.start or max(p.reviews) > limit):
                return True
    return False


class Checker:
    """Applies every rule to each child of one file, marks what each broken record is left out
    of, and keeps the findings as problems."""

    def __init__(self, name: str, collection: Collection) -> None:
        self.name = name
        self.collection = collection
        self.quality = Quality()
        #: LA child IDs seen so far, in memory only, for the duplicate rule.
        self.seen: set[str] = set()
        #: No date of a sound record is later than this.
        self.limit = min(collection.end, collection.today)

    def check(self, child: Child) -> None:
        """Apply every rule to ``child``, marking each broken record with what it is left out of."""
        if child.key:
            if child.key in self.seen:
                found = Finding(
                    "LAchildID",
                    "an earlier child in the file has the same LA child ID",
                    child,
                    EVERY_INDICATOR,
                    child.line,
                )
                self._record(child, DUPLICATE_CHILD_ID, [found])
                self.quality.children += 1
                return
            self.seen.add(child.key)
        if not _maybe_broken(child, self.limit):
            return
        broken = False
        for rule in RULES:
            found_by_rule = rule(child, self.collection)
            if found_by_rule:
                self._record(child, rule.__name__, found_by_rule)
                broken = True
        self.quality.children += broken

    def _record(self, child: Child, rule: str, findings: list[Finding]) -> None:
        record = f"child {child.position:,}"
        for finding in findings:
            finding.record.left_out |= finding.left_out
            self.quality.by_rule[rule] += 1
            self.quality.add(
                Problem(self.name, finding.reason, record=record, element=finding.element, line=finding.line)
            )


@dataclass(frozen=True)
class QualityRow:
    """One rule's line of a data-quality summary."""

    rule: str
    label: str
    records: int
    left_out_of: list[str]

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "label": self.label, "records": self.records, "left_out_of": self.left_out_of}


def summary_rows(summary: dict[str, object]) -> list[QualityRow]:
    """A stored data-quality summary by rule, in the rules' order, for pages and the API: the
    rule's code and label, the records it found and the indicators it left them out of."""
    counts = summary.get("by_rule") if summary else None
    if not isinstance(counts, dict):
        return []
    return [
        QualityRow(rule, label, int(counts[rule]), codes_of(RULE_LEAVES_OUT[rule]))
        for rule, label in RULE_LABELS.items()
        if counts.get(rule)
    ]
