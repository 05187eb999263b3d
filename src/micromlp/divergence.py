"""When training has diverged, and what to say about it.

A run has diverged when its loss or a parameter is no longer finite, or a
parameter has grown beyond `WEIGHT_BOUND`. `micromlp.training.fit` then stops with
a `DivergedError` that names the cause: the learning rate when the loss was finite
at the start, the size of ``X`` when it was not. With a validation set (scikit-learn's
``early_stopping``) it warns instead and trains on, as scikit-learn does (which
gives no warning of its own, only numpy's overflow warnings): the validation
score of a regressor turns NaN once its outputs overflow, and the best network
is kept.
"""

import copy
import math

import numpy as np

from .validation import warn_at_caller

# A weight or bias beyond this size stops training with a DivergedError: no fit of
# the guide comes near it, nor any of scikit-learn 1.9.1's MLP tests but the two that
# diverge (their largest returned weight is 62, test_warm_start with L-BFGS).
WEIGHT_BOUND = 1e10
_BOUND_SQUARED = WEIGHT_BOUND**2


class DivergedError(ValueError):
    """Training produced infinite or NaN weights or loss, or weights beyond `WEIGHT_BOUND`."""


class DivergenceWarning(UserWarning):
    """Training diverged while a validation set watched it: the best network is kept."""


def diverged(run, theta):
    """True when the epoch's loss or a parameter is not finite, or a parameter is too large."""
    if not math.isfinite(run.loss_curve_[-1]):
        return True
    # This runs every epoch: first one dot product. Every square and every partial sum is
    # non-negative and rounding is monotonic, so in any order (BLAS blocks, FMA) one
    # |theta_i| > B makes the computed sum at least B**2 in theta's precision (numpy
    # compares in float32 for float32 theta): a sum below B**2 clears every parameter.
    # NaN, inf or a larger sum gets the exact check (NaN fails every comparison).
    if theta.dot(theta) < _BOUND_SQUARED:
        return False
    return not (theta.min() >= -WEIGHT_BOUND and theta.max() <= WEIGHT_BOUND)


def stop_or_warn(net, run, start, watched):
    """Raise the `DivergedError` that names the cause; warn (and return True) when validated.

    ``start`` is ``(theta, X, Y)``: the parameters the run started from, as one
    vector, and its data. The cause is the data when the loss at those parameters
    is already infinite or NaN; else the steps, that is the learning rate.
    """
    probe = copy.copy(net)  # the network of the start: the same layers, theta's values
    probe.use_vector(start[0])
    start_loss = probe.loss_from(probe.forward(start[1], check=False), start[2])
    epoch, opt = run.n_iter_, run.optimizer_
    what = (
        f"a weight grew beyond {WEIGHT_BOUND:g}"
        if np.isfinite(run.loss_curve_[-1]) and all(np.isfinite(W).all() for W in net.weights)
        else "the loss or the weights became infinite or NaN"
    )
    if not np.isfinite(start_loss):
        cause = (
            "the loss was infinite or NaN before any step: X is too large for this network "
            f"(largest |X| is {np.abs(start[1]).max():.3g}); scale its features "
            "(standardise them, for example)"
        )
    else:
        cause = (
            "the loss was finite at the start and the steps made it grow: lower the learning "
            f"rate (it is {opt.learning_rate_init:g}), or scale the features of X"
        )
    message = f"training diverged in epoch {epoch}: {what}; {cause}."
    if not watched:
        raise DivergedError(message)
    warn_at_caller(
        f"{message} Training goes on, as scikit-learn's does; the network with the best "
        "validation score is kept.",
        DivergenceWarning,
    )
    return True
