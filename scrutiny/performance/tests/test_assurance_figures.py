"""What the performance room tells the assurance room's duty assessments."""

from __future__ import annotations

import pytest

from scrutiny.figures.provided import figure_codes, figures_for
from scrutiny.performance.catalogue import national_codes
from scrutiny.performance.importing import import_cin
from scrutiny.performance.models import IndicatorValue
from scrutiny.performance.tests.cin_files import A, E, cin_xml, write

pytestmark = pytest.mark.django_db


def test_the_duties_about_performance_and_help_get_figures(cast, tmp_path):
    assert {"founding-duties:D6", "founding-duties:D7", "statutory-duties:SD-01.9"} <= figure_codes()
    import_cin(
        cast.riverbank,
        write(tmp_path, cin_xml({"K1": [E("2024-06-01", assessments=[A("2024-06-03", "2024-07-01")])]})),
        None,
    )
    # The assurance year starting 1 April 2024 is DfE's 2025.
    found = figures_for(cast.riverbank, 2024, ["founding-duties:D6", "founding-duties:D7"])
    dataset = found["founding-duties:D6"][0]
    # One child: referrals, assessments and the rates are computed; plans and conferences have
    # nothing to count.
    computed = IndicatorValue.objects.filter(status="computed", dimension="").count()
    assert dataset.value == f"{computed} of {len(national_codes())}"
    assert 0 < computed < 16
    assert dataset.label == "National indicators computed from the CIN census"
    assert dataset.url == "/p/riverbank/performance/?year=2025"
    assert found["founding-duties:D7"][0].value == "100.0% assessments within 45 working days"
    assert figures_for(cast.riverbank, 2023, ["founding-duties:D6"]) == {}
    assert figures_for(cast.hillcrest, 2024, ["founding-duties:D6"]) == {}
