"""Figures and tables of the page "5 One training step" (docs/step.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from micromlp import guide
from scripts import draw, runs
from scripts.registry import figure
from scripts.style import SMALL, WIDTH, minus

compute = runs.compute  # the guide's runs, made once for every step page


@figure(
    alt=(
        "Four boxes in a cycle for one training step on day 6: 1 forward, with the input and "
        "the prediction y-hat, top left; an arrow right to 2 loss, with the target and the "
        "loss, top right; down to 3 backward, with the output error delta = y-hat - y, bottom "
        "right; left to 4 update, W minus the learning rate times the gradient for all 20 "
        "parameters, bottom left; and up again to forward"
    ),
    caption="One training step: forward, loss, backward, update.",
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
