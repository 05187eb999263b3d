"""Tables and generated sentences of the "Beyond plain SGD" page (docs/optimizers.md).

They read the runs of `scripts.beyond_sgd` (``r.optimizers``, an `Optimizers`),
like the tables of tables.py read the guide's runs; registry :data:`TABLES`.
"""

import numpy as np

from micromlp import guide
from scripts.beyond_sgd import (
    MOMENTUM,
    OPTIMIZERS,
    RANDOM_STATES,
    SEEDS,
    SETUPS,
)
from scripts.style import MINUS

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
    at_start, at_end = _stuck_layers(sw[("golf", fast, "sgd")], dead), _stuck_at_end(sw)
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
        f"do not depend on the scale of the gradient, reaches {_n(g[(slow, 'adam')])}, as "
        f"low as the "
        f"best median at "
        f"$\\eta = {fast:g}$.",
        f"- **XOR, $\\eta = {fast:g}$.** Plain SGD hardly moves in "
        f"{SETUPS['xor']['epochs']} epochs (median {_n(x['sgd'])}); momentum "
        f"({_n(x['momentum'])}), Nesterov "
        f"({_n(x['nesterov'])}) and Adam ({_n(x['adam'])}) end close together, well below it.",
        f"- **Stuck runs.** On golf, seeds {_seeds(dead)} start stuck ({at_start}) and no "
        f"optimizer revives them. Adam at $\\eta = {fast:g}$ leaves "
        f"{int(adam_stuck.sum())} runs stuck (seeds {_seeds(adam_stuck)}), the other "
        f"optimizers at most {others}; at $\\eta = {slow:g}$ Adam leaves as many as the "
        f"others. {at_end}",
    ]
    return "\n".join(lines) + "\n"


_ORDINAL = {1: "first", 2: "second", 3: "third"}


def _stuck_layers(v, dead):
    """What the seeds that start stuck look like at their initial weights (one silent layer)."""
    layers = {tuple(np.flatnonzero(row) + 1) for row in v.silent_at_start[dead]}
    claim(len(layers) == 1 and len(next(iter(layers))) == 1, "one and the same layer is silent")
    (silent,) = next(iter(layers))
    text = f"at their initial weights the {_ORDINAL[silent]} hidden layer outputs 0 on every day"
    for layer in range(1, v.silent_at_start.shape[1] + 1):
        if layer != silent:
            counts = [str(c) for c in v.active_at_start[dead, layer - 1]]
            size = guide.LAYER_SIZES[layer]
            listed = ", ".join(counts[:-1]) + " and " + counts[-1] if counts[1:] else counts[0]
            text += (
                f", while {listed} of the {size} units of the {_ORDINAL[layer]} are "
                f"active on some day"
            )
    return text


def _stuck_at_end(sw):
    """Which hidden layer outputs 0 on every day in the golf runs that end stuck."""
    runs = [
        (lr, name, seed, tuple(np.flatnonzero(v.silent[seed]) + 1))
        for (setup, lr, name), v in sw.items()
        if setup == "golf"
        for seed in np.flatnonzero(v.stuck)
    ]
    claim(all(layers for *_, layers in runs), "every stuck run has a silent hidden layer")
    usual = max({r[3] for r in runs}, key=lambda layers: sum(r[3] == layers for r in runs))
    claim(len(usual) == 1, "one silent layer in most stuck runs")
    text = f"In every stuck run the {_ORDINAL[usual[0]]} hidden layer outputs 0 on every day"
    others = [r for r in runs if r[3] != usual]
    if others:
        text += ", except " + "; ".join(
            f"seed {seed} under {OPTIMIZERS[name]} at $\\eta = {lr:g}$, whose "
            + " and ".join(_ORDINAL[layer] for layer in layers)
            + (" hidden layers do" if len(layers) > 1 else " hidden layer does")
            for lr, name, seed, layers in others
        )
    return text + "."


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


def _rounding(share, ulps, what):
    if not share:
        return f"{what} agree on every one"
    unit = "unit" if round(ulps) == 1 else "units"
    return f"{what} differ for {share:.2%} of them, by at most {ulps:.0f} {unit} in the last place"


def _lbfgs_groups(rows):
    """The fits with numpy's functions: identical; the same decisions; another path.

    A fit takes the same decisions as scikit-learn's when it runs as many
    iterations and as many loss evaluations (the line search and the stopping
    test decided alike at every step); it may still end elsewhere, by drift.
    """
    exact, drift, apart = [], [], []
    for row in rows:
        diff, n_iter, evaluations = row["numpy"]
        if (n_iter, evaluations) != row["scipy"][1:]:
            apart.append(row)
        else:
            (exact if diff == 0.0 else drift).append(row)
    return exact, drift, apart


def _gaps(rows):
    gaps = [row["numpy"][0] for row in rows]
    return f"{_sci(min(gaps))} to {_sci(max(gaps))}" if len(rows) > 1 else _sci(gaps[0])


def _lbfgs_counts(exact, drift, apart):
    """What happened to the fits with numpy's functions, in one sentence's words."""
    n = len(exact) + len(drift) + len(apart)
    if not drift and not apart:
        return f"all {n} are identical too."
    parts = [f"{len(exact)} {'is' if len(exact) == 1 else 'are'} identical"]
    if drift:
        parts.append(
            f"{len(drift)} {_take(drift)} the same decisions (as many iterations and loss "
            f"evaluations) and {_end(drift)} {_gaps(drift)} from scikit-learn's fit"
        )
    if apart:
        moved = f"{len(apart)} {_take(apart)} another path and {_end(apart)} {_gaps(apart)} away"
        paths = [row for row in apart if row["numpy"][1] != row["n_iter"]]
        if paths:
            moved += (
                f", {len(paths)} of them after another number of iterations ("
                + ", ".join(
                    f"`random_state={row['random_state']}`: {row['numpy'][1]} "
                    f"against {row['n_iter']}"
                    for row in paths[:3]
                )
                + (", ...)" if len(paths) > 3 else ")")
            )
        parts.append(moved)
    return ", ".join(parts[:-1]) + ", and " + parts[-1] + "."


