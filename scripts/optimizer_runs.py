"""Runs of the "Beyond plain SGD" page (docs/optimizers.md).

Run, then plot: :func:`compute` submits every training run to a process pool
and returns an :class:`Optimizers`; the figures and tables of
`scripts.pages.optimizers` and `scripts.pages.optimizers_lbfgs` only read it.

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

import numpy as np

from micromlp import MLP, SGD, Adam, guide, load_golf, make_dataset
from scripts import machine

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


def compute(pool):
    """Every run of this page, trained on ``pool``: an :class:`Optimizers`."""
    return Pending(pool).result()
