"""The ``workdays`` and ``clock`` management commands, called as a person would call them."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django.fixtures import Settings

from scrutiny.clocks.catalogue import all_rules


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_workdays_add_prints_the_nth_working_day_after_a_date() -> None:
    assert _run("workdays", "add", "2025-12-19", "5") == "2025-12-30\n"


def test_workdays_add_of_zero_prints_the_date_itself() -> None:
    assert _run("workdays", "add", "2025-12-20", "0") == "2025-12-20\n"


def test_workdays_between_prints_the_number_of_working_days() -> None:
    assert _run("workdays", "between", "2025-12-15", "2026-01-08") == "15\n"


def test_workdays_between_backwards_prints_a_negative_number() -> None:
    assert _run("workdays", "between", "2026-01-08", "2025-12-15") == "-15\n"


def test_clock_due_explains_the_rule_and_ends_with_the_date() -> None:
    lines = _run("clock", "due", "rapid-review", "2025-12-15").splitlines()
    assert lines == [
        "rapid-review: 15 working days after 2025-12-15 (the serious incident notification is sent to the Panel)",
        "2026-01-08",
    ]


def test_clock_due_for_an_unverified_reverse_clock_warns_and_ends_with_the_latest_date() -> None:
    lines = _run("clock", "due", "lcspr-report-to-panel", "2026-05-12").splitlines()
    assert lines[0].startswith("lcspr-report-to-panel: latest date is 7 working days before 2026-05-12 (")
    assert lines[1].startswith("Not yet confirmed against the guidance; your partnership can set it.")
    assert lines[-1] == "2026-04-30"
    assert len(lines) == 3


def test_clock_list_prints_one_aligned_line_per_rule_after_a_header() -> None:
    lines = _run("clock", "list").splitlines()
    rules = all_rules()
    assert lines[0].split() == ["ID", "LENGTH", "DIRECTION", "STATUS", "SOURCE"]
    assert len(lines) == len(rules) + 1
    source_column = lines[0].index("SOURCE")
    for line, rule in zip(lines[1:], rules, strict=True):
        assert line.startswith(rule.id + " ")
        assert line[source_column:] == rule.source
        assert ("not yet confirmed" in line) is (not rule.verified)
        assert rule.length_text in line


def test_clock_list_shows_an_overridden_length(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("rules:\n  - id: rapid-review\n    length: 20\n", encoding="utf-8")
    settings.SCRUTINY_CLOCK_OVERRIDES = str(path)
    line = next(line for line in _run("clock", "list").splitlines() if line.startswith("rapid-review "))
    assert "20 working days" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("workdays", "add", "2025-02-30", "5"),
            "DATE '2025-02-30' is not a real date: day is out of range for month; use YYYY-MM-DD",
            id="an impossible date",
        ),
        pytest.param(
            ("workdays", "add", "19/12/2025", "5"),
            "DATE '19/12/2025' is not a date in the form YYYY-MM-DD",
            id="a non-ISO date",
        ),
        pytest.param(
            ("workdays", "add", "2025-12-19", "five"),
            "N 'five' is not a whole number",
            id="a count that is not a number",
        ),
        pytest.param(
            ("workdays", "add", "2025-12-19", "-3"),
            "cannot add -3 working days to 2025-12-19: the number of working days must be zero or more, not -3",
            id="a negative count",
        ),
        pytest.param(
            ("workdays", "add", "2031-01-06", "5"),
            "cannot add 5 working days to 2031-01-06: 2031-01-06 is outside the bank-holiday data, which covers 2012",
            id="a date after the holiday data",
        ),
        pytest.param(
            ("workdays", "between", "2011-12-30", "2025-01-06"),
            "cannot count working days from 2011-12-30 to 2025-01-06: 2011-12-30 is outside the bank-holiday data",
            id="a date before the holiday data",
        ),
        pytest.param(
            ("workdays", "between", "2025-12-15", "2026-13-01"),
            "END '2026-13-01' is not a real date: month must be in 1..12; use YYYY-MM-DD",
            id="an impossible end date",
        ),
        pytest.param(
            ("clock", "due", "rapid-reveiw", "2025-12-15"),
            "RULE 'rapid-reveiw' is not a known clock; the known clocks are: serious-incident-notification, ",
            id="an unknown clock",
        ),
        pytest.param(
            ("clock", "due", "rapid-review", "2025-02-30"),
            "DATE '2025-02-30' is not a real date",
            id="an impossible clock start",
        ),
        pytest.param(
            ("clock", "due", "icpc", "2031-01-06"),
            "cannot work out icpc from 2031-01-06: 2031-01-06 is outside the bank-holiday data",
            id="a clock start after the holiday data",
        ),
    ],
)
def test_bad_input_is_a_command_error_saying_what_and_where_and_prints_nothing(
    args: tuple[str, ...], message: str
) -> None:
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(*args, stdout=out)
    assert str(raised.value).startswith(message)
    assert out.getvalue() == ""


def test_a_broken_override_file_is_a_command_error_naming_it(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("rules:\n  - id: nope\n", encoding="utf-8")
    settings.SCRUTINY_CLOCK_OVERRIDES = str(path)
    out = StringIO()
    with pytest.raises(CommandError, match=r"o\.yaml, rule 'nope': there is no such clock to override"):
        call_command("clock", "list", stdout=out)
    assert out.getvalue() == ""
