"""Figures and tables of the page "0 Structure" (docs/structure.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

import matplotlib.pyplot as plt

from scripts import draw, runs
from scripts.diagrams import IO_LABELS
from scripts.registry import figure
from scripts.style import WIDTH

compute = runs.compute  # the guide's runs, made once for every step page


@figure(
    alt=(
        "The same 2-3-2-1 network drawn from top to bottom: two input nodes at the top, then "
        "three, then two hidden nodes, and the output node at the bottom"
    ),
    caption="The same network, drawn top to bottom.",
)
def network_vertical(r, th):
    fig, ax = draw.new_axes(WIDTH, 3.0)
    draw.network(ax, th, dx=0.95, dy=0.8, node_text=lambda l, i: IO_LABELS.get((l, i)), arrows=True)
    draw.fit(ax, WIDTH)  # as tall as the drawing: about 3 in
    return fig


@figure(
    alt=(
        "The 2-3-2-1 network drawn three times: first with its 2 input nodes highlighted, "
        "then its 5 hidden nodes (3 and 2), then its single output node"
    ),
    caption="Input layer, hidden layers, output layer: 2 + (3 + 2) + 1 = 8 nodes.",
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
    ),
    caption="Every weight sits on a connection, every bias on a computing node.",
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
