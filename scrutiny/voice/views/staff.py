"""The voice room's staff pages: the inbox (safety concerns first), each submission with its
themes, closing a concern with what was done, the public pages' settings and designated contacts,
and the partnership's answers to each theme ("you said, we did") with their actions."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.accounts.models import User
from scrutiny.actions.forms import ActionForm
from scrutiny.actions.models import Action
from scrutiny.forms_govuk import errors_onto, form_page, saved_or_form_page
from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.scoping import get_scoped_or_404
from scrutiny.voice import alerts
from scrutiny.voice.access import readable_submission, reads_submissions
from scrutiny.voice.forms import ConcernCloseForm, ContactForm, ThemeResponseForm, ThemesForm, VoiceSettingsForm
from scrutiny.voice.models import (
    ROOM,
    Consultation,
    DesignatedContact,
    Feedback,
    FeedbackStatus,
    PanelSession,
    ThemeResponse,
    VoiceSettings,
)
from scrutiny.voice.reading_hours import describe


@partnership_view(ROOM, "view")
def voice_home(request: SeatedRequest) -> HttpResponse:
    """Open safety concerns first, then recent feedback (for those who read submissions), the
    counts by audience and theme (for everyone partnership-wide), and the answers to themes."""
    seat = request.seat
    feedback = Feedback.objects.filter(partnership=seat.partnership)
    reads = reads_submissions(seat)
    themes = Counter(
        label
        for label in feedback.filter(received_at__gte=timezone.now() - timedelta(days=365)).values_list(
            "themes__label", flat=True
        )
        if label
    )
    return render(
        request,
        "voice/home.html",
        {
            "concerns": feedback.unresolved_concerns() if reads else [],
            "recent": feedback[:25] if reads else [],
            "reads": reads,
            "by_audience": feedback.values("audience").annotate(n=Count("pk")).order_by("audience"),
            "themes": themes.most_common(10),
            "responses": ThemeResponse.objects.filter(partnership=seat.partnership).select_related("theme"),
            "consultations": Consultation.objects.filter(partnership=seat.partnership),
            "sessions": PanelSession.objects.filter(partnership=seat.partnership),
            "can_manage": seat.can(ROOM, "manage"),
            "public_url": request.build_absolute_uri(reverse("voice_public", kwargs={"slug": seat.partnership.slug})),
        },
    )


@partnership_view(ROOM, "view", row_rules=True)
def feedback_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    """One submission; reading it marks it read. The business manager tags its themes."""
    seat = request.seat
    feedback = readable_submission(seat, pk)
    if feedback.status == FeedbackStatus.NEW:
        feedback.status = FeedbackStatus.READ
        feedback.save(update_fields=["status"])
    form = ThemesForm(request.POST or None, partnership=seat.partnership, initial={"themes": feedback.themes.all()})
    if request.method == "POST":
        if not seat.can(ROOM, "manage"):
            raise PermissionDenied("Only the business manager tags feedback with themes.")
        if form.is_valid():
            feedback.themes.set(form.cleaned_data["themes"])
            messages.success(request, "Themes saved.")
            return redirect("voice_feedback_detail", slug=seat.partnership.slug, pk=feedback.pk)
    return render(
        request,
        "voice/feedback_detail.html",
        {
            "feedback": feedback,
            "form": form,
            "can_manage": seat.can(ROOM, "manage"),
            "alerts": feedback.alerts.all(),
            "history": entries_for(feedback),
        },
    )


@partnership_view(ROOM, "view", row_rules=True)
@post_only
def concern_acknowledge(request: SeatedRequest, pk: int) -> HttpResponse:
    """A named person says they have read the concern and are dealing with it: escalation stops."""
    seat = request.seat
    feedback = readable_submission(seat, pk)
    try:
        alerts.concern_acknowledge(feedback=feedback, person=seat.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You have acknowledged the concern. Record what was done to close it.")
    return redirect("voice_feedback_detail", slug=seat.partnership.slug, pk=feedback.pk)


@partnership_view(ROOM, "view", row_rules=True)
def concern_close(request: SeatedRequest, pk: int) -> HttpResponse:
    """A named person records what was done; only then does the concern stop being flagged."""
    seat = request.seat
    feedback = readable_submission(seat, pk)
    if not feedback.concern_open:
        messages.error(request, "This is not an open safety concern.")
        return redirect("voice_feedback_detail", slug=seat.partnership.slug, pk=feedback.pk)
    form = ConcernCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            alerts.concern_close(feedback=feedback, person=seat.user, action=form.cleaned_data["safety_action"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "What was done is recorded and the concern is closed.")
            return redirect("voice_feedback_detail", slug=seat.partnership.slug, pk=feedback.pk)
    return form_page(
        request,
        form,
        title="Record what was done",
        caption=str(feedback),
        back=reverse("voice_feedback_detail", kwargs={"slug": seat.partnership.slug, "pk": feedback.pk}),
        back_label="Back to the submission",
        button="Close the concern",
        intro=f"Flagged because the person {feedback.safety_reasons}.",
    )


@partnership_view(ROOM, "manage")
def voice_settings(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    settings = VoiceSettings.of(seat.partnership)
    form = VoiceSettingsForm(request.POST or None, instance=settings)
    contacts = DesignatedContact.objects.filter(partnership=seat.partnership).select_related("person")
    people = User.objects.filter(memberships__partnership=seat.partnership).distinct().order_by("full_name")
    contact_form = ContactForm(None, people=people.exclude(pk__in=contacts.values("person")))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("voice_settings", slug=seat.partnership.slug)
    return render(
        request,
        "voice/settings.html",
        {
            "form": form,
            "contacts": contacts,
            "contact_form": contact_form,
            "reading_hours": describe(settings),
            "history": entries_for(settings),
        },
    )


@partnership_view(ROOM, "manage")
@post_only
def contact_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    people = User.objects.filter(memberships__partnership=seat.partnership).distinct()
    form = ContactForm(request.POST, people=people)
    if form.is_valid():
        contacts = DesignatedContact.objects.filter(partnership=seat.partnership)
        last = contacts.order_by("-order").values_list("order", flat=True).first()
        DesignatedContact.objects.get_or_create(
            partnership=seat.partnership,
            person=form.cleaned_data["person"],
            defaults={"order": (last or 0) + 1},
        )
        messages.success(request, f"{form.cleaned_data['person']} will be alerted to safety concerns.")
    else:
        messages.error(request, "Choose a person who works in this partnership.")
    return redirect("voice_settings", slug=seat.partnership.slug)


@partnership_view(ROOM, "manage")
@post_only
def contact_remove(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    contact = get_scoped_or_404(DesignatedContact.objects.all(), seat.partnership, pk=pk)
    contact.delete()
    messages.success(request, f"{contact.person} will no longer be alerted.")
    return redirect("voice_settings", slug=seat.partnership.slug)


@partnership_view(ROOM, "manage")
@post_only
def contact_move_up(request: SeatedRequest, pk: int) -> HttpResponse:
    """Move a contact one place earlier in the order in which they are alerted."""
    seat = request.seat
    contact = get_scoped_or_404(DesignatedContact.objects.all(), seat.partnership, pk=pk)
    contacts = list(DesignatedContact.objects.filter(partnership=seat.partnership))
    at = contacts.index(contact)
    if at > 0:
        contacts[at - 1], contacts[at] = contacts[at], contacts[at - 1]
    for order, each in enumerate(contacts, start=1):
        if each.order != order:
            each.order = order
            each.save(update_fields=["order"])
    messages.success(request, f"{contact.person} is now number {contacts.index(contact) + 1} in the order.")
    return redirect("voice_settings", slug=seat.partnership.slug)


def _response_form(request: SeatedRequest, response: ThemeResponse | None) -> HttpResponse:
    seat = request.seat
    form = ThemeResponseForm(request.POST or None, instance=response, partnership=seat.partnership)
    return saved_or_form_page(
        request,
        form,
        title=f"Change {response}" if response else "Answer a theme",
        caption="Voice of children and families",
        back=reverse("voice_home", kwargs={"slug": seat.partnership.slug}),
        back_label="Back",
        button="Save",
        intro="Published answers appear on the partnership's public 'you said, we did' page.",
        history=entries_for(response) if response else [],
    )


@partnership_view(ROOM, "manage")
def response_add(request: SeatedRequest) -> HttpResponse:
    return _response_form(request, None)


@partnership_view(ROOM, "manage")
def response_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    return _response_form(request, get_scoped_or_404(ThemeResponse.objects.all(), request.seat.partnership, pk=pk))


@partnership_view(ROOM, "view")
def theme_response(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    response = get_scoped_or_404(ThemeResponse.objects.select_related("theme"), seat.partnership, pk=pk)
    actions = Action.objects.filter(
        partnership=seat.partnership, source_room=ROOM, source_id=response.pk, source_label__startswith="You said"
    )
    heard = Feedback.objects.filter(partnership=seat.partnership, themes=response.theme).count()
    return render(
        request,
        "voice/theme_response.html",
        {
            "response": response,
            "actions": actions,
            "heard": heard,
            "can_manage": seat.can(ROOM, "manage"),
            "history": entries_for(response),
        },
    )


@partnership_view(ROOM, "manage")
def response_action_add(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    response = get_scoped_or_404(ThemeResponse.objects.select_related("theme"), seat.partnership, pk=pk)
    form = ActionForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        action = form.create_action(
            source=response,
            source_label=f"You said, we did: {response.theme}",
            source_room=ROOM,
            themes=[response.theme],
            created_by=seat.user,
        )
        messages.success(request, f"Action “{action}” added to the action tracker.")
        return redirect(response)
    return form_page(
        request,
        form,
        title="Add an action",
        caption=str(response),
        back=response.get_absolute_url(),
        back_label="Back to the theme",
        button="Add action",
    )


@partnership_view(ROOM, "view")
def public_page_qr(request: SeatedRequest) -> HttpResponse:
    """The public feedback page's address as a QR code (SVG), to print on posters and leaflets."""
    seat = request.seat
    address = request.build_absolute_uri(reverse("voice_public", kwargs={"slug": seat.partnership.slug}))
    image = qrcode.make(address, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=4)
    response = HttpResponse(image.to_string(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="feedback-{seat.partnership.slug}.svg"'
    return response
