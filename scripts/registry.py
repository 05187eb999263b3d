"""The registry of every generated figure, table and data file of the site, by name.

A page module (scripts/pages/) registers what its page shows with the
decorators here, next to the code that makes it:

- :func:`figure` ``(alt, caption)``: a function ``draw(runs, theme)`` that returns
  a matplotlib Figure. ``scripts.generate`` saves it in both palettes
  (``figures/NAME-light.svg``, ``NAME-dark.svg``) and writes the fragment a page
  includes with ``--8<-- "figures/NAME.md"``: the ``<figure>`` with both
  variants, the alt text and the caption.
- :func:`table`: a function ``make(runs)`` that returns Markdown; a page
  includes it with ``--8<-- "tables/NAME.md"``.
- :func:`data`: a function ``make(runs)`` that returns what a widget reads, as
  ``anim/NAME.json``.
- :func:`show_again` ``(name, figure, caption)``: a registered figure once more,
  under another caption, as ``figures/NAME.md``.

``NAME`` is the decorated function's name. A name is registered once per kind
(figures, tables, data files, figures shown again), across all page modules: a
second one raises ``ValueError``. ``runs`` is what the ``compute(pool)`` of the
function's own module returned (``None`` if it has none).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A figure of the site."""

    draw: Callable  # draw(runs, theme: scripts.style.Theme) -> matplotlib Figure
    alt: str  # what the figure shows, for readers who cannot see it
    caption: str  # the line under it (Markdown)
    page: str  # the page module that registered it


@dataclass(frozen=True)
class Output:
    """A table, fragment or data file of the site."""

    make: Callable  # make(runs) -> str (a table) or a JSON-ready object (data)
    page: str  # the page module that registered it


FIGURES: dict[str, Figure] = {}
TABLES: dict[str, Output] = {}
DATA: dict[str, Output] = {}


def _add(registry, name, item):
    if name in registry:
        raise ValueError(f"{name!r} is registered twice")
    registry[name] = item


def figure(alt, caption):
    """Register the decorated ``draw(runs, theme)`` under its name, with alt text and caption."""
    for what, text in (("alt", alt), ("caption", caption)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{what} must be a non-empty description of the figure; got {text!r}")

    def register(fn):
        _add(FIGURES, fn.__name__, Figure(fn, " ".join(alt.split()), caption, fn.__module__))
        return fn

    return register


def table(fn):
    """Register ``fn(runs) -> str`` (Markdown) under its name: ``tables/NAME.md``."""
    _add(TABLES, fn.__name__, Output(fn, fn.__module__))
    return fn


def data(fn):
    """Register ``fn(runs)`` (JSON-ready) under its name: ``anim/NAME.json``."""
    _add(DATA, fn.__name__, Output(fn, fn.__module__))
    return fn


AGAIN: dict[str, tuple[str, str]] = {}  # name -> (figure, caption)


def show_again(name, figure, caption):
    """Show ``figure`` once more under another caption: a page includes ``figures/NAME.md``."""
    _add(AGAIN, name, (figure, caption))
