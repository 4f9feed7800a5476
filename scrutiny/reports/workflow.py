"""The yearly report's workflow across its records: start a draft from the record, refresh it,
edit it, sign it off, publish it (freezing its files), correct it, and record the copies sent.

Every step checks its rule and refuses with a reason that says what to do, changing nothing:
``ValidationError`` for the person to put right, ``PermissionDenied`` where the person may not.
A change to what was signed withdraws the sign-offs, because a lead partner signs a text, not a
draft that moves on after them.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from scrutiny.figures import suppression
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Agency, Partnership, reporting_year_label, reporting_year_starting
from scrutiny.partnerships.roles import Role
from scrutiny.reports import prefill
from scrutiny.reports.completeness import blocking
from scrutiny.reports.models import (
    ReportSection,
    ReportSignOff,
    ReportSource,
    ReportStatus,
    SourceKind,
    YearlyReport,
)
from scrutiny.reports.sections import SCRUTINY, section_keys

#: The first reporting year a report can be drafted for (the 2018 arrangements' first year).
FIRST_YEAR = 2019


def partner_bodies(partnership: Partnership) -> list[Agency]:
    """The statutory partner bodies whose lead partners each sign the report off."""
    return list(Agency.objects.partner_bodies_of(partnership).order_by("name"))


def signing_bodies(seat: Seat) -> list[Agency]:
    """The partner bodies this person leads, and so may sign the report off for."""
    bodies = {body.pk for body in partner_bodies(seat.partnership)}
    return [
        m.agency
        for m in seat.memberships
        if m.role == Role.LEAD_PARTNER and m.agency is not None and m.agency.pk in bodies
    ]


def can_edit_section(seat: Seat, key: str) -> bool:
    """The scrutineer writes the scrutineer's evaluation and nothing else; the business manager
    writes every other section. Both may refresh figures and add sources to the sections they write."""
    if key == SCRUTINY:
        return seat.has_role(Role.SCRUTINEER)
    return seat.has_role(Role.BUSINESS_MANAGER)


def require_section_writer(seat: Seat, key: str) -> None:
    """Only the person who writes a section may change its words (:func:`can_edit_section`)."""
    if not can_edit_section(seat, key):
        who = "the independent scrutineer" if key == SCRUTINY else "the business manager"
        raise PermissionDenied(f"This section is written by {who}.")


def _must_be_draft(report: YearlyReport) -> None:
    if not report.is_draft:
        raise ValidationError(
            f"Version {report.version} of the {report.year_label} report is published and cannot be changed. "
            "Make a correction instead: it becomes a new version with the reason shown."
        )


def require_business_manager(seat: Seat) -> None:
    """The steps that run the partnership's report (start, publish, copies, corrections) are the
    business manager's, whom the matrix's "manage" shares with the scrutineer."""
    if not seat.has_role(Role.BUSINESS_MANAGER):
        raise PermissionDenied("Only the business manager can do this.")


def withdraw_sign_offs(report: YearlyReport) -> int:
    """Remove the sign-offs of a text that has changed (history keeps who had signed, and when)."""
    count = 0
    for sign_off in report.sign_offs.all():
        sign_off.delete()
        count += 1
    return count


@transaction.atomic
def report_start(*, partnership: Partnership, year: int, seat: Seat, today: date) -> YearlyReport:
    """A draft for the reporting year, pre-filled from the rooms."""
    require_business_manager(seat)
    latest = reporting_year_starting(today)
    if not FIRST_YEAR <= year <= latest:
        first, last = reporting_year_label(FIRST_YEAR), reporting_year_label(latest)
        raise ValidationError({"year": f"Choose a reporting year from {first} to {last}."})
    existing = YearlyReport.objects.filter(partnership=partnership, year=year)
    if existing.filter(status=ReportStatus.DRAFT).exists():
        raise ValidationError({"year": f"There is already a draft report for {reporting_year_label(year)}."})
    if existing.exists():
        raise ValidationError(
            {
                "year": f"The {reporting_year_label(year)} report is already published. To change it, make a "
                "correction from the published report."
            }
        )
    report = YearlyReport.objects.create(partnership=partnership, year=year)
    for key in section_keys():
        ReportSection.objects.create(
            report=report, key=key, text=prefill.scrutiny_text(partnership, year) if key == SCRUTINY else ""
        )
    _fill(report, today)
    return report


def _fill(report: YearlyReport, today: date) -> None:
    sections = {section.key: section for section in report.sections.all()}
    for key, drafts in prefill.drafts_for(report.partnership, report.year, today, sections).items():
        section = sections[key]
        start = len([s for s in section.sources.all() if s.added_by_hand])
        ReportSource.objects.bulk_create(
            ReportSource(
                section=section,
                kind=draft.kind,
                label=draft.label[:400],
                value=draft.value[:200],
                text=draft.text,
                note=draft.note[:300],
                url=draft.url,
                room=draft.room,
                is_outcome=draft.is_outcome,
                chart=draft.chart,
                position=start + index,
            )
            for index, draft in enumerate(drafts)
        )


@transaction.atomic
def refresh(*, report: YearlyReport, seat: Seat, today: date) -> int:
    """Read the figures and records from the rooms again, keeping the words and any sources added
    by hand. Returns how many sign-offs were withdrawn."""
    _must_be_draft(report)
    if not (seat.has_role(Role.BUSINESS_MANAGER) or seat.has_role(Role.SCRUTINEER)):
        raise PermissionDenied("Only the business manager or the scrutineer can refresh the figures.")
    ReportSource.objects.filter(section__report=report, added_by_hand=False).delete()
    _fill(report, today)
    return withdraw_sign_offs(report)


@transaction.atomic
def section_save(*, section: ReportSection, seat: Seat, text: str) -> int:
    """Save a section's words. Returns how many sign-offs were withdrawn (0 if nothing changed)."""
    _must_be_draft(section.report)
    require_section_writer(seat, section.key)
    text = text.strip()
    if text == section.text:
        return 0
    section.text = text
    section.save()
    return withdraw_sign_offs(section.report)


