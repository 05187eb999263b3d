"""Figures and tables of the page "3 Backpropagation" (docs/backprop.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

from matplotlib.patches import FancyArrowPatch

from micromlp import guide, relative_error
from scripts import draw, runs
from scripts.diagrams import fitted, forward_diagram
from scripts.fragments import md_table, param_value, tex_block
from scripts.fragments import tex_number as _t
from scripts.fragments import tex_operand as _p
from scripts.registry import figure, table
from scripts.style import SMALL, WIDTH, dec4, minus, sci, short

compute = runs.compute  # the guide's runs, made once for every step page


@figure(
    alt=(
        "The 2-3-2-1 network drawn top to bottom, arrows from each layer to the next, with "
        "its symbols written to the right of each row: a[0] = x beside the inputs, W[1], b[1] "
        "between the inputs and the first hidden layer, z[1], a[1] beside it, and so on down "
        "to z[3], a[3] = y-hat beside the output; below the output an arrow leads to the loss "
        "L(y, y-hat) at the bottom"
    ),
    caption="The symbols used on this page, layer by layer.",
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


def _weight_gradients(ax, th, x, y, dW, layers):
    """The gradient of each W[l] of ``layers`` as a matrix, one under the other from ``y``.

    Row i = from node i, column j = to node j; returns the matrices' boxes.
    """
    boxes = []
    for l in layers:
        label = f"$\\partial L / \\partial W^{{[{l}]}}$ ="
        boxes.append(_matrix(ax, th, x, y, label, dW[l - 1], th.layers[l]))
        y = boxes[-1][1] - 0.16
    return boxes


@figure(
    alt=(
        "The network drawn top to bottom like the forward pass, inputs x1 and x2 at the top "
        "and the output at the bottom, arrows pointing back up from the output to the inputs, "
        "each unit's error delta beside it, and below it the gradients of the weights as "
        "three matrices, one per layer, for day 6"
    ),
    caption=(
        "The backward pass on day 6: each unit's error δ beside it, and the gradients of "
        "the weights below, one matrix per layer in the colour of its arrows (row i: from"
        " node i; column j: to node j). A unit's bias gradient equals its δ."
    ),
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
    extra += _weight_gradients(ax, th, x_left, pos[-1][0][1] - draw.R - 0.3, g.dW, (1, 2, 3))
    return fitted(fig, ax, extra)


@figure(
    alt=(
        "The untrained network on day 2, temperature 1 and humidity 0, drawn top to bottom: "
        "each unit's output inside it, its weighted sum z and its error delta below it. "
        "Unit 2 of the second hidden layer has a negative sum, so it outputs 0 and is drawn "
        "dashed, its outgoing edge faint, and its delta is 0. Below the diagram, the gradients of "
        "W[2] and W[3] as matrices: the column of W[2] into that unit and the row of W[3] "
        "out of it are all zeros"
    ),
    caption=(
        "Day 2: the second unit of layer 2 is off (dashed). Its error is 0, and so are "
        "the gradients of the weights into it and out of it."
    ),
)
def relu_off(r, th):
    day = 2
    x, y = guide.day(day)
    net = r.net0
    grads = net.backward(net.forward(x), y)
    fig, ax = draw.new_axes(WIDTH, 7.0)  # geometry.wrap sets the size
    pos, boxes = forward_diagram(fig, ax, th, net, x, deltas=grads.delta)
    x_left = pos[1][0][0] - 0.23
    boxes += _weight_gradients(ax, th, x_left, boxes[-1][1] - 0.15, grads.dW, (2, 3))
    return fitted(fig, ax, boxes)


@figure(
    alt=(
        "The untrained network on day 6 drawn top to bottom with the local derivative of "
        "every operation: on each connection its weight, the derivative of the next sum "
        "with respect to the unit it leaves; inside each unit the slope of its activation, "
        "1 for the five active ReLU units and about 0.25 for the sigmoid output; below each "
        "unit its error delta, the local slope times the sum of weight times delta coming "
        "up from the layer below; at the bottom the derivative of the loss with respect to "
        "y-hat, where the backward sweep starts"
    ),
    caption=(
        "Every local derivative of the network on day 6. The sweep starts from ∂L/∂ŷ at "
        "the bottom and goes up; each unit's δ is its slope times the weighted sum of the"
        " δ below it."
    ),
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
        dy=1.7,  # room for a weight on each edge under the notes (tests/site/test_figure_labels.py)
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
    return fitted(fig, ax, boxes)


@table
def step_ledger(r):
    rows = []
    for name, l, kind, idx in runs.param_names(r.net0):
        grad = (r.grads.dW if kind == "W" else r.grads.db)[l - 1][idx]
        num = (r.num_dW if kind == "W" else r.num_db)[l - 1][idx]
        rows.append(
            (
                f"${name}$",
                dec4(param_value(r.net0, l, kind, idx)),
                dec4(grad),
                dec4(num),
                sci(relative_error(grad, num)),
                dec4(param_value(r.stepped, l, kind, idx)),
            )
        )
    return md_table(
        [
            "parameter",
            "value",
            "gradient (backprop)",
            "gradient (finite diff.)",
            "rel. error",
            f"after step (lr {guide.LEARNING_RATE:g})",
        ],
        rows,
        [":---", "---:", "---:", "---:", "---:", "---:"],
    )


@table
def partials(r):
    """Every partial derivative of day 6 as its chain product, with the numbers."""
    net, tr, g = r.net0, r.trace, r.grads
    W, a, z, delta = net.weights, tr.a, tr.z, g.delta
    y_hat, y = float(tr.y_hat[0, 0]), float(r.y[0])
    dL_dyhat = -(y - y_hat) / (y_hat * (1 - y_hat))
    rows = [
        (
            r"$\delta^{[3]}_1$",
            r"$\frac{\partial L}{\partial \hat y}\,\sigma'(z^{[3]}_1)$",
            f"${_p(dL_dyhat)} \\times {_p(y_hat * (1 - y_hat))}$",
            dec4(delta[2][0, 0]),
        )
    ]
    for l in (2, 1):  # delta[l]_j = (sum_k delta[l+1]_k W[l+1]_jk) 1(z[l]_j > 0)
        n_next = W[l].shape[1]
        for j in range(W[l - 1].shape[1]):
            if n_next == 1:
                sym = rf"\delta^{{[{l + 1}]}}_1\, W^{{[{l + 1}]}}_{{{j + 1}1}}"
                num = f"{_p(delta[l][0, 0])} \\times {_p(W[l][j, 0])}"
            else:
                term = rf"\delta^{{[{l + 1}]}}_k W^{{[{l + 1}]}}_{{{j + 1}k}}"
                sym = rf"\bigl(\textstyle\sum_k {term}\bigr)"
                terms = [f"{_p(delta[l][0, k])} \\times {_p(W[l][j, k])}" for k in range(n_next)]
                num = "(" + " + ".join(terms) + ")"
            mask = int(z[l - 1][0, j] > 0)
            rows.append(
                (
                    rf"$\delta^{{[{l}]}}_{j + 1}$",
                    rf"${sym}\, \mathbf{{1}}(z^{{[{l}]}}_{j + 1} > 0)$",
                    f"${num} \\times {mask}$",
                    dec4(delta[l - 1][0, j]),
                )
            )
    for name, l, kind, idx in runs.param_names(net):
        j = idx[-1]
        if kind == "W":
            i = idx[0]
            src = "x" if l == 1 else f"a^{{[{l - 1}]}}"
            chain = rf"${src}_{i + 1}\, \delta^{{[{l}]}}_{j + 1}$"
            inp = f"{a[0][0, i]:.0f}" if l == 1 else _p(a[l - 1][0, i])  # x is integers
            num = f"${inp} \\times {_p(delta[l - 1][0, j])}$"
            value = g.dW[l - 1][i, j]
        else:
            chain = rf"$\delta^{{[{l}]}}_{j + 1}$"
            num = ""
            value = g.db[l - 1][j]
        rows.append((rf"$\frac{{\partial L}}{{\partial {name}}}$", chain, num, dec4(value)))
    # The value second: where the numbers run wider than the column, the
    # derivative and its value stay in view and the working scrolls.
    rows = [(d, value, chain, num) for d, chain, num, value in rows]
    return md_table(
        ["derivative", "value", "chain product", f"numbers of day {r.day}"],
        rows,
        [":---", "---:", ":---", ":---"],
    )


@table
def output_delta_tex(r):
    y_hat = float(r.trace.y_hat[0, 0])
    return tex_block(
        rf"\delta^{{[3]}} = \hat y - y = {_t(y_hat)} - {r.y[0]:.0f} = {_t(r.grads.delta[-1][0, 0])}"
    )
