"""Labels in, targets out: what the loss sees, and back to labels.

`MLP.fit` takes labels as scikit-learn does and the loss wants numbers:

- ``output="sigmoid"``, one unit: any two labels (0/1, -1/+1, "no"/"yes",
  3/8, booleans). They are sorted, as scikit-learn's ``classes_``, and the
  second becomes 1: ``[-1, +1]`` gives 0/1, ``["no", "yes"]`` gives "yes" = 1.
- ``output="sigmoid"``, K units: a 0/1 indicator matrix of shape
  ``(n_samples, K)`` (multilabel: each sample may have several labels).
- ``output="softmax"``: K labels of any kind, one-hot encoded.
- ``output="identity"``: numbers, of shape ``(n_samples,)`` or ``(n_samples, k)``.
- ``output="exp"``: counts, numbers >= 0, of the same shapes.

Examples
--------
>>> from micromlp.targets import decode, encode
>>> import numpy as np
>>> Y, classes = encode(np.array(["yes", "no", "yes"]), "sigmoid", 1)
>>> Y.ravel().tolist(), classes.tolist()
([1.0, 0.0, 1.0], ['no', 'yes'])
>>> Y, classes = encode(np.array([3, 8, 5]), "softmax", 3)
>>> Y.tolist()
[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
>>> decode(np.array([[0.1, 0.7, 0.2]]), "softmax", classes).tolist()
[5]
"""

import numpy as np

from .validation import as_float, check_targets


def _labels(y, n_samples, name):
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1 or arr.shape[0] != n_samples:
        raise ValueError(
            f"{name} must hold one label per sample, shape ({n_samples},); got shape {arr.shape}"
        )
    if arr.dtype == object:  # strings from a list of mixed objects: compare them as text
        if not all(isinstance(v, str) for v in arr):
            raise TypeError(f"{name} must hold numbers, booleans or strings; got {arr[:3]!r}...")
        arr = arr.astype(str)
    if np.issubdtype(arr.dtype, np.floating) and not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite; got NaN or inf")
    return arr


def _numbers(y, n_samples, n_outputs, name):
    arr = np.asarray(y)
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must hold numbers; got an array of dtype {arr.dtype}")
    arr = as_float(arr)  # float32 stays float32, as scikit-learn's regression targets
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape != (n_samples, n_outputs):
        raise ValueError(f"{name} must have shape ({n_samples}, {n_outputs}); got {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite; got NaN or inf")
    return arr


def _regression(y, output, n_samples, n_outputs, name):
    arr = _numbers(y, n_samples, n_outputs, name)
    if output == "exp" and (arr < 0).any():
        raise ValueError(
            f"{name} must hold counts >= 0 for an exp (Poisson) output; got {arr.min():g}"
        )
    return arr


def _indicator(y, n_samples, n_outputs, name):
    arr = _numbers(y, n_samples, n_outputs, name)
    if not np.isin(arr, (0.0, 1.0)).all():
        raise ValueError(
            f"{name} must be a 0/1 indicator matrix of shape ({n_samples}, {n_outputs}); "
            f"got values {np.unique(arr)[:5].tolist()}"
        )
    return arr


def encode(y, output, n_outputs, classes=None, name="y", n_samples=None):
    """Return ``(Y, classes)``: the targets as the loss sees them, shape ``(n_samples, n_outputs)``.

    ``classes`` given (a fitted network): labels must be among them. Not
    given: they are learnt from ``y`` (sorted), as scikit-learn's fit does.
    ``classes`` is None for regression, the column numbers for multilabel targets.
    ``n_samples``, when given, is the number of rows ``y`` must have.
    """
    if n_samples is None:  # a scalar would be the label of one sample
        n_samples = len(y) if np.ndim(y) else 1
    if output in ("identity", "exp"):
        return _regression(y, output, n_samples, n_outputs, name), None
    if output == "sigmoid" and n_outputs > 1:  # multilabel: the labels are the columns
        return _indicator(y, n_samples, n_outputs, name), np.arange(n_outputs)
    labels = _labels(y, n_samples, name)
    if classes is None:
        classes = np.unique(labels)
        if output == "sigmoid" and len(classes) == 1 and labels.dtype.kind in "biuf":
            # One class present, as in a batch of one day: 0/1 and -1/+1 keep their meaning.
            pair = (-1, 1) if classes[0] == -1 else (0, 1)
            if classes[0] in pair:
                classes = np.array(pair, dtype=labels.dtype)
        if len(classes) != max(n_outputs, 2):
            raise ValueError(
                f"{name} must hold {max(n_outputs, 2)} classes for {n_outputs} {output} "
                f"output unit(s); got {len(classes)}: {classes[:10].tolist()}"
            )
    unknown = ~np.isin(labels, classes)
    if unknown.any():
        raise ValueError(
            f"{name} must hold labels among classes {classes.tolist()}; "
            f"got {labels[unknown][:5].tolist()}"
        )
    index = np.searchsorted(classes, labels)
    if output == "sigmoid":
        return (index == 1).astype(np.float64)[:, None], classes
    return np.eye(len(classes))[index], classes


