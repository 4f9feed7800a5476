"""Pages for locally defined measures and the agencies' returns of them.

The business manager defines the measures and opens each round; each agency's contributors (and
the business manager on their behalf) enter or upload their agency's figures and submit; everyone
partnership-wide sees who has submitted and who is late. An agency contributor sees only their own
agency's returns.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import SeatedRequest, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.scoping import get_scoped_or_404, only_their_agency, scoped
from scrutiny.performance.agency_returns import (
    Entry,
    entries_from_upload,
    entry_from,
    may_enter,
    measures_for,
    round_open,
    submission_save,
    submissions_visible_to,
    template_csv,
    template_xlsx,
    timeliness,
)
from scrutiny.performance.charts import svg, xmr_figure
from scrutiny.performance.forms import LocalMeasureForm, ReturnRoundForm, TemplateUploadForm
from scrutiny.performance.models import ROOM, AgencySubmission, LocalMeasure, MeasureValue, ReturnRound
from scrutiny.performance.spc import xmr


@partnership_view(ROOM, "view")
def measure_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    measures = scoped(LocalMeasure.objects.select_related("owner"), seat.partnership)
    return render(
        request, "performance/measure_list.html", {"measures": measures, "can_manage": seat.can(ROOM, "manage")}
    )


def _measure_form(request: SeatedRequest, measure: LocalMeasure | None) -> HttpResponse:
    seat = request.seat
    form = LocalMeasureForm(request.POST or None, instance=measure, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save_measure(by=seat.user)
        except ValidationError as problem:
            errors_onto(form, problem)
        else:
            messages.success(request, "Measure saved.")
            return redirect("measure_detail", slug=seat.partnership.slug, pk=saved.pk)
    history = entries_for(measure) if measure else []
    return render(request, "performance/measure_form.html", {"form": form, "measure": measure, "history": history})


@partnership_view(ROOM, "manage")
def measure_add(request: SeatedRequest) -> HttpResponse:
    return _measure_form(request, None)


@partnership_view(ROOM, "manage")
def measure_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    return _measure_form(request, get_scoped_or_404(LocalMeasure.objects.all(), request.seat.partnership, pk=pk))


@partnership_view(ROOM, "view")
def round_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    today = timezone.localdate()
    year_start = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return render(
        request,
        "performance/round_list.html",
        {
            "rounds": scoped(ReturnRound.objects.all(), seat.partnership),
            "timeliness": timeliness(seat.partnership, year_start, date(year_start.year + 1, 3, 31), today),
            "year_start": year_start,
            "can_manage": seat.can(ROOM, "manage"),
        },
    )


@partnership_view(ROOM, "manage")
def round_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    form = ReturnRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = round_open(partnership=seat.partnership, **form.cleaned_data)
        except ValidationError as problem:
            errors_onto(form, problem)
        else:
            messages.success(request, f"Round opened: {opened.submissions.count()} agencies have been asked.")
            return redirect("round_detail", slug=seat.partnership.slug, pk=opened.pk)
    return render(request, "performance/round_form.html", {"form": form})


@partnership_view(ROOM, "view")
def round_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    opened = get_scoped_or_404(ReturnRound.objects.all(), seat.partnership, pk=pk)
    submissions = opened.submissions.select_related("agency", "submitted_by")
    return render(
        request,
        "performance/round_detail.html",
        {"round": opened, "submissions": submissions, "today": timezone.localdate()},
    )


@partnership_view(ROOM, "contribute")
def agency_returns(request: SeatedRequest) -> HttpResponse:
    """The returns this person's agencies are asked for (the business manager sees all)."""
    seat = request.seat
    mine = submissions_visible_to(seat)
    if not seat.can(ROOM, "manage"):
        mine = only_their_agency(mine, seat)
    return render(request, "performance/agency_returns.html", {"submissions": mine, "today": timezone.localdate()})


def _submission(request: SeatedRequest, pk: int) -> AgencySubmission:
    submission: AgencySubmission | None = submissions_visible_to(request.seat).filter(pk=pk).first()
    if submission is None:
        raise Http404("No such return.")
    return submission


