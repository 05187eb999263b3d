"""Gradient checking: backpropagation against central differences.

For each parameter theta, the finite difference

    (L(theta + h) - L(theta - h)) / (2 h)

approximates dL/dtheta with an error of order ``h**2``. If backpropagation is
right, the two agree to about 1e-8 or better in relative terms.

Examples
--------
>>> from micromlp import MLP, golf_split, gradcheck
>>> X, y, _, _ = golf_split()
>>> errors = gradcheck(MLP([2, 3, 2, 1], seed=0), X, y)
>>> max(errors.values()) < 1e-6
True
"""

import numpy as np

from .validation import check_features, check_positive_float


def _inputs(net, X, y):
    X = check_features(X, net.layer_sizes[0])
    Y = net.targets(y, len(X))
    return X, Y


def numerical_gradients(net, X, y, *, alpha=0.0, h=1e-5):
    """Central-difference gradients of ``net``'s objective, shaped like its parameters.

    ``y`` as `MLP.targets` takes it. The objective is the loss whose gradient
    backpropagation computes (`MLP.objective`).

    Returns
    -------
    dW : list of ndarray
        Shaped like ``net.weights``.
    db : list of ndarray
        Shaped like ``net.biases``.
    """
    X, Y = _inputs(net, X, y)
    h = check_positive_float(h, "h")
    alpha = check_positive_float(alpha, "alpha", allow_zero=True)

    def numeric(param):
        grad = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            saved = param[index]
            param[index] = saved + h
            plus = net.objective(X, Y, alpha)
            param[index] = saved - h
            minus = net.objective(X, Y, alpha)
            param[index] = saved  # restore exactly
            grad[index] = (plus - minus) / (2 * h)
        return grad

    return [numeric(W) for W in net.weights], [numeric(b) for b in net.biases]


def relative_error(analytic, numeric):
    """Relative error of two arrays, ``||a - n|| / (||a|| + ||n||)`` (0 when both are 0).

    Measured over the whole array rather than entry by entry: a gradient entry
    of 1e-9 next to entries of 1e-1 carries rounding noise of the finite
    difference (about 1e-10) that would swamp an entry-wise ratio.
    """
    analytic, numeric = np.asarray(analytic), np.asarray(numeric)
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return float(np.linalg.norm(analytic - numeric) / scale) if scale > 0 else 0.0


def gradcheck(net, X, y, *, alpha=0.0, h=1e-5):
    """Compare `backward()` with central differences on ``(X, y)``.

    Returns
    -------
    dict
        The relative error of each parameter array (see `relative_error()`), keyed
        ``"W[1]"``, ``"b[1]"``, ... in the guide's 1-based layer numbering.
    """
    num_dW, num_db = numerical_gradients(net, X, y, alpha=alpha, h=h)
    X, Y = _inputs(net, X, y)
    grads = net.backward(net.forward(X), Y, alpha=alpha)
    errors = {}
    for l in range(1, net.n_layers + 1):
        errors[f"W[{l}]"] = relative_error(grads.dW[l - 1], num_dW[l - 1])
        errors[f"b[{l}]"] = relative_error(grads.db[l - 1], num_db[l - 1])
    return errors
