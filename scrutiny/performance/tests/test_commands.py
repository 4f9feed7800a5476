"""`scrutiny import cin` and `scrutiny indicators show`, as someone at a terminal uses them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scrutiny.partnerships.models import Area, AreaKind, PartnershipArea
from scrutiny.performance.catalogue import computed_codes
from scrutiny.performance.models import ReturnImport
from scrutiny.performance.tests.cin_files import E, child_xml, cin_xml, write

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_cin_prints_a_summary(cast, tmp_path):
    path = write(tmp_path, cin_xml({"K1": [E("2024-06-01", nfa="true")]}))
    out = run("import", "cin", str(path), "--partnership", "riverbank")
    assert "Imported cin.xml: CIN census 2024-25 for Bexley, 1 children" in out
    assert "cin.rereferrals_12m_pct: Re-referrals look back 12 months" in out
    assert "true/false used for a yes/no field where DfE's schema has 1/0 (1 time)" in out
    again = run("import", "cin", str(path), "--partnership", "riverbank")
    assert "This replaces the import of" in again
    assert "by the command line, which is kept in the history" in again


def test_import_cin_lists_every_problem_and_stores_nothing(cast, tmp_path):
    bad = [child_xml("K1", [E("2024-06-01", source="ZZ")]), child_xml("K2", [E("2024-13-01")])]
    with pytest.raises(CommandError) as caught:
        run("import", "cin", str(write(tmp_path, cin_xml(bad))), "--partnership", "riverbank")
    message = str(caught.value)
    assert "cin.xml was not imported: 2 problems. Nothing was stored." in message
    assert "child 1, ReferralSource" in message
    assert "child 2, CINreferralDate" in message
    assert not ReturnImport.objects.exists()


def test_import_cin_refuses_an_unknown_partnership_or_file(cast, tmp_path):
    with pytest.raises(CommandError, match="No partnership with slug 'nowhere'"):
        run("import", "cin", str(write(tmp_path, cin_xml({"K1": [E("2024-06-01")]}))), "--partnership", "nowhere")
    with pytest.raises(CommandError, match="no such file"):
        run("import", "cin", str(tmp_path / "missing.xml"), "--partnership", "riverbank")


def test_indicators_show_prints_every_indicator_as_json(cast, tmp_path):
    run(
        "import",
        "cin",
        str(write(tmp_path, cin_xml({"K1": [E("2024-06-01")], "K2": [E("2024-07-01")]}))),
        "--partnership",
        "riverbank",
    )
    shown = json.loads(run("indicators", "show", "--partnership", "riverbank", "--year", "2025"))
    assert shown["partnership"] == "riverbank"
    assert shown["year"] == 2025
    assert set(shown["indicators"]) == set(computed_codes())
    referrals = shown["indicators"]["cin.referrals_per_10k"]
    assert referrals == {"value": 0.3, "numerator": 2, "denominator": 58724, "status": "computed", "reason": None}
    nfa = shown["indicators"]["cin.referrals_nfa_pct"]
    assert (nfa["value"], nfa["numerator"], nfa["denominator"]) == (0, 0, 2)
    looked_after = shown["indicators"]["cla.looked_after_per_10k"]
    assert looked_after["status"] == "not computed"
    assert looked_after["reason"] == "No SSDA903 (children looked after return) is imported for Bexley for this year."
    assert looked_after["value"] is None


def test_indicators_show_prints_csv(cast, tmp_path):
    run("import", "cin", str(write(tmp_path, cin_xml({"K1": [E("2024-06-01")]}))), "--partnership", "riverbank")
    rows = list(
        csv.DictReader(
            io.StringIO(run("indicators", "show", "--partnership", "riverbank", "--year", "2025", "--format", "csv"))
        )
    )
    first = rows[0]
    assert list(first) == [
        "partnership",
        "year",
        "code",
        "dimension",
        "value",
        "numerator",
        "denominator",
        "status",
        "reason",
    ]
    assert (first["code"], first["value"], first["numerator"], first["status"]) == (
        "cin.referrals_per_10k",
        "0.2",
        "1",
        "computed",
    )


def test_a_partnership_with_two_las_is_asked_which(cast, tmp_path):
    greenwich = Area.objects.create(
        kind=AreaKind.LOCAL_AUTHORITY, name="Greenwich", code="E09000011", old_la_code="203"
    )
    PartnershipArea.objects.create(partnership=cast.riverbank, area=greenwich)
    with pytest.raises(CommandError, match="covers 2 local authorities; choose one with --la: 303 \\(Bexley"):
        run("indicators", "show", "--partnership", "riverbank", "--year", "2025")
    path = write(tmp_path, cin_xml({"K1": [E("2024-06-01")]}, la="203"))
    run("import", "cin", str(path), "--partnership", "riverbank")
    shown = json.loads(run("indicators", "show", "--partnership", "riverbank", "--year", "2025", "--la", "203"))
    assert shown["indicators"]["cin.referrals_per_10k"]["numerator"] == 1
    with pytest.raises(CommandError, match="does not cover local authority 358"):
        run("indicators", "show", "--partnership", "riverbank", "--year", "2025", "--la", "358")
