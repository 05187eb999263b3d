"""One function per figure of the guide, registered by name in :data:`FIGURES`.

Each function takes the computed :class:`runs.Runs` and a :class:`style.Theme`
and returns a matplotlib Figure; ``generate.py`` saves each one in both
themes as ``figures/NAME-light.svg`` and ``figures/NAME-dark.svg``. The
functions only plot: every number comes from ``runs.compute()``.
"""

import draw
import matplotlib.pyplot as plt
import numpy as np
import runs
from matplotlib.cm import ScalarMappable
from matplotlib.colors import BoundaryNorm, LinearSegmentedColormap, ListedColormap, to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
from style import MINUS, SMALL, WIDTH, short

from micromlp import guide, relu, relu_derivative, sigmoid, sigmoid_derivative

FIGURES = {}


def figure(fn):
    """Register ``fn`` under its name."""
    FIGURES[fn.__name__] = fn
    return fn


# -- shared pieces ---------------------------------------------------------


def _m(v):
    """Real minus signs in a number written by hand in a label."""
    return str(v).replace("-", MINUS)


def _inputs_text(r):
    x = r.x[0]
    return lambda l, i: f"{x[i]:.0f}" if l == 0 else None


def _class_markers(th):
    """(marker, colour) of class 1 (golf) and class 0 (no golf)."""
    return {1: ("o", th.pos), 0: ("s", th.neg)}


def _days(ax, th, golf, mask, *, hollow=False, ids=True, size=60, label=True):
    """Scatter the days of ``mask``, class by marker and colour; annotate IDs."""
    for cls, (marker, colour) in _class_markers(th).items():
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
            _id_label(ax, th, golf, i)


def _id_label(ax, th, golf, i, extra="", box=False, bold=False):
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


def _plane(ax, th):
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


def _band_colours(th):
    """``(cmap, norm)``: class-0 tint below 0.5, class-1 tint above, by band."""
    bg = np.array(to_rgb(th.bg))

    def tint(c, k):
        return tuple(bg + k * (np.array(to_rgb(c)) - bg))

    ks = [k * (1.0 if th.name == "light" else 1.2) for k in _STRENGTH]  # slate needs more
    colours = [tint(th.neg, k) for k in ks] + [tint(th.pos, k) for k in ks[::-1]]
    return ListedColormap(colours), BoundaryNorm(BANDS, len(colours))


def _boundary(ax, th, net, *, line=True):
    P = runs.grid_proba(net)
    cmap, norm = _band_colours(th)
    _slim(ax.contourf(runs.GRID, runs.GRID, P, levels=BANDS, cmap=cmap, norm=norm, zorder=0))
    if line and P.min() < 0.5 < P.max():
        _slim(
            ax.contour(
                runs.GRID, runs.GRID, P, levels=[0.5], colors=[th.text], linewidths=1.3, zorder=1
            )
        )


def _slim(contours, tol=0.01):
    """Drop the contour vertices that lie within ``tol`` (data units) of a straight line.

    Contours follow the grid, so a straight edge of a region keeps a vertex
    in every grid cell it crosses; ``tol`` is well under a pixel, and the SVG
    gets several times smaller.
    """
    paths = []
    for path in contours.get_paths():
        parts = [_rdp(v, tol) for v in path.to_polygons(closed_only=False)]
        parts = [v for v in parts if len(v) > 1]
        paths.append(Path.make_compound_path(*(Path(v) for v in parts)) if parts else path)
    contours.set_paths(paths)


def _rdp(v, tol):
    """Ramer-Douglas-Peucker: the vertices of polyline ``v`` needed within ``tol``."""
    if len(v) < 3:
        return v
    a, b = v[0], v[-1]
    d = b - a
    norm = np.hypot(*d)
    rel = v[1:-1] - a
    if norm == 0:
        dist = np.hypot(rel[:, 0], rel[:, 1])
    else:
        dist = np.abs(d[0] * rel[:, 1] - d[1] * rel[:, 0]) / norm
    k = int(np.argmax(dist))
    if dist[k] <= tol:
        return np.array([a, b])
    return np.vstack([_rdp(v[: k + 2], tol)[:-1], _rdp(v[k + 1 :], tol)])


def _band_key(fig, th, rect):
    """A colour bar of the probability bands in ``rect`` (figure fraction)."""
    cax = fig.add_axes(rect)
    cmap, norm = _band_colours(th)
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


def _legend_below(fig, ax, handles=None, ncol=2, y=0.0):
    h, lab = ax.get_legend_handles_labels()
    if handles is not None:
        h, lab = handles, [x.get_label() for x in handles]
    fig.legend(h, lab, loc="lower center", ncol=ncol, bbox_to_anchor=(0.5, y))


