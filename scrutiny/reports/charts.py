"""A report's charts: an indicator over the years, drawn from the figures stored on the report
(never from live data, so a published chart cannot move). SVG for the web page and PDF, PNG for
Word, which cannot embed SVG; the same drawing for all three. Suppressed years are gaps, and the
text alternative and the data table beside the chart say ``c`` for them."""

from __future__ import annotations

import base64
import functools
import json
from typing import Any

from matplotlib import rc_context
from matplotlib.figure import Figure

from scrutiny.performance.charts import BLUE, GREY, png, svg


def chart_figure(chart: dict[str, Any]) -> Figure:
    labels: list[str] = chart["labels"]
    values: list[float | None] = chart["values"]
    figure = Figure(figsize=(6.4, 2.8), dpi=100)
    axes = figure.add_subplot()
    x = list(range(len(labels)))
    axes.plot(x, [float("nan") if v is None else v for v in values], color=BLUE, linewidth=2, marker="o")
    for index, value in enumerate(values):
        if value is not None:
            axes.annotate(
                f"{value:,.1f}".removesuffix(".0"),
                (index, value),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontsize=8,
                color=GREY,
            )
    axes.set_xticks(x, labels)
    axes.set_ylabel(chart.get("unit", ""), fontsize=8)
    axes.set_title(chart["title"], fontsize=10, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    # From zero, so a small change does not look like a large one; a percentage up to 100.
    known = [v for v in values if v is not None]
    top = 100.0 if str(chart.get("unit", "")).startswith("%") else (max(known) * 1.25 if known else 1.0)
    axes.set_ylim(0, max(top, max(known, default=0) * 1.1) or 1.0)
    figure.tight_layout()
    return figure


def alt_text(chart: dict[str, Any]) -> str:
    """The chart in words: what it shows and every value, ``c`` where withheld."""
    points = "; ".join(f"{label}: {text}" for label, text in zip(chart["labels"], chart["texts"], strict=True))
    return f"Line chart of {chart['title']} ({chart.get('unit', '')}) by reporting year. {points}."


def svg_data_uri(chart: dict[str, Any]) -> str:
    return _svg_data_uri(json.dumps(chart, sort_keys=True))


def png_bytes(chart: dict[str, Any]) -> bytes:
    return _png_bytes(json.dumps(chart, sort_keys=True))


# A chart is drawn from its stored figures alone, so the same figures always make the same
# drawing: keep the recent ones rather than draw them again for each preview and format.
@functools.lru_cache(maxsize=256)
def _svg_data_uri(chart_json: str) -> str:
    chart = json.loads(chart_json)
    # Text as SVG text rather than glyph outlines: a tenth of the size, real text in the PDF, and
    # far quicker for WeasyPrint to draw.
    with rc_context({"svg.fonttype": "none"}):
        drawing = svg(chart_figure(chart), chart["title"])
    return "data:image/svg+xml;base64," + base64.b64encode(drawing).decode("ascii")


@functools.lru_cache(maxsize=256)
def _png_bytes(chart_json: str) -> bytes:
    return png(chart_figure(json.loads(chart_json)))
