"""Drawing the 2-3-2-1 network: node positions, edges, labels.

Layers are numbered as in the guide: layer 0 is the input, layer L the output;
edge ``(l, i, j)`` is the weight W[l][i, j] from node i of layer l-1 to node j
of layer l. Coordinates are in inches (axes with equal aspect, one data unit
per inch), so sizes below are physical sizes on the figure.

Two orientations: ``"v"`` (input at the top, output at the bottom), used for
every diagram carrying numbers because a phone screen is tall and numbers are
wide; ``"h"`` (input on the left), the usual textbook drawing.
"""

import itertools

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch

from micromlp import guide
from scripts.style import SMALL

SIZES = guide.LAYER_SIZES
LAYER_NAMES = ("input", "hidden 1", "hidden 2", "output")
R = 0.19  # node radius, inches
DX, DY = 1.2, 1.4  # node spacing in a layer, layer spacing (inches)


def layout(sizes=SIZES, orient="v", flip=False, dx=DX, dy=DY):
    """``pos[l][i]`` = (x, y) of node i of layer l.

    ``dx`` separates nodes of a layer, ``dy`` the layers; ``flip`` puts the
    output first (at the top, or on the left), for the backward pass.
    """
    L = len(sizes) - 1
    pos = []
    for l, n in enumerate(sizes):
        k = L - l if flip else l
        step = dx * (1.4 if n == 2 else 1.0)  # a pair spreads wider: room for notes
        across = [((n - 1) / 2 - i) * step for i in range(n)]
        if orient == "v":
            pos.append([(-a, -k * dy) for a in across])  # node 0 on the left
        else:
            pos.append([(k * dy, a) for a in across])  # node 0 at the top
    return pos


def text_box(x, y, text, fontsize, ha="center", va="center"):
    """Approximate box (x0, y0, x1, y1) in inches of ``text`` drawn at (x, y)."""
    lines = str(text).split("\n")
    w = fontsize / 72 * max(sum(_EM.get(c, 0.62) for c in line) for line in lines) + 0.08
    h = 1.25 * fontsize / 72 * len(lines) + 0.04
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[ha]
    y0 = {"bottom": y, "center": y - h / 2, "top": y - h}[va]
    return (x0, y0, x0 + w, y0 + h)


# Widths in em of DejaVu Sans glyphs, for the label boxes.
_EM = {**dict.fromkeys("0123456789", 0.636), ".": 0.318, " ": 0.318, "\u2212": 0.838, "-": 0.361}


def _crossing(p1, q1, p2, q2):
    """The point where segments p1-q1 and p2-q2 cross (not at an end), or None."""
    d = (q1[0] - p1[0]) * (q2[1] - p2[1]) - (q1[1] - p1[1]) * (q2[0] - p2[0])
    if abs(d) < 1e-12:
        return None
    t = ((p2[0] - p1[0]) * (q2[1] - p2[1]) - (p2[1] - p1[1]) * (q2[0] - p2[0])) / d
    u = ((p2[0] - p1[0]) * (q1[1] - p1[1]) - (p2[1] - p1[1]) * (q1[0] - p1[0])) / d
    if 0.01 < t < 0.99 and 0.01 < u < 0.99:
        return (p1[0] + t * (q1[0] - p1[0]), p1[1] + t * (q1[1] - p1[1]))
    return None


def _overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# Fractions along an edge, in order of preference, for its label.
T_CHOICES = (0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65, 0.25, 0.75, 0.45, 0.55, 0.2, 0.8, 0.15, 0.85)


def _hits(box, edge):
    """Whether the ink of ``edge`` (p, q, line width in inches) reaches into ``box``."""
    (px, py), (qx, qy), width = edge
    grown = (box[0] - width / 2, box[1] - width / 2, box[2] + width / 2, box[3] + width / 2)
    return any(
        grown[0] < px + t * (qx - px) < grown[2] and grown[1] < py + t * (qy - py) < grown[3]
        for t in (k / 200 for k in range(201))
    )


