"""Figures and tables of the page "Live network" (docs/live.md).

They read the guide's runs (:class:`scripts.runs.Runs`), made once for every step page.
"""

from scripts import live_data, machine, runs
from scripts.registry import data, table
from scripts.style import sci

compute = runs.compute  # the guide's runs, made once for every step page


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


@data
def live(r):
    """The live network's data (anim/live.json): see scripts/live_data.py."""
    return live_data.page_data()
