"""The registry of every generated figure, table and data file of the site, by name.

A page module (scripts/pages/) registers what its page shows with the
decorators here, next to the code that makes it:

- :func:`figure` ``(alt, caption)``: a function ``draw(runs, theme)`` that returns
  a matplotlib Figure. ``alt`` and ``caption`` are text, or functions
  ``text(runs)`` when they state what a run produced. ``scripts.generate`` saves it in both palettes
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
    alt: str | Callable  # what the figure shows, for readers who cannot see it; or alt(runs)
    caption: str | Callable  # the line under it (Markdown); or caption(runs)
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
    """Register the decorated ``draw(runs, theme)`` under its name, with alt text and caption.

    Each is a non-empty string, or a function ``text(runs)`` that returns one (for
    text that states what a run produced; :func:`text` calls it).
    """
    for what, text_ in (("alt", alt), ("caption", caption)):
        if not callable(text_) and (not isinstance(text_, str) or not text_.strip()):
            raise ValueError(
                f"{what} must be a non-empty description of the figure or a function of "
                f"the runs; got {text_!r}"
            )

    def register(fn):
        alt_ = alt if callable(alt) else " ".join(alt.split())
        _add(FIGURES, fn.__name__, Figure(fn, alt_, caption, fn.__module__))
        return fn

    return register


def text(what, runs, name):
    """``what`` (a figure's alt text or caption) as a string: called on ``runs`` if a function."""
    if not callable(what):
        return what
    out = what(runs)
    if not isinstance(out, str) or not out.strip():
        raise ValueError(f"figure {name!r}: its alt text or caption function returned {out!r}")
    return " ".join(out.split())


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