def _stacked_axes(fig, n, *, top=0.08, bottom=0.55, left=0.7, right=0.15, gap=0.35):
    """``n`` axes stacked vertically, margins in inches."""
    W, H = fig.get_size_inches()
    h = (H - top - bottom - gap * (n - 1)) / n
    axes = []
    for k in range(n):
        y0 = H - top - (k + 1) * h - k * gap
        axes.append(fig.add_axes((left / W, y0 / H, (W - left - right) / W, h / H)))
    return axes


# -- the data --------------------------------------------------------------


@figure
def dataset_scatter(r, th):
    fig = plt.figure(figsize=(WIDTH, 4.0))
    ax = fig.add_axes((0.17, 0.27, 0.78, 0.71))
    _plane(ax, th)
    ax.grid(True, zorder=0)
    _days(ax, th, r.golf, r.golf.train)
    _days(ax, th, r.golf, r.golf.test, hollow=True)
    _legend_below(fig, ax)
    return fig


# -- the structure ---------------------------------------------------------

_IO = {(0, 0): "$x_1$", (0, 1): "$x_2$", (3, 0): r"$\hat y$"}


@figure
def network(r, th):
    fig, ax = draw.new_axes(WIDTH, 2.7)
    draw.network(
        ax,
        th,
        orient="h",
        dx=0.82,
        dy=1.0,
        node_text=lambda l, i: _IO.get((l, i)),
        arrows=True,
    )
    draw.fit(ax, WIDTH, 2.7, pad=(0, 0.12))
    return fig


@figure
def network_vertical(r, th):
    fig, ax = draw.new_axes(WIDTH, 3.0)
    draw.network(ax, th, dx=0.95, dy=0.8, node_text=lambda l, i: _IO.get((l, i)), arrows=True)
    draw.fit(ax, WIDTH)  # as tall as the drawing: about 3 in
    return fig


@figure
def network_layers(r, th):
    # Nodes in the colour of their layer (style.Theme.layers), as on every figure:
    # grey inputs, then layers 1, 2, 3 in the colours of W[1], W[2], W[3].
    groups = (("input layer", {0}), ("hidden layers", {1, 2}), ("output layer", {3}))
    H = 1.6
    fig = plt.figure(figsize=(WIDTH, H * len(groups)))
    for k, (name, layers) in enumerate(groups):
        ax = fig.add_axes((0, 1 - (k + 1) / len(groups), 1, 1 / len(groups)))
        ax.set_axis_off()

        def node_style(l, i, layers=layers):
            if l in layers:
                return {"face": th.layers[l], "edge": th.layers[l], "lw": 1.5}
            return {"edge": th.muted}

        draw.network(
            ax,
            th,
            orient="h",
            dx=0.55,
            dy=0.6,
            r=0.15,
            node_style=node_style,
            edge_style=lambda l, i, j: {"color": th.faint},
            titles=False,
        )
        sizes = [str(draw.SIZES[l]) for l in sorted(layers)]
        n = sum(draw.SIZES[l] for l in layers)
        count = " + ".join(sizes) + f" node{'s' if n > 1 else ''}"
        ax.text(-0.3, 0, f"{name}\n{count}", ha="right", va="center", color=th.text)
        ax.set_xlim(-1.58, WIDTH - 1.58)  # the same in every panel: the diagrams line up
        ax.set_ylim(-H / 2, H / 2)
        ax.set_aspect("equal")
    return fig


def _group_labels(ax, th, pos, items, r):
    """Write ``items`` = [(x, text, colour)] above the diagram; return their boxes."""
    y = max(p[1] for layer in pos for p in layer) + r + 0.08
    boxes = []
    for x, text, colour in items:
        ax.text(x, y, text, ha="center", va="bottom", color=colour)
        boxes.append(draw.text_box(x, y, text, 11, va="bottom"))
    return boxes


