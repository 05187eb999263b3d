"""Figures and tables of the page "4 Weight update" (docs/update.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

import matplotlib.pyplot as plt
import numpy as np

from micromlp import guide
from scripts import geometry, runs
from scripts.fragments import tex_block
from scripts.fragments import tex_number as _t
from scripts.fragments import tex_operand as _p
from scripts.registry import figure, table
from scripts.style import SMALL, WIDTH, minus

compute = runs.compute  # the guide's runs, made once for every step page


@figure(
    alt=(
        "The 14 weights and 6 biases of the network before and after one update on day 6, "
        "with the change of each"
    ),
    caption="All 20 parameters before and after one step on day 6 (learning rate 0.1).",
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
        "Training loss against epochs in three panels: with learning rate 5 it jumps up and "
        "oscillates at a high level, with 0.001 it stays almost flat, with 0.1 it drops after "
        "a long plateau, with spikes"
    ),
    caption="The training loss over 1000 epochs with the learning rates 5, 0.001 and 0.1.",
)
def learning_rates(r, th):
    rates = runs.LEARNING_RATES
    fig = plt.figure(figsize=(WIDTH, 4.8))
    axes = geometry.stacked_axes(
        fig, len(rates), top=0.3, bottom=0.55, left=0.62, right=0.25, gap=0.45
    )
    verdicts = {rates[0]: "too large", rates[1]: "too small", guide.LEARNING_RATE: "the guide's"}
    top = max(max(h["loss"]) for h in r.lr_runs.values())
    for k, (ax, lr) in enumerate(zip(axes, rates)):
        loss = r.lr_runs[lr]["loss"]
        ax.plot(np.arange(len(loss)), loss, color=th.series[k], lw=1.0)
        ax.set_ylim(0, top * 1.05)
        ax.set_xlim(0, len(loss) - 1)
        ax.grid(True, axis="y")
        ax.set_title(
            f"learning rate {lr:g}: {verdicts[lr]}",
            loc="left",
            fontsize=SMALL,
            color=th.series[k],
            pad=3,
        )
        if k < len(rates) - 1:
            ax.tick_params(labelbottom=False)
    axes[1].set_ylabel("training loss")
    axes[-1].set_xlabel("epoch")
    return fig


@table
def update_tex(r):
    # The output weight from unit 2 of layer 2: the largest gradient of W[3].
    w, g = r.net0.weights[2][1, 0], r.grads.dW[2][1, 0]
    new = r.stepped.weights[2][1, 0]
    lr = guide.LEARNING_RATE
    w21 = "W^{[3]}_{21}"
    return tex_block(
        rf"""
\begin{{aligned}}
{w21} &\leftarrow {w21} - \eta \frac{{\partial L}}{{\partial {w21}}} \\
&= {_t(w)} - {lr:g} \times {_p(g)} \\
&= {_t(new)}
\end{{aligned}}
"""
    )
