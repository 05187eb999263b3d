"""Figures and tables of the page "1 Forward propagation" (docs/forward.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

import matplotlib.pyplot as plt
import numpy as np

from micromlp import relu, relu_derivative, sigmoid, sigmoid_derivative
from scripts import draw, geometry, runs
from scripts.diagrams import fitted, forward_diagram, params_diagram
from scripts.fragments import md_table, param_value, tex_block
from scripts.fragments import tex_number as _t
from scripts.fragments import tex_operand as _p
from scripts.registry import figure, table
from scripts.style import WIDTH, dec4, minus, short

compute = runs.compute  # the guide's runs, made once for every step page


@figure(
    alt=(
        "The 2-3-2-1 network drawn top to bottom with the starting value of each of its 14 "
        "weights written on its connection (positive and negative in two colours, thicker for "
        "larger values) and each of its 6 biases written beside its node"
    ),
    caption="The guide's network at the start, before any training.",
)
def initial_weights(r, th):
    return params_diagram(r.net0, th)[0]


@figure(
    alt=(
        "The network with the two inputs of day 6, 3 and 2, and the two weights and the bias "
        "that lead into the first hidden node highlighted, with the sum worked out beside it"
    ),
    caption="Where the numbers of that sum sit on the network.",
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


@figure(
    alt="Plots of ReLU and of the sigmoid over z, each with its derivative",
    caption="ReLU and sigmoid, with the derivatives that backpropagation will need.",
)
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


@figure(
    alt=(
        "The network drawn top to bottom on day 6: the inputs 3 and 2 at the top, each "
        "computing node showing its activation a inside and its weighted sum z below it, "
        "down to the output probability at the bottom"
    ),
    caption="The forward pass of day 6 through the starting network.",
)
def forward_pass(r, th):
    fig, ax = draw.new_axes(WIDTH, 5.0)  # geometry.wrap sets the size
    _, boxes = forward_diagram(fig, ax, th, r.net0, r.x)
    return fitted(fig, ax, boxes)


@table
def initial_params(r):
    rows = [
        (f"${name}$", dec4(param_value(r.net0, l, kind, idx)))
        for name, l, kind, idx in runs.param_names(r.net0)
    ]
    return md_table(["parameter", "initial value"], rows, [":---", "---:"])


@table
def forward_day(r):
    tr = r.trace
    rows = [("input", "$a^{[0]} = x$", *[f"{v:.0f}" for v in r.x[0]], "")]
    names = {1: "hidden 1", 2: "hidden 2", 3: "output"}
    for l in range(1, 4):
        for q, arr in (("z", tr.z[l - 1]), ("a", tr.a[l])):
            cells = [dec4(v) for v in arr[0]]
            cells += [""] * (3 - len(cells))
            sym = f"${q}^{{[{l}]}}$" + (r" $= \hat y$" if (l, q) == (3, "a") else "")
            rows.append((names[l], sym, *cells))
    return md_table(
        ["layer", "", "unit 1", "unit 2", "unit 3"], rows, [":---", ":---", "---:", "---:", "---:"]
    )


@table
def weighted_sum_tex(r):
    x, W, b = r.x[0], r.net0.weights[0][:, 0], r.net0.biases[0][0]
    z = r.trace.z[0][0, 0]
    return tex_block(
        rf"""
\begin{{aligned}}
z^{{[1]}}_1 &= x_1 W^{{[1]}}_{{11}} + x_2 W^{{[1]}}_{{21}} + b^{{[1]}}_1 \\
&= {x[0]:.0f} \times {_p(W[0])} + {x[1]:.0f} \times {_p(W[1])} + {_p(b)} \\
&= {_t(z)} \\
a^{{[1]}}_1 &= \operatorname{{ReLU}}({_t(z)}) = {_t(max(z, 0.0))}
\end{{aligned}}
"""
    )


@table
def initial_params_tex(r):
    def mat(A):
        A = np.atleast_2d(A)
        body = r" \\ ".join(" & ".join(_t(v) for v in row) for row in A)
        return r"\begin{bmatrix} " + body + r" \end{bmatrix}"

    # One block per layer, W above b: a phone has room for one 3-column matrix.
    parts = []
    for l in range(1, 4):
        W, b = r.net0.weights[l - 1], r.net0.biases[l - 1]
        parts.append(
            rf"\begin{{aligned}} W^{{[{l}]}} &= {mat(W)} \\[4pt]"
            rf" b^{{[{l}]}} &= {mat(b)} \end{{aligned}}"
        )
    # A blank line between blocks: without it arithmatex reads one block, "$$" inside.
    return "\n".join(tex_block(p) for p in parts)
