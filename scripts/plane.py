"""The decision plane: the temperature-humidity square with its days and a network's bands.

Shared by the figures that draw days on the input square (the dataset, the
boundary over epochs, the test predictions): where each day sits, its marker
and label, and the probability bands of a network shaded behind them.
"""

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import BoundaryNorm, ListedColormap, to_rgb

from scripts import geometry, runs
from scripts.style import SMALL, drawn


def class_markers(th):
    """(marker, colour) of class 1 (golf) and class 0 (no golf)."""
    return {1: ("o", th.pos), 0: ("s", th.neg)}


def days(ax, th, golf, mask, *, hollow=False, ids=True, size=60, label=True):
    """Scatter the days of ``mask``, class by marker and colour; annotate IDs."""
    for cls, (marker, colour) in class_markers(th).items():
        sel = mask & (golf.y == cls)
        if not sel.any():
            continue
        name = "golf" if cls == 1 else "no golf"
        kind = "test" if hollow else "train"
        ax.scatter(
            golf.X[sel, 0],
            golf.X[sel, 1],
            s=size * (1.9 if hollow else 1),
            marker=marker,
            facecolors="none" if hollow else colour,
            edgecolors=colour if hollow else th.bg,
            linewidths=1.8 if hollow else 0.8,
            label=f"{name}, {kind}" if label else None,
            zorder=4 if not hollow else 3,
        )
    if ids:
        for i in np.flatnonzero(mask):
            id_label(ax, th, golf, i)


def id_label(ax, th, golf, i, extra="", box=False, bold=False):
    """Write day ``i``'s ID (and ``extra``) by its marker; a second day on a point goes below."""
    same = np.flatnonzero((golf.X[i] == golf.X).all(axis=1))
    first = i == same[0]
    dx, dy = (7, 6) if first else (7, -7)
    ha = "left"
    if extra and golf.X[i, 0] >= 3:  # a long label at the right edge goes to the left
        dx, ha = -dx, "right"
    ax.annotate(
        f"{golf.ids[i]}{extra}",
        golf.X[i],
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va="bottom" if first else "top",
        fontsize=SMALL,
        color=th.text,
        fontweight="bold" if bold else "normal",
        zorder=6,
        bbox=dict(boxstyle="round,pad=0.15", fc=th.bg, ec="none", alpha=0.85) if box else None,
    )


def frame(ax):
    """The temperature-humidity square, one unit per inch on both axes."""
    ax.set_xlim(-0.5, 3.5)
    ax.set_ylim(-0.5, 3.5)
    ax.set_xticks(range(4))
    ax.set_yticks(range(4))
    ax.set_xlabel("temperature")
    ax.set_ylabel("humidity")
    ax.set_aspect("equal")


# Probability bands of the decision-boundary plots. They are narrow near 0.5,
# where an untrained network lives (0.42 to 0.60 here): a linear scale would
# paint it all white, this one still shows which way each region leans.
BANDS = (0, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1)
# Strength of the class colour over the page colour, band by band, from the
# band at 0 (or 1) to the one next to 0.5.
# Light enough at the ends that the day markers (in the class colours) stand out.
_STRENGTH = (0.46, 0.4, 0.34, 0.28, 0.22, 0.15)


def band_colours(th):
    """``(cmap, norm)``: class-0 tint below 0.5, class-1 tint above, by band."""
    bg = np.array(to_rgb(th.bg))

    def tint(c, k):
        return tuple(bg + k * (np.array(to_rgb(c)) - bg))

    ks = [k * (1.0 if th.name == "light" else 1.2) for k in _STRENGTH]  # slate needs more
    colours = [tint(th.neg, k) for k in ks] + [tint(th.pos, k) for k in ks[::-1]]
    return ListedColormap(colours), BoundaryNorm(BANDS, len(colours))


def boundary(ax, th, net, *, line=True):
    """Shade the square by the probability bands of ``net``; draw the 0.5 line if it crosses."""
    P = drawn(runs.grid_proba(net))
    cmap, norm = band_colours(th)
    filled = ax.contourf(runs.GRID, runs.GRID, P, levels=BANDS, cmap=cmap, norm=norm, zorder=0)
    geometry.slim(filled)
    if line and P.min() < 0.5 < P.max():
        geometry.slim(
            ax.contour(
                runs.GRID, runs.GRID, P, levels=[0.5], colors=[th.text], linewidths=1.3, zorder=1
            )
        )


def band_key(fig, th, rect):
    """A colour bar of the probability bands in ``rect`` (figure fraction)."""
    cax = fig.add_axes(rect)
    cmap, norm = band_colours(th)
    bar = fig.colorbar(
        ScalarMappable(norm=norm, cmap=cmap),
        cax=cax,
        orientation="horizontal",
        spacing="uniform",  # equal room per band: the narrow ones near 0.5 show
        ticks=[0, 0.2, 0.4, 0.5, 0.6, 0.8, 1],
    )
    bar.outline.set_visible(False)
    bar.ax.tick_params(length=2, pad=2)
    bar.ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}")
    bar.ax.axvline(0.5, color=th.text, lw=1.3)
    bar.set_label("probability of golf (line: 0.5)", labelpad=2)
    return bar


def legend_below(fig, ax, handles=None, ncol=2, y=0.0):
    """One legend for ``fig``, centred at height ``y`` (figure fraction)."""
    h, lab = ax.get_legend_handles_labels()
    if handles is not None:
        h, lab = handles, [x.get_label() for x in handles]
    fig.legend(h, lab, loc="lower center", ncol=ncol, bbox_to_anchor=(0.5, y))