def place_label(p, q, box_at, taken, edges=()):
    """The first point along p -> q whose label box overlaps nothing in ``taken``
    and no edge of ``edges`` (or, failing that, the fewest things)."""
    best = None
    for t in T_CHOICES:
        x, y = p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
        box = box_at(x, y)
        hits = sum(_overlaps(box, other) for other in taken) + sum(_hits(box, e) for e in edges)
        if best is None or hits < best[0]:
            best = (hits, x, y, box)
        if hits == 0:
            break
    return best[1:]


def _stems(pos, r, node_note, fontsize):
    """``{(l, i): how far below its centre the edges leaving node i of layer l downwards
    start}``: under its note (drawn below it), for the nodes that have one."""
    out = {}
    for l, layer in enumerate(pos):
        for i, (x, y) in enumerate(layer):
            note = node_note and node_note(l, i)
            if note:
                box = text_box(x, y - r - 0.06, note, fontsize, "center", "top")
                out[l, i] = y - box[1] + 0.03
    return out


def new_axes(width, height):
    """A figure of ``width`` x ``height`` inches with one bare axes, 1 unit = 1 inch."""
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    return fig, ax


def fit(ax, width, height=None, *, pad=(0.0, 0.0), extra=()):
    """Centre all that :func:`network` drew (and ``extra`` boxes) in ``width`` x ``height`` in.

    With ``height=None`` the figure gets the height of the drawing plus a margin.
    """
    boxes = [*getattr(ax, "mlp_boxes", []), *extra]
    xs = [v for b in boxes for v in (b[0], b[2])]
    ys = [v for b in boxes for v in (b[1], b[3])]
    if height is None:
        height = max(ys) - min(ys) + 0.1
        ax.figure.set_size_inches(width, height)
    cx, cy = (min(xs) + max(xs)) / 2 + pad[0], (min(ys) + max(ys)) / 2 + pad[1]
    ax.set_xlim(cx - width / 2, cx + width / 2)
    ax.set_ylim(cy - height / 2, cy + height / 2)
    ax.set_aspect("equal")


