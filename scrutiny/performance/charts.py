"""Charts drawn on the server with matplotlib: SVG for pages and PDF, PNG for Word (which cannot
embed SVG), the same drawing for all three. Every chart is shown with its data table and a text
summary beside it; the image itself carries a title for screen readers.

Colours follow Making Data Count's meaning (grey: common cause; blue: improvement; orange:
concern; purple: special cause where neither direction is better) in GOV.UK Frontend's palette.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from scrutiny.performance.spc import XmR

GREY = "#505a5f"
BLUE = "#1d70b8"
ORANGE = "#f47738"
PURPLE = "#4c2c92"
BLACK = "#0b0c0c"
GREEN = "#00703c"


def _colour(variation: str) -> str:
    if "improvement" in variation:
        return BLUE
    if "concern" in variation:
        return ORANGE
    if "special" in variation:
        return PURPLE
    return GREY


def xmr_figure(reading: XmR, title: str, benchmarks: dict[str, dict[str, float | None]] | None = None) -> Figure:
    """An XmR chart: the points coloured by their variation, the mean, the process limits, and
    any benchmark lines (England, statistical neighbours' median) by the same labels."""
    labels = [point.label for point in reading.points]
    x = list(range(len(labels)))
    figure = Figure(figsize=(7.5, 3.6), dpi=100)
    axes = figure.add_subplot()
    axes.plot(x, [point.value for point in reading.points], color=GREY, linewidth=1.5, zorder=2, label="Value")
    for index, point in enumerate(reading.points):
        axes.scatter([index], [point.value], color=_colour(point.variation.value), s=46, zorder=3)
    axes.axhline(reading.mean, color=BLACK, linewidth=1, label=f"Mean {reading.mean:,.1f}")
    axes.axhline(reading.upper, color=GREY, linewidth=1, linestyle="--", label="Process limits")
    axes.axhline(reading.lower, color=GREY, linewidth=1, linestyle="--")
    if reading.target is not None:
        axes.axhline(reading.target, color=GREEN, linewidth=1.2, linestyle="-.", label=f"Target {reading.target:,.1f}")
    styles = {"England": (BLACK, ":"), "Statistical neighbours (median)": (PURPLE, (0, (1, 2)))}
    for name, by_label in (benchmarks or {}).items():
        ys = [by_label.get(label) for label in labels]
        if any(y is not None for y in ys):
            colour, style = styles.get(name, (GREY, ":"))
            axes.plot(
                [i for i, y in zip(x, ys, strict=True) if y is not None],
                [y for y in ys if y is not None],
                color=colour,
                linestyle=style,
                linewidth=1.4,
                label=name,
            )
    axes.set_xticks(x, labels)
    axes.set_title(title, fontsize=11, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    figure.tight_layout()
    return figure


def svg(figure: Figure, title: str) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Title": title, "Date": None})
    return out.getvalue()


def png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=150, metadata={"Software": None})
    return out.getvalue()