@transaction.atomic
def details_save(*, report: YearlyReport, seat: Seat, plain_summary: str, scrutiny_placement: str) -> int:
    _must_be_draft(report)
    require_business_manager(seat)
    plain_summary = plain_summary.strip()
    if plain_summary == report.plain_summary and scrutiny_placement == report.scrutiny_placement:
        return 0
    report.plain_summary = plain_summary
    report.scrutiny_placement = scrutiny_placement
    report.save()
    return withdraw_sign_offs(report)


@transaction.atomic
def source_add(*, section: ReportSection, seat: Seat, source: ReportSource) -> int:
    """Add a source by hand (a record the rooms do not hold, or evidence of outcomes)."""
    _must_be_draft(section.report)
    if not can_edit_section(seat, section.key):
        raise PermissionDenied("You cannot add sources to this section.")
    source.section = section
    source.added_by_hand = True
    source.kind = SourceKind.RECORD if not source.value else SourceKind.FIGURE
    # A figure typed by hand is published like the rooms' figures: small counts withheld.
    shown = suppression.in_text(source.value)
    if shown.suppressed:
        source.value = shown.text
        source.note = f"Small numbers withheld ({shown.reason})"
    source.position = (section.sources.aggregate(last=Max("position"))["last"] or 0) + 1
    source.full_clean()
    source.save()
    return withdraw_sign_offs(section.report)


@transaction.atomic
def source_remove(*, source: ReportSource, seat: Seat) -> int:
    section = source.section
    _must_be_draft(section.report)
    if not can_edit_section(seat, section.key):
        raise PermissionDenied("You cannot remove sources from this section.")
    source.delete()
    return withdraw_sign_offs(section.report)


@transaction.atomic
def sign_off(*, report: YearlyReport, seat: Seat, body: Agency, on: date) -> ReportSignOff:
    _must_be_draft(report)
    if body.pk not in {b.pk for b in signing_bodies(seat)}:
        raise PermissionDenied(f"Only the lead safeguarding partner for {body} can sign the report off for it.")
    problems = blocking(report)
    if problems:
        raise ValidationError(
            ["The report is not complete enough to sign off yet:"] + [problem.message for problem in problems]
        )
    user = seat.user
    signed, _ = ReportSignOff.objects.update_or_create(
        report=report,
        partner_body=body,
        defaults={
            "signed_by": user,
            "signer_name": getattr(user, "full_name", "") or str(user),
            "signer_title": getattr(user, "job_title", ""),
            "signed_on": on,
        },
    )
    return signed


