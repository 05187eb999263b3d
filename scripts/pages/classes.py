"""Runs, figures and tables of the page "Beyond two classes" (docs/classes.md).

Run and save results apart from plotting them, as in ``runs.py``: `compute`
trains every network the page's figures and tables need, once, and returns a
`Classes`; the figures and tables registered here only read it.

The recipes (data, split, network, settings) are the ones the page runs in its
doctests, so the page's numbers and these files come from the same fits;
tests/site/test_beyond_classes.py checks that they agree. How each example was
picked: the first seed and split tried (0), never chosen for its result; the
tables place it among the others (`SPLITS`, `NOISE_SEEDS`).

Each figure's alt text and caption sit next to its code; the page includes
the figure with ``--8<-- "figures/NAME.md"``.
"""

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D

from micromlp import MLP
from scripts.fragments import md_table
from scripts.registry import figure, table
from scripts.style import MINUS, WIDTH, dec4

# -- the recipes (the page runs the same ones) --------------------------------

IRIS_N, IRIS_TEST_SIZE = 150, 0.3  # flowers; the share held out (stratified)
IRIS_N_TEST = round(IRIS_N * IRIS_TEST_SIZE)  # 45: 15 of each species
IRIS_SPLIT = 0  # train_test_split's random_state on the page: the first one tried
SPLITS = tuple(range(10))  # the splits the table compares
IRIS_HIDDEN = 8
IRIS_FIT = {"epochs": 100, "learning_rate": 0.2, "batch_size": 15, "seed": 0}
PETALS = [2, 3]  # columns of petal length and petal width (cm)

CURVE_SEED = 0  # the noise of the page's curve: the first seed tried
NOISE_SEEDS = tuple(range(5))  # the seeds the table compares
CURVE_N, CURVE_TRAIN, CURVE_NOISE = 100, 75, 0.15
CURVE_HIDDEN = 16
CURVE_FIT = {"epochs": 300, "learning_rate": 0.1, "batch_size": 15, "seed": 0}


def iris_split(random_state=IRIS_SPLIT):
    """``(X_train, X_test, y_train, y_test)``: iris, species names as labels, stratified."""
    from sklearn.datasets import load_iris
    from sklearn.model_selection import train_test_split

    iris = load_iris()
    species = iris.target_names[iris.target]
    return train_test_split(
        iris.data, species, test_size=IRIS_TEST_SIZE, stratify=species, random_state=random_state
    )


def train_iris(X_train, y_train, columns=None):
    """The page's softmax network on standardised features; returns ``(net, mean, std)``.

    ``columns`` picks features (all four by default). Mean and standard
    deviation come from the training rows only.
    """
    X = X_train if columns is None else X_train[:, columns]
    mean, std = X.mean(axis=0), X.std(axis=0)
    net = MLP([X.shape[1], IRIS_HIDDEN, 3], output="softmax", seed=0)
    net.fit((X - mean) / std, y_train, record_history=False, **IRIS_FIT)
    return net, mean, std


def curve(seed=CURVE_SEED):
    """``(x, y)``: noisy samples of sin on [-3, 3], from ``np.random.default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, size=CURVE_N)
    y = np.sin(x) + rng.normal(0, CURVE_NOISE, size=CURVE_N)
    return x, y


def train_curve(x, y):
    """The page's regression network, fitted on the first ``CURVE_TRAIN`` points."""
    net = MLP([1, CURVE_HIDDEN, 1], output="identity", seed=0)
    return net.fit(x[:CURVE_TRAIN, None], y[:CURVE_TRAIN], record_history=False, **CURVE_FIT)


def r2(y, y_hat):
    """R^2 of one target (what ``MLP.score`` gives for regression)."""
    return float(1 - ((y - y_hat) ** 2).sum() / ((y - y.mean()) ** 2).sum())


# -- the runs -------------------------------------------------------------------


@dataclass
class Classes:
    X_train: np.ndarray  # (105, 4) iris, the page's split, in cm
    X_test: np.ndarray  # (45, 4)
    y_train: np.ndarray  # (105,) species names
    y_test: np.ndarray  # (45,)
    petal: tuple  # (net, mean, std): the 2-8-3 network on the petal features
    splits: list  # [(random_state, train accuracy, test accuracy, test errors)], 4 features
    x: np.ndarray  # (100,) the curve's inputs; the first CURVE_TRAIN train
    y: np.ndarray  # (100,) its noisy targets
    curve_net: object  # the 1-16-1 regression network
    noise_seeds: list  # [(seed, test R^2 of the network, test R^2 of sin itself)]


