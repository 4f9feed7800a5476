"""Figures the performance room offers the assurance room's duty assessments: whether the
partnership has a working performance dataset (founding duty D6, and SD-01.9: data used to assess
the effectiveness of help), how its returns fared in the data-quality checks (D6 and SD-01.9:
performance management is in place only if the data is checked), and what it says about the help
children get (D7). Shown beside the scrutineer's judgement with a link to the figures; never the
judgement itself.

The assurance room's years start on 1 April and are labelled by that year; DfE's (and this
room's) are labelled by the year they end, so assurance year 2024 is performance year 2025.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from scrutiny.figures.provided import ProvidedFigure
from scrutiny.partnerships.models import Partnership, dfe_year
from scrutiny.performance.catalogue import national_codes
from scrutiny.performance.models import IndicatorStatus, IndicatorValue, ReturnImport, ReturnKind

SOURCE = "Performance: indicators computed from the LA's statutory returns"


def _values(partnership: Partnership, assurance_year: int) -> list[IndicatorValue]:
    return list(
        IndicatorValue.objects.filter(
            source__partnership=partnership,
            source__status="current",
            source__year=dfe_year(assurance_year),
            dimension="",
        ).select_related("source__area")
    )


def _url(partnership: Partnership, assurance_year: int) -> str:
    return f"{reverse('performance_home', kwargs={'slug': partnership.slug})}?year={dfe_year(assurance_year)}"


def dataset_in_place(partnership: Partnership, assurance_year: int) -> ProvidedFigure | None:
    """D6 and SD-01.9: how much of the national dataset the partnership holds for the year."""
    values = _values(partnership, assurance_year)
    if not values:
        return None
    national = set(national_codes())
    # Annex A measures are computed too but are not national indicators: count only what is wanted.
    computed = {value.code for value in values if value.status == IndicatorStatus.COMPUTED} & national
    kinds = sorted({value.source.get_kind_display() for value in values})
    wanted = len(national)
    return ProvidedFigure(
        label=f"National indicators computed from the {' and '.join(kinds)}",
        value=f"{len(computed)} of {wanted}",
        url=_url(partnership, assurance_year),
        source=SOURCE,
    )


def help_effectiveness(partnership: Partnership, assurance_year: int) -> ProvidedFigure | None:
    """D7: the measures of whether help is timely and lasting: re-referrals within 12 months and
    assessments within 45 working days."""
    values = {value.code: value for value in _values(partnership, assurance_year)}
    parts = []
    for code, label in (
        ("cin.rereferrals_12m_pct", "re-referred within 12 months"),
        ("cin.assessments_45wd_pct", "assessments within 45 working days"),
    ):
        value = values.get(code)
        if value is not None and value.value is not None:
            parts.append(f"{value.value:.1f}% {label}")
    if not parts:
        return None
    return ProvidedFigure(
        label="Whether help is timely and lasting",
        value="; ".join(parts),
        url=_url(partnership, assurance_year),
        source=SOURCE,
    )


def returns_data_quality(partnership: Partnership, assurance_year: int) -> ProvidedFigure | None:
    """D6 and SD-01.9: the data-quality checks of the year's CIN census imports, as evidence that
    the LA's performance data is checked before it is used: how many children had a record that
    cannot be true, left out of the indicators it would distort."""
    records = list(
        ReturnImport.objects.current()
        .filter(partnership=partnership, year=dfe_year(assurance_year), kind=ReturnKind.CIN)
        .exclude(quality={})
        .select_related("area")
        .order_by("area__name")
    )
    if not records:
        return None
    parts = []
    for record in records:
        problems = int(record.quality.get("children_with_problems") or 0)
        where = f"{record.area.name}: " if len(records) > 1 else ""
        if problems:
            parts.append(
                f"{where}{problems:,} of {record.records:,} children ({record.children_with_problems_pct}%) "
                f"with a record that cannot be true, left out"
            )
        else:
            parts.append(f"{where}all {record.records:,} children's records passed")
    return ProvidedFigure(
        label="Data-quality checks of the CIN census",
        value="; ".join(parts),
        url=_url(partnership, assurance_year),
        source=SOURCE,
    )


#: Each requirement and the figures offered for it (a requirement may have several).
FIGURES: tuple[tuple[str, Callable[[Partnership, int], ProvidedFigure | None]], ...] = (
    ("founding-duties:D6", dataset_in_place),
    ("founding-duties:D6", returns_data_quality),
    ("statutory-duties:SD-01.9", dataset_in_place),
    ("statutory-duties:SD-01.9", returns_data_quality),
    ("founding-duties:D7", help_effectiveness),
)
