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


def _place(values, ours):
    """Where ``ours`` sits in ``values``, in words: "the lowest" or "number k from the lowest"."""
    rank = sorted(values).index(ours) + 1
    return "the lowest" if rank == 1 else f"number {rank} from the lowest"


def _stacks(values):
    """The largest group of equal losses (to 3 decimals, as `_stacked` groups them):
    (how many, their value rounded to 3 decimals)."""
    groups = {}
    for v in values:
        groups[round(v, 3)] = groups.get(round(v, 3), 0) + 1
    value, count = max(groups.items(), key=lambda kv: (kv[1], -kv[0]))
    return count, value


def _spread_where(r):
    """Where the guide's run sits in each row, in words."""
    ours = _guide_stats(r).window_loss
    seeds = [st.window_loss for st in r.seeds]
    orders = list(r.orders.values())
    at_seed, at_order = _place(seeds, ours), _place(orders, ours)
    if at_seed == at_order:
        return f"{at_seed} in both rows"
    return f"{at_seed} in the top row and {at_order} in the bottom row"


def _spread_alt(r):
    n = len(runs.SEEDS)
    ours = _guide_stats(r).window_loss
    seeds = [st.window_loss for st in r.seeds]
    k, v = _stacks(r.orders.values())
    k_top, _ = _stacks(seeds)
    return (
        f"Two rows of {n} dots on one loss axis: the mean training loss over the last "
        f"{runs.WINDOW} epochs of the guide's run trained from each of {n} initial seeds "
        f"(top row) and, from the guide's initial weights, with each of {n} shuffle seeds "
        "(bottom row). The guide's run, the same in both rows, is marked with a star: it "
        f"is {_spread_where(r)}, at {ours:.2f}. In the top row the dots spread from "
        f"{min(seeds):.2f} to {max(seeds):.2f}, in stacks of at most {k_top}; in the "
        f"bottom row {k} of the {n} dots stack in one column at {v:.2f}."
    )


def _spread_caption(r):
    n = len(runs.SEEDS)
    ours = _guide_stats(r).window_loss
    k, v = _stacks(r.orders.values())
    orders = sorted(r.orders.values())
    # the order that comes next, when the guide's is the lowest
    nxt = ""
    if orders[0] == ours:
        nxt = f"; the next-lowest order is at {dec4(orders[1])}"
    return (
        f"What a seed decides: the guide's training run from {n} initial seeds (top) "
        f"and with {n} orders of the days (bottom), one dot a seed; rerunning a seed on "
        f"this machine puts its dot on the same spot. The guide's run (star) is "
        f"{_spread_where(r)}. {k} of the {n} orders of the days end at the same loss to "
        f"3 decimals, {v:.3f}, drawn as one column{nxt}."
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


@figure(alt=_spread_alt, caption=_spread_caption)
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
