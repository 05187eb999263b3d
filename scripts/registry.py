"""The figure registry: each figure's drawing function and its alt text, side by side.

A page shows a figure as ``![ALT](figures/NAME.svg)``; ALT must be the text
registered here with the code that draws it, so that the two change together
(tests/test_figures.py compares every page with this registry).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A figure of the guide."""

    draw: Callable  # draw(runs: scripts.runs.Runs, theme: scripts.style.Theme) -> Figure
    alt: str  # what the figure shows, for readers who cannot see it


class Registry(dict):
    """``{name: Figure}``, filled by the :meth:`figure` decorator."""

    def figure(self, alt):
        """Register the decorated function under its name, with ``alt`` as its alt text."""
        if not isinstance(alt, str) or not alt.strip():
            raise ValueError(f"alt must be a non-empty description of the figure; got {alt!r}")

        def register(fn):
            if fn.__name__ in self:
                raise ValueError(f"a figure named {fn.__name__!r} is already registered")
            self[fn.__name__] = Figure(fn, " ".join(alt.split()))
            return fn

        return register