@figure
def network_params(r, th):
    H = 2.45
    fig = plt.figure(figsize=(WIDTH, 2 * H))
    net = r.net0
    colours = th.layers  # colours[l]: W[l], b[l] and the nodes of layer l
    common = dict(orient="h", dx=0.62, dy=0.95, r=0.15, titles=False)
    # Top: the 14 weights, one colour per matrix W[l].
    top = ax = fig.add_axes((0, 0.5, 1, 0.5))
    ax.set_axis_off()
    pos = draw.network(
        ax,
        th,
        edge_style=lambda l, i, j: {"color": colours[l], "lw": 2.0},
        node_style=lambda l, i: {"edge": th.muted},
        **common,
    )
    items = []
    for l in range(1, 4):
        W = net.weights[l - 1]
        x = (pos[l - 1][0][0] + pos[l][0][0]) / 2
        items.append((x, f"$W^{{[{l}]}}$: {W.shape[0]}×{W.shape[1]}", colours[l]))
    boxes = _group_labels(ax, th, pos, items, 0.15)
    y0 = min(p[1] for layer in pos for p in layer) - 0.3
    title = f"{net.n_weights} weights: " + " + ".join(str(W.size) for W in net.weights)
    ax.text(pos[0][0][0] - 0.15, y0, title, ha="left", va="top", fontweight="bold")
    draw.fit(ax, WIDTH, H, extra=[*boxes, draw.text_box(0, y0, "x", 11, va="top")])
    # Bottom: the 6 biases, one per node after the input.
    ax = fig.add_axes((0, 0, 1, 0.5))
    ax.set_axis_off()
    pos = draw.network(
        ax,
        th,
        edge_style=lambda l, i, j: {"color": th.faint},
        node_style=lambda l, i: (
            {"face": colours[l], "edge": colours[l], "text": th.bg} if l else {"edge": th.muted}
        ),
        node_text=lambda l, i: "b" if l else None,
        **common,
    )
    items = [
        (pos[l][0][0], f"$b^{{[{l}]}}$: {net.biases[l - 1].size}", colours[l]) for l in range(1, 4)
    ]
    boxes = _group_labels(ax, th, pos, items, 0.15)
    y0 = min(p[1] for layer in pos for p in layer) - 0.3
    title = f"{net.n_biases} biases: " + " + ".join(str(b.size) for b in net.biases)
    ax.text(pos[0][0][0] - 0.15, y0, title, ha="left", va="top", fontweight="bold")
    draw.fit(ax, WIDTH, H, extra=[*boxes, draw.text_box(0, y0, "x", 11, va="top")])
    ax.set_xlim(top.get_xlim())  # the two diagrams one above the other, aligned
    return fig


def _params_diagram(net, th, x_text=None, H=5.0):
    scale = max(float(np.abs(W).max()) for W in net.weights)
    fig, ax = draw.new_axes(WIDTH, H)
    draw.network(
        ax,
        th,
        node_text=x_text or (lambda l, i: _IO.get((l, i))),
        node_note=lambda l, i: f"b {short(net.biases[l - 1][i])}" if l else None,
        edge_text=lambda l, i, j: short(net.weights[l - 1][i, j]),
        edge_style=lambda l, i, j: draw.weight_style(th, net.weights[l - 1][i, j], scale),
        titles=False,
    )
    draw.fit(ax, WIDTH, H)
    return fig, ax


@figure
def initial_weights(r, th):
    fig, ax = _params_diagram(r.net0, th)
    return fig


@figure
def trained_network(r, th):
    fig, ax = _params_diagram(r.trained, th)
    return fig


# -- forward ---------------------------------------------------------------


@figure
def weighted_sum(r, th):
    net, x = r.net0, r.x[0]
    W, b, z = net.weights[0][:, 0], net.biases[0][0], r.trace.z[0][0, 0]
    H = 3.7
    fig, ax = draw.new_axes(WIDTH, H)
    pos = draw.network(
        ax,
        th,
        sizes=(2, 3),
        dx=1.35,
        dy=1.5,
        r=0.25,
        node_text=lambda l, i: f"{x[i]:.0f}" if l == 0 else (short(z) if i == 0 else None),
        node_style=lambda l, i: (
            {"edge": th.layers[1], "lw": 2.2}
            if (l, i) == (1, 0)
            else {"edge": th.faint}
            if l
            else None
        ),
        node_note=lambda l, i: (
            f"$x_{i + 1}$" if l == 0 else _m(f"$b^{{[1]}}_1$ {b:.4f}") if i == 0 else None
        ),
        edge_text=lambda l, i, j: _m(f"{W[i]:.4f}") if j == 0 else None,
        edge_style=lambda l, i, j: (
            {"color": th.layers[1], "lw": 1.8} if j == 0 else {"color": th.faint}
        ),
        titles=False,
    )
    p = [f"{x[i]:.0f} × {W[i]:.4f}" for i in range(2)]
    lines = [
        f"$z^{{[1]}}_1$ = {p[0]} + {p[1]} + {b:.4f}",
        f"    = {x[0] * W[0]:.4f} + {x[1] * W[1]:.4f} + {b:.4f}",
        f"    = {z:.4f}",
        f"$a^{{[1]}}_1$ = ReLU({z:.4f}) = {relu(z):.4f}",
    ]
    x0, y0 = pos[1][0][0] - 0.25, pos[1][0][1] - 0.45
    boxes = []
    for k, line in enumerate(lines):
        ax.text(x0, y0 - 0.3 * k, _m(line), ha="left", va="top")
        boxes.append(draw.text_box(x0, y0 - 0.3 * k, line, 11, ha="left", va="top"))
    draw.fit(ax, WIDTH, H, extra=boxes)
    _wrap(fig, ax)
    return fig


