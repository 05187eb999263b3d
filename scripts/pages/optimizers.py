"""Figures and tables of the page "Beyond plain SGD" (docs/optimizers.md): the sweeps.

They read the page's runs, an `scripts.optimizer_runs.Optimizers`; the tables on
L-BFGS are in `scripts.pages.optimizers_lbfgs`.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from micromlp import guide
from scripts import optimizer_runs
from scripts.fragments import md_table
from scripts.optimizer_runs import (
    MOMENTUM,
    OPTIMIZERS,
    RANDOM_STATES,
    SEEDS,
    SETUPS,
)
from scripts.registry import figure, table
from scripts.style import MINUS, SMALL, WIDTH

# -- figures ---------------------------------------------------------------

compute = optimizer_runs.compute  # the page's runs, made once for its two modules


def _band(ax, th, sweep, colour, epochs):
    q25, q50, q75 = np.percentile(sweep.losses, [25, 50, 75], axis=0)
    ax.fill_between(epochs, q25, q75, color=colour, alpha=0.28, lw=0)
    ax.plot(epochs, q50, color=colour, lw=1.8)


def _grid(r, th, setup, ncols):
    """Panels of median and middle half of the 20 seeds: one per (optimizer, learning rate).

    With two learning rates, rows are optimizers and columns learning rates; with
    one, the optimizers fill a grid of ``ncols`` columns.
    """
    d, s = r, SETUPS[setup]
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


@figure(
    _alt("golf"),
    caption="Golf: median and middle half of 20 seeds, per optimizer and learning rate.",
)
def optimizers_golf(r, th):
    return _grid(r, th, "golf", ncols=2)


@figure(_alt("xor"), caption="XOR: median and middle half of 20 seeds, per optimizer.")
def optimizers_xor(r, th):
    return _grid(r, th, "xor", ncols=2)


# -- tables ----------------------------------------------------------------


def _n(v, digits=4):
    return f"{float(v):.{digits}f}".replace("-", MINUS)


def _sweep_table(r, setup):
    d, s = r, SETUPS[setup]
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
    return md_table(header, rows, align=[":---"] + ["---:"] * (len(header) - 1))


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
    return float(np.median(r.sweeps[(setup, lr, name)].final))


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
    sw = r.sweeps
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
    rows = r.defaults
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