def unsigned_bodies(report: YearlyReport) -> list[Agency]:
    signed = set(report.sign_offs.values_list("partner_body_id", flat=True))
    return [body for body in partner_bodies(report.partnership) if body.pk not in signed]


def publish_problems(report: YearlyReport) -> list[str]:
    """Why the report cannot be published yet, or nothing when it can."""
    if not report.is_draft:
        return [f"Version {report.version} is already published."]
    found = [problem.message for problem in blocking(report)]
    bodies = partner_bodies(report.partnership)
    if not bodies:
        found.append("The partnership has no statutory partner bodies to sign the report off: add them under Agencies.")
    unsigned = unsigned_bodies(report)
    if unsigned:
        found.append("It still needs signing off for " + ", ".join(str(body) for body in unsigned) + ".")
    return found


@transaction.atomic
def publish(*, report: YearlyReport, seat: Seat, on: date) -> YearlyReport:
    """Publish the version: freeze its web page, PDF and Word files, and replace the version it
    corrects. Refused, changing nothing, until every lead partner has signed it off."""
    from scrutiny.reports import rendering

    require_business_manager(seat)
    # Lock the row so two clicks cannot publish twice.
    report = YearlyReport.objects.select_for_update().get(pk=report.pk)
    if on > timezone.localdate():
        raise ValidationError({"published_on": "The publication date cannot be in the future."})
    problems = publish_problems(report)
    if problems:
        raise ValidationError(["The report cannot be published yet:", *problems])
    last_signed = max(s.signed_on for s in report.sign_offs.all())
    if on < last_signed:
        raise ValidationError({"published_on": "The publication date cannot be before the last sign-off."})
    report.status = ReportStatus.PUBLISHED
    report.published_on = on
    report.published_by = seat.user
    report.save()
    if report.corrects_id:
        YearlyReport.objects.filter(pk=report.corrects_id).update(status=ReportStatus.SUPERSEDED, replaced_on=on)
    rendering.freeze(report)
    return report


@transaction.atomic
def correct(*, report: YearlyReport, seat: Seat, reason: str) -> YearlyReport:
    """A new draft version of a published report, with everything copied and the reason given."""
    require_business_manager(seat)
    if report.status != ReportStatus.PUBLISHED:
        raise ValidationError("Only the version the public reads now can be corrected.")
    if not reason.strip():
        raise ValidationError({"reason": "Say what is being corrected and why: the reason is published."})
    if YearlyReport.objects.filter(
        partnership=report.partnership, year=report.year, status=ReportStatus.DRAFT
    ).exists():
        raise ValidationError("A correction of this report is already being drafted.")
    latest = YearlyReport.objects.filter(partnership=report.partnership, year=report.year).aggregate(v=Max("version"))
    new = YearlyReport.objects.create(
        partnership=report.partnership,
        year=report.year,
        version=(latest["v"] or report.version) + 1,
        plain_summary=report.plain_summary,
        scrutiny_placement=report.scrutiny_placement,
        corrects=report,
        correction_reason=reason.strip(),
    )
    for section in report.sections.prefetch_related("sources"):
        copied = ReportSection.objects.create(report=new, key=section.key, text=section.text)
        for source in section.sources.all():
            source.pk = None
            source.id = None
            source.section = copied
            source.save()
    return new


@transaction.atomic
def copies_record(
    *, report: YearlyReport, seat: Seat, panel_on: date | None, foundations_on: date | None, today: date
) -> None:
    """Record when the copies went to the national Panel and to Foundations."""
    require_business_manager(seat)
    if not report.is_published:
        raise ValidationError("Copies are sent after publication: publish the report first.")
    errors = {}
    for field, when in (("panel_copy_sent_on", panel_on), ("foundations_copy_sent_on", foundations_on)):
        if when is None:
            continue
        if report.published_on and when < report.published_on:
            errors[field] = (
                f"The copy cannot have been sent before the report was published ({report.published_on:%-d %B %Y})."
            )
        elif when > today:
            errors[field] = "The date cannot be in the future."
    if errors:
        raise ValidationError(errors)
    report.panel_copy_sent_on = panel_on
    report.foundations_copy_sent_on = foundations_on
    report.save()
