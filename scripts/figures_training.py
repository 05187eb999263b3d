"""Figures of training and its results: curves, learning rates, batches, boundaries, seeds.

Each function takes the computed :class:`scripts.runs.Runs` and a
:class:`scripts.style.Theme` and returns a matplotlib Figure; it is registered
with its alt text in :data:`FIGURES` (see :mod:`scripts.figures`).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D

from micromlp import guide
from scripts import geometry, plane, runs
from scripts.registry import Registry
from scripts.style import SMALL, WIDTH

FIGURES = Registry()
figure = FIGURES.figure


@figure(
    alt=(
        "Training loss and training accuracy of the guide's network over 1000 epochs: the "
        "loss starts near 0.69, wanders on a plateau, then drops in jumps towards 0"
    )
)
def training_curves(r, th):
    h = r.trained.history
    epochs = np.arange(len(h["loss"]))
    fig = plt.figure(figsize=(WIDTH, 4.2))
    ax1, ax2 = geometry.stacked_axes(fig, 2, top=0.1, bottom=0.55, left=0.62, right=0.25, gap=0.25)
    for ax, key, colour in ((ax1, "loss", th.series[0]), (ax2, "accuracy", th.series[1])):
        v = np.array(h[key])
        ax.plot(epochs, v, color=colour, lw=0.7, alpha=0.55, label="after each epoch")
        ax.plot(epochs[24:], _moving_mean(v, 25), color=colour, lw=1.8, label="mean of 25 epochs")
    ax1.legend(loc="upper right", fontsize=SMALL - 0.5)
    ax1.set_ylabel("training loss")
    ax1.set_ylim(0, None)
    ax2.set_ylabel("accuracy")
    ax2.set_ylim(0, 1.05)  # all of it: single epochs dip far below the mean
    ax2.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax2.set_xlabel("epoch")
    ax1.tick_params(labelbottom=False)
    for ax in (ax1, ax2):
        ax.grid(True, axis="y")
        ax.set_xlim(0, epochs[-1])
    return fig


def _moving_mean(v, k):
    return np.convolve(v, np.ones(k) / k, mode="valid")


@figure(
    alt=(
        "Training loss against epochs in three panels: with learning rate 5 it jumps up and "
        "oscillates at a high level, with 0.001 it stays almost flat, with 0.1 it drops after "
        "a long plateau, with spikes"
    )
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


@figure(
    alt=(
        "Two panels of the training loss of the guide's network for batch sizes 1, 4 and 8. "
        "Top, against epochs 0 to 1000: one day per update falls far below the other two "
        "after about epoch 400. Bottom, against the number of updates on a log scale: at the "
        "same number of updates the full batch is lowest"
    )
)
def batch_modes(r, th):
    fig = plt.figure(figsize=(WIDTH, 5.1))
    ax1, ax2 = geometry.stacked_axes(fig, 2, top=0.1, bottom=1.3, left=0.62, right=0.25, gap=0.65)
    n = int(r.golf.train.sum())
    lines = []
    for k, bs in enumerate(runs.BATCH_SIZES):
        loss = np.array(r.batch_runs[bs]["loss"])
        per_epoch = -(-n // bs)
        e = np.arange(len(loss))
        name = {1: "per example", n: "full batch"}.get(bs, "mini-batch")
        label = f"{name} (batch {bs}, {per_epoch} update{'s' if per_epoch > 1 else ''}/epoch)"
        (ln,) = ax1.plot(e, loss, color=th.series[k], lw=1.0, label=label)
        ax2.plot(e * per_epoch, loss, color=th.series[k], lw=1.0)
        lines.append(ln)
    ax1.set_xlabel("epoch", labelpad=1)
    ax2.set_xlabel("updates (log scale)", labelpad=1)
    ax2.set_xscale("log")
    for ax in (ax1, ax2):
        ax.set_ylabel("training loss")
        ax.set_ylim(0, None)
        ax.grid(True, axis="y")
    ax1.set_xlim(0, guide.EPOCHS)
    ax2.set_xlim(1, None)
    fig.legend(
        handles=lines, loc="lower left", bbox_to_anchor=(0.0, 0.0), ncol=1, fontsize=SMALL - 0.5
    )
    return fig


@figure(
    alt=(
        "Six panels of the temperature-humidity square shaded by the predicted probability of "
        "golf at six moments of training, from the start to the last epoch, with the 8 "
        "training days marked"
    )
)
def boundary_evolution(r, th):
    params = r.trained.history["weights"]
    snaps = runs.SNAPSHOTS
    cols, side, gap, title = 2, 0.06, 0.14, 0.24  # inches
    rows = -(-len(snaps) // cols)
    cell = (WIDTH - 2 * side - gap * (cols - 1)) / cols
    key = 0.75  # room for the colour bar and its label
    H = rows * (title + cell) + (rows - 1) * 0.06 + key
    fig = plt.figure(figsize=(WIDTH, H))
    net = guide.network()
    for k, epoch in enumerate(snaps):
        row, col = divmod(k, cols)
        x0 = side + col * (cell + gap)
        y0 = H - (row + 1) * (title + cell) - row * 0.06
        ax = fig.add_axes((x0 / WIDTH, y0 / H, cell / WIDTH, cell / H))
        net.set_params(*params[epoch])
        plane.boundary(ax, th, net)
        plane.days(ax, th, r.golf, r.golf.train, ids=False, size=30, label=False)
        acc = r.trained.history["accuracy"][epoch]
        ax.set_title(f"epoch {epoch}: {acc:.0%}", fontsize=SMALL, pad=3)
        ax.set_xlim(-0.5, 3.5)
        ax.set_ylim(-0.5, 3.5)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_aspect("equal")
        for s in ax.spines.values():
            s.set_visible(True)
            s.set_color(th.muted)
            s.set_linewidth(0.6)
    plane.band_key(fig, th, (0.12, 0.42 / H, 0.76, 0.11 / H))
    return fig


@figure(
    alt=(
        "The temperature-humidity square shaded by the trained network's probability of golf, "
        "with the 0.5 boundary drawn, the 8 training days and the 5 test days marked, wrong "
        "test predictions highlighted"
    )
)
def test_predictions(r, th):
    H, side = 4.75, 2.8  # inches: figure height, side of the square plot
    fig = plt.figure(figsize=(WIDTH, H))
    ax = fig.add_axes((0.62 / WIDTH, (H - 0.12 - side) / H, side / WIDTH, side / H))
    plane.frame(ax)
    plane.boundary(ax, th, r.trained)
    plane.days(ax, th, r.golf, r.golf.train, ids=False, size=26)
    plane.days(ax, th, r.golf, r.golf.test, hollow=True, ids=False)
    proba = r.trained.predict_proba(r.golf.X)
    wrong = r.trained.predict(r.golf.X) != r.golf.y
    for i in np.flatnonzero(r.golf.test):  # "ID: probability", and a bold ✗ when wrong
        mark = " ✗" if wrong[i] else ""
        plane.id_label(ax, th, r.golf, i, extra=f": {proba[i]:.2f}{mark}", box=True, bold=wrong[i])
    handles = [
        Line2D([], [], marker="o", ls="", color=th.pos, label="golf (train)"),
        Line2D([], [], marker="s", ls="", color=th.neg, label="no golf (train)"),
        Line2D(
            [], [], marker="o", ls="", mfc="none", mec=th.pos, mew=1.8, ms=9, label="golf (test)"
        ),
        Line2D(
            [], [], marker="s", ls="", mfc="none", mec=th.neg, mew=1.8, ms=9, label="no golf (test)"
        ),
    ]
    plane.legend_below(fig, ax, handles=handles, y=0.62 / H)
    plane.band_key(fig, th, (0.12, 0.42 / H, 0.76, 0.11 / H))
    return fig


@figure(alt="The hidden units of the trained networks, marking for each day which units output 0")
def dead_relu(r, th):
    cases = (
        ("initial network", r.net0),
        ("trained network (the guide)", r.trained),
        ("scikit-learn fit, random_state 42", r.sklearn),
    )
    golf = r.golf
    units = ["1.1", "1.2", "1.3", "2.1", "2.2"]
    fig = plt.figure(figsize=(WIDTH, 5.4))
    axes = geometry.stacked_axes(fig, 3, top=0.3, bottom=0.45, left=0.55, right=0.1, gap=0.55)
    for ax, (title, net) in zip(axes, cases):
        A = runs.hidden_outputs(net, golf.X).T  # (units, days)
        ax.imshow(
            A > 0,
            cmap=LinearSegmentedColormap.from_list("d", [th.faint, th.accent]),
            vmin=0,
            vmax=1,
            aspect="auto",
            interpolation="nearest",
        )
        for u, d in zip(*np.nonzero(A == 0)):
            ax.text(d, u, "0", ha="center", va="center", fontsize=SMALL - 1.5, color=th.text)
        ax.set_yticks(range(len(units)), units)
        ax.set_xticks(range(len(golf.ids)), golf.ids, fontsize=SMALL - 1)
        ax.tick_params(length=0, pad=2)
        ax.axvline(golf.train.sum() - 0.5, color=th.text, lw=1.2)
        ax.axhline(2.5, color=th.bg, lw=2)
        ax.set_title(title, loc="left", fontsize=SMALL, pad=3)
        for s in ax.spines.values():
            s.set_visible(False)
    axes[-1].set_xlabel("day (1-8 train | 9-13 test)", fontsize=SMALL)
    axes[1].set_ylabel("hidden unit (layer.unit)", fontsize=SMALL)
    return fig


@figure(
    alt=(
        "Test accuracy and training accuracy of the 2-3-2-1 network for 20 different initial "
        "seeds, with the guide's seed marked"
    )
)
def seeds(r, th):
    rows = np.array(r.seeds)
    fig, ax = plt.subplots(figsize=(WIDTH, 3.0), layout="constrained")
    s = rows[:, 0]
    ax.plot(s, rows[:, 1], "o", color=th.series[0], ms=6, label="train accuracy")
    ax.plot(
        s,
        rows[:, 2],
        "s",
        color=th.series[1],
        mfc="none",
        mew=1.6,
        ms=6,
        label="test accuracy",
    )
    ax.axvline(guide.SEED, color=th.muted, lw=0.8, ls=":")
    ax.text(guide.SEED, 1.13, "the guide's seed", color=th.muted, fontsize=SMALL, ha="center")
    ax.set_xticks(s[::2])
    ax.set_xlabel("seed of the initial weights")
    ax.set_ylim(-0.05, 1.12)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.grid(True, axis="y")
    fig.legend(loc="outside upper center", ncol=2)
    return fig
