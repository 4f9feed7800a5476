"""The one "not yet confirmed" component: the same calm words everywhere an unconfirmed fact is
shown, never an older "UNVERIFIED" or "(to verify)" label, and never a claim about who can change
a value that this installation does not support."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from scrutiny import confirmation

SCRUTINY = Path(__file__).resolve().parents[1]


def test_it_says_the_partnership_can_set_a_value_only_where_the_partnership_can() -> None:
    assert confirmation.sentence("partnership") == (
        "Not yet confirmed against the guidance; your partnership can set it."
    )
    assert "partnership" not in confirmation.sentence("service")
    assert "people who run this Scrutiny service" in confirmation.sentence("service")
    assert "can set it" not in confirmation.sentence("")


def test_it_refuses_an_unknown_setter_rather_than_guess_the_words() -> None:
    with pytest.raises(ValueError, match="set_by must be one of"):
        confirmation.sentence("everyone")


def test_it_renders_a_calm_tag_with_its_sentence_in_full_or_for_screen_readers_only() -> None:
    full = Template('{% load confirmation %}{% not_confirmed "service" %}').render(Context())
    short = Template('{% load confirmation %}{% not_confirmed "service" short=True %}').render(Context())
    for html in (full, short):
        assert '<strong class="govuk-tag govuk-tag--grey">Not yet confirmed</strong>' in html
        assert confirmation.sentence("service") in html
    assert "govuk-visually-hidden" in short
    assert "govuk-visually-hidden" not in full


def test_no_template_shows_an_unconfirmed_fact_any_other_way() -> None:
    old_labels = re.compile(r"UNVERIFIED|Unverified|\(to verify|To verify|\(unverified\)")
    offenders = [
        str(path.relative_to(SCRUTINY))
        for path in SCRUTINY.rglob("*.html")
        if old_labels.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
