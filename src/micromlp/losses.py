"""Binary cross-entropy, its derivative, and the output error ``y_hat - y``.

``y`` holds 0/1 targets and ``y_hat`` predicted probabilities, both of shape
``(n_samples, 1)`` (or any matching shapes). Losses are averaged over samples.

Examples
--------
>>> import numpy as np
>>> y = np.array([[1.0], [0.0]])
>>> round(binary_cross_entropy(y, np.array([[0.9], [0.2]])), 6)
0.164252
>>> float(binary_cross_entropy(np.array([[1.0]]), np.array([[0.0]]))) < 37
True
"""

import numpy as np

# Probabilities are clipped to [EPS, 1 - EPS] before taking logs, so a
# prediction of exactly 0 or 1 gives a large but finite loss (the same
# clipping as scikit-learn's binary_log_loss).
EPS = np.finfo(np.float64).eps


# --8<-- [start:bce]
def binary_cross_entropy(y, y_hat):
    """Mean of ``-(y log y_hat + (1 - y) log(1 - y_hat))`` over the samples."""
    _check_same_shape(y, y_hat)
    y_hat = np.asarray(y_hat).clip(EPS, 1.0 - EPS)
    return float(-(y * np.log(y_hat) + (1.0 - y) * np.log(1.0 - y_hat)).mean())


def binary_cross_entropy_derivative(y, y_hat):
    """dL/dy_hat = -(y - y_hat) / (y_hat (1 - y_hat)) for one sample."""
    _check_same_shape(y, y_hat)
    y_hat = np.clip(y_hat, EPS, 1.0 - EPS)
    return -(y - y_hat) / (y_hat * (1.0 - y_hat))


# --8<-- [end:bce]


# --8<-- [start:output_delta]
def output_delta(y, y_hat):
    """dL/dz at a sigmoid output under cross-entropy, for one sample.

    The chain rule gives dL/dy_hat * dy_hat/dz
    = -(y - y_hat) / (y_hat (1 - y_hat)) * y_hat (1 - y_hat) = y_hat - y:
    the two factors cancel, which is why sigmoid and cross-entropy are paired.
    """
    return y_hat - y


# --8<-- [end:output_delta]


def _check_same_shape(y, y_hat):
    # y of shape (n,) against y_hat of shape (n, 1) would broadcast to (n, n)
    # and give a wrong loss without any error.
    if np.ndim(y) and np.shape(y) != np.shape(y_hat):
        raise ValueError(f"y must have the shape of y_hat {np.shape(y_hat)}; got y {np.shape(y)}")