@figure
def activations(r, th):
    fig = plt.figure(figsize=(WIDTH, 4.6))
    axes = _stacked_axes(fig, 2, top=0.3, bottom=0.45, left=0.55, gap=0.7)
    cases = (
        ("ReLU", np.linspace(-3, 3, 601), relu, relu_derivative, (-0.3, 3.1)),
        ("sigmoid", np.linspace(-6, 6, 601), sigmoid, sigmoid_derivative, (-0.05, 1.05)),
    )
    for ax, (name, z, f, df, ylim) in zip(axes, cases):
        a = f(z)
        d = df(a)
        if name == "ReLU":  # a jump: do not join the two sides with a vertical line
            d = np.where(np.isclose(z, 0), np.nan, d)
        ax.axhline(0, color=th.faint, lw=0.8, zorder=0)
        ax.axvline(0, color=th.faint, lw=0.8, zorder=0)
        ax.plot(z, a, color=th.series[0], label=f"{name}(z)")
        ax.plot(z, d, color=th.series[1], ls="--", label=f"{name}′(z)")
        ax.set_ylim(*ylim)
        ax.set_title(name, loc="left", fontweight="bold")
        ax.legend(loc="upper left")
        ax.set_xlabel("z", labelpad=1)
    return fig


@figure
def forward_pass(r, th):
    tr = r.trace
    fig, ax = draw.new_axes(WIDTH, 5.0)  # _wrap sets the size
    pos = draw.network(
        ax,
        th,
        r=0.23,
        dx=1.26,
        node_text=lambda l, i: f"{r.x[0, i]:.0f}" if l == 0 else short(tr.a[l][0, i]),
        node_note=lambda l, i: (
            f"$z^{{[{l}]}}_{i + 1}$ {short(tr.z[l - 1][0, i])}" if l else f"$x_{i + 1}$"
        ),
        edge_style=lambda l, i, j: draw.weight_style(th, r.net0.weights[l - 1][i, j], 0.5),
        titles=False,
    )
    key = "inside a node: its output $a^{[l]}_j$\nbeside it: its weighted sum $z^{[l]}_j$"
    y = pos[-1][0][1] - 0.23 - 0.15
    ax.text(pos[1][0][0] - 0.23, y, key, ha="left", va="top", color=th.muted, linespacing=1.5)
    draw.fit(ax, WIDTH, extra=[draw.text_box(0, y, "x\nx", SMALL, va="top")])
    _wrap(fig, ax)
    return fig


# -- loss ------------------------------------------------------------------


