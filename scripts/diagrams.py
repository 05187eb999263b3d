"""Diagrams of the network that several pages draw: its parameters, a forward pass."""

import numpy as np

from scripts import draw, geometry
from scripts.style import SMALL, WIDTH, short

# The labels of the input and output nodes.
IO_LABELS = {(0, 0): "$x_1$", (0, 1): "$x_2$", (3, 0): r"$\hat y$"}


def params_diagram(net, th, x_text=None, H=5.0):
    """``(fig, ax)``: ``net`` with each weight on its edge and each bias beside its node."""
    scale = max(float(np.abs(W).max()) for W in net.weights)
    fig, ax = draw.new_axes(WIDTH, H)
    draw.network(
        ax,
        th,
        node_text=x_text or (lambda l, i: IO_LABELS.get((l, i))),
        node_note=lambda l, i: f"b {short(net.biases[l - 1][i])}" if l else None,
        edge_text=lambda l, i, j: short(net.weights[l - 1][i, j]),
        edge_style=lambda l, i, j: draw.weight_style(th, net.weights[l - 1][i, j], scale),
        titles=False,
    )
    draw.fit(ax, WIDTH, H)
    return fig, ax


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


def fitted(fig, ax, boxes):
    """``fig``, its drawing centred with ``boxes`` and the figure cut to what is drawn."""
    draw.fit(ax, WIDTH, extra=boxes)
    geometry.wrap(fig, ax)
    return fig
