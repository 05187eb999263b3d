"""Figures of the network and one forward pass: the dataset, the structure, forward, loss.

Each function takes the computed :class:`scripts.runs.Runs` and a
:class:`scripts.style.Theme` and returns a matplotlib Figure; it is registered
with its alt text in :data:`FIGURES` (see :mod:`scripts.figures`).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch

from micromlp import relu, relu_derivative, sigmoid, sigmoid_derivative
from scripts import draw, geometry, plane
from scripts.registry import Registry
from scripts.style import SMALL, WIDTH, minus, short

FIGURES = Registry()
figure = FIGURES.figure


# -- the data --------------------------------------------------------------


@figure(
    alt=(
        "Scatter plot of the 13 days, temperature on the horizontal axis and humidity on the "
        "vertical axis: golf days as circles, no-golf days as squares, filled for training "
        "days and hollow for test days, each labelled with its ID; day 13 sits on top of day "
        "5"
    )
)
def dataset_scatter(r, th):
    fig = plt.figure(figsize=(WIDTH, 4.0))
    ax = fig.add_axes((0.17, 0.27, 0.78, 0.71))
    plane.frame(ax)
    ax.grid(True, zorder=0)
    plane.days(ax, th, r.golf, r.golf.train)
    plane.days(ax, th, r.golf, r.golf.test, hollow=True)
    plane.legend_below(fig, ax)
    return fig


# -- the structure ---------------------------------------------------------

_IO = {(0, 0): "$x_1$", (0, 1): "$x_2$", (3, 0): r"$\hat y$"}


@figure(
    alt=(
        "The 2-3-2-1 network: two input nodes, a hidden layer of three nodes, a hidden layer "
        "of two nodes and one output node, each node connected to every node of the next "
        "layer"
    )
)
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


@figure(
    alt=(
        "The same 2-3-2-1 network drawn from top to bottom: two input nodes at the top, then "
        "three, then two hidden nodes, and the output node at the bottom"
    )
)
def network_vertical(r, th):
    fig, ax = draw.new_axes(WIDTH, 3.0)
    draw.network(ax, th, dx=0.95, dy=0.8, node_text=lambda l, i: _IO.get((l, i)), arrows=True)
    draw.fit(ax, WIDTH)  # as tall as the drawing: about 3 in
    return fig


@figure(
    alt=(
        "The 2-3-2-1 network drawn three times: first with its 2 input nodes highlighted, "
        "then its 5 hidden nodes (3 and 2), then its single output node"
    )
)
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


@figure(
    alt=(
        "The network drawn twice: first its 14 connections coloured by layer, 2 by 3 into "
        "hidden layer 1, 3 by 2 into hidden layer 2 and 2 by 1 into the output; then its 6 "
        "computing nodes marked b, 3 in hidden layer 1, 2 in hidden layer 2 and 1 at the "
        "output"
    )
)
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


@figure(
    alt=(
        "The 2-3-2-1 network drawn top to bottom with the starting value of each of its 14 "
        "weights written on its connection (positive and negative in two colours, thicker for "
        "larger values) and each of its 6 biases written beside its node"
    )
)
def initial_weights(r, th):
    fig, ax = _params_diagram(r.net0, th)
    return fig


@figure(
    alt=(
        "The 2-3-2-1 network after training, with each trained weight and bias written on the "
        "diagram"
    )
)
def trained_network(r, th):
    fig, ax = _params_diagram(r.trained, th)
    return fig


# -- forward ---------------------------------------------------------------


@figure(
    alt=(
        "The network with the two inputs of day 6, 3 and 2, and the two weights and the bias "
        "that lead into the first hidden node highlighted, with the sum worked out beside it"
    )
)
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
            f"$x_{i + 1}$" if l == 0 else minus(f"$b^{{[1]}}_1$ {b:.4f}") if i == 0 else None
        ),
        edge_text=lambda l, i, j: minus(f"{W[i]:.4f}") if j == 0 else None,
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
        ax.text(x0, y0 - 0.3 * k, minus(line), ha="left", va="top")
        boxes.append(draw.text_box(x0, y0 - 0.3 * k, line, 11, ha="left", va="top"))
    draw.fit(ax, WIDTH, H, extra=boxes)
    geometry.wrap(fig, ax)
    return fig


@figure(alt="Plots of ReLU and of the sigmoid over z, each with its derivative")
def activations(r, th):
    fig = plt.figure(figsize=(WIDTH, 4.6))
    axes = geometry.stacked_axes(fig, 2, top=0.3, bottom=0.45, left=0.55, gap=0.7)
    cases = (
        # Fewer than 128 points: matplotlib then draws every one (it simplifies longer
        # lines, which left the sigmoid a visible polygon of about 20 segments).
        ("ReLU", np.linspace(-3, 3, 121), relu, relu_derivative, (-0.3, 3.1)),
        ("sigmoid", np.linspace(-6, 6, 121), sigmoid, sigmoid_derivative, (-0.05, 1.05)),
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


def forward_diagram(fig, ax, th, net, x, *, deltas=None, key=True):
    """Draw ``net`` working on ``x`` (one row): each unit's output a inside, its sum z below.

    ``deltas`` (the backward pass's errors, one row per layer) adds each
    unit's delta under its z. A hidden unit that is off (z <= 0) has a dashed
    outline, and the edges leaving it are faint: it passes nothing on.
    Returns the node positions and the boxes of the text below the diagram.
    """
    tr = net.forward(x)
    r = 0.23

    def off(l, i):
        return 0 < l < net.n_layers and tr.z[l - 1][0, i] <= 0

    def note(l, i):
        if l == 0:
            return f"$x_{i + 1}$"
        lines = [f"$z$ {short(tr.z[l - 1][0, i])}"]
        if deltas is not None:
            lines.append(f"$\\delta$ {short(deltas[l - 1][0, i])}")
        return "\n".join(lines)

    pos = draw.network(
        ax,
        th,
        r=r,
        dx=1.1,
        node_text=lambda l, i: f"{x[0, i]:.0f}" if l == 0 else short(tr.a[l][0, i]),
        node_note=note,
        node_style=lambda l, i: {"edge": th.muted, "lw": 1.0} if off(l, i) else None,
        edge_style=lambda l, i, j: (
            {"color": th.faint}
            if off(l - 1, i)
            else draw.weight_style(th, net.weights[l - 1][i, j], 0.5)
        ),
        titles=False,
        note_below=True,
    )
    for patch in ax.patches:  # the outline of an off unit is dashed
        for l, layer in enumerate(pos):
            for i, centre in enumerate(layer):
                if off(l, i) and getattr(patch, "center", None) == centre:
                    patch.set_linestyle((0, (3, 2)))
    boxes = []
    if key:
        lines = ["inside a node: its output $a$", "below it: its weighted sum $z$"]
        if deltas is not None:
            lines.append("and its error $\\delta = \\partial L / \\partial z$")
        text = "\n".join(lines)
        y = pos[-1][0][1] - r - (0.75 if deltas is not None else 0.5)
        ax.text(pos[1][0][0] - r, y, text, ha="left", va="top", color=th.muted, linespacing=1.5)
        boxes.append(draw.text_box(pos[1][0][0] - r, y, text, SMALL, ha="left", va="top"))
    return pos, boxes


@figure(
    alt=(
        "The network drawn top to bottom on day 6: the inputs 3 and 2 at the top, each "
        "computing node showing its activation a inside and its weighted sum z below it, "
        "down to the output probability at the bottom"
    )
)
def forward_pass(r, th):
    fig, ax = draw.new_axes(WIDTH, 5.0)  # geometry.wrap sets the size
    _, boxes = forward_diagram(fig, ax, th, r.net0, r.x)
    draw.fit(ax, WIDTH, extra=boxes)
    geometry.wrap(fig, ax)
    return fig


@figure(
    alt=(
        "The trained network drawn top to bottom on test day 9, temperature 0 and humidity 1: "
        "each unit's output inside it and its weighted sum below; two units of the first "
        "hidden layer and one of the second are off, drawn dashed with faint edges, and the "
        "output at the bottom is a probability of golf of 1.00; written below: the network "
        "says golf, the true label is no golf (-1), so it is wrong"
    )
)
def test_day_forward(r, th):
    day = 9
    i = int(np.flatnonzero(r.golf.ids == day)[0])
    x, y = r.golf.X[i : i + 1], int(r.golf.y[i])
    fig, ax = draw.new_axes(WIDTH, 5.0)
    pos, boxes = forward_diagram(fig, ax, th, r.trained, x)
    p = float(r.trained.predict_proba(x)[0])
    said = "golf" if p > 0.5 else "no golf"
    truth = "golf" if y == 1 else "no golf"
    verdict = (
        f"day {day}: P(golf) = {p:.2f}, predicted {said}\ntrue label: {truth} ({2 * y - 1:+d})"
    )
    x0, y0 = pos[1][0][0] - 0.23, boxes[0][1] - 0.1
    ax.text(x0, y0, minus(verdict), ha="left", va="top", linespacing=1.4)
    boxes.append(draw.text_box(x0, y0, verdict, 11, ha="left", va="top"))
    draw.fit(ax, WIDTH, extra=boxes)
    geometry.wrap(fig, ax)
    return fig


# -- loss ------------------------------------------------------------------


@figure(
    alt=(
        "The binary cross-entropy loss as a function of the predicted probability, one curve "
        "for a golf day and one for a no-golf day, with day 6 of the starting network marked"
    )
)
def bce(r, th):
    fig, ax = plt.subplots(figsize=(WIDTH, 3.0), layout="constrained")
    p = np.linspace(0.002, 0.998, 500)
    ax.plot(p, -np.log(p), color=th.pos, label="y = 1: $-\\ln\\,\\hat y$")
    ax.plot(p, -np.log(1 - p), color=th.neg, ls="--", label="y = 0: $-\\ln(1-\\hat y)$")
    y_hat = float(r.trace.y_hat[0, 0])
    ax.plot([y_hat], [r.loss], "o", color=th.accent, ms=8, zorder=5)
    ax.annotate(
        minus(f"day {r.day} (y = {r.y[0]:.0f}):\nŷ = {y_hat:.4f}\nL = {r.loss:.4f}"),
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


@figure(
    alt=(
        "The 2-3-2-1 network drawn top to bottom, arrows from each layer to the next, with "
        "its symbols written to the right of each row: a[0] = x beside the inputs, W[1], b[1] "
        "between the inputs and the first hidden layer, z[1], a[1] beside it, and so on down "
        "to z[3], a[3] = y-hat beside the output; below the output an arrow leads to the loss "
        "L(y, y-hat) at the bottom"
    )
)
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