@figure
def bce(r, th):
    fig, ax = plt.subplots(figsize=(WIDTH, 3.0), layout="constrained")
    p = np.linspace(0.002, 0.998, 500)
    ax.plot(p, -np.log(p), color=th.pos, label="y = 1: $-\\ln\\,\\hat y$")
    ax.plot(p, -np.log(1 - p), color=th.neg, ls="--", label="y = 0: $-\\ln(1-\\hat y)$")
    y_hat = float(r.trace.y_hat[0, 0])
    ax.plot([y_hat], [r.loss], "o", color=th.accent, ms=8, zorder=5)
    ax.annotate(
        _m(f"day {r.day} (y = {r.y[0]:.0f}):\nŷ = {y_hat:.4f}\nL = {r.loss:.4f}"),
        (y_hat, r.loss),
        xytext=(0.5, 1.9),
        fontsize=SMALL,
        arrowprops=dict(arrowstyle="-", color=th.accent, lw=1),
    )
    ax.set_ylim(0, 4.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("predicted probability ŷ")
    ax.set_ylabel("loss L")
    ax.legend(loc="upper center")
    return fig


@figure
def notation(r, th):
    H = 5.3  # a first guess; draw.fit sets the height
    fig, ax = draw.new_axes(WIDTH, H)
    dy = 1.15
    pos = draw.network(ax, th, dx=0.85, dy=dy, arrows=True, titles=False)
    notes = (
        r"$a^{[0]} = x$",
        r"$z^{[1]},\ a^{[1]}$",
        r"$z^{[2]},\ a^{[2]}$",
        r"$z^{[3]},\ a^{[3]} = \hat y$",
    )
    x_right = max(p[0] for layer in pos for p in layer) + draw.R + 0.25
    for l, layer in enumerate(pos):  # layer l's symbols in layer l's colour
        y = layer[0][1]
        ax.text(x_right, y, notes[l], ha="left", va="center", color=th.layers[l] if l else th.text)
        if l:
            ax.text(
                x_right,
                y + dy / 2,
                f"$W^{{[{l}]}},\\ b^{{[{l}]}}$",
                ha="left",
                va="center",
                color=th.layers[l],
            )
    y_out = pos[3][0][1]
    ax.add_patch(
        FancyArrowPatch(
            (0, y_out - draw.R),
            (0, y_out - 0.7),
            arrowstyle="-|>",
            mutation_scale=9,
            color=th.muted,
        )
    )
    ax.text(0, y_out - 0.72, r"$L(y, \hat y)$", ha="center", va="top", color=th.text)
    extra = [
        draw.text_box(x_right, pos[3][0][1], "z[3], a[3] = y", 11, ha="left"),
        draw.text_box(0, y_out - 0.72, "L(y, y)", 11, va="top"),
    ]
    draw.fit(ax, WIDTH, extra=extra)  # as tall as the drawing
    return fig


# -- backward and update ---------------------------------------------------


def _matrix(ax, th, x, y, label, M, colour, fontsize=SMALL):
    """Write ``label`` and the matrix ``M`` with brackets, top left at (x, y); return its box."""
    rows, cols = M.shape
    dh = 1.3 * fontsize / 72  # row height, inches
    cells = [[short(v) for v in row] for row in M]
    col_w = [max(draw.text_box(0, 0, c, fontsize)[2] * 2 for c in col) + 0.1 for col in zip(*cells)]
    h = rows * dh
    ax.text(x, y - h / 2, label, ha="left", va="center", color=colour, fontsize=fontsize)
    x0 = x + draw.text_box(0, 0, "∂L/∂W[1] = ", fontsize, ha="left")[2]
    xb = x0
    for k, w in enumerate(col_w):
        for i in range(rows):
            ax.text(xb + w - 0.04, y - (i + 0.5) * dh, cells[i][k], ha="right", va="center")
        xb += w
    for side, xs in ((-1, x0), (1, xb + 0.02)):  # brackets [ ]
        t = 0.05 * -side
        ax.plot([xs + t, xs, xs, xs + t], [y, y, y - h, y - h], color=th.text, lw=0.9)
    return (x, y - h, xb + 0.05, y)


@figure
def backward_pass(r, th):
    # Drawn like the forward pass (input at the top), the arrows pointing back up.
    # Each error delta needs room beside its node, and the gradients of the
    # weights are listed as matrices below: on the edges, next to their
    # crossings, one could not tell whose they are. About 3.9 in wide, a little more than WIDTH.
    g = r.grads
    fig, ax = draw.new_axes(WIDTH, 7.0)  # _wrap sets the size
    names = [
        f"{n}\n$\\delta^{{[{l}]}}$" for l, n in enumerate(("input", "hidden", "hidden", "output"))
    ]
    names[0] = "input\n$x$"
    pos = draw.network(
        ax,
        th,
        dx=1.1,
        r=0.15,
        node_text=lambda l, i: f"$x_{i + 1}$" if l == 0 else None,
        node_note=lambda l, i: _m(f"{r.x[0, i]:.0f}") if l == 0 else short(g.delta[l - 1][0, i]),
        edge_style=lambda l, i, j: {"color": th.layers[l], "lw": 1.1},
        arrows=True,
        titles=names,
    )
    for patch in ax.patches:  # arrows from each layer back up to the one before it
        if isinstance(patch, FancyArrowPatch):
            patch.set_arrowstyle("<|-")
    x_left = pos[1][0][0] - 0.75  # the left of the names
    y_top = pos[0][0][1] + draw.R + 0.12
    head = "backward: from the output (bottom)\nup to the inputs (top)"
    ax.text(0, y_top, head, ha="center", va="bottom", color=th.muted)
    extra = [draw.text_box(0, y_top, head, SMALL, va="bottom")]
    # The weight gradients, one matrix per layer: row i = from node i, column j = to node j.
    y = pos[-1][0][1] - draw.R - 0.3
    for l in range(1, 4):
        label = f"$\\partial L / \\partial W^{{[{l}]}}$ ="
        box = _matrix(ax, th, x_left, y, label, g.dW[l - 1], th.layers[l])
        extra.append(box)
        y = box[1] - 0.16
    draw.fit(ax, WIDTH, extra=extra)
    _wrap(fig, ax)
    return fig


def _wrap(fig, ax, pad=0.06):
    """Resize ``fig`` to what is drawn on ``ax`` (measured, not estimated), plus ``pad`` in."""
    bbox = ax.get_tightbbox(fig.canvas.get_renderer()).transformed(ax.transData.inverted())
    w, h = bbox.width + 2 * pad, bbox.height + 2 * pad
    fig.set_size_inches(w, h)
    ax.set_xlim(bbox.x0 - pad, bbox.x1 + pad)
    ax.set_ylim(bbox.y0 - pad, bbox.y1 + pad)


@figure
def update(r, th):
    # One row per parameter, groups W[1], b[1], W[2] ... apart. The changes run
    # from 0.0004 to 0.05: on a linear axis the small ones would be invisible,
    # so the axis is linear up to 0.001 and logarithmic beyond (symlog).
    names = runs.param_names(r.net0)
    before = _flat(r.net0)
    after = _flat(r.stepped)
    change = after - before
    n = len(names)
    row, gap, top, bottom, left, bars = 0.27, 0.14, 0.32, 0.62, 0.6, 1.2  # inches
    starts = [k for k in range(1, n) if names[k][1:3] != names[k - 1][1:3]]
    yy = -(np.arange(n) * row + gap * np.searchsorted(starts, np.arange(n), side="right"))
    span = -yy[-1] + row
    H = span + top + bottom
    fig = plt.figure(figsize=(WIDTH, H))
    ax = fig.add_axes((left / WIDTH, bottom / H, bars / WIDTH, span / H))
    colours = [th.wpos if c >= 0 else th.wneg for c in change]
    ax.barh(yy, change, color=colours, height=0.66 * row)
    ax.set_xscale("symlog", linthresh=1e-3, linscale=0.6)
    ax.axvline(0, color=th.muted, lw=0.8)
    ax.set_yticks(yy, [f"${nm}$" for nm, *_ in names])
    ax.tick_params(axis="y", length=0, pad=3)
    ax.set_ylim(yy[-1] - row / 2, row / 2)
    for k in starts:  # a faint rule between groups, across the bars only
        ax.axhline((yy[k] + yy[k - 1]) / 2, color=th.faint, lw=0.8)
    lim = float(np.abs(change).max()) * 1.3
    ax.set_xlim(-lim, lim)
    ticks = [-0.01, 0, 0.01]
    ax.set_xticks(ticks, [_m(f"{v:g}") for v in ticks])
    ax.set_xticks([-1e-3, 1e-3], minor=True)
    ax.tick_params(axis="x", which="minor", labelbottom=False)
    ax.set_xlabel(
        f"change = −{guide.LEARNING_RATE:g} × gradient\n(log scale beyond ±0.001)",
        fontsize=SMALL,
        labelpad=2,
    )
    ax.spines["left"].set_visible(False)
    for y, b0, b1 in zip(yy, before, after):
        ax.text(
            1.06,
            y,
            _m(f"{b0:.4f} → {b1:.4f}"),
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=SMALL,
        )
    ax.text(
        1.06,
        row / 2,
        "before → after",
        transform=ax.get_yaxis_transform(),
        color=th.muted,
        ha="left",
        va="bottom",
        fontsize=SMALL,
    )
    return fig


def _flat(net):
    return np.array(
        [
            (net.weights if kind == "W" else net.biases)[l - 1][idx]
            for _, l, kind, idx in runs.param_names(net)
        ]
    )


@figure
def step_summary(r, th):
    fig, ax = draw.new_axes(WIDTH, 3.6)
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, 3.6)
    y_hat = float(r.trace.y_hat[0, 0])
    delta = float(r.grads.delta[-1][0, 0])
    L, Rx, w, h = 0.85, 2.75, 1.55, 1.2
    boxes = [
        ("1 forward", _m(f"x = ({r.x[0, 0]:.0f}, {r.x[0, 1]:.0f})\nŷ = {y_hat:.4f}"), (L, 2.7)),
        ("2 loss", _m(f"y = {r.y[0]:.0f}\nL = {r.loss:.4f}"), (Rx, 2.7)),
        ("3 backward", _m(f"$\\delta^{{[3]}}$ = ŷ − y\n= {delta:.4f}"), (Rx, 0.85)),
        (
            "4 update",
            f"W ← W − {guide.LEARNING_RATE:g} ∂L/∂W\n{r.net0.n_params} parameters",
            (L, 0.85),
        ),
    ]
    for k, (title, body, (cx, cy)) in enumerate(boxes):
        colour = th.series[k]
        ax.add_patch(
            FancyBboxPatch(
                (cx - w / 2, cy - h / 2),
                w,
                h,
                boxstyle="round,pad=0.02,rounding_size=0.12",
                fc="none",
                ec=colour,
                lw=1.6,
            )
        )
        ax.text(cx, cy + h / 2 - 0.1, title, ha="center", va="top", color=colour, fontweight="bold")
        ax.text(cx, cy - 0.12, body, ha="center", va="center", fontsize=SMALL)
    g = 0.04
    arrows = [
        ((L + w / 2 + g, 2.7), (Rx - w / 2 - g, 2.7)),
        ((Rx, 2.7 - h / 2 - g), (Rx, 0.85 + h / 2 + g)),
        ((Rx - w / 2 - g, 0.85), (L + w / 2 + g, 0.85)),
        ((L, 0.85 + h / 2 + g), (L, 2.7 - h / 2 - g)),
    ]
    for a, b in arrows:
        ax.add_patch(
            FancyArrowPatch(
                a, b, arrowstyle="-|>", mutation_scale=12, color=th.muted, shrinkA=0, shrinkB=0
            )
        )
    ax.text((L + Rx) / 2, 1.78, f"day {r.day}", ha="center", va="center", color=th.muted)
    return fig


