"""Figures of the backward pass, the update and the training step.

Each function takes the computed :class:`scripts.runs.Runs` and a
:class:`scripts.style.Theme` and returns a matplotlib Figure; it is registered
with its alt text in :data:`FIGURES` (see :mod:`scripts.figures`).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from micromlp import guide
from scripts import draw, geometry, runs
from scripts.figures_network import forward_diagram
from scripts.registry import Registry
from scripts.style import SMALL, WIDTH, minus, short

FIGURES = Registry()
figure = FIGURES.figure


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


@figure(
    alt=(
        "The network drawn top to bottom like the forward pass, inputs x1 and x2 at the top "
        "and the output at the bottom, arrows pointing back up from the output to the inputs, "
        "each unit's error delta beside it, and below it the gradients of the weights as "
        "three matrices, one per layer, for day 6"
    )
)
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
        node_note=lambda l, i: minus(f"{r.x[0, i]:.0f}") if l == 0 else short(g.delta[l - 1][0, i]),
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
    geometry.wrap(fig, ax)
    return fig


@figure(
    alt=(
        "The 14 weights and 6 biases of the network before and after one update on day 6, "
        "with the change of each"
    )
)
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
    ax.set_xticks(ticks, [minus(f"{v:g}") for v in ticks])
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
            minus(f"{b0:.4f} → {b1:.4f}"),
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


@figure(
    alt=(
        "Four boxes in a cycle for one training step on day 6: 1 forward, with the input and "
        "the prediction y-hat, top left; an arrow right to 2 loss, with the target and the "
        "loss, top right; down to 3 backward, with the output error delta = y-hat - y, bottom "
        "right; left to 4 update, W minus the learning rate times the gradient for all 20 "
        "parameters, bottom left; and up again to forward"
    )
)
def step_summary(r, th):
    fig, ax = draw.new_axes(WIDTH, 3.6)
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, 3.6)
    y_hat = float(r.trace.y_hat[0, 0])
    delta = float(r.grads.delta[-1][0, 0])
    L, Rx, w, h = 0.85, 2.75, 1.55, 1.2
    boxes = [
        ("1 forward", minus(f"x = ({r.x[0, 0]:.0f}, {r.x[0, 1]:.0f})\nŷ = {y_hat:.4f}"), (L, 2.7)),
        ("2 loss", minus(f"y = {r.y[0]:.0f}\nL = {r.loss:.4f}"), (Rx, 2.7)),
        ("3 backward", minus(f"$\\delta^{{[3]}}$ = ŷ − y\n= {delta:.4f}"), (Rx, 0.85)),
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


@figure(
    alt=(
        "The untrained network on day 2, temperature 1 and humidity 0, drawn top to bottom: "
        "each unit's output inside it, its weighted sum z and its error delta below it. "
        "Unit 2 of the second hidden layer has a negative sum, so it outputs 0 and is drawn "
        "dashed with faint edges, and its delta is 0. Below the diagram, the gradients of "
        "W[2] and W[3] as matrices: the column of W[2] into that unit and the row of W[3] "
        "out of it are all zeros"
    )
)
def relu_off(r, th):
    day = 2
    x, y = guide.day(day)
    net = r.net0
    grads = net.backward(net.forward(x), y)
    fig, ax = draw.new_axes(WIDTH, 7.0)  # geometry.wrap sets the size
    pos, boxes = forward_diagram(fig, ax, th, net, x, deltas=grads.delta)
    x_left = pos[1][0][0] - 0.23
    y = boxes[-1][1] - 0.15
    for l in (2, 3):
        label = f"$\\partial L / \\partial W^{{[{l}]}}$ ="
        box = _matrix(ax, th, x_left, y, label, grads.dW[l - 1], th.layers[l])
        boxes.append(box)
        y = box[1] - 0.16
    draw.fit(ax, WIDTH, extra=boxes)
    geometry.wrap(fig, ax)
    return fig


@figure(
    alt=(
        "The untrained network on day 6 drawn top to bottom with the local derivative of "
        "every operation: on each connection its weight, the derivative of the next sum "
        "with respect to the unit it leaves; inside each unit the slope of its activation, "
        "1 for the five active ReLU units and about 0.25 for the sigmoid output; below each "
        "unit its error delta, the local slope times the sum of weight times delta coming "
        "up from the layer below; at the bottom the derivative of the loss with respect to "
        "y-hat, where the backward sweep starts"
    )
)
def local_derivatives(r, th):
    net, tr, g = r.net0, r.trace, r.grads
    fig, ax = draw.new_axes(WIDTH, 6.0)
    last = net.n_layers

    def slope(l, i):
        a = tr.a[l][0, i]
        return a * (1 - a) if l == last else float(tr.z[l - 1][0, i] > 0)

    pos = draw.network(
        ax,
        th,
        r=0.23,
        dx=1.26,
        node_text=lambda l, i: (
            f"$x_{i + 1}$" if l == 0 else short(slope(l, i)) if l == last else f"{slope(l, i):g}"
        ),
        node_note=lambda l, i: f"$\\delta$ {short(g.delta[l - 1][0, i])}" if l else None,
        node_style=lambda l, i: {"edge": th.layers[l], "lw": 1.6} if l else None,
        edge_text=lambda l, i, j: short(net.weights[l - 1][i, j]),
        edge_style=lambda l, i, j: draw.weight_style(th, net.weights[l - 1][i, j], 0.5),
        titles=False,
        arrows=True,
        note_below=True,
    )
    for patch in ax.patches:  # the sweep runs upwards: arrows from each layer to the one above
        if isinstance(patch, FancyArrowPatch):
            patch.set_arrowstyle("<|-")
    y_hat, y = float(tr.y_hat[0, 0]), float(r.y[0])
    dL = -(y - y_hat) / (y_hat * (1 - y_hat))
    x_out, y_out = pos[-1][0]
    start = minus(f"$\\partial L / \\partial \\hat y$ = {dL:.2f}")
    y_start = y_out - 0.23 - 0.55
    ax.text(x_out, y_start, start, ha="center", va="top", color=th.accent)
    ax.add_patch(
        FancyArrowPatch(
            (x_out, y_start + 0.02),
            (x_out, y_out - 0.23 - 0.32),
            arrowstyle="-|>",
            mutation_scale=9,
            color=th.accent,
        )
    )
    boxes = [draw.text_box(x_out, y_start, "dL/dy = -2.09", 11, va="top")]
    key = (
        "on an edge: its weight $W_{ij} = \\partial z_j / \\partial a_i$\n"
        "inside a unit: its slope $f\\,'(z)$\n"
        "below a unit: $\\delta = f\\,'(z) \\cdot \\sum W \\delta_{below}$"
    )
    y_key = y_start - 0.4
    x_key = pos[1][0][0] - 0.23
    ax.text(x_key, y_key, key, ha="left", va="top", color=th.muted, linespacing=1.6)
    boxes.append(
        draw.text_box(
            x_key, y_key, "below a unit: d = f(z) sum W d_below", SMALL, ha="left", va="top"
        )
    )
    boxes[-1] = (boxes[-1][0], boxes[-1][1] - 0.5, boxes[-1][2], boxes[-1][3])
    draw.fit(ax, WIDTH, extra=boxes)
    geometry.wrap(fig, ax)
    return fig