def _take(rows):
    return "takes" if len(rows) == 1 else "take"


def _end(rows):
    return "ends" if len(rows) == 1 else "end"


CARRY = (
    "A last-bit difference in one evaluation is carried into every later step, and "
    "L-BFGS, whose steps follow a curvature estimate built from differences of "
    "gradients, can carry it far"
)
DECIDE = (
    "L-BFGS also makes *decisions* on loss values: its line search accepts or shrinks a "
    "step by comparing them, and it stops when the improvement falls below a threshold"
)


def _lbfgs_why(drift, apart):
    """How far the fits with numpy's functions went, and why, as measured."""
    text = []
    if drift:
        worst = max(row["numpy"][0] for row in drift)
        text.append(
            f"{CARRY}: the fits that take every decision alike still end up to {_sci(worst)} apart."
        )
    if apart:
        text.append(
            f"{DECIDE}. In {len(apart)} {'fit' if len(apart) == 1 else 'fits'} such a "
            "comparison came out the other way at some step (they make another number of "
            "loss evaluations); from then on the two runs take different steps."
        )
    if not text:
        text.append(
            "On a machine where numpy's functions round differently, fits with the guide's "
            f"`MLP` could part. {CARRY}. {DECIDE}, so that one comparison of two values a "
            "bit apart can come out the other way. "
            "`fit_like_sklearn` calls scipy's functions, as scikit-learn does, so its fits do "
            "not depend on that."
        )
    return " ".join(text)


@table
def lbfgs_machine(r):
    """The L-BFGS section: its heading and text follow what this machine measured."""
    lb = r.optimizers.lbfgs
    rows, (sig, sig_ulps), (log, log_ulps) = lb["rows"], *lb["rounding"].values()
    scipy_bad = [row["random_state"] for row in rows if row["scipy"][:2] != (0.0, row["n_iter"])]
    claim(not scipy_bad, f"fit_like_sklearn's L-BFGS identical; differs for {scipy_bad}")
    exact, drift, apart = _lbfgs_groups(rows)
    differ = len(drift) + len(apart)
    heading = "identical here too" if not differ else f"{differ} of {len(rows)} fits differ here"
    return "\n".join(
        [
            f"#### L-BFGS with numpy's functions: {heading} {{ #lbfgs }}\n",
            "`fit_like_sklearn` trains a `SklearnMLP`: an `MLP` that calls scipy's `expit` for "
            "the logistic function and `xlogy` in the log losses, as scikit-learn does. The "
            "guide's `MLP` writes the same functions with numpy, $1 / (1 + e^{-z})$ and "
            "$y \\log \\hat y$: the same values, rounded by other code. numpy has its own "
            "vectorised float64 `exp` and `log` for CPUs with AVX-512, and calls the C "
            "library's on others, as scipy does; so whether the two agree to the last bit "
            "depends on the machine. Measured by the build of this page, on "
            f"{lb['machine']}: on a million $z \\sim \\mathcal{{N}}(0, 3^2)$, "
            + _rounding(sig, sig_ulps, "numpy's sigmoid and scipy's `expit`")
            + "; on a million $p \\sim \\mathcal{U}(0, 1)$, "
            + _rounding(log, log_ulps, "numpy's `log(p)` and scipy's `xlogy(1, p)`")
            + ".\n",
            f"Over `random_state` {RANDOM_STATES[0]} to {RANDOM_STATES[-1]}, with "
            f"`hidden_layer_sizes=(3, 2)` on the 8 golf days, all {len(rows)} L-BFGS fits of "
            "`fit_like_sklearn` are identical to scikit-learn's. With numpy's functions "
            "instead (`fit_like_sklearn(..., network=MLP)`), "
            + _lbfgs_counts(exact, drift, apart)
            + "\n",
            _lbfgs_why(drift, apart) + "\n",
        ]
    )


@table
def lbfgs_takeaway_machine(r):
    """The takeaway of the L-BFGS section, as measured on this machine."""
    lb = r.optimizers.lbfgs
    rows = lb["rows"]
    exact, _, _ = _lbfgs_groups(rows)
    other = len(rows) - len(exact)
    if other:
        return (
            f"- On the machine that built this page, numpy's `exp` and `log` round differently "
            f"from scipy's, and {other} of {len(rows)} L-BFGS fits with the guide's numpy "
            "functions differ from scikit-learn's; with scipy's, as `fit_like_sklearn` "
            "calls them, none does.\n"
        )
    return (
        "- On the machine that built this page, the guide's numpy functions reproduce all "
        f"{len(rows)} L-BFGS fits as well; `fit_like_sklearn` calls scipy's, as scikit-learn, "
        "so that it does not depend on the machine.\n"
    )


def _sci(v):
    """A difference in TeX, 2 significant digits: 3.7, 0.25, or 4.8 x 10^-12 below 0.01."""
    mantissa, exponent = f"{v:.1e}".split("e")
    if 0.01 <= float(f"{v:.1e}") < 1000:
        return f"{float(f'{v:.1e}'):g}"
    return f"${mantissa} \\times 10^{{{int(exponent)}}}$"
