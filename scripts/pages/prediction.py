"""Figures and tables of the page "7 Prediction" (docs/prediction.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D

from micromlp import guide
from scripts import draw, geometry, plane, runs
from scripts.diagrams import fitted, forward_diagram, params_diagram
from scripts.fragments import md_table
from scripts.registry import figure, table
from scripts.style import SMALL, WIDTH, dec4, minus

compute = runs.compute  # the guide's runs, made once for every step page


@figure(
    alt=(
        "The 2-3-2-1 network after training, with each trained weight and bias written on the "
        "diagram"
    ),
    caption=(
        "The guide's network after training: the weights and biases that produce the "
        "predictions on this page."
    ),
)
def trained_network(r, th):
    return params_diagram(r.trained, th)[0]


@figure(
    alt=(
        "The trained network drawn top to bottom on test day 9, temperature 0 and humidity 1: "
        "each unit's output inside it and its weighted sum below; two units of the first "
        "hidden layer and one of the second are off, drawn dashed with faint edges, and the "
        "output at the bottom is a probability of golf of 1.00; written below: the network "
        "says golf, the true label is no golf (-1), so it is wrong"
    ),
    caption=(
        "Test day 9 through the trained network. Dashed units are off (their sum is "
        "negative); faint edges carry their 0 onwards."
    ),
)
def test_day_forward(r, th):
    day = 9
    i = int(np.flatnonzero(r.golf.ids == day)[0])
    x, y = r.golf.X[i : i + 1], int(r.golf.y[i])
    fig, ax = draw.new_axes(WIDTH, 5.0)
    pos, boxes = forward_diagram(fig, ax, th, r.trained, x)
    p = float(r.trained.predict_proba(x)[0])
    said = "golf" if p > 0.5 else "no golf"
    truth = "golf" if y == 1 else "no golf"
    verdict = (
        f"day {day}: P(golf) = {p:.2f}, predicted {said}\ntrue label: {truth} ({2 * y - 1:+d})"
    )
    x0, y0 = pos[1][0][0] - 0.23, boxes[0][1] - 0.1
    ax.text(x0, y0, minus(verdict), ha="left", va="top", linespacing=1.4)
    boxes.append(draw.text_box(x0, y0, verdict, 11, ha="left", va="top"))
    return fitted(fig, ax, boxes)


@figure(
    alt=(
        "The temperature-humidity square shaded by the trained network's probability of golf, "
        "with the 0.5 boundary drawn, the 8 training days and the 5 test days marked, wrong "
        "test predictions highlighted"
    ),
    caption=(
        "The trained network's probability of golf over the whole input square, with its "
        "0.5 boundary, the training days and the five test days."
    ),
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


@figure(
    alt=(
        "The hidden units of the guide's network before and after training and of "
        "scikit-learn's fit, marking for each day which units output 0"
    ),
    caption=(
        "Which hidden units (rows, layer.unit) output 0 on which days (columns): the "
        "guide's network before and after training, and scikit-learn's fit. A row of "
        "zeros is a dead unit; a day on which a whole layer is 0 gets the same "
        "probability as every other such day."
    ),
)
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
            # SMALL: at least 12 px on a 375 px phone (tests/site/test_figure_labels.py)
            ax.text(d, u, "0", ha="center", va="center", fontsize=SMALL, color=th.text)
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
    ),
    caption=(
        "Training and test accuracy of the guide's network trained from 20 different "
        "initial weights, everything else unchanged."
    ),
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


@table
def test_predictions_table(r):
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
    return md_table(
        ["ID", "temp.", "humid.", "P(golf)", "predicted", "true", "correct"],
        rows,
        ["---:", "---:", "---:", "---:", "---:", "---:", ":---"],
    )


@table
def seeds_table(r):
    rows = [
        (st.seed, f"{st.train_accuracy:.3f}", f"{st.test_accuracy:.1f}", dec4(st.final_loss),
         dec4(st.window_loss))
        for st in r.seeds
    ]  # fmt: skip
    header = ["seed", "train accuracy", "test accuracy", "final training loss"]
    return md_table([*header, f"mean loss, last {runs.WINDOW} epochs"], rows)


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
    return md_table(header, rows, [":---", *["---:"] * len(settings)])


def _and(items):
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
