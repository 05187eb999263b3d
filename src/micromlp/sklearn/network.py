"""`SklearnMLP`: an `MLP` that calls the functions scikit-learn calls.

scipy's ``expit`` for the logistic function (hidden and output) and ``xlogy`` in
the log losses and the Poisson deviance, where the guide's `MLP` writes
``1 / (1 + exp(-z))`` and ``y log(y_hat)`` with numpy. The values are the same;
the last bit can differ, by CPU (numpy's ``exp`` and ``log`` use SIMD code where
the CPU has it, scipy's do not). Each loss is written as scikit-learn's
``_base.py`` writes it, its ``np.average`` as `micromlp.losses.mean_over_samples`
(the same bits: ``average`` without weights is ``mean``).
"""

import numpy as np
from scipy.special import expit, xlogy

from ..activations import ACTIVATIONS, softmax
from ..losses import EPS, OUTPUTS, mean_over_samples
from ..network import MLP


def binary_log_loss(Y, Y_hat, sample_weight=None):
    """Binary cross-entropy as scikit-learn computes it, with scipy's ``xlogy``."""
    Y_hat = np.clip(Y_hat, EPS, 1 - EPS)
    loss = xlogy(Y, Y_hat) + xlogy(1 - Y, 1 - Y_hat)
    return float(-mean_over_samples(loss, sample_weight).sum())


def log_loss(Y, Y_hat, sample_weight=None):
    """Categorical cross-entropy as scikit-learn computes it, with scipy's ``xlogy``."""
    Y_hat = np.clip(Y_hat, EPS, 1 - EPS)
    return float(-mean_over_samples(xlogy(Y, Y_hat), sample_weight).sum())


def poisson_loss(Y, Y_hat, sample_weight=None):
    """Half the Poisson deviance as scikit-learn computes it, with scipy's ``xlogy``."""
    loss = xlogy(Y, Y / Y_hat) - Y + Y_hat
    return float(mean_over_samples(loss, sample_weight).sum())


class SklearnMLP(MLP):
    """An `MLP` that calls the functions scikit-learn calls: the same values, its roundings.

    scipy's ``expit`` for the logistic function (hidden and output), ``xlogy``
    in the log losses and the Poisson deviance. `fit_like_sklearn` returns one.
    """

    ACTIVATIONS = {**ACTIVATIONS, "logistic": expit}
    OUTPUTS = {
        **OUTPUTS,
        "sigmoid": (expit, binary_log_loss),
        "softmax": (softmax, log_loss),
        "exp": (np.exp, poisson_loss),
    }
