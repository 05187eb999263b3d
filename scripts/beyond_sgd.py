"""Runs and figures of the "Beyond plain SGD" page (docs/optimizers.md).

Run, then plot: :func:`start` submits every training run to a process pool and
returns a :class:`Pending`; its ``result()`` is an :class:`Optimizers`, which
``generate.py`` hangs on the guide's ``Runs`` as ``r.optimizers``. The figure
functions (registry :data:`FIGURES`, alt texts :data:`ALT`) and the tables of
`scripts.beyond_sgd_tables` only read it, like those of figures.py and
tables.py.

The sweeps: each optimizer (plain SGD, momentum, Nesterov, Adam) trains the
guide's 2-3-2-1 network from each of the 20 seeds 0-19 of the initial weights,
through ``MLP.fit`` (the one training loop), on two datasets:

- golf, the 8 training days in one batch of 8 (scikit-learn's ``"auto"`` batch
  on 8 samples), at two learning rates;
- a larger one, ``make_dataset(N, kind="xor", seed=0)``, in mini-batches.

Everything is seeded: the result does not depend on the pool.
"""

import warnings
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from micromlp import MLP, SGD, Adam, guide, load_golf, make_dataset
from scripts import machine
from scripts.registry import Figure
from scripts.style import SMALL, WIDTH

SEEDS = tuple(range(20))
MOMENTUM = 0.9  # mu, scikit-learn's default
# name: label on figures and tables
OPTIMIZERS = {
    "sgd": "plain SGD",
    "momentum": "momentum",
    "nesterov": "Nesterov",
    "adam": "Adam",
}
# dataset: its settings (every run of a sweep uses them; only the seed changes)
SETUPS = {
    "golf": {"batch_size": 8, "epochs": 200, "learning_rates": (0.1, 0.01)},
    "xor": {"n_samples": 200, "batch_size": 50, "epochs": 60, "learning_rates": (0.1,)},
}
# A run is "stuck" when its prediction is the same for every training sample
# (all hidden ReLUs dead): spread of the probabilities below this.
STUCK = 1e-6
# scikit-learn: its default estimator on golf, and L-BFGS parity, over these random states.
RANDOM_STATES = tuple(range(20))
LBFGS_SETTINGS = {"hidden_layer_sizes": (3, 2), "solver": "lbfgs"}


def make_optimizer(name, learning_rate):
    """A fresh optimizer ``name`` of :data:`OPTIMIZERS` with learning rate eta."""
    if name == "sgd":
        return SGD(learning_rate)
    if name == "momentum":
        return SGD(learning_rate, momentum=MOMENTUM)
    if name == "nesterov":
        return SGD(learning_rate, momentum=MOMENTUM, nesterov=True)
    return Adam(learning_rate)


def dataset(name):
    """``(X, y)`` of a setup: the 8 golf training days, or the generated XOR points."""
    if name == "golf":
        golf = load_golf()
        return golf.X[golf.train], golf.y[golf.train]
    return make_dataset(SETUPS[name]["n_samples"], kind="xor", seed=0)


@dataclass
class Sweep:
    """One optimizer at one learning rate on one dataset, from every seed of SEEDS."""

    losses: np.ndarray  # (seeds, epochs + 1): training loss before training, then per epoch
    accuracy: np.ndarray  # (seeds,) training accuracy at the end
    stuck: np.ndarray  # (seeds,) bool: the same prediction for every training sample
    stuck_at_start: np.ndarray  # (seeds,) bool: the same, before training
    # (seeds, hidden layers): the layer outputs 0 on every training sample (at the end,
    # before training), and how many of its units are active on some sample (before)
    silent: np.ndarray = None
    silent_at_start: np.ndarray = None
    active_at_start: np.ndarray = None

    @property
    def final(self):
        return self.losses[:, -1]


def sweep(setup, learning_rate, optimizer):
    """Train from every seed; return a :class:`Sweep` (run in a worker process)."""
    X, y = dataset(setup)
    s = SETUPS[setup]
    losses, accuracy, stuck, stuck_at_start = [], [], [], []
    silent, silent_at_start, active_at_start = [], [], []
    for seed in SEEDS:
        net = MLP(guide.LAYER_SIZES, init="uniform", seed=seed)  # seed 14: guide.network()
        stuck_at_start.append(np.ptp(net.predict_proba(X)) < STUCK)
        silent_at_start.append(_silent(net, X))
        active_at_start.append(_active(net, X))
        net.fit(
            X,
            y,
            epochs=s["epochs"],
            batch_size=s["batch_size"],
            optimizer=make_optimizer(optimizer, learning_rate),
            seed=guide.SHUFFLE_SEED,
        )
        losses.append(net.history["loss"])
        accuracy.append(net.history["accuracy"][-1])
        stuck.append(np.ptp(net.predict_proba(X)) < STUCK)
        silent.append(_silent(net, X))
    found = (losses, accuracy, stuck, stuck_at_start, silent, silent_at_start, active_at_start)
    return Sweep(*map(np.array, found))


