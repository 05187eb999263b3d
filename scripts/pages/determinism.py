"""Figures and tables of the page "8 Determinism" (docs/determinism.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

import matplotlib.pyplot as plt
import numpy as np

from micromlp import guide
from scripts import machine, runs
from scripts.registry import figure, table
from scripts.style import SMALL, WIDTH, dec4

compute = runs.compute  # the guide's runs, made once for every step page


def _guide_stats(r):
    return next(st for st in r.seeds if st.seed == guide.SEED)


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


def _spread_alt():
    n = len(runs.SEEDS)
    return (
        f"Two rows of {n} dots on one loss axis: the mean training loss over the last "
        f"{runs.WINDOW} epochs of the guide's run trained from each of {n} initial seeds "
        f"(top row) and, from the guide's initial weights, with each of {n} shuffle seeds "
        "(bottom row). The guide's run, the same in both rows, is marked with a star."
    )


def _stacked(values):
    """Heights of the dots, so that equal losses stay visible: 0, +1, -1, +2 ... within a
    group of losses equal to 3 decimals (groups, not ranks: the last bits of a loss,
    which depend on the CPU, never move a dot to another height)."""
    seen = {}
    out = []
    for v in values:
        n = seen.get(round(v, 3), 0)
        seen[round(v, 3)] = n + 1
        out.append((n + 1) // 2 * (1 if n % 2 else -1))
    return np.array(out, dtype=float)


@figure(
    alt=_spread_alt(),
    caption=(
        f"What a seed decides: the guide's training run from {len(runs.SEEDS)} initial "
        f"seeds and with {len(runs.SEEDS)} orders of the days. The same seed always gives "
        "the same dot; another seed, another dot (the ranges and medians are stated in the "
        'section "Same seed, same training run").'
    ),
)
def seed_spread(r, th):
    by_seed = sorted(st.window_loss for st in r.seeds)
    by_order = sorted(r.orders.values())
    ours = _guide_stats(r).window_loss
    fig, ax = plt.subplots(figsize=(WIDTH, 2.3), layout="constrained")
    rows = (("initial\nweights", by_seed, th.pos), ("order of\nthe days", by_order, th.neg))
    stars = []  # the height of the guide's star in each row
    for k, (_, values, colour) in enumerate(rows):
        stack = _stacked(values)
        y = -k + min(0.14, 0.4 / max(1.0, np.abs(stack).max())) * stack  # within its row
        ax.plot(values, y, "o", color=colour, ms=6, alpha=0.75, mec="none")
        at = y[values.index(ours)]  # the guide's run: a star over its own dot
        stars.append(at)
        ax.plot([ours], [at], "*", color=th.accent, ms=13, mec=th.bg, mew=0.8, zorder=5)
    ax.annotate(
        "the guide's run",
        (ours, stars[0]),
        xytext=(ours, 0.6),
        ha="left",
        fontsize=SMALL,
        color=th.accent,
        arrowprops=dict(arrowstyle="-", color=th.accent, lw=1),
    )
    ax.set_yticks([0, -1], [label for label, _, _ in rows])
    ax.set_ylim(-1.5, 0.9)
    ax.set_xlabel(f"mean training loss, last {runs.WINDOW} epochs")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return fig