def _split_stats(random_state):
    X_train, X_test, y_train, y_test = iris_split(random_state)
    net, mean, std = train_iris(X_train, y_train)
    wrong = int((net.predict((X_test - mean) / std) != y_test).sum())
    train_acc = net.score((X_train - mean) / std, y_train)
    return random_state, train_acc, net.score((X_test - mean) / std, y_test), wrong


def _seed_stats(seed):
    x, y = curve(seed)
    net = train_curve(x, y)
    test = slice(CURVE_TRAIN, None)
    return seed, r2(y[test], net.predict(x[test, None])), r2(y[test], np.sin(x[test]))


def compute(pool):
    """Train every network of the page's figures and tables, on ``pool``; return a `Classes`."""
    return pool.submit(train_all).result()


def train_all():
    """Train every network of the page's figures and tables; return a `Classes`."""
    X_train, X_test, y_train, y_test = iris_split()
    x, y = curve()
    return Classes(
        X_train=X_train,
        X_test=X_test,
        y_train=y_train,
        y_test=y_test,
        petal=train_iris(X_train, y_train, PETALS),
        splits=[_split_stats(s) for s in SPLITS],
        x=x,
        y=y,
        curve_net=train_curve(x, y),
        noise_seeds=[_seed_stats(s) for s in NOISE_SEEDS],
    )


# -- figures -------------------------------------------------------------------

MARKERS = ("o", "s", "^")  # setosa, versicolor, virginica


def _tint(th, colour, k):
    """``colour`` mixed into the page colour: ``k`` = 0 is the page, 1 the colour."""
    bg = np.array(to_rgb(th.bg))
    return tuple(bg + k * (np.array(to_rgb(colour)) - bg))


@figure(
    alt=(
        "The iris flowers plotted by petal length (horizontal, centimetres) and petal "
        "width (vertical), each species in its own colour and marker: setosa small at "
        "the lower left, versicolor in the middle, virginica large at the upper right. "
        "The plane behind them is shaded in three regions, one per species, with lines "
        "where the predicted species changes; training flowers are filled, test "
        "flowers hollow."
    ),
    caption=(
        f"Decision regions of a 2-{IRIS_HIDDEN}-3 softmax network trained on the two petal "
        f"features of the {IRIS_N - IRIS_N_TEST} training flowers (split {IRIS_SPLIT}). "
        "Each point of the plane gets "
        "the species of the largest output; the stronger tint marks where that "
        "probability leads the runner-up by more than 0.5. Filled: training flowers; "
        f"hollow: the {IRIS_N_TEST} test flowers."
    ),
)
def iris_regions(c, th):
    net, mean, std = c.petal
    classes = net.classes_
    colours = th.series[: len(classes)]
    gx, gy = np.linspace(0.5, 7.5, 71), np.linspace(-0.3, 2.9, 33)
    GX, GY = np.meshgrid(gx, gy)
    grid = np.column_stack([GX.ravel(), GY.ravel()])
    P = net.predict_proba((grid - mean) / std)
    H, side_h = 3.85, 2.55  # inches: figure height, plot height
    fig = plt.figure(figsize=(WIDTH, H))
    ax = fig.add_axes((0.58 / WIDTH, (H - 0.1 - side_h) / H, 2.85 / WIDTH, side_h / H))
    strength = (0.18, 0.34) if th.name == "light" else (0.24, 0.42)
    for k, colour in enumerate(colours):
        margin = (P[:, k] - np.delete(P, k, axis=1).max(axis=1)).reshape(GX.shape)
        fills = [_tint(th, colour, s) for s in strength]
        ax.contourf(gx, gy, margin, levels=[0, 0.5, 1.01], colors=fills, zorder=0)
        ax.contour(gx, gy, margin, levels=[0], colors=[th.text], linewidths=1.0, zorder=1)
    for k, (name, colour) in enumerate(zip(classes, colours)):
        tr, te = c.y_train == name, c.y_test == name
        ax.scatter(
            c.X_train[tr, PETALS[0]],
            c.X_train[tr, PETALS[1]],
            s=22,
            marker=MARKERS[k],
            facecolors=colour,
            edgecolors=th.bg,
            linewidths=0.5,
            zorder=3,
        )
        ax.scatter(
            c.X_test[te, PETALS[0]],
            c.X_test[te, PETALS[1]],
            s=38,
            marker=MARKERS[k],
            facecolors="none",
            edgecolors=colour,
            linewidths=1.3,
            zorder=4,
        )
    ax.set_xlim(gx[0], gx[-1])
    ax.set_ylim(gy[0], gy[-1])
    ax.set_xlabel("petal length (cm)")
    ax.set_ylabel("petal width (cm)")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:g}".replace("-", MINUS))
    handles = [
        Line2D([], [], marker=MARKERS[k], ls="", color=colour, label=str(name))
        for k, (name, colour) in enumerate(zip(classes, colours))
    ]
    handles.append(
        Line2D([], [], marker="o", ls="", mfc="none", mec=th.text, mew=1.3, label="test (hollow)")
    )
    fig.legend(handles=handles, loc="lower center", ncol=2, bbox_to_anchor=(0.5, 0.0))
    return fig


