"""Importing a CIN census: aggregates only, atomic, replacing a year's figures while keeping the
earlier import, and refusing another LA's file."""

from __future__ import annotations

import pytest

from scrutiny.performance.importing import import_cin
from scrutiny.performance.models import ImportStatus, IndicatorValue, ReferralTrace, ReturnImport
from scrutiny.performance.returns.problems import ReturnRejected
from scrutiny.performance.tests.cin_files import E, child_xml, cin_xml, write

pytestmark = pytest.mark.django_db


def _values(record: ReturnImport) -> dict[str, IndicatorValue]:
    return {value.code: value for value in record.values.all() if not value.dimension}


def test_an_import_stores_the_years_figures_and_no_child_level_data(cast, tmp_path):
    path = write(tmp_path, cin_xml({"RB-CHILD-1": [E("2024-05-01")], "RB-CHILD-2": [E("2024-06-01", nfa="1")]}))
    imported = import_cin(cast.riverbank, path, cast.manager)
    record = imported.record
    assert (record.kind, record.year, record.area.old_la_code, record.records) == ("cin", 2025, "303", 2)
    assert record.imported_by == cast.manager
    assert len(record.sha256) == 64
    values = _values(record)
    # Bexley's ONS mid-2024 estimate of children aged 0-17 is 58,724.
    assert (values["cin.referrals_per_10k"].numerator, values["cin.referrals_per_10k"].denominator) == (2, 58_724)
    assert values["cin.referrals_per_10k"].value == 0.3
    assert values["cin.referrals_nfa_pct"].value == 50.0
    # Only salted hashes of the child IDs are kept, for next year's re-referral look-back.
    traces = list(ReferralTrace.objects.filter(source=record).values_list("child", flat=True))
    assert len(traces) == 2
    assert not any("RB-CHILD" in trace for trace in traces)
    assert all(len(trace) == 32 for trace in traces)


def test_a_second_import_of_the_year_replaces_the_figures_and_keeps_the_first(cast, tmp_path):
    first = import_cin(cast.riverbank, write(tmp_path, cin_xml({"K1": [E("2024-05-01")]}), "first.xml"), cast.manager)
    second = import_cin(
        cast.riverbank,
        write(tmp_path, cin_xml({"K1": [E("2024-05-01")], "K2": [E("2024-05-02")]}), "second.xml"),
        cast.manager,
    )
    first.record.refresh_from_db()
    assert first.record.status == ImportStatus.REPLACED
    assert second.replaced == first.record
    assert ReturnImport.objects.current().get() == second.record
    assert _values(first.record)["cin.referrals_per_10k"].numerator == 1  # kept, not current
    assert _values(second.record)["cin.referrals_per_10k"].numerator == 2
    assert not ReferralTrace.objects.filter(source=first.record).exists()
    assert first.record.history.count() == 2  # created, then marked replaced


def test_re_referrals_use_the_previous_years_import(cast, tmp_path):
    earlier = import_cin(cast.riverbank, write(tmp_path, cin_xml({"K1": [E("2023-11-01")]}, year=2024), "y1.xml"), None)
    assert _values(earlier.record)["cin.rereferrals_12m_pct"].status == "not computed"
    later = import_cin(
        cast.riverbank,
        write(tmp_path, cin_xml({"K1": [E("2024-06-01")], "K2": [E("2024-06-01")]}, year=2025), "y2.xml"),
        None,
    )
    value = _values(later.record)["cin.rereferrals_12m_pct"]
    assert (value.status, value.numerator, value.denominator) == ("computed", 1, 2)


def test_a_file_for_an_la_the_partnership_does_not_cover_is_refused(cast, tmp_path):
    path = write(tmp_path, cin_xml({"K1": [E("2024-05-01")]}, la="358"))
    with pytest.raises(ReturnRejected) as caught:
        import_cin(cast.riverbank, path, cast.manager)
    assert "local authority 358, which Riverbank" in caught.value.problems[0].reason
    assert "Bexley (303)" in caught.value.problems[0].reason
    assert not ReturnImport.objects.exists()


def test_hillcrest_cannot_import_riverbanks_la(cast, tmp_path):
    with pytest.raises(ReturnRejected):
        import_cin(cast.hillcrest, write(tmp_path, cin_xml({"K1": [E("2024-05-01")]}, la="303")), None)
    assert not ReturnImport.objects.exists()


def test_a_rejected_file_stores_nothing_and_leaves_the_current_import(cast, tmp_path):
    good = import_cin(cast.riverbank, write(tmp_path, cin_xml({"K1": [E("2024-05-01")]}), "good.xml"), None)
    bad = write(tmp_path, cin_xml([child_xml("K1", [E("2024-05-01")]), child_xml("K2", [E("2024-05-01", source="X")])]))
    with pytest.raises(ReturnRejected):
        import_cin(cast.riverbank, bad, None)
    assert list(ReturnImport.objects.all()) == [good.record]
    assert ReturnImport.objects.get().status == ImportStatus.CURRENT
    assert IndicatorValue.objects.filter(source=good.record).count() == IndicatorValue.objects.count()


def test_importing_the_earlier_year_afterwards_completes_the_later_years_re_referrals(cast, tmp_path):
    later = import_cin(
        cast.riverbank,
        write(tmp_path, cin_xml({"K1": [E("2024-06-01")], "K2": [E("2024-06-01")]}, year=2025), "y2.xml"),
        None,
    )
    assert _values(later.record)["cin.rereferrals_12m_pct"].status == "not computed"
    earlier = import_cin(cast.riverbank, write(tmp_path, cin_xml({"K1": [E("2023-11-01")]}, year=2024), "y1.xml"), None)
    value = _values(later.record)["cin.rereferrals_12m_pct"]
    assert (value.status, value.numerator, value.denominator, value.value) == ("computed", 1, 2, 50.0)
    assert "Recomputed when the 2023-24 CIN census (y1.xml) was imported after this one" in value.note
    assert _values(earlier.record)["cin.rereferrals_12m_pct"].status == "not computed"
