"""The optimizers page's runs (scripts/beyond_sgd.py): what they train, what they claim."""

import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from micromlp import Adam, golf_split, guide
from scripts import beyond_sgd, beyond_sgd_tables, figures, tables

ROOT = Path(__file__).resolve().parent.parent

PAGE = ROOT / "docs" / "optimizers.md"


def test_alt_texts_are_used_verbatim_on_the_page():
    page = PAGE.read_text()
    for name, alt in beyond_sgd.ALT.items():
        assert f"![{alt}](figures/{name}.svg)" in page, f"{name}: the page's alt text differs"
    assert set(beyond_sgd.ALT) == set(beyond_sgd.FIGURES)


def test_registries_do_not_clash_with_the_guides():
    assert not set(beyond_sgd.FIGURES) & set(figures.FIGURES)
    assert not set(beyond_sgd_tables.TABLES) & set(tables.TABLES)


def test_every_table_is_on_the_page():
    included = set(re.findall(r'--8<-- "tables/(\w+)\.md"', PAGE.read_text()))
    assert set(beyond_sgd_tables.TABLES) <= included


def test_a_sweep_is_mlp_fit(monkeypatch):
    """Each row of a sweep is the history of MLP.fit from that seed, nothing else."""
    monkeypatch.setattr(beyond_sgd, "SEEDS", (guide.SEED,))
    sweep = beyond_sgd.sweep("golf", 0.1, "adam")
    X, y, _, _ = golf_split()
    s = beyond_sgd.SETUPS["golf"]
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
    for setup, s in beyond_sgd.SETUPS.items():
        for lr in s["learning_rates"]:
            for name in beyond_sgd.OPTIMIZERS:
                final = final_by_name[name] + (0.01 if lr != 0.1 else 0.0)
                curve = np.linspace(np.log(2), final, s["epochs"] + 1)
                losses = np.tile(curve, (20, 1)) + np.linspace(-0.05, 0.05, 20)[:, None]
                mask = np.isin(np.arange(20), stuck)
                sweeps[(setup, lr, name)] = beyond_sgd.Sweep(losses, np.ones(20), mask, mask)
    return type("R", (), {"optimizers": beyond_sgd.Optimizers(sweeps, [], {})})()


def test_the_summary_stops_the_build_when_a_claim_fails():
    # plain SGD as good as the others: "all below plain SGD" is false
    r = _fake({"sgd": 0.4, "momentum": 0.45, "nesterov": 0.44, "adam": 0.46})
    with pytest.raises(RuntimeError, match="golf: all below plain SGD"):
        beyond_sgd_tables.optimizers_summary(r)


def test_lbfgs_differences_come_from_exp_and_log(monkeypatch):
    """With scipy's expit and xlogy in micromlp's sigmoid output, L-BFGS is bit for bit.

    The page's table shows the differences without them (how large depends on the
    machine's numpy: its exp and log are vectorised per CPU); with them, every one
    of the 20 fits is identical, which is the page's diagnosis.
    """
    from scipy.special import expit
    from sklearn.neural_network import MLPClassifier
    from sklearn.neural_network._base import binary_log_loss

    from micromlp import OUTPUTS
    from micromlp.compat import fit_like_sklearn

    monkeypatch.setitem(OUTPUTS, "sigmoid", (expit, lambda Y, p: float(binary_log_loss(Y, p))))
    X, y, _, _ = golf_split()
    for rs in beyond_sgd.RANDOM_STATES:
        estimator = MLPClassifier(**beyond_sgd.LBFGS_SETTINGS, random_state=rs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours = fit_like_sklearn(estimator, X, y)
            theirs = estimator.fit(X, y)
        assert ours.n_iter_ == theirs.n_iter_, rs
        for a, b in zip(ours.weights + ours.biases, theirs.coefs_ + theirs.intercepts_):
            np.testing.assert_array_equal(a, b, err_msg=f"random_state={rs}")


def test_the_pages_prose_matches_the_settings():
    """The few settings the prose names (outside generated fragments) are the runs' own."""
    page = PAGE.read_text()
    assert f"each of the {len(beyond_sgd.SEEDS)} seeds {beyond_sgd.SEEDS[0]} to " in page
    assert f"{beyond_sgd.SEEDS[-1]}, all" in page
    assert f'make_dataset({beyond_sgd.SETUPS["xor"]["n_samples"]}, kind="xor"' in page


def test_stuck_seeds_are_described_by_what_is_measured(monkeypatch):
    """Seeds 8 and 12 start stuck with the second layer silent and the first alive."""
    monkeypatch.setattr(beyond_sgd, "SEEDS", (8, 12, guide.SEED))
    sweep = beyond_sgd.sweep("golf", 0.1, "sgd")
    assert sweep.stuck_at_start.tolist() == [True, True, False]
    assert sweep.silent_at_start.tolist() == [[False, True], [False, True], [False, False]]
    assert sweep.active_at_start[:, 0].tolist() == [2, 3, 3]
    text = beyond_sgd_tables._stuck_layers(sweep, sweep.stuck_at_start)
    assert text == (
        "at their initial weights the second hidden layer outputs 0 on every day, "
        "while 2 and 3 of the 3 units of the first are active on some day"
    )


def test_a_stuck_run_without_a_silent_layer_stops_the_build():
    stuck = np.array([True, False])
    v = beyond_sgd.Sweep(np.zeros((2, 3)), np.ones(2), stuck, stuck, np.zeros((2, 2), bool))
    with pytest.raises(RuntimeError, match="every stuck run has a silent hidden layer"):
        beyond_sgd_tables._stuck_at_end({("golf", 0.1, "sgd"): v})
