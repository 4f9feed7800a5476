"""SSDA903 files: recognised by their columns, checked row by row, counted by hand-worked figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scrutiny.performance.models import ReturnImport
from scrutiny.performance.population import Population
from scrutiny.performance.returns.problems import ReturnRejected
from scrutiny.performance.returns.results import Result
from scrutiny.performance.returns.ssda903 import read_ssda903
from scrutiny.performance.returns.ssda903_indicators import Ssda903Indicators
from scrutiny.performance.rules import CountingRules

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"


def csv_file(folder: Path, name: str, header: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def episode(
    child: str, start: str, rne: str = "S", ls: str = "C2", place: str = "U4", end: str = "", rec: str = ""
) -> str:
    return f"{child},{start},{rne},{ls},N1,{place},PR1,{end},{rec},,,,"


def compute(
    tmp_path: Path, headers: list[str], episodes: list[str], **extra: tuple[str, list[str]]
) -> dict[str, Result]:
    paths = [csv_file(tmp_path, "header.csv", HEADER, headers), csv_file(tmp_path, "episodes.csv", EPISODES, episodes)]
    for name, (columns, rows) in extra.items():
        paths.append(csv_file(tmp_path, f"{name}.csv", columns, rows))
    data = read_ssda903([(path, path.name) for path in paths], 2025)
    return {r.code: r for r in Ssda903Indicators(2025, data).results(Population(10_000, 2024))}


def figure(result: Result) -> tuple[float | None, int | None, int | None]:
    return result.value, result.numerator, result.denominator


def child(key: str, dob: str = "01/01/2015") -> str:
    return f"{key},1,{dob},WBRI,,,"


def test_children_looked_after_at_31_march_leave_out_short_breaks(tmp_path):
    found = compute(
        tmp_path,
        [child("A"), child("B"), child("C"), child("D")],
        [
            episode("A", "01/06/2024"),  # open at 31 March
            episode("B", "01/06/2024", end="31/03/2025", rec="E4A"),  # ceased on 31 March: not open
            episode("C", "01/06/2024", ls="V3"),  # short breaks only
            episode("D", "01/02/2025"),
        ],
    )
    assert figure(found["cla.looked_after_per_10k"]) == (2.0, 2, 10_000)
    assert figure(found["cla.started_per_10k"]) == (3.0, 3, 10_000)


def test_three_or_more_placements_in_the_year(tmp_path):
    found = compute(
        tmp_path,
        [child("A"), child("B"), child("C")],
        [
            # Placement open on 1 April, then two moves: 3 placements.
            episode("A", "01/01/2023", end="01/06/2024", rec="X1"),
            episode("A", "01/06/2024", rne="P", end="01/09/2024", rec="X1"),
            episode("A", "01/09/2024", rne="P"),
            # A legal change and a temporary placement do not count: 2 placements.
            episode("B", "01/01/2023", end="01/06/2024", rec="X1"),
            episode("B", "01/06/2024", rne="L", ls="C1", end="01/07/2024", rec="X1"),
            episode("B", "01/07/2024", rne="P", place="T4", end="05/07/2024", rec="X1"),
            episode("B", "05/07/2024", rne="P"),
            # Placed for adoption with the current foster carers: not a new placement.
            episode("C", "01/01/2023", end="01/06/2024", rec="X1"),
            episode("C", "01/06/2024", rne="P", end="01/09/2024", rec="X1"),
            episode("C", "01/09/2024", rne="T", ls="E1", place="A5"),
        ],
    )
    assert figure(found["cla.placements_3plus_pct"]) == (33.3, 1, 3)


def _same_day_placements(tmp_path: Path, rules: CountingRules | None = None) -> Result:
    paths = [
        csv_file(tmp_path, "header.csv", HEADER, [child("A"), child("B")]),
        csv_file(
            tmp_path,
            "episodes.csv",
            EPISODES,
            [
                # Open on 1 April, a placement that ends the day it starts, then a third: 2 placements.
                episode("A", "01/01/2023", end="01/06/2024", rec="X1"),
                episode("A", "01/06/2024", rne="P", end="01/06/2024", rec="X1"),
                episode("A", "01/06/2024", rne="P"),
                # A same-day episode followed by a legal change in the same placement lasts longer: 3.
                episode("B", "01/01/2023", end="01/06/2024", rec="X1"),
                episode("B", "01/06/2024", rne="P", end="01/06/2024", rec="X1"),
                episode("B", "01/06/2024", rne="L", ls="C1", end="01/09/2024", rec="X1"),
                episode("B", "01/09/2024", rne="P"),
            ],
        ),
    ]
    data = read_ssda903([(path, path.name) for path in paths], 2025)
    results = Ssda903Indicators(2025, data, rules).results(Population(10_000, 2024))
    return {r.code: r for r in results}["cla.placements_3plus_pct"]


def test_placement_under_24_hours_a_placement_ending_on_the_day_it_starts_is_not_counted(tmp_path):
    assert figure(_same_day_placements(tmp_path)) == (50.0, 1, 2)


def test_placement_under_24_hours_can_be_turned_off_once_dfes_method_is_checked(tmp_path):
    found = _same_day_placements(tmp_path, CountingRules(placement_ending_on_its_start_day_is_under_24h=False))
    assert figure(found) == (100.0, 2, 2)


def test_long_term_stability_counts_under_16s_in_care_two_and_a_half_years(tmp_path):
    found = compute(
        tmp_path,
        [child("A"), child("B"), child("C", "01/01/2008"), child("D")],
        [
            episode("A", "01/01/2022"),  # same placement 3 years: stable
            episode("B", "01/01/2022", end="01/01/2024", rec="X1"),
            episode("B", "01/01/2024", rne="P"),  # moved 15 months ago: not stable
            episode("C", "01/01/2020"),  # 17 at 31 March: not in the cohort
            episode("D", "01/01/2024"),  # in care 15 months: not in the cohort
        ],
    )
    assert figure(found["cla.long_term_stability_pct"]) == (50.0, 1, 2)


def test_missing_and_away_are_shares_of_children_looked_after_in_the_year(tmp_path):
    missing = "CHILD,DOB,MISSING,MIS_START,MIS_END"
    found = compute(
        tmp_path,
        [child("A"), child("B"), child("C"), child("D")],
        [episode(key, "01/01/2024") for key in "ABCD"],
        missing=(
            missing,
            [
                "A,01/01/2015,M,10/06/2024,11/06/2024",
                "B,01/01/2015,A,10/06/2024,",
                "C,01/01/2015,M,10/02/2024,11/02/2024",
            ],
        ),
    )
    assert figure(found["cla.missing_pct"]) == (25.0, 1, 4)
    assert figure(found["cla.away_unauthorised_pct"]) == (25.0, 1, 4)


def test_indicators_needing_an_absent_file_say_which(tmp_path):
    found = compute(tmp_path, [child("A")], [episode("A", "01/01/2024")])
    assert found["cla.health_assessment_pct"].status == "not computed"
    assert found["cla.health_assessment_pct"].reason == "Needs the SSDA903 oc2 file, which was not imported."
    assert found["leavers.eet_19_21_pct"].reason == "Needs the SSDA903 oc3 file, which was not imported."
    assert "postcode lookup" in (found["cla.placed_20miles_outside_pct"].reason or "")


def test_health_and_care_leaver_cohorts(tmp_path):
    oc2 = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT"
    oc3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"
    found = compute(
        tmp_path,
        [
            child("A"),
            child("B"),
            child("L1", "10/05/2005"),
            child("L2", "10/05/2005"),
            child("L3", "10/05/2005"),
            child("L4", "10/05/2007"),
        ],
        [episode("A", "01/01/2023"), episode("B", "01/01/2023")],
        oc2=(oc2, ["A,01/01/2015,,,0,1,1,1,1", "B,01/01/2015,,,0,1,0,true,0"]),
        oc3=(
            oc3,
            [
                "L1,10/05/2005,YES,F2,U1",  # 20th birthday in the year: 19-21; EET, suitable
                "L2,10/05/2005,NO,G5,R2",  # not in touch; residence not known: out of the accommodation cohort
                "L3,10/05/2005,DIED,0,0",  # died: out of the cohort
                "L4,10/05/2007,YES,G4,B2",  # 18th birthday: 17-18
            ],
        ),
    )
    assert figure(found["cla.health_assessment_pct"]) == (50.0, 1, 2)
    assert figure(found["cla.dental_check_pct"]) == (100.0, 2, 2)
    assert figure(found["leavers.eet_19_21_pct"]) == (50.0, 1, 2)
    assert figure(found["leavers.suitable_accommodation_19_21_pct"]) == (100.0, 1, 1)
    assert figure(found["leavers.not_in_touch_pct"]) == (50.0, 1, 2)
    assert figure(found["leavers.eet_17_18_pct"]) == (0.0, 0, 1)


def test_adoption_timeliness_and_share_adopted(tmp_path):
    found = compute(
        tmp_path,
        [child("A", "01/01/2023"), child("B")],
        [
            episode("A", "01/01/2023", end="01/06/2023", rec="X1"),
            episode("A", "01/06/2023", rne="L", ls="E1", end="01/08/2024", rec="X1"),
            episode("A", "01/08/2024", rne="P", ls="E1", place="A6", end="01/12/2024", rec="E11"),
            episode("B", "01/01/2023", end="01/07/2024", rec="E4A"),
        ],
        ad1=("CHILD,DOB,DATE_INT,DATE_MATCH", ["A,01/01/2023,01/03/2024,01/07/2024"]),
    )
    # Entered care 1 January 2023, placed for adoption 1 August 2024: 578 days.
    assert found["cla.adoption_entry_to_placed_days"].value == 578
    assert figure(found["cla.adopted_pct"]) == (50.0, 1, 2)
    # Placement order 1 June 2023 to match 1 July 2024: 396 days.
    assert found["cla.placement_order_to_match_days"].value == 396


def test_every_problem_is_listed_by_file_row_and_column(tmp_path):
    paths = [
        csv_file(tmp_path, "header.csv", HEADER, [child("A"), "B,1,31/02/2015,WBRI,,,"]),
        csv_file(
            tmp_path,
            "episodes.csv",
            EPISODES,
            [episode("A", "01/06/2024", ls="XX"), episode("A", "01/06/2024", end="01/05/2024", rec="E4A")],
        ),
    ]
    with pytest.raises(ReturnRejected) as caught:
        read_ssda903([(path, path.name) for path in paths], 2025)
    shown = [str(problem) for problem in caught.value.problems]
    assert "header.csv, line 3, row 2, DOB: '31/02/2015' is not a date (dd/mm/yyyy)" in shown
    assert "episodes.csv, line 2, row 1, LS: 'XX' is not a LS code" in shown
    assert "episodes.csv, line 3, row 2, DEC: the episode ends (01/05/2024) before it starts (01/06/2024)" in shown
    assert not any("A," in line for line in shown)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"NAME,SCORE\nx,1\n", "This is not an SSDA903 file: its columns (NAME, SCORE)"),
        (b"", "The file is empty."),
        (b"PK\x03\x04\x00\x00binary", "The file is not text"),
        ("CHILD,SEX,DOB,ETHNIC\nA,1,01/01/2015,WBRI\u00e9\n".encode("latin-1"), "The file is not UTF-8 text"),
        (b"CHILD,DECOM,RNE\nA,01/01/2024,S\n", "The episodes file lacks the columns LS, PLACE, DEC, REC."),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(tmp_path, content, expected):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with pytest.raises(ReturnRejected) as caught:
        read_ssda903([(path, path.name)], 2025)
    assert expected in str(caught.value.problems[0])


def test_tolerated_forms_are_accepted_and_counted(tmp_path):
    paths = [
        csv_file(tmp_path, "h.csv", "\ufeffchild , sex,dob,ethnic", ["A,1,2015-01-01,WBRI"]),
        csv_file(tmp_path, "e.csv", EPISODES.lower(), [episode("A", "01/06/2024")]),
    ]
    data = read_ssda903([(path, path.name) for path in paths], 2025)
    assert data.notes() == ["dates written yyyy-mm-dd where the specification has dd/mm/yyyy (1 time)"]
    assert data.files == {"header": "h.csv", "episodes": "e.csv"}


@pytest.mark.django_db
def test_the_command_imports_the_files_and_refuses_bad_ones(cast, tmp_path, capsys):
    header = csv_file(tmp_path, "header.csv", HEADER, [child("A")])
    episodes = csv_file(tmp_path, "episodes.csv", EPISODES, [episode("A", "01/06/2024")])
    call_command("import", "ssda903", str(header), str(episodes), "--partnership", "riverbank", "--year", "2025")
    assert "SSDA903 (children looked after) 2024-25 for Bexley" in capsys.readouterr().out
    record = ReturnImport.objects.get()
    assert (record.kind, record.year, record.files) == ("ssda903", 2025, "header.csv\nepisodes.csv")
    call_command("indicators", "show", "--partnership", "riverbank", "--year", "2025")
    shown = json.loads(capsys.readouterr().out)["indicators"]["cla.looked_after_per_10k"]
    assert (shown["numerator"], shown["status"]) == (1, "computed")
    bad = csv_file(tmp_path, "bad.csv", EPISODES, [episode("A", "01/06/2024", rne="Q")])
    with pytest.raises(CommandError, match=r"bad\.csv was not imported: 1 problem"):
        call_command("import", "ssda903", str(bad), "--partnership", "riverbank", "--year", "2025")
    with pytest.raises(CommandError, match="does not cover local authority 358"):
        call_command("import", "ssda903", str(episodes), "--partnership", "riverbank", "--year", "2025", "--la", "358")
    assert ReturnImport.objects.count() == 1


def test_progress_is_reported_as_each_file_is_read(tmp_path):
    header = csv_file(tmp_path, "header.csv", HEADER, [child("A")])
    episodes = csv_file(tmp_path, "episodes.csv", EPISODES, [episode("A", "01/06/2024")] * 50)
    heard: list[float] = []
    read_ssda903([(episodes, "episodes.csv"), (header, "header.csv")], 2025, heard.append)
    whole = header.stat().st_size + episodes.stat().st_size
    # The header is read first (dates of birth), then the episodes.
    assert heard == [header.stat().st_size / whole, 1.0]
