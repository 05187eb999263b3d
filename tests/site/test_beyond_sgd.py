"""The optimizers page's runs (scripts/optimizer_runs.py): what they train, what they claim."""

import re
from pathlib import Path

import numpy as np
import pytest

from micromlp import Adam, golf_split, guide
from scripts import optimizer_runs
from scripts.pages import optimizers, optimizers_lbfgs
from scripts.registry import FIGURES, TABLES

ROOT = Path(__file__).resolve().parents[2]

# The optimizers' two pages: the update rules and sweeps, and scikit-learn's solvers.
PAGES = [ROOT / "docs" / "optimizers.md", ROOT / "docs" / "solvers.md"]


def pages_text():
    return "\n".join(p.read_text() for p in PAGES)


def page_outputs(registry):
    return {n for n, item in registry.items() if item.page.startswith(optimizers.__name__)}


def test_every_figure_and_table_is_on_the_pages():
    page = pages_text()
    assert page_outputs(FIGURES) == set(re.findall(r'--8<-- "figures/(\w+)\.md"', page))
    assert page_outputs(TABLES) <= set(re.findall(r'--8<-- "tables/(\w+)\.md"', page))
    assert {"optimizers_golf_table", "lbfgs_machine"} <= page_outputs(TABLES)


def test_a_sweep_is_mlp_fit(monkeypatch):
    """Each row of a sweep is the history of MLP.fit from that seed, nothing else."""
    monkeypatch.setattr(optimizer_runs, "SEEDS", (guide.SEED,))
    sweep = optimizer_runs.sweep("golf", 0.1, "adam")
    X, y, _, _ = golf_split()
    s = optimizer_runs.SETUPS["golf"]
    net = guide.network().fit(
        X, y, epochs=s["epochs"], batch_size=s["batch_size"], optimizer=Adam(0.1), seed=0
    )
    assert sweep.losses.shape == (1, s["epochs"] + 1)
    assert sweep.losses[0].tolist() == net.history["loss"]
    assert sweep.accuracy[0] == net.history["accuracy"][-1]
    assert not sweep.stuck_at_start[0]  # the guide's seed: every hidden unit alive


def _fake(final_by_name, stuck=()):
    """Optimizers data whose every run ends at the given loss (a straight line from ln 2)."""
    sweeps = {}
    for setup, s in optimizer_runs.SETUPS.items():
        for lr in s["learning_rates"]:
            for name in optimizer_runs.OPTIMIZERS:
                final = final_by_name[name] + (0.01 if lr != 0.1 else 0.0)
                curve = np.linspace(np.log(2), final, s["epochs"] + 1)
                losses = np.tile(curve, (20, 1)) + np.linspace(-0.05, 0.05, 20)[:, None]
                mask = np.isin(np.arange(20), stuck)
                sweeps[(setup, lr, name)] = optimizer_runs.Sweep(losses, np.ones(20), mask, mask)
    return optimizer_runs.Optimizers(sweeps, [], {})


def test_the_summary_stops_the_build_when_a_claim_fails():
    # plain SGD as good as the others: "all below plain SGD" is false
    r = _fake({"sgd": 0.4, "momentum": 0.45, "nesterov": 0.44, "adam": 0.46})
    with pytest.raises(RuntimeError, match="golf: all below plain SGD"):
        optimizers.optimizers_summary(r)


def _lbfgs(numpy_rows, rounding):
    """Optimizers data with L-BFGS rows: scipy's functions exact, numpy's as given.

    A row of numpy's is ``(difference, iterations, evaluations)``; scipy's fits all
    take 30 iterations and 40 loss evaluations, as scikit-learn's.
    """
    rows = [
        {"random_state": rs, "n_iter": 30, "scipy": (0.0, 30, 40), "numpy": numpy}
        for rs, numpy in enumerate(numpy_rows)
    ]
    lbfgs = {"rows": rows, "rounding": rounding, "machine": "numpy 9 on a test machine"}
    return optimizer_runs.Optimizers({}, [], lbfgs)


SAME = (0.0, 30, 40)


def test_lbfgs_section_when_numpy_and_scipy_agree():
    r = _lbfgs([SAME] * 20, {"sigmoid": (0.0, 0.0), "log": (0.0, 0.0)})
    text = optimizers_lbfgs.lbfgs_machine(r)
    assert text.startswith("### L-BFGS with numpy's functions: identical here too { #lbfgs }")
    assert "numpy's sigmoid and scipy's `expit` agree on every one" in text
    assert "With numpy's functions instead (`fit_like_sklearn(..., network=MLP)`), all 20" in text
    assert "On a machine where numpy's functions round differently" in text
    assert "reproduce all 20 L-BFGS fits" in optimizers_lbfgs.lbfgs_takeaway_machine(r)


