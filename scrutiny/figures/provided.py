"""Figures other rooms compute for a requirement, shown beside the scrutineer's judgement.

A room that can answer a requirement from its own records (rapid reviews completed within 15
working days, the yearly report published on time) registers a provider for the requirement's
code from its ``AppConfig.ready()``. The assessment page asks this registry, so no room imports
another and rooms built later simply plug in. The judgement stays a person's: a figure is shown
with its source and a link to the records behind it, never turned into a judgement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ProvidedFigure:
    """One computed figure: ``label`` says what it counts, ``value`` the answer as shown
    ("7 of 9", "87%"), ``url`` the records behind it and ``source`` the room or data it comes from."""

    label: str
    value: str
    url: str
    source: str


#: ``fn(partnership, year)``: the figure for the reporting year starting in ``year`` (1 April),
#: or None where the room has nothing to say for that year.
FigureProvider = Callable[[Any, int], ProvidedFigure | None]

_figure_providers: dict[str, dict[str, FigureProvider]] = {}


def register_figure_provider(requirement_code: str, fn: FigureProvider, *, name: str = "") -> None:
    """Offer a figure for the requirement with this code ("framework-key:REF", stable across
    framework versions). Registering the same provider again replaces it, so ``ready()`` running
    more than once is harmless; several rooms may offer figures for one requirement."""
    key = name or f"{fn.__module__}.{fn.__qualname__}"
    _figure_providers.setdefault(requirement_code, {})[key] = fn


def unregister_figure_provider(requirement_code: str, fn: FigureProvider, *, name: str = "") -> None:
    key = name or f"{fn.__module__}.{fn.__qualname__}"
    _figure_providers.get(requirement_code, {}).pop(key, None)


def figure_codes() -> set[str]:
    return {code for code, providers in _figure_providers.items() if providers}


def figures_for(partnership: Any, year: int, codes: Iterable[str]) -> dict[str, list[ProvidedFigure]]:
    """Every figure offered for each of ``codes`` in that year; codes with none are left out."""
    found: dict[str, list[ProvidedFigure]] = {}
    for code in codes:
        for provider in _figure_providers.get(code, {}).values():
            figure = provider(partnership, year)
            if figure is not None:
                found.setdefault(code, []).append(figure)
    return found
