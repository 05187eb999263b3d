"""The figure of the page "10 Recap" (docs/recap.md): the whole algorithm as one loop.

It reads the guide's runs (:class:`scripts.runs.Runs`): the shapes come from the
guide's network, the numbers from its forward and backward pass on the guide's day.
"""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from micromlp import guide, load_golf
from scripts import runs
from scripts.registry import figure
from scripts.style import SMALL, WIDTH, minus

compute = runs.compute  # the guide's runs, made once for every step page

N_TRAIN = int(load_golf().train.sum())  # training days: updates in one epoch


def _shapes():
    """``(activations, weights)``: "1×n" of a[0] .. a[L], "n×m" of W[1] .. W[L]."""
    sizes = guide.LAYER_SIZES
    return [f"1×{n}" for n in sizes], [f"{a}×{b}" for a, b in zip(sizes[:-1], sizes[1:])]


def _steps(r):
    """The four steps of the loop: (title, lines), with the numbers of the guide's day."""
    acts, weights = _shapes()
    y_hat, delta = float(r.trace.y_hat[0, 0]), float(r.grads.delta[-1][0, 0])
    last = len(acts) - 1
    chain = " → ".join(f"$a^{{[{l}]}}$ {s}" for l, s in enumerate(acts[1:-1], start=1))
    back = " → ".join(f"$\\delta^{{[{l}]}}$ {acts[l]}" for l in range(last, 0, -1))
    return [
        (
            "1  forward",
            [f"$x$ {acts[0]} → {chain}", f"→ ŷ {acts[-1]}    day {r.day}: ŷ = {y_hat:.4f}"],
        ),
        ("2  loss", ["L = −(y ln ŷ + (1 − y) ln(1 − ŷ))", f"day {r.day}: L = {r.loss:.4f}"]),
        (
            "3  backward",
            [
                back,
                f"day {r.day}: $\\delta^{{[{last}]}}$ = ŷ − y = {minus(f'{delta:.4f}')}",
                f"∂L/∂W: {', '.join(weights)}",
            ],
        ),
        ("4  update", [f"W ← W − η ∂L/∂W,  η = {guide.LEARNING_RATE}", "b ← b − η ∂L/∂b"]),
    ]


def _alt(r):
    acts, weights = _shapes()
    y_hat, delta = float(r.trace.y_hat[0, 0]), float(r.grads.delta[-1][0, 0])
    return (
        "The training loop of the guide's network as four boxes, one under the other: "
        f"1 forward, from x of shape {acts[0]} through the hidden layers to the output of "
        f"shape {acts[-1]}; 2 loss, the binary cross-entropy; 3 backward, the errors from "
        f"the output back to the first layer and the weight gradients of shapes "
        f"{', '.join(weights)}; 4 update, W minus the learning rate {guide.LEARNING_RATE} "
        "times the gradient, and each bias the same way with its gradient. An arrow from "
        "the update back to the forward pass closes the loop: "
        f"{N_TRAIN} days, one at a time, {guide.EPOCHS} times. The first pass's numbers "
        f"for the guide's day {r.day} are written in the boxes: ŷ = {y_hat:.4f}, "
        f"L = {r.loss:.4f}, δ[{len(acts) - 1}] = {minus(f'{delta:.4f}')}."
    )


@figure(
    alt=_alt,
    caption=(
        "The whole algorithm: forward, loss, backward, update, for one day at a time, with "
        f"the shapes of the guide's network and the numbers of its first step on day {guide.DAY}."
    ),
)
def recap_loop(r, th):
    steps = _steps(r)
    line, pad, gap, height = 0.27, 0.45, 0.22, 5.0
    fig = plt.figure(figsize=(WIDTH, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, height)
    ax.axis("off")
    colours = (th.pos, th.text, th.layers[2], th.wpos)
    box_w, left = WIDTH - 0.45, 0.05
    tops, boxes, top = [], [], height - 0.05
    for _, lines in steps:
        tops.append(top)
        boxes.append(pad + line * len(lines))
        top -= boxes[-1] + gap
    for (title, lines), top, box_h, colour in zip(steps, tops, boxes, colours):
        ax.add_patch(
            FancyBboxPatch(
                (left, top - box_h),
                box_w,
                box_h,
                boxstyle="round,pad=0,rounding_size=0.08",
                fc="none",
                ec=colour,
                lw=1.4,
            )
        )
        ax.text(left + 0.1, top - 0.08, title, va="top", fontsize=11, weight="bold", color=colour)
        for k, text in enumerate(lines):
            ax.text(left + 0.1, top - pad + 0.05 - line * k, text, va="top", fontsize=SMALL)
    for upper, box_h, lower in zip(tops, boxes, tops[1:]):
        ax.add_patch(
            FancyArrowPatch(
                (WIDTH / 2 - 0.2, upper - box_h),
                (WIDTH / 2 - 0.2, lower),
                arrowstyle="-|>",
                mutation_scale=10,
                color=th.muted,
                lw=1.2,
            )
        )
    x = left + box_w + 0.2  # the loop back, right of the boxes
    ax.add_patch(
        FancyArrowPatch(
            (left + box_w, tops[-1] - boxes[-1] / 2),
            (left + box_w, tops[0] - boxes[0] / 2),
            connectionstyle=f"bar,fraction={0.15 / (tops[0] - tops[-1])}",
            arrowstyle="-|>",
            mutation_scale=10,
            color=th.accent,
            lw=1.4,
        )
    )
    ax.text(
        x + 0.05,
        (tops[0] + tops[-1] - boxes[-1]) / 2,
        f"next day · {N_TRAIN} days an epoch · {guide.EPOCHS} epochs",
        rotation=90,
        va="center",
        ha="center",
        fontsize=SMALL,
        color=th.accent,
    )
    return fig
