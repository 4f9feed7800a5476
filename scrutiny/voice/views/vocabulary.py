"""The safety words page: the shipped vocabulary by category (with its version and sources), the
partnership's own additions, adding and removing them, and trying a message against them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import entries_for
from scrutiny.voice import learned
from scrutiny.voice.access import edits_safety_words, require_safety_word_editor
from scrutiny.voice.forms import SafetyTermForm
from scrutiny.voice.models import SafetyTerm
from scrutiny.voice.reading import CLEARED, FOUND_BY_MODEL, read_message
from scrutiny.voice.safety import additions_of
from scrutiny.voice.safety_words import safety_term_add, safety_word_remove
from scrutiny.voice.vocabulary import shipped

ROOM = "voice_vocabulary"


def _editor(request: SeatedRequest) -> Seat:
    seat = request.seat
    require_safety_word_editor(seat)
    return seat


def _page(request: SeatedRequest, form: SafetyTermForm) -> HttpResponse:
    seat = request.seat
    shipped_vocabulary = shipped()
    tried = request.GET.get("try", "")[:2000]
    hits = read_message(tried, additions_of(seat.partnership)) if tried.strip() else []
    terms = SafetyTerm.objects.filter(partnership=seat.partnership).select_related("added_by")
    by_category = [
        (label, [e.pattern for e in shipped_vocabulary.entries if e.category == key])
        for key, label in shipped_vocabulary.categories.items()
    ]
    return render(
        request,
        "voice/vocabulary.html",
        {
            "vocabulary": shipped_vocabulary,
            "by_category": by_category,
            "terms": [(term, shipped_vocabulary.label(term.category)) for term in terms],
            "form": form,
            "editable": edits_safety_words(seat),
            "tried": tried,
            "hits": [
                (h["label"], h["words"], h["found_by"] == FOUND_BY_MODEL) for h in hits if h["found_by"] != CLEARED
            ],
            "cleared": [(h["label"], h["words"]) for h in hits if h["found_by"] == CLEARED],
            "model": learned.shipped(),
            "history": [entry for term in terms for entry in entries_for(term)],
        },
    )


@partnership_view(ROOM, "view")
def vocabulary(request: SeatedRequest) -> HttpResponse:
    return _page(request, SafetyTermForm(categories=shipped().categories))


@partnership_view(ROOM, "manage", row_rules=True)
@post_only
def vocabulary_add(request: SeatedRequest) -> HttpResponse:
    """Add a word; a refusal shows the page again with what was typed beside the reason."""
    seat = _editor(request)
    form = SafetyTermForm(request.POST, categories=shipped().categories)
    if form.is_valid():
        try:
            term = safety_term_add(
                partnership=seat.partnership,
                phrase=form.cleaned_data["phrase"],
                category=form.cleaned_data["category"],
                note=form.cleaned_data["note"],
                person=seat.user,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"{term} is added: the next message that uses it is flagged.")
            return redirect("voice_vocabulary", slug=seat.partnership.slug)
    return _page(request, form)


@partnership_view(ROOM, "manage", row_rules=True)
@post_only
def vocabulary_remove(request: SeatedRequest) -> HttpResponse:
    seat = _editor(request)
    try:
        term = safety_word_remove(partnership=seat.partnership, entry=request.POST.get("entry", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{term} is removed from the partnership's safety words.")
    return redirect("voice_vocabulary", slug=seat.partnership.slug)