# -- training --------------------------------------------------------------


@figure
def training_curves(r, th):
    h = r.trained.history
    epochs = np.arange(len(h["loss"]))
    fig = plt.figure(figsize=(WIDTH, 4.2))
    ax1, ax2 = _stacked_axes(fig, 2, top=0.1, bottom=0.55, left=0.62, right=0.25, gap=0.25)
    for ax, key, colour in ((ax1, "loss", th.series[0]), (ax2, "accuracy", th.series[1])):
        v = np.array(h[key])
        ax.plot(epochs, v, color=colour, lw=0.7, alpha=0.55, label="after each epoch")
        ax.plot(epochs[24:], _moving_mean(v, 25), color=colour, lw=1.8, label="mean of 25 epochs")
    ax1.legend(loc="upper right", fontsize=SMALL - 0.5)
    ax1.set_ylabel("training loss")
    ax1.set_ylim(0, None)
    ax2.set_ylabel("accuracy")
    ax2.set_ylim(0, 1.05)  # all of it: single epochs dip far below the mean
    ax2.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax2.set_xlabel("epoch")
    ax1.tick_params(labelbottom=False)
    for ax in (ax1, ax2):
        ax.grid(True, axis="y")
        ax.set_xlim(0, epochs[-1])
    return fig


def _moving_mean(v, k):
    return np.convolve(v, np.ones(k) / k, mode="valid")


