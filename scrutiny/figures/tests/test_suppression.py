"""Small-number suppression of what is published."""

from __future__ import annotations

import pytest

from scrutiny.figures import suppression


def test_counts_of_one_to_five_are_withheld_and_zero_is_shown():
    assert [suppression.count(n).text for n in (0, 1, 5, 6, 1234)] == ["0", "c", "c", "6", "1,234"]
    assert suppression.count(3).value is None
    assert suppression.count(3).reason == "fewer than 6"
    assert suppression.count(None).text == suppression.NOTHING


def test_a_percentage_is_withheld_when_any_part_of_it_is_small():
    assert suppression.share(40, 50, 80.0).text == "80%"
    assert suppression.share(4, 50).suppressed  # the numerator
    assert suppression.share(47, 50).suppressed  # 3 children are the rest of the denominator
    assert suppression.share(0, 3).suppressed  # the denominator itself
    assert suppression.share(0, 50).text == "0%"
    assert suppression.share(12, 37).text == "32.4%"


def test_a_rate_is_withheld_when_few_children_are_behind_it():
    assert suppression.rate(4, 0.7).text == "c"
    assert suppression.rate(632_830, 519.4).text == "519.4"


def test_a_lone_withheld_cell_takes_the_next_smallest_with_it_when_the_total_is_published():
    shown = suppression.table({"Police": 40, "Schools": 3, "Health": 12, "Other": 0})
    assert {key: cell.text for key, cell in shown.items()} == {
        "Police": "40",
        "Schools": "c",
        "Health": "c",
        "Other": "0",
    }
    assert "cannot be worked out" in shown["Health"].reason
    two = suppression.table({"A": 2, "B": 4, "C": 30})
    assert [cell.text for cell in two.values()] == ["c", "c", "30"]
    unpublished_total = suppression.table({"A": 2, "B": 30}, total_published=False)
    assert [cell.text for cell in unpublished_total.values()] == ["c", "30"]


def test_the_threshold_is_a_setting(settings):
    settings.SCRUTINY_SUPPRESS_UP_TO = 9
    assert suppression.count(8).suppressed
    assert not suppression.count(10).suppressed
    settings.SCRUTINY_SUPPRESS_UP_TO = -1
    with pytest.raises(ValueError, match="SCRUTINY_SUPPRESS_UP_TO"):
        suppression.count(3)