def _silent(net, X):
    """Per hidden layer: does it output 0 on every row of X?"""
    return [bool((a == 0).all()) for a in net.forward(X).a[1:-1]]


def _active(net, X):
    """Per hidden layer: how many of its units are above 0 on some row of X."""
    return [int((a > 0).any(axis=0).sum()) for a in net.forward(X).a[1:-1]]


def sklearn_defaults():
    """``MLPClassifier(random_state=rs)`` on golf for each rs: its warnings and scores."""
    from sklearn.neural_network import MLPClassifier

    golf = load_golf()
    X, y = golf.X[golf.train], golf.y[golf.train]
    rows = []
    for rs in RANDOM_STATES:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            clf = MLPClassifier(random_state=rs).fit(X, y)
        rows.append(
            {
                "random_state": rs,
                "warnings": [w.category.__name__ for w in caught],
                "n_iter": clf.n_iter_,
                "first_loss": clf.loss_curve_[0],
                "final_loss": clf.loss_curve_[-1],
                "train": clf.score(X, y),
                "test": clf.score(golf.X[golf.test], golf.y[golf.test]),
            }
        )
    return rows


def lbfgs_parity():
    """L-BFGS on golf, per random state: scikit-learn's fit against micromlp's, two ways.

    ``fit_like_sklearn`` trains a `SklearnMLP` (scipy's ``expit`` and ``xlogy``,
    as scikit-learn); with ``network=MLP`` it calls numpy's ``exp`` and ``log``
    instead, as the guide's pages do. Each row holds, for one random state and
    each of the two, ``(difference, iterations, evaluations)``: the largest
    difference of any weight or bias from scikit-learn's fit, the iterations and
    the loss evaluations (each is one forward pass); ``n_iter`` is
    scikit-learn's. ``rounding`` is `machine.numpy_vs_scipy()`.
    """
    from sklearn.neural_network import MLPClassifier

    from micromlp.compat import SklearnMLP, fit_like_sklearn

    X, y = dataset("golf")
    rows = []
    for rs in RANDOM_STATES:
        estimator = MLPClassifier(**LBFGS_SETTINGS, random_state=rs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nets = {"scipy": fit_like_sklearn(estimator, X, y, network=_counting(SklearnMLP))}
            nets["numpy"] = fit_like_sklearn(estimator, X, y, network=_counting(MLP))
            theirs = estimator.fit(X, y)
        row = {"random_state": rs, "n_iter": theirs.n_iter_}
        for name, net in nets.items():
            pairs = zip(net.weights + net.biases, theirs.coefs_ + theirs.intercepts_)
            diff = max(float(np.abs(a - b).max()) for a, b in pairs)
            row[name] = (diff, net.n_iter_, net.evaluations)
        rows.append(row)
    return {"rows": rows, "rounding": machine.numpy_vs_scipy(), "machine": machine.sentence()}


def _counting(network):
    """A subclass of ``network`` that counts its forward passes in ``evaluations``.

    Under L-BFGS, ``fit_like_sklearn`` runs one forward pass per evaluation of the
    loss, and nothing else: the count is the number of loss evaluations.
    """

    class Counting(network):
        evaluations = 0

        def forward(self, X, *, check=True):
            self.evaluations += 1
            return super().forward(X, check=check)

    return Counting


@dataclass
class Optimizers:
    sweeps: dict  # (setup, learning rate, optimizer) -> Sweep
    defaults: list  # sklearn_defaults()
    lbfgs: dict  # lbfgs_parity()


class Pending:
    """The submitted runs; ``result()`` waits for them and returns an :class:`Optimizers`."""

    def __init__(self, pool):
        keys = [
            (setup, lr, opt)
            for setup, s in SETUPS.items()
            for lr in s["learning_rates"]
            for opt in OPTIMIZERS
        ]
        # the two longest jobs first (see runs.compute)
        self.defaults = pool.submit(sklearn_defaults)
        self.lbfgs = pool.submit(lbfgs_parity)
        self.sweeps = {key: pool.submit(sweep, *key) for key in keys}

    def result(self):
        return Optimizers(
            sweeps={key: f.result() for key, f in self.sweeps.items()},
            defaults=self.defaults.result(),
            lbfgs=self.lbfgs.result(),
        )


def start(pool):
    """Submit every run of this page to ``pool``; return a :class:`Pending`."""
    return Pending(pool)


# -- figures ---------------------------------------------------------------

FIGURES = {}
ALT = {}  # name -> alt text, used verbatim on the page (tests/test_beyond_sgd.py checks it)


def figure(alt):
    """Register the decorated function under its name, with its alt text."""

    def register(fn):
        FIGURES[fn.__name__] = Figure(fn, " ".join(alt.split()))
        ALT[fn.__name__] = alt
        return fn

    return register


def _band(ax, th, sweep, colour, epochs):
    q25, q50, q75 = np.percentile(sweep.losses, [25, 50, 75], axis=0)
    ax.fill_between(epochs, q25, q75, color=colour, alpha=0.28, lw=0)
    ax.plot(epochs, q50, color=colour, lw=1.8)


def _grid(r, th, setup, ncols):
    """Panels of median and middle half of the 20 seeds: one per (optimizer, learning rate).

    With two learning rates, rows are optimizers and columns learning rates; with
    one, the optimizers fill a grid of ``ncols`` columns.
    """
    d, s = r.optimizers, SETUPS[setup]
    rates, names = s["learning_rates"], list(OPTIMIZERS)
    if len(rates) > 1:
        panels, ncols = [(lr, name) for name in names for lr in rates], len(rates)
    else:
        panels = [(rates[0], name) for name in names]
    nrows = -(-len(panels) // ncols)
    head = 0.3 if len(rates) > 1 else 0.0  # room for the column headers
    left, right, top, bottom, gx, gy = 0.74, 0.12, 0.3 + head, 1.3, 0.2, 0.42  # inches
    cell_h = 1.0 if nrows > 2 else 1.3
    H = top + bottom + nrows * cell_h + (nrows - 1) * gy
    fig = plt.figure(figsize=(WIDTH, H))
    cell_w = (WIDTH - left - right - (ncols - 1) * gx) / ncols
    n_epochs = s["epochs"]
    epochs = np.arange(n_epochs + 1)
    step = 50 if n_epochs >= 150 else 20
    ticks = np.arange(
        0, n_epochs, step
    )  # no tick at the right end: it would meet the next panel's 0
    top_loss = max(
        np.percentile(d.sweeps[(setup, lr, n)].losses, 75, axis=0).max() for lr, n in panels
    )
    for k, (lr, name) in enumerate(panels):
        row, col = divmod(k, ncols)
        x0 = left + col * (cell_w + gx)
        y0 = H - top - (row + 1) * cell_h - row * gy
        ax = fig.add_axes((x0 / WIDTH, y0 / H, cell_w / WIDTH, cell_h / H))
        colour = th.series[names.index(name)]
        if name != "sgd":  # plain SGD's median at the same rate, for reference
            ref = np.median(d.sweeps[(setup, lr, "sgd")].losses, axis=0)
            ax.plot(epochs, ref, color=th.muted, lw=1.1, ls=(0, (3, 2)))
        _band(ax, th, d.sweeps[(setup, lr, name)], colour, epochs)
        ax.set_title(OPTIMIZERS[name], loc="left", fontsize=SMALL, color=colour, pad=3)
        if len(rates) > 1 and row == 0:
            fig.text(
                (x0 + cell_w / 2) / WIDTH,
                (H - 0.22) / H,
                f"η = {lr:g}",
                ha="center",
                va="center",
                fontsize=11,
                weight="bold",
            )
        ax.set_xlim(0, n_epochs)
        ax.set_xticks(ticks)
        ax.set_ylim(0, top_loss * 1.05)
        ax.grid(True, axis="y")
        if row < nrows - 1:
            ax.tick_params(labelbottom=False)
        else:
            ax.set_xlabel("epoch", labelpad=1)
        if col > 0:
            ax.tick_params(labelleft=False)
    fig.text(  # clear of the tick labels: they end about 0.4 in left of the axes
        0.04 / WIDTH,
        (bottom + (H - top - bottom) / 2) / H,
        "training loss",
        rotation=90,
        va="center",
    )
    handles = [
        Line2D([], [], color=th.text, lw=1.8, label="median of the 20 seeds"),
        plt.Rectangle(
            (0, 0), 1, 1, color=th.text, alpha=0.28, lw=0, label="middle half of the seeds"
        ),
        Line2D([], [], color=th.muted, lw=1.1, ls=(0, (3, 2)), label="plain SGD's median"),
    ]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.1, 0.0), ncol=1)
    return fig


def _alt(setup):
    s, names = SETUPS[setup], ", ".join(OPTIMIZERS.values())
    where = "the 8 golf days" if setup == "golf" else f"{s['n_samples']} generated XOR points"
    rates = s["learning_rates"]
    if len(rates) > 1:
        layout = (
            f"{len(OPTIMIZERS) * len(rates)} small panels of training loss against epoch on "
            f"{where}, one row per optimizer ({names}) and one column per learning rate "
            f"({rates[0]:g} left, {rates[1]:g} right)."
        )
    else:
        layout = (
            f"{len(OPTIMIZERS)} small panels of training loss against epoch on {where}, one "
            f"per optimizer ({names}) at learning rate {rates[0]:g}."
        )
    return (
        f"{layout} Each panel draws the median loss of the {len(SEEDS)} seeds as a line and "
        "the middle half of the seeds as a band, with plain SGD's median dashed for comparison."
    )


@figure(_alt("golf"))
def optimizers_golf(r, th):
    return _grid(r, th, "golf", ncols=2)


@figure(_alt("xor"))
def optimizers_xor(r, th):
    return _grid(r, th, "xor", ncols=2)
