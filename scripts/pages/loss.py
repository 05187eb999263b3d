"""Figures and tables of the page "2 Loss" (docs/loss.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

import matplotlib.pyplot as plt
import numpy as np

from scripts import runs
from scripts.fragments import tex_block
from scripts.fragments import tex_number as _t
from scripts.registry import figure, table
from scripts.style import SMALL, WIDTH, minus

compute = runs.compute  # the guide's runs, made once for every step page


@figure(
    alt=(
        "The binary cross-entropy loss as a function of the predicted probability, one curve "
        "for a golf day and one for a no-golf day, with day 6 of the starting network marked"
    ),
    caption=(
        "The loss against the predicted probability: it is 0 for a certain right answer "
        "and grows without bound towards a certain wrong one."
    ),
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


@table
def loss_tex(r):
    y_hat = float(r.trace.y_hat[0, 0])
    y = r.y[0]
    term = rf"-\ln {_t(y_hat)}" if y == 1 else rf"-\ln(1 - {_t(y_hat)})"
    return tex_block(
        rf"""
\begin{{aligned}}
L &= -\bigl(y \ln \hat y + (1 - y) \ln(1 - \hat y)\bigr) \\
&= {term} = {_t(r.loss)}
\end{{aligned}}
"""
    )
