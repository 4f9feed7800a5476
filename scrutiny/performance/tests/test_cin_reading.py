"""Reading CIN census files: valid ones stream through, bad and hostile ones are refused with
every problem located, and the variations DfE's collection tolerates are accepted and named."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutiny.performance.returns.cin import Child, CinHeader, read_cin
from scrutiny.performance.returns.problems import ReturnRejected
from scrutiny.performance.tests.cin_files import A, E, child_xml, cin_xml, write


def _read(path: Path) -> tuple[CinHeader, list[Child], list[str]]:
    seen: list[Child] = []
    header, reading = read_cin(path, path.name, lambda _header, child: seen.append(child))
    return header, seen, reading.notes()


def _rejected(path: Path) -> ReturnRejected:
    with pytest.raises(ReturnRejected) as caught:
        _read(path)
    return caught.value


def test_a_valid_file_is_read_child_by_child(tmp_path):
    path = write(
        tmp_path,
        cin_xml(
            {
                "K1": [E("2024-05-01", assessments=[A("2024-05-02", "2024-06-01", ("4B", "3B"))])],
                "K2": [E("2024-06-10")],
            }
        ),
    )
    header, children, notes = _read(path)
    assert (header.year, header.la_code) == (2025, "303")
    assert [child.position for child in children] == [1, 2]
    assert children[0].episodes[0].assessments[0].factors == ("4B", "3B")
    assert notes == []


def test_every_schema_problem_is_listed_by_child_element_and_line(tmp_path):
    good = child_xml("K1", [E("2024-05-01")])
    bad_source = child_xml("K2", [E("2024-05-01", source="99")])
    bad_date = child_xml("K3", [E("2024-13-01")])
    rejected = _rejected(write(tmp_path, cin_xml([good, bad_source, bad_date])))
    assert rejected.total == 2
    first, second = rejected.problems
    assert (first.record, first.element) == ("child 2", "ReferralSource")
    assert "'99'" in first.reason
    assert (second.record, second.element) == ("child 3", "CINreferralDate")
    assert (first.line, second.line) == (4, 5)
    assert "cin.xml, line 4, child 2, ReferralSource:" in str(first)


def test_problems_never_quote_the_child_identifier(tmp_path):
    rejected = _rejected(write(tmp_path, cin_xml([child_xml("SECRET-ID-123", [E("2024-05-01", source="99")])])))
    assert "SECRET-ID-123" not in str(rejected.problems[0])


def test_true_and_false_are_accepted_for_yes_no_fields_and_reported(tmp_path):
    path = write(tmp_path, cin_xml({"K1": [E("2024-05-01", nfa="true")], "K2": [E("2024-05-02", nfa="false")]}))
    _header, children, notes = _read(path)
    assert [child.episodes[0].nfa for child in children] == [True, False]
    assert notes == ["true/false used for a yes/no field where DfE's schema has 1/0 (2 times)"]


def test_either_name_for_the_childs_sex_is_accepted_and_reported(tmp_path):
    old_in_new = cin_xml([child_xml("K1", [E("2024-05-01")], sex="<GenderCurrent>2</GenderCurrent>")], year=2025)
    _header, _children, notes = _read(write(tmp_path, old_in_new, "a.xml"))
    assert notes == ["GenderCurrent (the 2024-and-earlier element) given instead of Sex (1 time)"]
    new_in_old = cin_xml([child_xml("K1", [E("2023-05-01")], sex="<Sex>F</Sex>")], year=2024)
    _header, _children, notes = _read(write(tmp_path, new_in_old, "b.xml"))
    assert notes == ["Sex (the 2025-onwards element) given instead of GenderCurrent (1 time)"]


def test_a_wrong_value_for_sex_is_still_refused(tmp_path):
    rejected = _rejected(write(tmp_path, cin_xml([child_xml("K1", [E("2024-05-01")], sex="<Sex>X</Sex>")])))
    assert rejected.problems[0].element == "Sex"


def test_withdrawn_factor_codes_are_accepted_with_a_warning(tmp_path):
    path = write(tmp_path, cin_xml({"K1": [E("2024-05-01", assessments=[A("2024-05-02", "2024-06-01", ("18A",))])]}))
    _header, _children, notes = _read(path)
    assert notes == ["assessment factor 18A, withdrawn by DfE from 2021, accepted as in the shipped schema (1 time)"]


def test_an_episode_closing_before_its_referral_is_read_and_listed_as_a_problem(tmp_path):
    path = write(tmp_path, cin_xml({"K1": [E("2024-05-01", closure="2024-04-01", reason="RC8")]}))
    seen: list[Child] = []
    _header, reading = read_cin(path, path.name, lambda _header, child: seen.append(child))
    assert len(seen) == 1
    problem = reading.quality.problems[0]
    assert (problem.element, problem.record, problem.line) == ("CINclosureDate", "child 1", 3)
    assert "closes (01/04/2024) before its referral (01/05/2024)" in problem.reason


def test_entity_expansion_is_refused_before_parsing(tmp_path):
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE Message [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<Message><Header/><Children>&b;</Children></Message>"
    )
    rejected = _rejected(write(tmp_path, laughs))
    assert "declares a DOCTYPE or entities" in rejected.problems[0].reason


def test_an_external_entity_is_refused(tmp_path):
    external = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Message>&e;</Message>'
    assert "DOCTYPE" in _rejected(write(tmp_path, external)).problems[0].reason


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("CHILD,DECOM,RNE\n1,01/04/2024,S\n", "not well-formed XML"),
        (
            '<?xml version="1.0"?><EXPSSDA903><CHILD/></EXPSSDA903>',
            "not a CIN census file: it starts with <EXPSSDA903>",
        ),
        ('<?xml version="1.0"?><Message><Children></Children></Message>', "has no Header"),
        (
            "<Message><Header><CollectionDetails/><Source><LEA>303</LEA></Source></Header><Children/></Message>",
            "neither the collection Year nor the ReferenceDate",
        ),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(tmp_path, content, expected):
    assert expected in _rejected(write(tmp_path, content)).problems[0].reason


def test_a_file_with_no_children_is_refused(tmp_path):
    assert "holds no children" in _rejected(write(tmp_path, cin_xml([]))).problems[0].reason


def test_a_wrongly_encoded_file_is_refused_with_the_line(tmp_path):
    text = cin_xml({"K1": [E("2024-05-01")]}).replace("NOBT", "NOBT\u00e9")
    path = tmp_path / "latin.xml"
    path.write_bytes(text.encode("latin-1"))
    problem = _rejected(path).problems[-1]
    assert "not well-formed XML" in problem.reason
    assert problem.line == 3


def test_empty_and_oversized_files_are_refused(tmp_path, settings):
    assert "empty" in _rejected(write(tmp_path, "", "empty.xml")).problems[0].reason
    settings.SCRUTINY_MAX_RETURN_BYTES = 100
    big = write(tmp_path, cin_xml({"K1": [E("2024-05-01")]}), "big.xml")
    assert "the largest return accepted is 100 bytes" in _rejected(big).problems[0].reason


def test_a_year_beyond_the_newest_schema_is_validated_against_it_and_said(tmp_path):
    path = write(tmp_path, cin_xml({"K1": [E("2026-05-01")]}, year=2027))
    header, _children, notes = _read(path)
    assert header.year == 2027
    assert notes == ["a 2027 collection, validated against the 2026 schema, the newest shipped (1 time)"]