@partnership_view(ROOM, "contribute", row_rules=True)
def submission_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    submission = _submission(request, pk)
    allowed = may_enter(seat, submission)
    measures = measures_for(submission)
    current = {value.measure_id: value for value in submission.values.all()}
    problems: list[str] = []
    typed: dict[str, str] = {}
    upload_form = TemplateUploadForm()
    if request.method == "POST":
        if not allowed:
            raise Http404("No such return.")
        entries: dict[int, Entry] = {}
        try:
            if "upload" in request.POST:
                upload_form = TemplateUploadForm(request.POST, request.FILES)
                if not upload_form.is_valid():
                    raise ValidationError("Choose the filled-in template to upload.")
                given = upload_form.cleaned_data["template"]
                entries = entries_from_upload(submission, given.name or "", given.read())
            else:
                typed = {key: str(value) for key, value in request.POST.items()}
                for measure in measures:
                    raw = {
                        field: request.POST.get(f"m{measure.pk}-{field}", "")
                        for field in ("value", "numerator", "denominator", "note")
                    }
                    entries[measure.pk] = entry_from(measure, raw, measure.title)
            submission_save(submission=submission, entries=entries, user=seat.user, submit="submit" in request.POST)
        except ValidationError as problem:
            problems = problem.messages
        else:
            messages.success(
                request, "Return submitted." if "submit" in request.POST else "Figures saved; not submitted yet."
            )
            return redirect("submission_detail", slug=seat.partnership.slug, pk=submission.pk)
    rows = []
    for measure in measures:
        value = current.get(measure.pk)
        saved = {
            "value": "" if value is None or value.value is None else str(value.value),
            "numerator": "" if value is None or value.numerator is None else str(value.numerator),
            "denominator": "" if value is None or value.denominator is None else str(value.denominator),
            "note": value.note if value else "",
        }
        shown = {field: typed.get(f"m{measure.pk}-{field}", saved[field]) if typed else saved[field] for field in saved}
        rows.append({"measure": measure, "values": shown})
    return render(
        request,
        "performance/submission_detail.html",
        {
            "submission": submission,
            "rows": rows,
            "may_enter": allowed,
            "problems": problems,
            "upload_form": upload_form,
            "late": submission.late(timezone.localdate()),
            "history": entries_for(submission),
        },
    )


@partnership_view(ROOM, "contribute", row_rules=True)
def submission_template_csv(request: SeatedRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    response = HttpResponse(template_csv(submission), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="return-{submission.pk}.csv"'
    return response


@partnership_view(ROOM, "contribute", row_rules=True)
def submission_template_xlsx(request: SeatedRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    response = HttpResponse(
        template_xlsx(submission), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="return-{submission.pk}.xlsx"'
    return response


def _measure_points(measure: LocalMeasure) -> list[tuple[str, float, MeasureValue]]:
    values = (
        MeasureValue.objects.filter(measure=measure, value__isnull=False, submission__submitted_at__isnull=False)
        .select_related("submission__round")
        .order_by("submission__round__period_start")
    )
    return [(value.submission.round.period_label, float(value.value or 0), value) for value in values]


@partnership_view(ROOM, "view")
def measure_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    """A local measure: its definition, every period's submitted figure, and its XmR reading."""
    seat = request.seat
    measure = get_scoped_or_404(LocalMeasure.objects.select_related("owner"), seat.partnership, pk=pk)
    points = _measure_points(measure)
    reading = xmr([(label, number) for label, number, _value in points], measure.polarity)
    return render(
        request,
        "performance/measure_detail.html",
        {
            "measure": measure,
            "points": points,
            "reading": reading,
            "summary": reading.summary("%" if measure.unit == "percent" else "") if reading else "",
            "can_manage": seat.can(ROOM, "manage"),
            "history": entries_for(measure),
        },
    )


@partnership_view(ROOM, "view")
def measure_chart_svg(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    measure = get_scoped_or_404(LocalMeasure.objects.all(), seat.partnership, pk=pk)
    reading = xmr([(label, number) for label, number, _value in _measure_points(measure)], measure.polarity)
    if reading is None:
        raise Http404("Fewer than two periods are submitted, so there is no chart.")
    return HttpResponse(svg(xmr_figure(reading, measure.title), measure.title), content_type="image/svg+xml")
