"""The sentences that report what the build measured on its machine, in every case.

A generator of such a sentence must work whether the machine shows a difference
or not (numpy's SIMD code and the BLAS kernel decide); each is given both here,
with made-up measurements. The L-BFGS section's are in test_beyond_sgd.py.
"""

import numpy as np

from scripts import live_data, machine
from scripts.pages import determinism
from scripts.pages import live as live_page


def fake(**fields):
    return type("R", (), fields)()


def test_determinism_sentence_both_ways():
    same = determinism.determinism_machine(fake(nudge=(4.452e-13, 1e-16, True)))
    assert "is 4.5e-13, 4,452 times the nudge (one ulp, 1.0e-16), and every test" in same
    assert same.startswith(f"Measured by the build of this page, on {machine.sentence()}")
    moved = determinism.determinism_machine(fake(nudge=(0.5, 1e-16, False)))
    assert "and some test predictions change." in moved


def _live(passes, training):
    live = {"node": "v20.1.0", "networks": 6, "runs": 10, "passes": passes, "training": training}
    return live_page.live_machine(fake(live=live))


def test_live_sentence_both_ways():
    exact = _live((4932, 4932, 0.0), (10234, 10234, 0.0))
    assert exact.startswith("On the machine that built this page, nothing of this showed.")
    assert "under Node.js 20.1.0 against Python on numpy" in exact
    assert (
        "4,932 are identical to the last bit (100.0%) and the largest difference is 0.0e+00"
        in exact
    )
    some = _live((4932, 4672, 2.2e-16), (10234, 5751, 6.9e-7))
    assert some.startswith(
        "Over hundreds of epochs, the last-bit differences of single passes grow."
    )
    few = _live((4932, 4931, 2.2e-16), (10234, 10234, 0.0))
    assert few.startswith("Some results differ in their last bits.")
    assert "4,672 are identical to the last bit (94.7%)" in some
    assert "5,751 of 10,234 numbers (the final parameters and the loss after every epoch)" in some
    assert "are identical (56.2%) and the largest difference is 6.9e-07." in some


def test_tally_counts_bits_and_the_worst_difference():
    tally = live_data.Tally()
    tally.add("net0 pass z", [1.0, 2.0], [1.0, 2.0])
    assert tally.total() == (2, 2, 0.0)
    tally.add("net0 pass a", [1.0, np.nextafter(2.0, 3.0), -0.0], [1.0, 2.0, 0.0])
    assert tally.total() == (5, 3, float(np.spacing(2.0)))  # -0.0 and 0.0: other bits
    assert tally.total("net0 pass z") == (2, 2, 0.0)
    assert tally.total("nothing") == (0, 0, 0.0)


def test_compare_reads_every_part_of_the_fixtures():
    fix = {
        "networks": [
            {
                "passes": [{k: [[[1.0]]] for k in ("z", "a", "delta", "dW", "db")}],
                "step": {"weights": [[[0.5]]], "biases": [[0.25]]},
            }
        ],
        "runs": [{"weights": [[[1.0]]], "biases": [[2.0]], "loss": [0.7, 0.6]}],
    }
    results = {
        "networks": [
            {
                "passes": [{k: [[[1.0]]] for k in ("z", "a", "delta", "dW", "db")}],
                "step": {"weights": [[[0.5]]], "biases": [[0.3]]},
            }
        ],
        "runs": [{"weights": [[[1.0]]], "biases": [[2.0]], "loss": [0.7, 0.61]}],
    }
    passes, runs = live_data.compare(fix, results)
    assert passes.total("net0 pass") == (5, 5, 0.0)
    assert passes.rows["net0 step"][:2] == (2, 1)
    assert runs.rows["run0 params"] == (2, 2, 0.0)
    assert runs.rows["run0 loss"][:2] == (2, 1)


def test_numpy_vs_scipy_counts_differences():
    a = np.array([1.0, 2.0, 3.0, 4.0])
    assert machine._compare(a, a.copy()) == (0.0, 0.0)
    b = a.copy()
    b[1] = np.nextafter(2.0, 3.0)
    assert machine._compare(a, b) == (0.25, 1.0)