def default_targets(y, output, n_outputs, n_samples, name="y"):
    """Targets for a network that has no ``classes`` (not fitted, or regression).

    One sigmoid unit: 0/1 or -1/+1. K sigmoid units: a 0/1 indicator matrix.
    Softmax: a one-hot matrix, or class indices 0..K-1. Identity: numbers.
    """
    if output == "sigmoid" and n_outputs == 1:
        return check_targets(y, n_samples, name)
    if output == "softmax" and np.ndim(y) == 1:
        index = _numbers(y, n_samples, 1, name)[:, 0]
        if not np.isin(index, np.arange(n_outputs)).all():
            raise ValueError(
                f"{name} must hold class indices 0..{n_outputs - 1} or a one-hot matrix; "
                f"got values {np.unique(index)[:5].tolist()}"
            )
        return np.eye(n_outputs)[index.astype(int)]
    if output in ("identity", "exp"):
        return _regression(y, output, n_samples, n_outputs, name)
    Y = _indicator(y, n_samples, n_outputs, name)
    if output == "softmax" and not (Y.sum(axis=1) == 1).all():
        raise ValueError(f"{name} must be one-hot: one 1 per row; got rows summing to other values")
    return Y


def decode(Y_hat, output, classes=None, threshold=0.5):
    """Labels from the network's outputs ``Y_hat`` of shape ``(n_samples, n_outputs)``.

    One sigmoid unit: the second class where ``y_hat > threshold``. K sigmoid
    units: the 0/1 indicator matrix ``Y_hat > threshold``. Softmax: the class of
    the largest output. Identity: the outputs, shape ``(n_samples,)`` for one.
    """
    if output in ("identity", "exp"):
        return Y_hat[:, 0] if Y_hat.shape[1] == 1 else Y_hat
    if output == "softmax":
        index = Y_hat.argmax(axis=1)
    elif Y_hat.shape[1] == 1:
        index = (Y_hat[:, 0] > threshold).astype(int)
        if classes is not None and len(classes) == 1:  # fitted on one class: always that one
            index[:] = 0
    else:
        return (Y_hat > threshold).astype(int)
    return index if classes is None else classes[index]


# --8<-- [start:scores]
def accuracy(truth, predicted, sample_weight=None):
    """The (weighted) share of samples whose labels are all right (``accuracy_score``)."""
    right = np.asarray(truth) == np.asarray(predicted)
    return float(np.average(right if right.ndim == 1 else right.all(axis=1), weights=sample_weight))


def r2_score(Y, Y_hat, sample_weight=None):
    """R^2 of each output, ``1 - sum((y - y_hat)**2) / sum((y - mean y)**2)``, averaged.

    A constant target gives 1.0 when it is predicted exactly, else 0.0, as in
    scikit-learn's ``r2_score``. With ``sample_weight``, both sums and the mean
    are weighted.
    """
    w = 1.0 if sample_weight is None else sample_weight[:, None]
    residual = (w * (Y - Y_hat) ** 2).sum(axis=0)
    total = (w * (Y - np.average(Y, axis=0, weights=sample_weight)) ** 2).sum(axis=0)
    r2 = np.where(residual == 0, 1.0, 0.0)
    nonzero = total != 0
    r2[nonzero] = 1 - residual[nonzero] / total[nonzero]
    return float(r2.mean())


# --8<-- [end:scores]
