"""The runs, figures and tables of the "Beyond two classes" page (scripts/pages/classes.py).

The page runs the same recipes in its doctests; these tests check that the
numbers it prints are the ones the build's runs produce, so that the page's
prose, its tables and its figures describe one set of fits.
"""

import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from scripts import style
from scripts.pages import classes as bc
from scripts.registry import FIGURES, TABLES

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[2]

PAGE = (ROOT / "docs" / "classes.md").read_text()


@pytest.fixture(scope="module")
def data():
    return bc.train_all()


def printed(command):
    """The output the page's doctest prints for the line ``>>> command`` (in a fold or not)."""
    match = re.search(re.escape(f">>> {command}") + r"[^\n]*\n[ ]*(?P<out>[^\n]+)\n", PAGE)
    assert match, f"docs/classes.md has no doctest line >>> {command}"
    return match["out"]


def test_page_prints_the_iris_run(data):
    c = data
    seed, train_acc, test_acc, wrong = c.splits[bc.SPLITS.index(bc.IRIS_SPLIT)]
    assert printed("round(net.score(scale(X_train), y_train), 4)") == repr(round(train_acc, 4))
    assert printed("round(net.score(scale(X_test), y_test), 4)") == repr(round(test_acc, 4))
    net, mean, std = c.petal
    petal_acc = net.score((c.X_test[:, bc.PETALS] - mean) / std, c.y_test)
    assert printed("round(flat.score(scale(X_test)[:, petals], y_test), 4)") == repr(
        round(petal_acc, 4)
    )


def test_page_prints_the_curve_run(data):
    seed, net_r2, truth_r2 = data.noise_seeds[bc.NOISE_SEEDS.index(bc.CURVE_SEED)]
    assert printed("round(curve.score(X_curve[test], y[test]), 4)") == repr(round(net_r2, 4))
    assert printed("round(r2_score(y[test, None], np.sin(x[test, None])), 4)") == repr(
        round(truth_r2, 4)
    )
    # the page's network is the one drawn: its printed predictions come from it
    got = np.round(data.curve_net.predict(np.array([[-1.5], [0.0], [1.5]])), 3)
    assert printed("np.round(curve.predict(np.array([[-1.5], [0.0], [1.5]])), 3)") == repr(got)


def test_iris_split_is_the_pages():
    X_train, X_test, y_train, y_test = bc.iris_split()
    assert X_train.shape == (105, 4) and X_test.shape == (45, 4)
    # stratified: 15 test flowers of each species
    assert np.unique(y_test, return_counts=True)[1].tolist() == [15, 15, 15]
    assert "test_size=0.3, stratify=species, random_state=0" in PAGE


def test_split_table_and_summary(data):
    rows = data.splits
    assert [r[0] for r in rows] == list(bc.SPLITS)
    for _, train_acc, test_acc, wrong in rows:
        assert 0.8 < train_acc <= 1 and 0.8 < test_acc <= 1
        assert wrong == round((1 - test_acc) * 45)
    table = TABLES["iris_splits"].make(data)
    assert table.count("\n| ") == len(bc.SPLITS) + 1  # header and one row per split
    assert "| 0 (this page) |" in table
    summary = TABLES["iris_splits_summary"].make(data)
    tests = [r[2] for r in rows]
    assert f"runs from {style.dec4(min(tests))} to {style.dec4(max(tests))}" in summary


def test_noise_seed_table(data):
    rows = data.noise_seeds
    assert [r[0] for r in rows] == list(bc.NOISE_SEEDS)
    for _, net_r2, truth_r2 in rows:  # close to what the noise allows, never far off
        assert 0.85 < net_r2 < 1 and abs(net_r2 - truth_r2) < 0.05
    # the page says that "on most other noise seeds it is ahead"
    others = [r for r in rows if r[0] != bc.CURVE_SEED]
    assert sum(truth_r2 > net_r2 for _, net_r2, truth_r2 in others) > len(others) / 2
    summary = TABLES["noise_seeds_summary"].make(data)
    nets = [r[1] for r in rows]
    ahead = sum(truth_r2 > net_r2 for _, net_r2, truth_r2 in others)
    assert f"from {style.dec4(min(nets))} to {style.dec4(max(nets))};" in summary
    assert (
        f"is ahead on {ahead} of the {len(others)} seeds other than seed {bc.CURVE_SEED},"
        in summary
    )


def page_outputs(registry):
    return [name for name, item in registry.items() if item.page == bc.__name__]


@pytest.mark.parametrize("name", page_outputs(FIGURES))
def test_figure_alt_caption_and_page(data, name):
    assert len(FIGURES[name].alt) > 80 and FIGURES[name].caption
    assert f'--8<-- "figures/{name}.md"' in PAGE
    for theme in style.THEMES:
        with style.use(theme):
            fig = FIGURES[name].draw(data, theme)
            assert fig.axes and fig.get_size_inches()[0] <= style.WIDTH
            plt.close(fig)


def test_every_table_is_on_the_page():
    assert len(page_outputs(TABLES)) == 4
    for name in page_outputs(TABLES):
        assert f'--8<-- "tables/{name}.md"' in PAGE, name


def test_exercise_answers_are_run():
    """The answers' code, inside collapsed admonitions, is found and run by test_docs."""
    from sybil import Document
    from test_docs import parse_python_fences

    document = Document.parse(str(ROOT / "docs" / "classes.md"), parse_python_fences)
    start = PAGE[: PAGE.index("## Exercises")].count("\n") + 1
    answers = PAGE[PAGE.index("## Exercises") :].count('??? success "Answer"')
    assert answers >= 3
    assert len([e for e in document if e.line > start]) == answers


def test_page_counts_the_builds_runs():
    """The page says how often the build trains the iris recipe: the splits and the figure's."""
    words = {11: "eleven"}
    assert f"trains this recipe {words[len(bc.SPLITS) + 1]} times" in PAGE.replace("\n", " ")
