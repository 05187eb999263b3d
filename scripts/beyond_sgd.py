"""Runs, figures and tables of the "Beyond plain SGD" page (docs/optimizers.md).

Run, then plot: :func:`start` submits every training run to a process pool and
returns a :class:`Pending`; its ``result()`` is an :class:`Optimizers`, which
``generate.py`` hangs on the guide's ``Runs`` as ``r.optimizers``. The figure
functions (registry :data:`FIGURES`, alt texts :data:`ALT`) and the table
functions (registry :data:`TABLES`) only read it, like those of figures.py and
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
from scripts.registry import Figure
from scripts.style import MINUS, SMALL, WIDTH

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

    @property
    def final(self):
        return self.losses[:, -1]


def sweep(setup, learning_rate, optimizer):
    """Train from every seed; return a :class:`Sweep` (run in a worker process)."""
    X, y = dataset(setup)
    s = SETUPS[setup]
    losses, accuracy, stuck, stuck_at_start = [], [], [], []
    for seed in SEEDS:
        net = MLP(guide.LAYER_SIZES, init="uniform", seed=seed)  # seed 14: guide.network()
        stuck_at_start.append(np.ptp(net.predict_proba(X)) < STUCK)
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
    return Sweep(*map(np.array, (losses, accuracy, stuck, stuck_at_start)))


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
    """L-BFGS with a sigmoid output on golf: micromlp against scikit-learn, per random state.

    Also measures how often numpy and scipy differ in the last bits where the two
    libraries use different functions: micromlp's sigmoid ``1 / (1 + exp(-z))``
    against scipy's ``expit(z)`` on a million seeded z ~ N(0, 3^2), and numpy's
    ``log(p)`` (micromlp's loss) against scipy's ``xlogy(1, p)`` (scikit-learn's)
    on a million seeded p ~ U(0, 1).
    """
    from scipy.special import expit, xlogy
    from sklearn.neural_network import MLPClassifier

    from micromlp import sigmoid
    from micromlp.compat import fit_like_sklearn

    X, y = dataset("golf")
    rows = []
    for rs in RANDOM_STATES:
        estimator = MLPClassifier(**LBFGS_SETTINGS, random_state=rs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours = fit_like_sklearn(estimator, X, y)
            theirs = estimator.fit(X, y)
        pairs = zip(ours.weights + ours.biases, theirs.coefs_ + theirs.intercepts_)
        diff = max(float(np.abs(a - b).max()) for a, b in pairs)
        rows.append((rs, diff, ours.n_iter_, theirs.n_iter_))
    z = np.random.default_rng(0).normal(0.0, 3.0, 1_000_000)
    a, b = sigmoid(z), expit(z)
    differ = a != b
    ulps = np.abs(a - b)[differ] / np.spacing(np.maximum(a, b))[differ]
    p = np.random.default_rng(0).uniform(0.0, 1.0, 1_000_000)
    log_differ = np.log(p) != xlogy(1.0, p)
    return {
        "rows": rows,
        "differ": float(differ.mean()),
        "max_ulps": float(ulps.max()),
        "log_differ": float(log_differ.mean()),
    }


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
        self.sweeps = {key: pool.submit(sweep, *key) for key in keys}
        self.defaults = pool.submit(sklearn_defaults)
        self.lbfgs = pool.submit(lbfgs_parity)

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


# -- tables ----------------------------------------------------------------

TABLES = {}


def table(fn):
    """Register ``fn`` under its name."""
    TABLES[fn.__name__] = fn
    return fn


def _md(header, rows):
    """A numeric table in the guide's ``mlp-table`` div (see tables.py)."""
    lines = ["| " + " | ".join(header) + " |", "|:---|" + "---:|" * (len(header) - 1)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return '<div class="mlp-table" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"


def _n(v, digits=4):
    return f"{float(v):.{digits}f}".replace("-", MINUS)


def _sweep_table(r, setup):
    d, s = r.optimizers, SETUPS[setup]
    header = ["optimizer", "η", "median", "middle half", "best–worst", "stuck", "accuracy"]
    rows = []
    for lr in s["learning_rates"]:
        for name, label in OPTIMIZERS.items():
            v = d.sweeps[(setup, lr, name)]
            q25, q50, q75 = np.percentile(v.final, [25, 50, 75])
            rows.append(
                (
                    label,
                    f"{lr:g}",
                    _n(q50),
                    f"{_n(q25)}–{_n(q75)}",
                    f"{_n(v.final.min())}–{_n(v.final.max())}",
                    int(v.stuck.sum()),
                    _n(np.median(v.accuracy), 3),
                )
            )
    return _md(header, rows)


@table
def optimizers_golf_table(r):
    return _sweep_table(r, "golf")


@table
def optimizers_xor_table(r):
    return _sweep_table(r, "xor")


def _setup_text(setup):
    s = SETUPS[setup]
    rates = " and ".join(f"${lr:g}$" for lr in s["learning_rates"])
    return f"batches of {s['batch_size']}, {s['epochs']} epochs, learning rate $\\eta$ = {rates}"


@table
def optimizers_setup(r):
    """The settings of the sweeps, as a list (no number typed on the page)."""
    n = SETUPS["xor"]["n_samples"]
    return (
        f"- **Optimizers**: plain SGD; momentum and Nesterov's momentum with "
        f"$\\mu = {MOMENTUM:g}$ (scikit-learn's default); Adam with $\\beta_1 = 0.9$, "
        f"$\\beta_2 = 0.999$, $\\epsilon = 10^{{-8}}$ (the defaults). No other tuning: "
        f"every optimizer gets the same $\\eta$.\n"
        f"- **Golf**: the 8 training days, the guide's network and initial weights "
        f'(`MLP(guide.LAYER_SIZES, init="uniform", seed=s)`), '
        f"{_setup_text('golf')}. A batch of 8 is all the days: "
        f'scikit-learn\'s `batch_size="auto"` on golf.\n'
        f'- **XOR**: `make_dataset({n}, kind="xor", seed=0)`, the same network and '
        f"seeds, {_setup_text('xor')}.\n"
        f"- **Seeds**: the {len(SEEDS)} seeds {SEEDS[0]} to {SEEDS[-1]} of the initial "
        f"weights, all of them (the guide's seed {guide.SEED} is one); the days come in "
        f"the order of shuffle seed {guide.SHUFFLE_SEED}.\n"
    )


def _median(r, setup, lr, name):
    return float(np.median(r.optimizers.sweeps[(setup, lr, name)].final))


def claim(holds, text):
    """Stop the build when a sentence of the page no longer matches the runs."""
    if not holds:
        raise RuntimeError(f"docs/optimizers.md: this claim no longer holds for the runs: {text}")


def _seeds(mask):
    seeds = [str(s) for s in np.flatnonzero(mask)]
    return seeds[0] if len(seeds) == 1 else ", ".join(seeds[:-1]) + " and " + seeds[-1]


@table
def optimizers_summary(r):
    """The page's conclusions, with their numbers; each claim is checked (see `claim`)."""
    sw = r.optimizers.sweeps
    fast, slow = SETUPS["golf"]["learning_rates"]
    better = ("momentum", "nesterov", "adam")
    g = {(lr, n): _median(r, "golf", lr, n) for lr in (fast, slow) for n in OPTIMIZERS}
    x = {n: _median(r, "xor", fast, n) for n in OPTIMIZERS}
    start = float(np.median(sw[("golf", slow, "sgd")].losses[:, 0]))
    best = min(better, key=lambda n: g[(fast, n)])
    claim(all(g[(fast, n)] < g[(fast, "sgd")] for n in better), "golf: all below plain SGD")
    claim(abs(g[(slow, "sgd")] - start) < 0.01, "golf, slow rate: plain SGD does not move")
    claim(
        all(abs(g[(slow, n)] - g[(fast, "sgd")]) < 0.01 for n in ("momentum", "nesterov")),
        "golf: momentum at the slow rate ends near plain SGD at the fast rate",
    )
    claim(g[(slow, "adam")] < g[(fast, best)] + 0.01, "golf: Adam at the slow rate as low")
    claim(all(x[n] < x["sgd"] - 0.05 for n in better), "xor: all clearly below plain SGD")
    claim(max(x[n] for n in better) - min(x[n] for n in better) < 0.01, "xor: close together")
    quartiles = {n: np.percentile(sw[("golf", fast, n)].final, [25, 75]) for n in better}
    claim(
        max(q[0] for q in quartiles.values()) < min(q[1] for q in quartiles.values()),
        "golf: the middle halves of the three refinements overlap",
    )
    dead = sw[("golf", fast, "sgd")].stuck_at_start
    claim(all(v.stuck[dead].all() for (s, *_), v in sw.items() if s == "golf"), "dead stay dead")
    adam_stuck = sw[("golf", fast, "adam")].stuck
    others = max(int(sw[("golf", fast, n)].stuck.sum()) for n in ("sgd", "momentum", "nesterov"))
    claim(adam_stuck.sum() > others, "golf: Adam at the fast rate gets more runs stuck")
    claim(
        len({int(sw[("golf", slow, n)].stuck.sum()) for n in OPTIMIZERS}) == 1,
        "golf: at the slow rate every optimizer leaves as many runs stuck",
    )
    lines = [
        f"- **Golf, $\\eta = {fast:g}$.** Momentum, Nesterov and Adam all end well below plain SGD "
        f"in the median: {_n(g[(fast, 'momentum')])}, {_n(g[(fast, 'nesterov')])} and "
        f"{_n(g[(fast, 'adam')])} against {_n(g[(fast, 'sgd')])}, the lowest being "
        f"{OPTIMIZERS[best]}'s. But their middle halves overlap: which of the three is best "
        f"depends on the seed more than on the optimizer.",
        f"- **Golf, $\\eta = {slow:g}$.** Plain SGD hardly moves "
        f"(median {_n(start)} before training, {_n(g[(slow, 'sgd')])} after). Momentum "
        f"({_n(g[(slow, 'momentum')])}) and Nesterov ({_n(g[(slow, 'nesterov')])}) get about "
        f"as far as plain SGD at $\\eta = {fast:g}$ ({_n(g[(fast, 'sgd')])}): their steps are "
        f"up to $1 / (1 - \\mu) = {1 / (1 - MOMENTUM):g}$ times longer. Adam, whose steps "
        f"do not shrink with the gradient, reaches {_n(g[(slow, 'adam')])}, as low as the "
        f"best median at "
        f"$\\eta = {fast:g}$.",
        f"- **XOR, $\\eta = {fast:g}$.** Plain SGD hardly moves in "
        f"{SETUPS['xor']['epochs']} epochs (median {_n(x['sgd'])}); momentum "
        f"({_n(x['momentum'])}), Nesterov "
        f"({_n(x['nesterov'])}) and Adam ({_n(x['adam'])}) end close together, well below it.",
        f"- **Stuck runs.** On golf, seeds {_seeds(dead)} start stuck (every hidden ReLU "
        f"is 0 on every day) and no optimizer revives them. Adam at $\\eta = {fast:g}$ leaves "
        f"{int(adam_stuck.sum())} runs stuck (seeds {_seeds(adam_stuck)}), the other "
        f"optimizers at most {others}; at $\\eta = {slow:g}$ Adam leaves as many as the others.",
    ]
    return "\n".join(lines) + "\n"


def _range(values, digits):
    low, high = min(values), max(values)
    if low == high:
        return f"is {low:.{digits}f} for every one"
    return f"runs from {low:.{digits}f} to {high:.{digits}f}"


@table
def sklearn_defaults_summary(r):
    rows = r.optimizers.defaults
    warned = sum(row["warnings"] == ["ConvergenceWarning"] for row in rows)
    drop = [row["first_loss"] - row["final_loss"] for row in rows]
    train = [row["train"] for row in rows]
    test = [row["test"] for row in rows]
    return (
        f"Over `random_state` {RANDOM_STATES[0]} to {RANDOM_STATES[-1]} "
        f"({len(rows)} fits), {warned} raise the `ConvergenceWarning`; in 200 epochs the loss "
        f"falls by {_n(min(drop))} to {_n(max(drop))}; the training accuracy "
        f"{_range(train, 3)} and the test accuracy {_range(test, 1)}.\n"
    )


@table
def lbfgs_parity_table(r):
    lb = r.optimizers.lbfgs
    rows = lb["rows"]
    exact = [rs for rs, diff, *_ in rows if diff == 0.0]
    tiny = [rs for rs, diff, *_ in rows if 0.0 < diff < 1e-12]
    big = [(rs, diff, a, b) for rs, diff, a, b in rows if diff >= 1e-12]
    text = (
        f"Over `random_state` {RANDOM_STATES[0]} to {RANDOM_STATES[-1]}, with "
        f"`hidden_layer_sizes=(3, 2)` on the 8 golf days: {len(exact)} fits are identical "
        f"to the last bit, {len(tiny)} differ by less than $10^{{-12}}$"
    )
    if big:
        text += ", and " + "; ".join(
            f"`random_state={rs}` differs by {diff:.1e} (micromlp stops after {a} "
            f"iterations, scikit-learn after {b})"
            for rs, diff, a, b in big
        )
    text += (
        f". On a million inputs $z \\sim \\mathcal{{N}}(0, 3^2)$, numpy's "
        f"`1 / (1 + exp(-z))` and scipy's "
        f"`expit(z)` differ for {lb['differ']:.1%} of them, by at most "
        f"{lb['max_ulps']:.0f} units in the last place; on a million "
        f"$p \\sim \\mathcal{{U}}(0, 1)$, numpy's "
        f"`log(p)` and scipy's `xlogy(1, p)` differ for {lb['log_differ']:.2%}.\n"
    )
    return text
