"""The figure of the page "9 scikit-learn" (docs/sklearn.md): micromlp's fit over scikit-learn's.

Both fits are made by the build: ``MLPClassifier(**guide.SKLEARN_SETTINGS).fit`` and
``micromlp.compat.fit_like_sklearn`` on the same estimator. The figure draws both loss
curves and writes the largest difference the build measured; it assumes none.
"""

import warnings
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from micromlp import guide, load_golf
from scripts import machine
from scripts.registry import figure, table
from scripts.style import SMALL, WIDTH


@dataclass
class Fits:
    ours: list  # micromlp's training loss after each epoch (fit_like_sklearn)
    theirs: list  # scikit-learn's loss_curve_
    diff: float  # largest difference of any weight, bias or epoch's loss (inf: epochs differ)


def fits():
    """Both fits of the corrected code on the 8 training days, and how far apart they end."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    from micromlp.compat import fit_like_sklearn

    golf = load_golf()
    X, y = golf.X[golf.train], golf.y[golf.train]
    estimator = MLPClassifier(**guide.SKLEARN_SETTINGS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = fit_like_sklearn(estimator, X, y)
        theirs = estimator.fit(X, y)
    if len(ours.loss_curve_) != len(theirs.loss_curve_):
        return Fits(list(ours.loss_curve_), list(theirs.loss_curve_), float("inf"))
    pairs = [
        *zip(ours.weights, theirs.coefs_),
        *zip(ours.biases, theirs.intercepts_),
        (np.array(ours.loss_curve_), np.array(theirs.loss_curve_)),
    ]
    diff = max(float(np.abs(a - b).max()) for a, b in pairs)
    return Fits(list(ours.loss_curve_), list(theirs.loss_curve_), diff)


def compute(pool):
    """The page's two fits, made on ``pool``."""
    return pool.submit(fits).result()


def _difference(f):
    """The measured difference in words: it never assumes one exists."""
    if f.diff == float("inf"):
        return f"the fits stop after {len(f.ours)} and {len(f.theirs)} epochs"
    if f.diff == 0:
        return "largest difference: 0 (identical)"
    return f"largest difference: {f.diff:.1e}"


@figure(
    alt=(
        "Two training-loss curves over the epochs of the corrected code's fit on the "
        f"{int(load_golf().train.sum())} golf training days, scikit-learn's "
        "MLPClassifier.fit as a wide pale line and micromlp's "
        "fit_like_sklearn as a thin line drawn over it; the largest difference of any "
        "weight, bias or loss that the build measured is written on the figure and in the "
        "sentence under it."
    ),
    caption=(
        "The corrected code's fit, by scikit-learn and by micromlp, epoch by epoch: one "
        "curve over the other."
    ),
)
def sklearn_parity(f, th):
    fig, ax = plt.subplots(figsize=(WIDTH, 2.6), layout="constrained")
    ax.plot(
        f.theirs,
        color=th.neg,
        lw=6,
        alpha=0.35,
        solid_capstyle="butt",
        label="scikit-learn: MLPClassifier.fit",
    )
    ax.plot(f.ours, color=th.pos, lw=1.4, label="micromlp: fit_like_sklearn")
    ax.text(0.98, 0.55, _difference(f), transform=ax.transAxes, ha="right", fontsize=SMALL)
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss")
    ax.legend(loc="upper right")
    return fig


def _difference_sentence(f):
    """The measured difference as a phrase of a sentence: it never assumes one exists."""
    if f.diff == float("inf"):
        return (
            "the two fits stop after different numbers of epochs, "
            f"{len(f.ours)} and {len(f.theirs)}"
        )
    if f.diff == 0:
        return (
            f"over the {len(f.theirs)} epochs of scikit-learn's fit, the largest difference of "
            "any weight, bias or epoch's loss is 0: the two fits are identical"
        )
    return (
        f"over the {len(f.theirs)} epochs of scikit-learn's fit, the largest difference of "
        f"any weight, bias or epoch's loss is {f.diff:.1e}"
    )


@table
def sklearn_parity_machine(f):
    """The figure's measured difference, with the machine that measured it."""
    measured = _difference_sentence(f)
    return f"Measured by the build of this page, on {machine.sentence()}: {measured}.\n"