@figure(
    alt=(
        "Noisy points scattered around a sine wave for inputs from minus 3 to 3, the "
        "training points filled and the test points hollow, with the true sine drawn "
        "dashed and the network's fitted curve drawn solid: a chain of straight "
        "segments that follows the sine closely."
    ),
    caption=(
        f"A 1-{CURVE_HIDDEN}-1 network with ReLU hidden units and an identity output, "
        f"fitted to {CURVE_TRAIN} noisy samples of sin x (noise seed {CURVE_SEED}). Its "
        "curve is piecewise linear: each ReLU unit can add one bend. The "
        f"{CURVE_N - CURVE_TRAIN} hollow points are held out."
    ),
)
def regression_fit(c, th):
    H = 3.75  # inches
    fig = plt.figure(figsize=(WIDTH, H))
    ax = fig.add_axes((0.68 / WIDTH, 1.1 / H, 2.8 / WIDTH, 2.55 / H))
    t = np.linspace(-3, 3, 601)
    # the truth over the network's thicker line (zorder 2.5), so that both show where they meet
    ax.plot(t, np.sin(t), color=th.muted, lw=1.4, ls=(0, (4, 3)), label="sin x (truth)", zorder=2.5)
    ax.plot(t, c.curve_net.predict(t[:, None]), color=th.series[1], lw=2.0, label="network")
    n = len(c.x)
    train, test = slice(0, CURVE_TRAIN), slice(CURVE_TRAIN, n)
    ax.scatter(c.x[train], c.y[train], s=14, color=th.series[0], lw=0, label="train", zorder=3)
    ax.scatter(
        c.x[test],
        c.y[test],
        s=26,
        facecolors="none",
        edgecolors=th.series[0],
        linewidths=1.2,
        label="test",
        zorder=4,
    )
    ax.set_xlim(-3.2, 3.2)
    ax.set_ylim(-1.6, 1.6)
    ax.set_xticks([-3, -2, -1, 0, 1, 2, 3])
    ax.set_yticks([-1.5, -1, -0.5, 0, 0.5, 1, 1.5])
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(lambda v, _: f"{v:g}".replace("-", MINUS))
    ax.grid(True)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    fig.legend(loc="lower center", ncol=2, bbox_to_anchor=(0.5, 0.0))
    return fig


# -- tables ----------------------------------------------------------------------


@table
def iris_splits(r):
    rows = [
        (f"{s}{' (this page)' if s == IRIS_SPLIT else ''}", dec4(tr), dec4(te), wrong)
        for s, tr, te, wrong in r.splits
    ]
    header = ["random_state", "training accuracy", "test accuracy", "test flowers wrong"]
    return md_table(header, rows)


@table
def iris_splits_summary(r):
    test = np.array([s[2] for s in r.splits])
    mine = test[SPLITS.index(IRIS_SPLIT)]
    higher, lower = int((test > mine).sum()), int((test < mine).sum())
    same = len(test) - 1 - higher - lower
    return (
        f"Over the {len(test)} splits the test accuracy runs from {dec4(test.min())} to "
        f"{dec4(test.max())} (median {dec4(np.median(test))}). Split {IRIS_SPLIT} gives "
        f"{dec4(mine)}; of the other {len(test) - 1} splits, {higher} score higher, "
        f"{same} the same and {lower} lower.\n"
    )


@table
def noise_seeds(r):
    rows = [
        (f"{s}{' (this page)' if s == CURVE_SEED else ''}", dec4(net), dec4(truth))
        for s, net, truth in r.noise_seeds
    ]
    return md_table(["noise seed", "test R² of the network", "test R² of sin x itself"], rows)


@table
def noise_seeds_summary(r):
    """The result of the noise-seed table in one sentence, for the main line."""
    net = np.array([n for _, n, _ in r.noise_seeds])
    others = [(n, t) for s, n, t in r.noise_seeds if s != CURVE_SEED]
    ahead = sum(t > n for n, t in others)
    return (
        f"The same recipe on the first {len(net)} noise seeds gives a test $R^2$ from "
        f"{dec4(net.min())} to {dec4(net.max())}; the true curve, scored on the same test "
        f"points, is ahead on {ahead} of the {len(others)} seeds other than seed "
        f"{CURVE_SEED}, this page's.\n"
    )
