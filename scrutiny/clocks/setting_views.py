"""The partnership's clocks page: each statutory clock not yet confirmed against the guidance, its
shipped value and source, and the length the partnership set for it, which the business manager
sets, changes or removes (with a reason) for all the partnership's deadlines."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from scrutiny.clocks.catalogue import ClockRule, UnknownClock, all_rules, get_rule, rule_for, shipped_rule
from scrutiny.clocks.forms import ClockSettingClearForm, ClockSettingForm
from scrutiny.clocks.history import clock_history
from scrutiny.clocks.models import ROOM, ClockSetting
from scrutiny.clocks.services import clock_setting_clear, clock_setting_save
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import Seat, partnership_view, post_only
from scrutiny.partnerships.models import Partnership


@dataclass(frozen=True)
class ClockRow:
    """One clock not yet confirmed, as the page shows it."""

    #: This service's rule: shipped, then the service's overrides.
    service: ClockRule
    shipped: ClockRule
    #: The rule the partnership's deadlines use (``catalogue.rule_for``).
    applied: ClockRule
    setting: ClockSetting | None

    @property
    def service_differs(self) -> bool:
        return self.service.length_text != self.shipped.length_text


def _seat(request: HttpRequest) -> Seat:
    seat: Seat = request.seat  # type: ignore[attr-defined]
    return seat


def _settings(partnership: Partnership) -> dict[str, ClockSetting]:
    found = ClockSetting.objects.filter(partnership=partnership).select_related("set_by")
    return {setting.rule_id: setting for setting in found}


def _row(partnership: Partnership, rule: ClockRule, setting: ClockSetting | None) -> ClockRow:
    return ClockRow(
        service=rule, shipped=shipped_rule(rule.id), applied=rule_for(partnership, rule.id), setting=setting
    )


@partnership_view(ROOM, "view")
def clock_settings(request: HttpRequest) -> HttpResponse:
    seat = _seat(request)
    settings = _settings(seat.partnership)
    rows = [_row(seat.partnership, rule, settings.get(rule.id)) for rule in all_rules() if not rule.verified]
    listed = {row.service.id for row in rows}
    # A length set before the service confirmed the clock no longer applies: say so, so it can go.
    no_longer = [(setting, get_rule(rule_id)) for rule_id, setting in settings.items() if rule_id not in listed]
    return render(
        request,
        "clocks/settings.html",
        {"rows": rows, "no_longer": no_longer, "history": clock_history(seat.partnership)},
    )


def _settable(rule_id: str) -> ClockRule:
    """The service's rule ``rule_id`` if a partnership may set it; 404 otherwise, as for any page
    that is not there."""
    try:
        rule = get_rule(rule_id)
    except UnknownClock:
        raise Http404("No such clock") from None
    if rule.verified:
        raise Http404("This clock is confirmed against the guidance")
    return rule


def _edit_page(
    request: HttpRequest, rule: ClockRule, form: ClockSettingForm, clear_form: ClockSettingClearForm
) -> HttpResponse:
    partnership = _seat(request).partnership
    setting = ClockSetting.objects.filter(partnership=partnership, rule_id=rule.id).select_related("set_by").first()
    return render(
        request,
        "clocks/setting_form.html",
        {
            "row": _row(partnership, rule, setting),
            "form": form,
            "clear_form": clear_form,
        },
    )


def _initial(partnership: Partnership, rule_id: str) -> dict[str, object]:
    applied = rule_for(partnership, rule_id)
    setting = ClockSetting.objects.filter(partnership=partnership, rule_id=rule_id).first()
    return {"length": applied.length, "unit": applied.unit.value, "reason": setting.reason if setting else ""}


@partnership_view(ROOM, "manage")
def clock_setting_edit(request: HttpRequest, rule_id: str) -> HttpResponse:
    """Set or change the partnership's length; a refusal keeps what was typed beside the reason."""
    seat = _seat(request)
    rule = _settable(rule_id)
    form = ClockSettingForm(request.POST or None, initial=_initial(seat.partnership, rule_id))
    if request.method == "POST" and form.is_valid():
        try:
            saved = clock_setting_save(
                partnership=seat.partnership,
                rule_id=rule_id,
                length=form.cleaned_data["length"],
                unit=form.cleaned_data["unit"],
                reason=form.cleaned_data["reason"],
                person=seat.user,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"{rule.title}: your partnership's deadlines now count {saved.length_text}.")
            return redirect("clock_settings", slug=seat.partnership.slug)
    return _edit_page(request, rule, form, ClockSettingClearForm(prefix="remove"))


@partnership_view(ROOM, "manage")
@post_only
def clock_setting_remove(request: HttpRequest, rule_id: str) -> HttpResponse:
    """Remove the partnership's length: its deadlines use the service's value again. Allowed for a
    clock confirmed since the length was set, so an old setting can be tidied away."""
    seat = _seat(request)
    try:
        rule = get_rule(rule_id)
    except UnknownClock:
        raise Http404("No such clock") from None
    form = ClockSettingClearForm(request.POST, prefix="remove")
    if form.is_valid():
        try:
            clock_setting_clear(
                partnership=seat.partnership, rule_id=rule_id, person=seat.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{rule.title}: your partnership's deadlines count {rule.length_text} again, as the service's."
            )
        return redirect("clock_settings", slug=seat.partnership.slug)
    if rule.verified:
        # Removed from the list page, which has no form to show the mistake beside.
        messages.error(request, "Give a reason of 100 characters or fewer, or none.")
        return redirect("clock_settings", slug=seat.partnership.slug)
    return _edit_page(request, rule, ClockSettingForm(initial=_initial(seat.partnership, rule_id)), form)
