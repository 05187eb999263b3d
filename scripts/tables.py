"""Markdown tables and KaTeX fragments of the guide, registered by name in :data:`TABLES`.

Each function takes the computed :class:`runs.Runs` and returns Markdown text;
``generate.py`` writes it to ``tables/NAME.md``, which pages include with
``--8<-- "tables/NAME.md"``. Numbers have 4 decimals (``style.dec4``); tiny
relative errors are in scientific notation.
"""

import numpy as np

from micromlp import guide, relative_error
from scripts import live_data, machine, runs
from scripts.style import dec4, sci

TABLES = {}


def table(fn):
    """Register ``fn`` under its name."""
    TABLES[fn.__name__] = fn
    return fn


def _md(header, rows, align=None):
    """A Markdown table in a ``<div class="mlp-table">`` (md_in_html).

    The class lets docs/assets/extra.css style the generated numeric tables
    (no wrapping inside a cell, tabular figures) and leave prose tables alone.
    """
    align = align or ["---:"] * len(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return '<div class="mlp-table" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"


def _block(tex):
    """A display-math block for pymdownx.arithmatex (generic)."""
    return "$$\n" + tex.strip() + "\n$$\n"


def _t(v):
    """A number for TeX: 4 decimals; a negative one in parentheses when it follows an operator."""
    return dec4(v)


def _p(v):
    s = dec4(v)
    return f"({s})" if s.startswith("-") else s


# -- tables ----------------------------------------------------------------


@table
def dataset(r):
    g = r.golf
    rows = [
        (i, f"{t:.0f}", f"{h:.0f}", f"{lab:+d}", f"{yy:.0f}", "train" if tr else "test")
        for i, (t, h), lab, yy, tr in zip(g.ids, g.X, g.labels, g.y, g.train)
    ]
    return _md(
        ["ID", "temperature", "humidity", "golf", "y", "split"],
        rows,
        ["---:", "---:", "---:", "---:", "---:", ":---"],
    )


@table
def initial_params(r):
    rows = [
        (f"${name}$", dec4(_value(r.net0, l, kind, idx)))
        for name, l, kind, idx in runs.param_names(r.net0)
    ]
    return _md(["parameter", "initial value"], rows, [":---", "---:"])


def _value(net, l, kind, idx):
    return (net.weights if kind == "W" else net.biases)[l - 1][idx]


@table
def forward_day(r):
    tr = r.trace
    rows = [("input", "$a^{[0]} = x$", *[f"{v:.0f}" for v in r.x[0]], "")]
    names = {1: "hidden 1", 2: "hidden 2", 3: "output"}
    for l in range(1, 4):
        for q, arr in (("z", tr.z[l - 1]), ("a", tr.a[l])):
            cells = [dec4(v) for v in arr[0]]
            cells += [""] * (3 - len(cells))
            sym = f"${q}^{{[{l}]}}$" + (r" $= \hat y$" if (l, q) == (3, "a") else "")
            rows.append((names[l], sym, *cells))
    return _md(
        ["layer", "", "unit 1", "unit 2", "unit 3"], rows, [":---", ":---", "---:", "---:", "---:"]
    )


@table
def step_ledger(r):
    rows = []
    for name, l, kind, idx in runs.param_names(r.net0):
        grad = (r.grads.dW if kind == "W" else r.grads.db)[l - 1][idx]
        num = (r.num_dW if kind == "W" else r.num_db)[l - 1][idx]
        rows.append(
            (
                f"${name}$",
                dec4(_value(r.net0, l, kind, idx)),
                dec4(grad),
                dec4(num),
                sci(relative_error(grad, num)),
                dec4(_value(r.stepped, l, kind, idx)),
            )
        )
    return _md(
        [
            "parameter",
            "value",
            "gradient (backprop)",
            "gradient (finite diff.)",
            "rel. error",
            f"after step (lr {guide.LEARNING_RATE:g})",
        ],
        rows,
        [":---", "---:", "---:", "---:", "---:", "---:"],
    )


@table
def test_predictions(r):
    g, net = r.golf, r.trained
    proba = net.predict_proba(g.X)
    pred = net.predict(g.X)
    rows = []
    for i in np.flatnonzero(g.test):
        ok = pred[i] == g.y[i]
        rows.append(
            (
                g.ids[i],
                f"{g.X[i, 0]:.0f}",
                f"{g.X[i, 1]:.0f}",
                dec4(proba[i]),
                f"{pred[i]:.0f}",
                f"{g.y[i]:.0f}",
                "yes" if ok else "**no**",
            )
        )
    return _md(
        ["ID", "temp.", "humid.", "P(golf)", "predicted", "true", "correct"],
        rows,
        ["---:", "---:", "---:", "---:", "---:", "---:", ":---"],
    )


@table
def seeds(r):
    rows = [
        (st.seed, f"{st.train_accuracy:.3f}", f"{st.test_accuracy:.1f}", dec4(st.final_loss),
         dec4(st.window_loss))
        for st in r.seeds
    ]  # fmt: skip
    header = ["seed", "train accuracy", "test accuracy", "final training loss"]
    return _md([*header, f"mean loss, last {runs.WINDOW} epochs"], rows)


def _guide_stats(r):
    return next(st for st in r.seeds if st.seed == guide.SEED)


@table
def seeds_summary(r):
    """One paragraph of the prediction page: the spread of the 20 seed runs."""
    test = {st.seed: st.test_accuracy for st in r.seeds}
    perfect = [st.seed for st in r.seeds if st.train_accuracy == 1.0]

    def which(value):
        seeds = [s for s, te in test.items() if te == value]
        return ("seed " if len(seeds) == 1 else "seeds ") + _and(seeds)

    low, high = min(test.values()), max(test.values())
    ours = test[guide.SEED]
    if perfect == [guide.SEED]:
        fit = f"The guide's seed {guide.SEED} is the only one that gets all 8 training days right"
        fit += f", and it scores {ours:.1f} on the test days"
    else:
        fit = f"All 8 training days are right for {'seed' if len(perfect) == 1 else 'seeds'} "
        fit += _and(perfect) if perfect else "none of them"
        fit += f"; the guide's seed {guide.SEED} scores {ours:.1f} on the test days"
    below = sum(te < ours for te in test.values())
    above = sum(te > ours for te in test.values())
    median = float(np.median(list(test.values())))
    fit += (
        f": {above} seeds do better on them, {below} worse, and the median of the "
        f"{len(test)} is {median:.1f}."
    )
    return (
        f"Over the {len(test)} seeds the test accuracy runs from {low:.1f} ({which(low)}) "
        f"to {high:.1f} ({which(high)}). {fit}\n"
    )


@table
def seed_rank_loss(r):
    """Where the guide's final losses sit among the 20 seeds (epochs and update pages)."""
    ours = _guide_stats(r)
    window = sorted(st.window_loss for st in r.seeds)
    rank = window.index(ours.window_loss) + 1
    place = "the lowest" if rank == 1 else f"number {rank} from the lowest"
    return (
        f"The guide's seed is not a typical one. Trained the same way from each of the "
        f"{len(r.seeds)} seeds {r.seeds[0].seed} to {r.seeds[-1].seed}, the network ends with "
        f"a mean loss over the last {runs.WINDOW} epochs of {dec4(window[0])} to "
        f"{dec4(window[-1])}, with a median of {dec4(np.median(window))}; the guide's run, "
        f"at {dec4(ours.window_loss)}, is {place} of the {len(window)} "
        "(the runs are listed on the "
        "[prediction page](prediction.md#accuracy-on-five-days-swings-with-the-seed)).\n"
    )


@table
def order_rank_loss(r):
    """Where the guide's order of the days sits among 20 shuffle seeds (determinism page)."""
    losses = dict(sorted(r.orders.items()))
    ours = losses[guide.SHUFFLE_SEED]
    rank = sorted(losses.values()).index(ours) + 1
    place = "the lowest" if rank == 1 else f"number {rank} from the lowest"
    values = list(losses.values())
    return (
        f"The guide's order of the days is not a typical one either. From the guide's "
        f"initial weights, with each of the {len(losses)} shuffle seeds {min(losses)} to "
        f"{max(losses)}, the mean loss over the last {runs.WINDOW} epochs runs from "
        f"{dec4(min(values))} to {dec4(max(values))}, with a median of "
        f"{dec4(np.median(values))}; the guide's shuffle seed "
        f"{guide.SHUFFLE_SEED}, at {dec4(ours)}, is {place} of the {len(values)}.\n"
    )


@table
def seed_choice(r):
    """How the running example's seed was chosen: the rule, applied at build time."""
    cands = r.seed_choice
    active = [(s, st) for s, ok, st in cands if ok]
    first, last = cands[0][0], cands[-1][0]
    parts = [f"seed {s} gets {st.train_accuracy * 8:.0f} of 8" for s, st in active]
    return (
        f"Of the seeds {first} to {last}, the untrained network has every hidden unit "
        f"active on day {guide.DAY} for {'seed' if len(active) == 1 else 'seeds'} "
        f"{_and([s for s, _ in active])}. Trained the guide's way, "
        f"{_and(parts)} training days right. The guide takes the first seed that passes "
        f"both tests, {guide.SEED}: it was chosen for the worked example *and* for its "
        "fit to the training days, so its results are better than a random seed's. "
        "Wherever they are headline numbers, the pages show where they sit among "
        "20 seeds.\n"
    )


@table
def remedies(r):
    """Dead ReLUs over the 20 seeds, with the guide's settings and two usual remedies.

    One row per measure, one column per setting: three settings side by side fit
    a phone, where seven measures side by side did not fit a desktop's column.
    """
    settings = list(r.remedies.items())
    n = len(settings[0][1])

    def share(test):
        return [f"{sum(test(st) for st in sts)} of {n}" for _, sts in settings]

    def mean(value, fmt):
        return [fmt(np.mean([value(st) for st in sts])) for _, sts in settings]

    rows = [
        ("a dead unit before training", *share(lambda st: st.dead_start > 0)),
        ("a dead unit after training", *share(lambda st: st.dead_end > 0)),
        ("all 8 training days right", *share(lambda st: st.train_accuracy == 1.0)),
        ("mean train accuracy", *mean(lambda st: st.train_accuracy, "{:.3f}".format)),
        ("mean test accuracy", *mean(lambda st: st.test_accuracy, "{:.2f}".format)),
        (f"mean loss, last {runs.WINDOW} epochs", *mean(lambda st: st.window_loss, dec4)),
    ]
    header = ["measure", *(name for name, _ in settings)]
    return _md(header, rows, [":---", *["---:"] * len(settings)])


def _and(items):
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@table
def partials(r):
    """Every partial derivative of day 6 as its chain product, with the numbers."""
    net, tr, g = r.net0, r.trace, r.grads
    W, a, z, delta = net.weights, tr.a, tr.z, g.delta
    y_hat, y = float(tr.y_hat[0, 0]), float(r.y[0])
    dL_dyhat = -(y - y_hat) / (y_hat * (1 - y_hat))
    rows = [
        (
            r"$\delta^{[3]}_1$",
            r"$\frac{\partial L}{\partial \hat y}\,\sigma'(z^{[3]}_1)$",
            f"${_p(dL_dyhat)} \\times {_p(y_hat * (1 - y_hat))}$",
            dec4(delta[2][0, 0]),
        )
    ]
    for l in (2, 1):  # delta[l]_j = (sum_k delta[l+1]_k W[l+1]_jk) 1(z[l]_j > 0)
        n_next = W[l].shape[1]
        for j in range(W[l - 1].shape[1]):
            if n_next == 1:
                sym = rf"\delta^{{[{l + 1}]}}_1\, W^{{[{l + 1}]}}_{{{j + 1}1}}"
                num = f"{_p(delta[l][0, 0])} \\times {_p(W[l][j, 0])}"
            else:
                term = rf"\delta^{{[{l + 1}]}}_k W^{{[{l + 1}]}}_{{{j + 1}k}}"
                sym = rf"\bigl(\textstyle\sum_k {term}\bigr)"
                terms = [f"{_p(delta[l][0, k])} \\times {_p(W[l][j, k])}" for k in range(n_next)]
                num = "(" + " + ".join(terms) + ")"
            mask = int(z[l - 1][0, j] > 0)
            rows.append(
                (
                    rf"$\delta^{{[{l}]}}_{j + 1}$",
                    rf"${sym}\, \mathbf{{1}}(z^{{[{l}]}}_{j + 1} > 0)$",
                    f"${num} \\times {mask}$",
                    dec4(delta[l - 1][0, j]),
                )
            )
    for name, l, kind, idx in runs.param_names(net):
        j = idx[-1]
        if kind == "W":
            i = idx[0]
            src = "x" if l == 1 else f"a^{{[{l - 1}]}}"
            chain = rf"${src}_{i + 1}\, \delta^{{[{l}]}}_{j + 1}$"
            inp = f"{a[0][0, i]:.0f}" if l == 1 else _p(a[l - 1][0, i])  # x is integers
            num = f"${inp} \\times {_p(delta[l - 1][0, j])}$"
            value = g.dW[l - 1][i, j]
        else:
            chain = rf"$\delta^{{[{l}]}}_{j + 1}$"
            num = ""
            value = g.db[l - 1][j]
        rows.append((rf"$\frac{{\partial L}}{{\partial {name}}}$", chain, num, dec4(value)))
    # The value second: where the numbers run wider than the column, the
    # derivative and its value stay in view and the working scrolls.
    rows = [(d, value, chain, num) for d, chain, num, value in rows]
    return _md(
        ["derivative", "value", "chain product", f"numbers of day {r.day}"],
        rows,
        [":---", "---:", ":---", ":---"],
    )


# -- KaTeX fragments -------------------------------------------------------


@table
def weighted_sum_tex(r):
    x, W, b = r.x[0], r.net0.weights[0][:, 0], r.net0.biases[0][0]
    z = r.trace.z[0][0, 0]
    return _block(
        rf"""
\begin{{aligned}}
z^{{[1]}}_1 &= x_1 W^{{[1]}}_{{11}} + x_2 W^{{[1]}}_{{21}} + b^{{[1]}}_1 \\
&= {x[0]:.0f} \times {_p(W[0])} + {x[1]:.0f} \times {_p(W[1])} + {_p(b)} \\
&= {_t(z)} \\
a^{{[1]}}_1 &= \operatorname{{ReLU}}({_t(z)}) = {_t(max(z, 0.0))}
\end{{aligned}}
"""
    )


@table
def loss_tex(r):
    y_hat = float(r.trace.y_hat[0, 0])
    y = r.y[0]
    term = rf"-\ln {_t(y_hat)}" if y == 1 else rf"-\ln(1 - {_t(y_hat)})"
    return _block(
        rf"""
\begin{{aligned}}
L &= -\bigl(y \ln \hat y + (1 - y) \ln(1 - \hat y)\bigr) \\
&= {term} = {_t(r.loss)}
\end{{aligned}}
"""
    )


@table
def output_delta_tex(r):
    y_hat = float(r.trace.y_hat[0, 0])
    return _block(
        rf"\delta^{{[3]}} = \hat y - y = {_t(y_hat)} - {r.y[0]:.0f} = {_t(r.grads.delta[-1][0, 0])}"
    )


@table
def update_tex(r):
    # The output weight from unit 2 of layer 2: the largest gradient of W[3].
    w, g = r.net0.weights[2][1, 0], r.grads.dW[2][1, 0]
    new = r.stepped.weights[2][1, 0]
    lr = guide.LEARNING_RATE
    w21 = "W^{[3]}_{21}"
    return _block(
        rf"""
\begin{{aligned}}
{w21} &\leftarrow {w21} - \eta \frac{{\partial L}}{{\partial {w21}}} \\
&= {_t(w)} - {lr:g} \times {_p(g)} \\
&= {_t(new)}
\end{{aligned}}
"""
    )


@table
def initial_params_tex(r):
    def mat(A):
        A = np.atleast_2d(A)
        body = r" \\ ".join(" & ".join(_t(v) for v in row) for row in A)
        return r"\begin{bmatrix} " + body + r" \end{bmatrix}"

    # One block per layer, W above b: a phone has room for one 3-column matrix.
    parts = []
    for l in range(1, 4):
        W, b = r.net0.weights[l - 1], r.net0.biases[l - 1]
        parts.append(
            rf"\begin{{aligned}} W^{{[{l}]}} &= {mat(W)} \\[4pt]"
            rf" b^{{[{l}]}} &= {mat(b)} \end{{aligned}}"
        )
    # A blank line between blocks: without it arithmatex reads one block, "$$" inside.
    return "\n".join(_block(p) for p in parts)


@table
def determinism_machine(r):
    """How far a one-ulp nudge of one initial weight travels in the guide's run, on this machine."""
    drift, ulp, same = r.nudge
    predictions = "every test prediction is unchanged" if same else "some test predictions change"
    return (
        f"Measured by the build of this page, on {machine.sentence()}: after "
        f"{guide.EPOCHS} epochs the largest difference of any weight or bias is "
        f"{drift:.1e}, {drift / ulp:,.0f} times the nudge (one ulp, {ulp:.1e}), "
        f"and {predictions}.\n"
    )


@table
def live_machine(r):
    """How many of the live engine's numbers equal Python's, as this build measured them."""
    live = r.live
    n, same, worst = live["passes"]
    n_run, same_run, worst_run = live["training"]
    if same == n and same_run == n_run:
        lead = "On the machine that built this page, nothing of this showed."
    elif same_run < n_run and worst_run > worst:
        lead = "Over hundreds of epochs, the last-bit differences of single passes grow."
    else:
        lead = "Some results differ in their last bits."
    return (
        f"{lead} Measured by the build of this page, with `micromlp.js` under Node.js "
        f"{live['node'].lstrip('v')} against Python on {machine.sentence()}: of the "
        f"{n:,} numbers of the forward and backward passes and single steps of "
        f"{live['networks']} networks (every golf day, and the training days as one batch), "
        f"{same:,} are identical to the last bit ({same / n:.1%}) and the largest "
        f"difference is {sci(worst)}; after {live['runs']} training runs of "
        f"{live_data.EPOCHS} epochs, {same_run:,} of {n_run:,} numbers (the final "
        f"parameters and the loss after every epoch) are identical ({same_run / n_run:.1%}) "
        f"and the largest difference is {sci(worst_run)}.\n"
    )
