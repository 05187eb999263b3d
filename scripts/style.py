"""Light and dark themes for the guide's figures, and the number formats.

Every figure is drawn twice, once per theme, on a transparent background: the
light variant sits on Material's white page, the dark one on its slate page
(about #1e2129). The colours come from the Okabe-Ito palette (safe for colour
blindness), in a darker shade for white and a lighter one for slate.
Each layer l has one colour on every figure, for its nodes and for its
parameters W[l] and b[l]; layer 1's is also the accent ("look here"), as the
forward page's first example looks at layer 1.

Sizes are chosen for phones: a figure is at most 3.6 in wide (346 CSS px) with
text of 10.5 pt or more, so that shrunk to the ~330 px of a phone's column its
text still reads at about 10 pt.
"""

from dataclasses import dataclass

import matplotlib as mpl
import numpy as np

WIDTH = 3.6  # inches: the widest a figure gets (see the module docstring)
SMALL = 10.5  # pt: the smallest text (dense labels on diagrams)


@dataclass(frozen=True)
class Theme:
    name: str
    text: str  # titles, labels, numbers
    muted: str  # axes, grid, inactive edges
    faint: str  # very light lines and fills
    bg: str  # the page behind the figure (for masks behind labels)
    node: str  # node fill
    pos: str  # class 1: goes golfing (y = 1)
    neg: str  # class 0: stays home (y = 0)
    wpos: str  # positive weights
    wneg: str  # negative weights
    accent: str  # "look here"
    layers: tuple  # layers[l]: layer l's nodes AND its W[l], b[l] (layer 0: neutral)
    series: tuple  # line colours for several runs


LIGHT = Theme(
    name="light",
    text="#1d1f24",
    muted="#767b86",
    faint="#d4d7dd",
    bg="#ffffff",
    node="#ffffff",
    pos="#0067a5",
    neg="#c24e00",
    wpos="#00805c",
    wneg="#b0427f",
    accent="#6a3cc9",
    layers=("#767b86", "#6a3cc9", "#b07800", "#0067a5"),
    series=("#0067a5", "#c24e00", "#00805c", "#b0427f"),
)

DARK = Theme(
    name="dark",
    text="#dcdfe6",
    muted="#9aa0ad",
    faint="#454a57",
    bg="#1e2129",
    node="#2a2e38",
    pos="#5bb8f0",
    neg="#ff9d5c",
    wpos="#3fd2a0",
    wneg="#ee92c6",
    accent="#b99bff",
    layers=("#9aa0ad", "#b99bff", "#f0c040", "#5bb8f0"),
    series=("#5bb8f0", "#ff9d5c", "#3fd2a0", "#ee92c6"),
)

THEMES = (LIGHT, DARK)


def css():
    """The two themes as CSS variables, for the widgets (``assets/palette.css``).

    ``--mlp-text`` and the other fields of :class:`Theme`, ``--mlp-layerL`` for
    ``layers[L]``: light on the page, dark under Material's slate scheme.
    scripts/hook/generation.py serves it; docs/assets/widgets.js and live.css read it.
    """

    def block(selector, theme):
        fields = [(k, getattr(theme, k)) for k in ("text", "muted", "faint", "bg", "node")]
        fields += [(k, getattr(theme, k)) for k in ("pos", "neg", "wpos", "wneg", "accent")]
        fields += [(f"layer{i}", c) for i, c in enumerate(theme.layers)]
        body = "".join(f"  --mlp-{k}: {v};\n" for k, v in fields)
        return f"{selector} {{\n{body}}}\n"

    head = "/* Written by scripts/style.py (css) on every build: do not edit. */\n"
    return head + block(":root", LIGHT) + block('[data-md-color-scheme="slate"]', DARK)


def rc(theme):
    """Matplotlib settings for ``theme``: fonts, colours, deterministic SVG."""
    return {
        "svg.hashsalt": "micromlp",  # stable ids for clip paths: byte-identical files
        "svg.fonttype": "path",  # glyphs as paths: the page needs no font
        "font.family": "DejaVu Sans",
        "font.size": 11,
        "axes.titlesize": 11,
        "axes.labelsize": 11,
        "xtick.labelsize": SMALL,
        "ytick.labelsize": SMALL,
        "legend.fontsize": SMALL,
        "legend.frameon": False,
        # Computer Modern, the face KaTeX's fonts come from: a symbol in a figure
        # looks as it does in the page's formulas
        "mathtext.fontset": "cm",
        "text.color": theme.text,
        "axes.labelcolor": theme.text,
        "axes.edgecolor": theme.muted,
        "axes.titlecolor": theme.text,
        "xtick.color": theme.muted,
        "ytick.color": theme.muted,
        "xtick.labelcolor": theme.text,
        "ytick.labelcolor": theme.text,
        "grid.color": theme.faint,
        "grid.linewidth": 0.6,
        "axes.grid": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.transparent": True,
        "lines.linewidth": 1.8,
        "path.simplify": True,
        "path.simplify_threshold": 0.5,  # px: long noisy loss curves, much smaller files
    }


def use(theme):
    """A context manager applying :func:`rc` for ``theme``."""
    return mpl.rc_context(rc(theme))


# -- numbers ---------------------------------------------------------------
# Tables print 4 decimals; diagrams, short of room, print 2 decimals (or 2
# significant digits below 0.1, so that a small gradient does not read 0.00).
# A minus sign is the real minus (U+2212) in figures, which is wider and clearer.

MINUS = "\u2212"


def drawn(values):
    """Values a contour is drawn from, rounded to 9 decimals: flat regions exactly flat.

    numpy's ``exp`` and the BLAS kernels round differently on different CPUs
    (see scripts/machine.py), so a probability can differ in its last bits. A
    contour through a nearly flat region (dead ReLUs give a constant
    probability) interpolates between values 1e-16 apart, and such a difference
    moved a point of `boundary_evolution` by a third of a point. Rounded to
    1e-9, far below what shows, such regions are flat on every machine
    (tests/site/test_levels.py compares the figures built at three SIMD levels).
    """
    return np.round(values, 9)


def minus(v):
    """``v`` as text with real minus signs, for a number written by hand in a label."""
    return str(v).replace("-", MINUS)


def dec4(v):
    """4 decimals, for tables: ``-0.1391``."""
    return f"{float(v):.4f}".replace("-0.0000", "0.0000")


def short(v):
    """Compact number for diagrams: ``0.33``, ``1.98``, ``-0.0057``."""
    v = float(v)
    if v == 0:
        return "0"
    if abs(v) >= 0.0995:
        s = f"{v:.2f}"
    else:
        s = f"{v:.2g}"
        if "e" in s:
            s = f"{v:.1e}"
    return s.replace("-", MINUS)


def sci(v):
    """Scientific notation with 2 significant digits, for tiny errors: ``3.1e-10``."""
    return f"{float(v):.1e}"
