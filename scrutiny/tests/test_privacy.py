"""No identifying details about a child: references are pseudonymised, free text is checked."""

import pytest
from django.core.exceptions import ValidationError

from scrutiny.privacy import check_free_text, identifying_details_problem, reference_problem


@pytest.mark.parametrize("reference", ["RB-2025-03", "CHILD-Q", "HC-24-1", "A1"])
def test_pseudonymised_references_are_accepted(reference):
    assert reference_problem(reference) == ""


@pytest.mark.parametrize(
    ("reference", "says"),
    [
        ("", "Enter the pseudonymised reference"),
        ("Jane Smith", "letters, digits and hyphens"),
        ("RB/2025/03", "letters, digits and hyphens"),
        ("9434765919", "six or more digits"),
        ("CASE-1234567", "six or more digits"),
        ("X" * 21, "20 characters or fewer"),
    ],
)
def test_references_that_could_identify_a_child_are_refused_with_the_reason(reference, says):
    assert says in reference_problem(reference)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("The child (DOB 3 March 2019) was seen by the GP.", "date of birth"),
        ("Born on 3 March 2019 at the hospital.", "date of birth"),
        ("Pupil A123456789012 moved school.", "unique pupil number"),
        ("NHS number 943 476 5919 was checked.", "NHS number"),
        ("Case 12345678 was closed.", "long number"),
        ("Seen at home on 03/04/2025 by the health visitor.", "full date written in numbers"),
    ],
)
def test_free_text_with_identifying_details_is_refused_saying_what_and_where(text, says):
    problem = identifying_details_problem(text)
    assert says in problem
    assert "near “" in problem


def test_ordinary_free_text_passes():
    text = "On 3 March 2025 the school referred concerns about neglect; the health visitor saw the baby twice."
    assert identifying_details_problem(text) == ""


def test_checking_several_fields_names_each_bad_one():
    with pytest.raises(ValidationError) as raised:
        check_free_text({"facts": "DOB 1 May 2020", "improvements": "More curiosity", "late_reason": "Case 1234567"})
    assert set(raised.value.message_dict) == {"facts", "late_reason"}
