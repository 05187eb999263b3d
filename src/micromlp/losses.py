"""Losses, and the output layer each one is paired with.

``Y`` holds the targets as the loss sees them and ``Y_hat`` the network's
outputs, both of shape ``(n_samples, n_outputs)``. Each loss is summed over the
outputs and averaged over the samples, with scikit-learn's bookkeeping (see
`squared_error` for its one surprise).

Four pairs of output activation and loss, `OUTPUTS`:

- ``"sigmoid"`` with binary cross-entropy: one unit for two classes, or one
  unit per label for multilabel targets (a 0/1 indicator matrix);
- ``"softmax"`` with categorical cross-entropy: one unit per class;
- ``"identity"`` with the squared error: regression, one unit per target;
- ``"exp"`` with half the Poisson deviance: counts (regression of values >= 0).

For each pair the error at the output is ``dL/dz = y_hat - y`` (see
`output_delta`): the derivative of the loss and that of the activation cancel.

Sample weights. Each loss takes ``sample_weight``, shape ``(n_samples,)``: the
mean over samples becomes the weighted mean ``sum_i w_i L_i / sum_i w_i``
(numpy's ``average``, as scikit-learn computes it). None weighs every sample 1.

Examples
--------
>>> from micromlp.losses import binary_cross_entropy, categorical_cross_entropy
>>> from micromlp.losses import poisson_loss, squared_error
>>> import numpy as np
>>> y = np.array([[1.0], [0.0]])
>>> round(binary_cross_entropy(y, np.array([[0.9], [0.2]])), 6)
0.164252
>>> float(binary_cross_entropy(np.array([[1.0]]), np.array([[0.0]]))) < 37
True
>>> round(categorical_cross_entropy(np.array([[0.0, 1.0]]), np.array([[0.2, 0.8]])), 6)
0.223144
>>> squared_error(np.array([[1.0, 2.0]]), np.array([[2.0, 2.0]]))
0.25
>>> round(poisson_loss(np.array([[2.0]]), np.array([[1.0]])), 6)  # 2 log 2 - 2 + 1
0.386294
"""

import numpy as np

from .activations import identity, sigmoid, softmax

# Probabilities are clipped to [EPS, 1 - EPS] before taking logs, so a
# prediction of exactly 0 or 1 gives a large but finite loss (the same
# clipping as scikit-learn's binary_log_loss and log_loss).
EPS = np.finfo(np.float64).eps


# --8<-- [start:bce]
def binary_cross_entropy(y, y_hat, sample_weight=None):
    """``-(y log y_hat + (1 - y) log(1 - y_hat))``, summed over outputs, averaged over samples."""
    _check_same_shape(y, y_hat)
    y_hat = np.asarray(y_hat).clip(EPS, 1.0 - EPS)
    loss = -(y * np.log(y_hat) + (1.0 - y) * np.log(1.0 - y_hat))
    return float(mean_over_samples(loss, sample_weight).sum())


def binary_cross_entropy_derivative(y, y_hat):
    """dL/dy_hat = -(y - y_hat) / (y_hat (1 - y_hat)) for one sample."""
    _check_same_shape(y, y_hat)
    y_hat = np.clip(y_hat, EPS, 1.0 - EPS)
    return -(y - y_hat) / (y_hat * (1.0 - y_hat))


# --8<-- [end:bce]


# --8<-- [start:cce]
def categorical_cross_entropy(Y, Y_hat, sample_weight=None):
    """``-sum_k y_k log y_hat_k`` per sample, averaged over samples; ``Y`` is one-hot."""
    _check_same_shape(Y, Y_hat)
    Y_hat = np.asarray(Y_hat).clip(EPS, 1.0 - EPS)
    return float(-mean_over_samples(Y * np.log(Y_hat), sample_weight).sum())


# --8<-- [end:cce]


# --8<-- [start:squared_error]
def squared_error(Y, Y_hat, sample_weight=None):
    """Half the squared error, averaged over samples *and* outputs, as scikit-learn records it.

    scikit-learn's gradient is ``(y_hat - y) / n_samples``: the derivative of
    half the squared error summed over the ``k`` outputs. So with ``k > 1``
    outputs the loss it records is ``1/k`` of the one it descends (see
    `MLP.objective`). For one output the two are the same.
    """
    _check_same_shape(Y, Y_hat)
    return float(0.5 * mean_over_samples((Y - Y_hat) ** 2, sample_weight).mean())


# --8<-- [end:squared_error]


# --8<-- [start:poisson]
def poisson_loss(Y, Y_hat, sample_weight=None):
    """Half the Poisson deviance, ``y log(y / y_hat) - y + y_hat``, summed over outputs.

    The negative log-likelihood of counts ``y`` drawn from a Poisson law of mean
    ``y_hat``, less its value at ``y_hat = y`` (so a perfect fit scores 0);
    ``y log(y / y_hat)`` is taken as 0 where ``y = 0``, whatever ``y_hat``.
    """
    _check_same_shape(Y, Y_hat)
    Y, Y_hat = np.asarray(Y), np.asarray(Y_hat)
    counted = Y > 0  # where y = 0, log(1 / 1): y / y_hat is not computed, y log(...) is 0
    log_ratio = np.log(np.where(counted, Y, 1.0) / np.where(counted, Y_hat, 1))
    loss = Y * log_ratio - Y + Y_hat
    return float(mean_over_samples(loss, sample_weight).sum())


# --8<-- [end:poisson]


def mean_over_samples(loss, sample_weight=None):
    """The mean of ``loss`` (shape ``(n_samples, k)``) over its rows, weighted when asked.

    Without weights, ``loss.sum(axis=0) / n_samples``; with them, numpy's
    ``average``, which scikit-learn's losses call.
    """
    if sample_weight is None:
        return loss.sum(axis=0) / len(loss)
    return np.average(loss, weights=sample_weight, axis=0)


# --8<-- [start:output_delta]
def output_delta(y, y_hat):
    """dL/dz at the output, for each pair of output activation and loss of `OUTPUTS`.

    Sigmoid and cross-entropy: dL/dy_hat * dy_hat/dz
    = -(y - y_hat) / (y_hat (1 - y_hat)) * y_hat (1 - y_hat) = y_hat - y:
    the two factors cancel, one reason sigmoid and cross-entropy are paired.
    Softmax and categorical cross-entropy, identity and squared error, exp and
    the Poisson deviance give ``y_hat - y`` too (derived on the "Beyond two
    classes" page).
    """
    return y_hat - y


# --8<-- [end:output_delta]

# --8<-- [start:outputs]
# Output activation and loss, by name of the output layer.
OUTPUTS = {
    "sigmoid": (sigmoid, binary_cross_entropy),
    "softmax": (softmax, categorical_cross_entropy),
    "identity": (identity, squared_error),
    "exp": (np.exp, poisson_loss),
}
# --8<-- [end:outputs]


def _check_same_shape(y, y_hat):
    # y of shape (n,) against y_hat of shape (n, 1) would broadcast to (n, n)
    # and give a wrong loss without any error.
    if np.ndim(y) and np.shape(y) != np.shape(y_hat):
        raise ValueError(f"y must have the shape of y_hat {np.shape(y_hat)}; got y {np.shape(y)}")
