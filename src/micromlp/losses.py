"""Losses, and the output layer each one is paired with.

``Y`` holds the targets as the loss sees them and ``Y_hat`` the network's
outputs, both of shape ``(n_samples, n_outputs)``. Each loss is summed over the
outputs and averaged over the samples, with scikit-learn's bookkeeping (see
`squared_error` for its one surprise).

Three pairs of output activation and loss, `OUTPUTS`:

- ``"sigmoid"`` with binary cross-entropy: one unit for two classes, or one
  unit per label for multilabel targets (a 0/1 indicator matrix);
- ``"softmax"`` with categorical cross-entropy: one unit per class;
- ``"identity"`` with the squared error: regression, one unit per target.

For each pair the error at the output is ``dL/dz = y_hat - y`` (see
`output_delta`): the derivative of the loss and that of the activation cancel.

Examples
--------
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
"""

import numpy as np

from .activations import identity, sigmoid, softmax

# Probabilities are clipped to [EPS, 1 - EPS] before taking logs, so a
# prediction of exactly 0 or 1 gives a large but finite loss (the same
# clipping as scikit-learn's binary_log_loss and log_loss).
EPS = np.finfo(np.float64).eps


# --8<-- [start:bce]
def binary_cross_entropy(y, y_hat):
    """``-(y log y_hat + (1 - y) log(1 - y_hat))``, summed over outputs, averaged over samples."""
    _check_same_shape(y, y_hat)
    y_hat = np.asarray(y_hat).clip(EPS, 1.0 - EPS)
    loss = -(y * np.log(y_hat) + (1.0 - y) * np.log(1.0 - y_hat))
    return float((loss.sum(axis=0) / len(loss)).sum())  # .mean(axis=0).sum(), a little faster


def binary_cross_entropy_derivative(y, y_hat):
    """dL/dy_hat = -(y - y_hat) / (y_hat (1 - y_hat)) for one sample."""
    _check_same_shape(y, y_hat)
    y_hat = np.clip(y_hat, EPS, 1.0 - EPS)
    return -(y - y_hat) / (y_hat * (1.0 - y_hat))


# --8<-- [end:bce]


# --8<-- [start:cce]
def categorical_cross_entropy(Y, Y_hat):
    """``-sum_k y_k log y_hat_k`` per sample, averaged over samples; ``Y`` is one-hot."""
    _check_same_shape(Y, Y_hat)
    Y_hat = np.asarray(Y_hat).clip(EPS, 1.0 - EPS)
    return float(-(Y * np.log(Y_hat)).mean(axis=0).sum())


# --8<-- [end:cce]


# --8<-- [start:squared_error]
def squared_error(Y, Y_hat):
    """Half the squared error, averaged over samples *and* outputs, as scikit-learn records it.

    scikit-learn's gradient is ``(y_hat - y) / n_samples``: the derivative of
    half the squared error summed over the ``k`` outputs. So with ``k > 1``
    outputs the loss it records is ``1/k`` of the one it descends (see
    `MLP.objective`). For one output the two are the same.
    """
    _check_same_shape(Y, Y_hat)
    return float(0.5 * ((Y - Y_hat) ** 2).mean(axis=0).mean())


# --8<-- [end:squared_error]


# --8<-- [start:output_delta]
def output_delta(y, y_hat):
    """dL/dz at the output, for each pair of output activation and loss of `OUTPUTS`.

    Sigmoid and cross-entropy: dL/dy_hat * dy_hat/dz
    = -(y - y_hat) / (y_hat (1 - y_hat)) * y_hat (1 - y_hat) = y_hat - y:
    the two factors cancel, which is why sigmoid and cross-entropy are paired.
    Softmax and categorical cross-entropy, identity and squared error give
    ``y_hat - y`` too (derived on the "Beyond two classes" page).
    """
    return y_hat - y


# --8<-- [end:output_delta]

# --8<-- [start:outputs]
# Output activation and loss, by name of the output layer.
OUTPUTS = {
    "sigmoid": (sigmoid, binary_cross_entropy),
    "softmax": (softmax, categorical_cross_entropy),
    "identity": (identity, squared_error),
}
# --8<-- [end:outputs]


def _check_same_shape(y, y_hat):
    # y of shape (n,) against y_hat of shape (n, 1) would broadcast to (n, n)
    # and give a wrong loss without any error.
    if np.ndim(y) and np.shape(y) != np.shape(y_hat):
        raise ValueError(f"y must have the shape of y_hat {np.shape(y_hat)}; got y {np.shape(y)}")
