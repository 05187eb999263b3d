"""Figures and tables of the page "6 Epochs and batches" (docs/epochs.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

import matplotlib.pyplot as plt
import numpy as np

from micromlp import guide
from scripts import geometry, plane, runs
from scripts.registry import data, figure
from scripts.style import SMALL, WIDTH

compute = runs.compute  # the guide's runs, made once for every step page

# Epochs shown by the slider: every epoch at first, when the most happens.
FRAMES = sorted({*range(0, 20), *range(20, 100, 5), *range(100, 1001, 20)})
ANIM_GRID = np.linspace(-0.5, 3.5, 21)


@figure(
    alt=(
        "Training loss and training accuracy of the guide's network over 1000 epochs: the "
        "loss starts near 0.69, wanders on a plateau, then drops in jumps towards 0"
    ),
    caption=(
        "Loss and accuracy on the 8 training days after each epoch, for the guide's run "
        "(one day per update, learning rate 0.1)."
    ),
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
        "Two panels of the training loss of the guide's network for batch sizes 1, 4 and 8. "
        "Top, against epochs 0 to 1000: one day per update falls far below the other two "
        "after about epoch 400. Bottom, against the number of updates on a log scale: at the "
        "same number of updates the full batch is lowest"
    ),
    caption=(
        "The guide's network trained with one day, four days and all eight days per "
        "update: same initial weights, same learning rate, same 1000 epochs. Top: loss "
        "against epochs. Bottom: the same runs against the number of updates."
    ),
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
    ),
    caption=(
        "The decision boundary of the guide's network as training goes on. Each panel is "
        "titled with its epoch and the share of training days it gets right; the shading "
        "is the probability of golf and the line is where it equals 0.5."
    ),
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


# -- the slider ------------------------------------------------------------


@data
def training(r):
    """The slider's data (anim/training.json): the days, and per frame the parameters and a
    probability grid."""
    golf, net = r.golf, guide.network()
    h = r.trained.history
    frames = []
    for epoch in FRAMES:
        weights, biases = h["weights"][epoch]
        net.set_params(weights, biases)
        proba = runs.grid_proba(net, ANIM_GRID)
        frames.append(
            {
                "epoch": epoch,
                "loss": round(h["loss"][epoch], 4),
                "accuracy": round(h["accuracy"][epoch], 4),
                "weights": [np.round(W, 3).tolist() for W in weights],
                "biases": [np.round(b, 3).tolist() for b in biases],
                # percent, rows = humidity from low to high, columns = temperature
                "proba": np.rint(100 * proba).astype(int).ravel().tolist(),
            }
        )
    return {
        "layer_sizes": list(guide.LAYER_SIZES),
        "learning_rate": guide.LEARNING_RATE,
        "grid": {"min": float(ANIM_GRID[0]), "max": float(ANIM_GRID[-1]), "n": len(ANIM_GRID)},
        "days": [
            {"id": int(i), "x": [float(t), float(hh)], "y": int(y), "train": bool(tr)}
            for i, (t, hh), y, tr in zip(golf.ids, golf.X, golf.y, golf.train)
        ],
        "frames": frames,
    }