def test_lbfgs_section_when_they_differ():
    rows = [SAME] * 15 + [(3e-16, 30, 40), (1.3e-4, 30, 40), (0.25, 41, 52), (0.5, 29, 38)]
    rows += [(0.02, 30, 41)]  # the same iterations, one evaluation more: another path
    r = _lbfgs(rows, {"sigmoid": (0.019, 1.0), "log": (0.0035, 1.0)})
    text = optimizers_lbfgs.lbfgs_machine(r)
    assert text.startswith("### L-BFGS with numpy's functions: 5 of 20 fits differ here")
    assert "differ for 1.90% of them, by at most 1 unit in the last place" in text
    assert (
        "15 are identical, 2 take the same decisions (as many iterations and loss evaluations) "
        "and end $3.0 \\times 10^{-16}$ to $1.3 \\times 10^{-4}$ from scikit-learn's fit, and "
        "3 take another path and end 0.02 to 0.5 away, 2 of them after another number of "
        "iterations (`random_state=17`: 41 against 30, `random_state=18`: 29 against 30)."
    ) in text
    assert "take every decision alike still end up to $1.3 \\times 10^{-4}$ apart." in text
    assert "In 3 fits such a comparison came out the other way" in text
    assert "5 of 20 L-BFGS fits" in optimizers_lbfgs.lbfgs_takeaway_machine(r)


def test_lbfgs_section_when_they_only_drift():
    rows = [SAME] * 19 + [(2e-15, 30, 40)]
    r = _lbfgs(rows, {"sigmoid": (0.01, 1.0), "log": (0.0, 0.0)})
    text = optimizers_lbfgs.lbfgs_machine(r)
    assert "19 are identical, and 1 takes the same decisions" in text
    assert "ends $2.0 \\times 10^{-15}$ from scikit-learn's fit." in text
    assert "comparison came out the other way" not in text


def test_lbfgs_section_stops_the_build_when_parity_breaks():
    r = _lbfgs([SAME] * 20, {"sigmoid": (0.0, 0.0), "log": (0.0, 0.0)})
    r.lbfgs["rows"][4]["scipy"] = (1e-17, 30, 40)
    with pytest.raises(RuntimeError, match=r"identical; differs for \[4\]"):
        optimizers_lbfgs.lbfgs_machine(r)


def test_lbfgs_parity_measures_both_functions():
    """The real runs: scipy's functions exact on every random state (on any machine)."""
    lb = optimizer_runs.lbfgs_parity()
    assert [row["random_state"] for row in lb["rows"]] == list(optimizer_runs.RANDOM_STATES)
    assert all(row["scipy"][:2] == (0.0, row["n_iter"]) for row in lb["rows"])
    assert all(row["scipy"][2] > row["n_iter"] for row in lb["rows"])  # evaluations counted
    assert set(lb["rounding"]) == {"sigmoid", "log"}


def test_the_pages_prose_matches_the_settings():
    """The few settings the prose names (outside generated fragments) are the runs' own."""
    page = pages_text()
    assert f"each of the {len(optimizer_runs.SEEDS)} seeds {optimizer_runs.SEEDS[0]} to " in page
    assert f"{optimizer_runs.SEEDS[-1]}, all" in page
    assert f'make_dataset({optimizer_runs.SETUPS["xor"]["n_samples"]}, kind="xor"' in page


def test_stuck_seeds_are_described_by_what_is_measured(monkeypatch):
    """Seeds 8 and 12 start stuck with the second layer silent and the first alive."""
    monkeypatch.setattr(optimizer_runs, "SEEDS", (8, 12, guide.SEED))
    sweep = optimizer_runs.sweep("golf", 0.1, "sgd")
    assert sweep.stuck_at_start.tolist() == [True, True, False]
    assert sweep.silent_at_start.tolist() == [[False, True], [False, True], [False, False]]
    assert sweep.active_at_start[:, 0].tolist() == [2, 3, 3]
    text = optimizers._stuck_layers(sweep, sweep.stuck_at_start)
    assert text == (
        "at their initial weights the second hidden layer outputs 0 on every day, "
        "while 2 and 3 of the 3 units of the first are active on some day"
    )


def test_a_stuck_run_without_a_silent_layer_stops_the_build():
    stuck = np.array([True, False])
    v = optimizer_runs.Sweep(np.zeros((2, 3)), np.ones(2), stuck, stuck, np.zeros((2, 2), bool))
    with pytest.raises(RuntimeError, match="every stuck run has a silent hidden layer"):
        optimizers._stuck_at_end({("golf", 0.1, "sgd"): v})