def network(
    ax,
    th,
    *,
    sizes=SIZES,
    orient="v",
    flip=False,
    dx=DX,
    dy=DY,
    r=R,
    node_text=None,
    node_note=None,
    node_style=None,
    edge_text=None,
    edge_style=None,
    titles=True,
    arrows=False,
    fontsize=SMALL,
    note_below=False,
):
    """Draw the network on ``ax``; return the node positions.

    ``node_text(l, i)``: text inside node i of layer l; ``node_note(l, i)``: text
    beside it (right in "v", below in "h"; below in both with ``note_below``; in
    "v" the edges that leave a node downwards then start under its note, so
    that none runs through it); ``node_style(l, i)``: dict of
    ``face``, ``edge``, ``lw``; ``edge_text(l, i, j)`` and ``edge_style(l, i, j)``
    (``color``, ``lw``, ``alpha``) likewise for the edge of W[l][i, j]. Any of
    them may return None for "nothing" / "default".
    """
    pos = layout(sizes, orient, flip, dx, dy)
    L = len(sizes) - 1
    labels, taken, edges = [], [], []  # edge labels to place; boxes already used; edges
    stems = _stems(pos, r, node_note, fontsize) if note_below and orient == "v" else {}
    for l in range(1, L + 1):
        for i, p0 in enumerate(pos[l - 1]):
            for j, q0 in enumerate(pos[l]):
                style = {"color": th.muted, "lw": 1.0, "alpha": 1.0}
                style.update((edge_style and edge_style(l, i, j)) or {})
                # the upper end of the edge starts under that node's note, if it has one
                upper = (l - 1, i) if p0[1] > q0[1] else (l, j)
                drop = stems.get(upper)
                p = (p0[0], p0[1] - drop) if drop and upper == (l - 1, i) else p0
                q = (q0[0], q0[1] - drop) if drop and upper == (l, j) else q0
                gid = f"mlp-edge-{len(edges)}"  # tests/site/test_figure_labels.py finds edges by id
                if arrows:
                    ax.add_patch(
                        FancyArrowPatch(
                            p,
                            q,
                            arrowstyle="-|>",
                            mutation_scale=9,
                            shrinkA=r * 72 if p == p0 else 1,
                            shrinkB=r * 72 + 1 if q == q0 else 2,
                            color=style["color"],
                            lw=style["lw"],
                            alpha=style["alpha"],
                            zorder=1,
                            gid=gid,
                        )
                    )
                else:
                    ax.plot(
                        [p[0], q[0]],
                        [p[1], q[1]],
                        color=style["color"],
                        lw=style["lw"],
                        alpha=style["alpha"],
                        solid_capstyle="butt",
                        zorder=1,
                        gid=gid,
                    )
                edges.append((p, q, style["lw"] / 72))
                text = edge_text and edge_text(l, i, j)
                if text:
                    labels.append((p, q, text, style.get("text", th.text), gid))
    for (l, i), drop in stems.items():  # a dot where a node's edges start, under its note
        if l < L if not flip else l > 0:
            x, y = pos[l][i]
            ax.add_patch(Circle((x, y - drop), 0.03, fc=th.muted, ec="none", zorder=2))
    for l, layer in enumerate(pos):
        for i, (x, y) in enumerate(layer):
            style = {"face": th.node, "edge": th.text, "lw": 1.2}
            style.update((node_style and node_style(l, i)) or {})
            circle = Circle((x, y), r, fc=style["face"], ec=style["edge"], lw=style["lw"], zorder=4)
            ax.add_patch(circle).set_gid(f"mlp-node-{l}-{i}")
            taken.append((x - r - 0.03, y - r - 0.03, x + r + 0.03, y + r + 0.03))
            text = node_text and node_text(l, i)
            if text:
                ax.text(
                    x,
                    y,
                    text,
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color=style.get("text", th.text),
                    zorder=5,
                )
            note = node_note and node_note(l, i)
            if note:
                if orient == "v" and not note_below:
                    xy, ha, va = (x + r + 0.06, y), "left", "center"
                else:
                    xy, ha, va = (x, y - r - 0.06), "center", "top"
                mask = dict(boxstyle="round,pad=0.08", fc=th.bg, ec="none") if note_below else None
                ax.text(
                    *xy, note, ha=ha, va=va, fontsize=fontsize, color=th.text, zorder=5, bbox=mask
                )
                taken.append(text_box(*xy, note, fontsize, ha, va))
    if titles:
        names = titles if isinstance(titles, (list, tuple)) else LAYER_NAMES
        x_left = min(p[0] for lay in pos for p in lay) - r
        y_top = max(p[1] for lay in pos for p in lay) + r
        for l, layer in enumerate(pos):
            if orient == "v":  # left of the row, level with it: no edge passes there
                x, y, ha, va = x_left - 0.12, layer[0][1], "right", "center"
            else:
                x, y, ha, va = layer[0][0], y_top + 0.1, "center", "bottom"
            ax.text(x, y, names[l], ha=ha, va=va, fontsize=fontsize, color=th.muted)
            taken.append(text_box(x, y, names[l], fontsize, ha, va))
    # Keep labels off the crossings of edges, where one cannot tell whose they are.
    for (p1, q1, _), (p2, q2, _) in itertools.combinations(edges, 2):
        c = _crossing(p1, q1, p2, q2)
        if c is not None:
            taken.append((c[0] - 0.16, c[1] - 0.12, c[0] + 0.16, c[1] + 0.12))
    for p, q, text, colour, gid in labels:
        others = [e for e in edges if e[:2] != (p, q)]  # a label may sit on its own edge only
        box_at = lambda x, y, text=text: text_box(x, y, text, fontsize)  # noqa: E731
        x, y, box = place_label(p, q, box_at, taken, others)
        taken.append(box)
        ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            fontsize=fontsize,
            color=colour,
            bbox=dict(boxstyle="round,pad=0.12", fc=th.bg, ec="none", alpha=0.92),
            zorder=3,
            gid=gid.replace("edge", "label"),  # the label of edge K: mlp-label-K
        )
    ax.mlp_boxes = [*getattr(ax, "mlp_boxes", []), *taken]
    return pos


def weight_style(th, value, scale=1.0):
    """Edge style for a weight: colour by sign, width by size."""
    colour = th.wpos if value >= 0 else th.wneg
    return {"color": colour, "text": colour, "lw": 0.8 + 2.6 * min(abs(value) / scale, 1.0)}
