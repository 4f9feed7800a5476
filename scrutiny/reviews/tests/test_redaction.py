"""Redaction for publication: each kind of identifying detail is taken out and counted, the case
reference becomes the name the report uses, and listed words go only as whole words."""

from __future__ import annotations

import pytest

from scrutiny.reviews.redaction import REDACTED, RedactionKind, describe, redact, terms_from


def _redact(text: str, terms: list[str] | None = None, **extra: str):
    return redact(text, terms=terms or [], **extra)


def test_the_case_reference_becomes_the_publication_name():
    done = _redact(
        "The rapid review of RB-2025-03 found RB-2025-03 was known.", reference="RB-2025-03", publication_name="Child Q"
    )
    assert done.text == "The rapid review of Child Q found Child Q was known."
    assert done.counts == {RedactionKind.REFERENCE: 2}


def test_the_case_reference_becomes_the_child_where_there_is_no_publication_name():
    assert _redact("Seen with rb-2025-03 at home.", reference="RB-2025-03").text == "Seen with the child at home."


def test_a_longer_reference_that_starts_with_the_case_reference_is_left():
    assert _redact("RB-2025-031 is another case.", reference="RB-2025-03").text == "RB-2025-031 is another case."


def test_listed_words_are_redacted_whatever_their_case():
    done = _redact("She attended Oakfield Primary; OAKFIELD PRIMARY was told.", ["oakfield primary"])
    assert done.text == f"She attended {REDACTED}; {REDACTED} was told."
    assert done.counts == {RedactionKind.TERM: 2}


def test_listed_words_are_redacted_only_as_whole_words():
    done = _redact("Ward 7 and the Awards evening; towards the ward.", ["ward"])
    assert done.text == f"{REDACTED} 7 and the Awards evening; towards the {REDACTED}."
    assert done.counts[RedactionKind.TERM] == 2


def test_a_longer_listed_phrase_goes_as_one():
    done = _redact("They lived on Riverbank Road in Riverbank.", ["Riverbank", "Riverbank Road"])
    assert done.text == f"They lived on {REDACTED} in {REDACTED}."
    assert done.counts[RedactionKind.TERM] == 2


def test_a_listed_phrase_matches_across_a_line_break():
    assert _redact("near Riverbank\nRoad", ["Riverbank Road"]).text == f"near {REDACTED}"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("write to duty.team@riverbank.example.org today", RedactionKind.EMAIL),
        ("born 03/04/2019 in", RedactionKind.DATE),
        ("seen on 3.4.19 by", RedactionKind.DATE),
        ("on 2019-04-03 the", RedactionKind.DATE),
        ("call 020 7946 0018 now", RedactionKind.PHONE),
        ("call 07700 900123 now", RedactionKind.PHONE),
        ("call 07700900123 now", RedactionKind.PHONE),
        ("call +44 (0)1632 960123 now", RedactionKind.PHONE),
        ("call +44 7700 900123 now", RedactionKind.PHONE),
        ("lives at SW1A 1AA with", RedactionKind.POSTCODE),
        ("lives at m1 1ae with", RedactionKind.POSTCODE),
        ("case 12345678 was", RedactionKind.LONG_NUMBER),
        ("NHS number 943 476 5919 was", RedactionKind.LONG_NUMBER),
    ],
)
def test_each_pattern_is_redacted_and_counted_under_its_kind(text, kind):
    done = _redact(text)
    assert REDACTED in done.text
    assert done.counts == {kind: 1}, done.text


@pytest.mark.parametrize(
    "text",
    [
        "In 2025 there were 12 visits on 3 June 2025.",
        "A ratio of 1/3 was found in 45 cases.",
        "Recommendation 4.2 applies to 11 agencies.",
        "Call 0800 if needed",
    ],
)
def test_ordinary_numbers_and_dates_in_words_are_left(text):
    done = _redact(text)
    assert done.text == text
    assert done.total == 0


def test_the_counts_add_up_across_kinds():
    done = _redact(
        "RB-2025-03 was born 03/04/2019 at Oakfield; call 020 7946 0018 or e-mail a@b.org.",
        ["Oakfield"],
        reference="RB-2025-03",
        publication_name="Child Q",
    )
    assert done.text == f"Child Q was born {REDACTED} at {REDACTED}; call {REDACTED} or e-mail {REDACTED}."
    assert done.total == 5
    assert describe(done.counts) == (
        "5 redactions: 1 use of the case reference, 1 word from the redaction list, 1 e-mail address, "
        "1 full date and 1 phone number"
    )


def test_nothing_redacted_is_said_plainly():
    assert describe(_redact("Nothing to see.").counts) == "No redactions"


def test_terms_are_read_one_a_line_without_blanks_or_repeats():
    assert terms_from("Oakfield\n\n  riverbank   road \nOAKFIELD\n") == ["Oakfield", "riverbank road"]