@figure
def learning_rates(r, th):
    rates = runs.LEARNING_RATES
    fig = plt.figure(figsize=(WIDTH, 4.8))
    axes = _stacked_axes(fig, len(rates), top=0.3, bottom=0.55, left=0.62, right=0.25, gap=0.45)
    verdicts = {rates[0]: "too large", rates[1]: "too small", guide.LEARNING_RATE: "the guide's"}
    top = max(max(h["loss"]) for h in r.lr_runs.values())
    for k, (ax, lr) in enumerate(zip(axes, rates)):
        loss = r.lr_runs[lr]["loss"]
        ax.plot(np.arange(len(loss)), loss, color=th.series[k], lw=1.0)
        ax.set_ylim(0, top * 1.05)
        ax.set_xlim(0, len(loss) - 1)
        ax.grid(True, axis="y")
        ax.set_title(
            f"learning rate {lr:g}: {verdicts[lr]}",
            loc="left",
            fontsize=SMALL,
            color=th.series[k],
            pad=3,
        )
        if k < len(rates) - 1:
            ax.tick_params(labelbottom=False)
    axes[1].set_ylabel("training loss")
    axes[-1].set_xlabel("epoch")
    return fig


@figure
def batch_modes(r, th):
    fig = plt.figure(figsize=(WIDTH, 5.1))
    ax1, ax2 = _stacked_axes(fig, 2, top=0.1, bottom=1.3, left=0.62, right=0.25, gap=0.65)
    n = int(r.golf.train.sum())
    lines = []
    for k, bs in enumerate(runs.BATCH_SIZES):
        loss = np.array(r.batch_runs[bs]["loss"])
        per_epoch = -(-n // bs)
        e = np.arange(len(loss))
        name = {1: "per example", n: "full batch"}.get(bs, "mini-batch")
        label = f"{name} (batch {bs}, {per_epoch} update{'s' if per_epoch > 1 else ''}/epoch)"
        (ln,) = ax1.plot(e, loss, color=th.series[k], lw=1.0, label=label)
        ax2.plot(e * per_epoch, loss, color=th.series[k], lw=1.0)
        lines.append(ln)
    ax1.set_xlabel("epoch", labelpad=1)
    ax2.set_xlabel("updates (log scale)", labelpad=1)
    ax2.set_xscale("log")
    for ax in (ax1, ax2):
        ax.set_ylabel("training loss")
        ax.set_ylim(0, None)
        ax.grid(True, axis="y")
    ax1.set_xlim(0, guide.EPOCHS)
    ax2.set_xlim(1, None)
    fig.legend(
        handles=lines, loc="lower left", bbox_to_anchor=(0.0, 0.0), ncol=1, fontsize=SMALL - 0.5
    )
    return fig


@figure
def boundary_evolution(r, th):
    params = r.trained.history["weights"]
    snaps = runs.SNAPSHOTS
    cols, side, gap, title = 2, 0.06, 0.14, 0.24  # inches
    rows = -(-len(snaps) // cols)
    cell = (WIDTH - 2 * side - gap * (cols - 1)) / cols
    key = 0.75  # room for the colour bar and its label
    H = rows * (title + cell) + (rows - 1) * 0.06 + key
    fig = plt.figure(figsize=(WIDTH, H))
    net = guide.network()
    for k, epoch in enumerate(snaps):
        row, col = divmod(k, cols)
        x0 = side + col * (cell + gap)
        y0 = H - (row + 1) * (title + cell) - row * 0.06
        ax = fig.add_axes((x0 / WIDTH, y0 / H, cell / WIDTH, cell / H))
        net.set_params(*params[epoch])
        _boundary(ax, th, net)
        _days(ax, th, r.golf, r.golf.train, ids=False, size=30, label=False)
        acc = r.trained.history["accuracy"][epoch]
        ax.set_title(f"epoch {epoch}: {acc:.0%}", fontsize=SMALL, pad=3)
        ax.set_xlim(-0.5, 3.5)
        ax.set_ylim(-0.5, 3.5)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_aspect("equal")
        for s in ax.spines.values():
            s.set_visible(True)
            s.set_color(th.muted)
            s.set_linewidth(0.6)
    _band_key(fig, th, (0.12, 0.42 / H, 0.76, 0.11 / H))
    return fig


@figure
def test_predictions(r, th):
    H, side = 4.75, 2.8  # inches: figure height, side of the square plot
    fig = plt.figure(figsize=(WIDTH, H))
    ax = fig.add_axes((0.62 / WIDTH, (H - 0.12 - side) / H, side / WIDTH, side / H))
    _plane(ax, th)
    _boundary(ax, th, r.trained)
    _days(ax, th, r.golf, r.golf.train, ids=False, size=26)
    _days(ax, th, r.golf, r.golf.test, hollow=True, ids=False)
    proba = r.trained.predict_proba(r.golf.X)
    wrong = r.trained.predict(r.golf.X) != r.golf.y
    for i in np.flatnonzero(r.golf.test):  # "ID: probability", and a bold ✗ when wrong
        mark = " ✗" if wrong[i] else ""
        _id_label(ax, th, r.golf, i, extra=f": {proba[i]:.2f}{mark}", box=True, bold=wrong[i])
    handles = [
        Line2D([], [], marker="o", ls="", color=th.pos, label="golf (train)"),
        Line2D([], [], marker="s", ls="", color=th.neg, label="no golf (train)"),
        Line2D(
            [], [], marker="o", ls="", mfc="none", mec=th.pos, mew=1.8, ms=9, label="golf (test)"
        ),
        Line2D(
            [], [], marker="s", ls="", mfc="none", mec=th.neg, mew=1.8, ms=9, label="no golf (test)"
        ),
    ]
    _legend_below(fig, ax, handles=handles, y=0.62 / H)
    _band_key(fig, th, (0.12, 0.42 / H, 0.76, 0.11 / H))
    return fig


@figure
def dead_relu(r, th):
    cases = (
        ("initial network", r.net0),
        ("trained network (the guide)", r.trained),
        ("scikit-learn fit, random_state 42", r.sklearn),
    )
    golf = r.golf
    units = ["1.1", "1.2", "1.3", "2.1", "2.2"]
    fig = plt.figure(figsize=(WIDTH, 5.4))
    axes = _stacked_axes(fig, 3, top=0.3, bottom=0.45, left=0.55, right=0.1, gap=0.55)
    for ax, (title, net) in zip(axes, cases):
        A = runs.hidden_outputs(net, golf.X).T  # (units, days)
        ax.imshow(
            A > 0,
            cmap=LinearSegmentedColormap.from_list("d", [th.faint, th.accent]),
            vmin=0,
            vmax=1,
            aspect="auto",
            interpolation="nearest",
        )
        for u, d in zip(*np.nonzero(A == 0)):
            ax.text(d, u, "0", ha="center", va="center", fontsize=SMALL - 1.5, color=th.text)
        ax.set_yticks(range(len(units)), units)
        ax.set_xticks(range(len(golf.ids)), golf.ids, fontsize=SMALL - 1)
        ax.tick_params(length=0, pad=2)
        ax.axvline(golf.train.sum() - 0.5, color=th.text, lw=1.2)
        ax.axhline(2.5, color=th.bg, lw=2)
        ax.set_title(title, loc="left", fontsize=SMALL, pad=3)
        for s in ax.spines.values():
            s.set_visible(False)
    axes[-1].set_xlabel("day (1-8 train | 9-13 test)", fontsize=SMALL)
    axes[1].set_ylabel("hidden unit (layer.unit)", fontsize=SMALL)
    return fig


@figure
def seeds(r, th):
    rows = np.array(r.seeds)
    fig, ax = plt.subplots(figsize=(WIDTH, 3.0), layout="constrained")
    s = rows[:, 0]
    jitter = 0.0
    ax.plot(s, rows[:, 1] + jitter, "o", color=th.series[0], ms=6, label="train accuracy")
    ax.plot(
        s,
        rows[:, 2] - jitter,
        "s",
        color=th.series[1],
        mfc="none",
        mew=1.6,
        ms=6,
        label="test accuracy",
    )
    ax.axvline(guide.SEED, color=th.muted, lw=0.8, ls=":")
    ax.text(guide.SEED, 1.13, "the guide's seed", color=th.muted, fontsize=SMALL, ha="center")
    ax.set_xticks(s[::2])
    ax.set_xlabel("seed of the initial weights")
    ax.set_ylim(-0.05, 1.12)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.grid(True, axis="y")
    fig.legend(loc="outside upper center", ncol=2)
    return fig
