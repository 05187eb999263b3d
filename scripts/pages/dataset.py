"""Figures and tables of the page "The dataset" (docs/dataset.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

import matplotlib.pyplot as plt

from scripts import plane, runs
from scripts.fragments import md_table
from scripts.registry import figure, table
from scripts.style import WIDTH

compute = runs.compute  # the guide's runs, made once for every step page


@figure(
    alt=(
        "Scatter plot of the 13 days, temperature on the horizontal axis and humidity on the "
        "vertical axis: golf days as circles, no-golf days as squares, filled for training "
        "days and hollow for test days, each labelled with its ID; day 13 sits on top of day "
        "5"
    ),
    caption=(
        "The thirteen days in the temperature-humidity plane. Days 1-8 train the network;"
        " days 9-13 test it."
    ),
)
def dataset_scatter(r, th):
    fig = plt.figure(figsize=(WIDTH, 4.0))
    ax = fig.add_axes((0.17, 0.27, 0.78, 0.71))
    plane.frame(ax)
    ax.grid(True, zorder=0)
    plane.days(ax, th, r.golf, r.golf.train)
    plane.days(ax, th, r.golf, r.golf.test, hollow=True)
    plane.legend_below(fig, ax)
    return fig


@table
def dataset(r):
    g = r.golf
    rows = [
        (i, f"{t:.0f}", f"{h:.0f}", f"{lab:+d}", f"{yy:.0f}", "train" if tr else "test")
        for i, (t, h), lab, yy, tr in zip(g.ids, g.X, g.labels, g.y, g.train)
    ]
    return md_table(
        ["ID", "temperature", "humidity", "golf", "y", "split"],
        rows,
        ["---:", "---:", "---:", "---:", "---:", ":---"],
    )
