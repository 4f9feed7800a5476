"""The working-day clock for anyone signed in: due dates of statutory clocks, and plain arithmetic."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scrutiny.clocks.catalogue import all_rules, get_rule
from scrutiny.clocks.forms import DueDateForm, WorkingDaysForm
from scrutiny.clocks.holidays import OutsideHolidayData, first_year, last_year
from scrutiny.clocks.workdays import add_working_days
from scrutiny.partnerships.access import signed_in_view


@signed_in_view
def clock(request: HttpRequest) -> HttpResponse:
    # Two small calculators on one page; each GET form names itself so they keep their own input.
    due_form = DueDateForm(request.GET if "due-rule" in request.GET else None, prefix="due")
    days_form = WorkingDaysForm(request.GET if "days-days" in request.GET else None, prefix="days")
    due_result = days_result = None
    if due_form.is_bound and due_form.is_valid():
        rule = get_rule(due_form.cleaned_data["rule"])
        try:
            start = due_form.cleaned_data["start"]
            due_result = {"rule": rule, "date": rule.due(start), "explanation": rule.explain(start)}
        except OutsideHolidayData as error:
            due_form.add_error("start", str(error))
    if days_form.is_bound and days_form.is_valid():
        try:
            days_result = add_working_days(days_form.cleaned_data["start"], days_form.cleaned_data["days"])
        except OutsideHolidayData as error:
            days_form.add_error("start", str(error))
    return render(
        request,
        "clocks/clock.html",
        {
            "rules": all_rules(),
            "due_form": due_form,
            "days_form": days_form,
            "due_result": due_result,
            "days_result": days_result,
            "first_year": first_year(),
            "last_year": last_year(),
        },
    )
