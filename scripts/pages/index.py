"""Figures and tables of the page "Home" (docs/index.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

from scripts import draw, runs
from scripts.diagrams import IO_LABELS
from scripts.registry import figure
from scripts.style import WIDTH

compute = runs.compute  # the guide's runs, made once for every step page


@figure(
    alt=(
        "The 2-3-2-1 network: two input nodes, a hidden layer of three nodes, a hidden layer "
        "of two nodes and one output node, each node connected to every node of the next "
        "layer"
    ),
    caption=("The guide's network, 2-3-2-1: ReLU in the hidden layers, a sigmoid at the output."),
)
def network(r, th):
    fig, ax = draw.new_axes(WIDTH, 2.7)
    draw.network(
        ax,
        th,
        orient="h",
        dx=0.82,
        dy=1.0,
        node_text=lambda l, i: IO_LABELS.get((l, i)),
        arrows=True,
    )
    draw.fit(ax, WIDTH, 2.7, pad=(0, 0.12))
    return fig
