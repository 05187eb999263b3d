"""Activation functions and their derivatives.

Every function works element-wise on an array of any shape. The derivatives
take the layer's *output* ``a = f(z)`` rather than ``z``: for the functions used
here the derivative is cheap to express in ``a`` (this is also how
scikit-learn computes it), and the forward pass has already stored ``a``.

Each derivative also takes the error that reaches the layer, ``delta`` (1 by
default), and returns ``delta * f'(z)``, multiplied in scikit-learn's order:
``(delta * a) * (1 - a)`` for the sigmoid, not ``delta * (a * (1 - a))``. The
two round differently in the last bit for about a third of the elements, and
over a long fit such differences grow; in the same order, `micromlp.compat`
reproduces scikit-learn's fits to the last bit. With ``delta = 1`` the result
is ``f'(z)`` itself, exactly (``1.0 * a`` is ``a``).

Examples
--------
>>> from micromlp.activations import relu, sigmoid
>>> import numpy as np
>>> relu(np.array([-2.0, 0.0, 3.0]))
array([0., 0., 3.])
>>> float(sigmoid(np.array(0.0)))
0.5
"""

import numpy as np


# --8<-- [start:relu]
def relu(z):
    """ReLU, ``max(z, 0)``."""
    return np.maximum(z, 0.0)


def relu_derivative(a, delta=1.0):
    """``delta * ReLU'(z)``: ``delta`` where z > 0 (exactly where a = relu(z) > 0), else 0.

    Where ``delta`` is negative the 0 is -0.0 (scikit-learn writes +0.0): equal as
    numbers, and the sums of the gradients come out the same.
    """
    return delta * (a > 0).astype(a.dtype)


# --8<-- [end:relu]


# --8<-- [start:sigmoid]
def sigmoid(z):
    """Logistic sigmoid ``1 / (1 + exp(-z))``, without overflow for any finite z.

    ``exp(-z)`` overflows a float64 for z below about -709.8, so z is raised to
    -709 first (sigmoid(-709) is already about 1e-308). For large positive z,
    ``exp(-z)`` quietly becomes 0 and the result exactly 1.0.
    """
    return 1.0 / (1.0 + np.exp(-np.maximum(z, -709.0)))


def sigmoid_derivative(a, delta=1.0):
    """``delta * sigma'(z)``, with sigma'(z) = sigma(z) (1 - sigma(z)) = a (1 - a)."""
    return delta * a * (1.0 - a)  # (delta * a) * (1 - a), scikit-learn's order


# --8<-- [end:sigmoid]


def tanh(z):
    """Hyperbolic tangent."""
    return np.tanh(z)


def tanh_derivative(a, delta=1.0):
    """``delta * tanh'(z)``, with ``tanh'(z) = 1 - tanh(z)**2 = 1 - a**2``."""
    return delta * (1.0 - a**2)


def identity(z):
    """The identity, for linear layers."""
    return z


def identity_derivative(a, delta=1.0):
    """``delta`` times the derivative of the identity, 1 everywhere."""
    return delta * np.ones_like(a)


# --8<-- [start:softmax]
def softmax(z):
    """Softmax over each row: ``exp(z_k) / sum_j exp(z_j)``, for one-of-K outputs.

    The row maximum is subtracted first: the result is the same (the factor
    ``exp(-max)`` cancels) and ``exp`` can no longer overflow.
    """
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# --8<-- [end:softmax]


# Names follow scikit-learn's `activation=` values, so that micromlp.compat
# can map an MLPClassifier onto an MLP one to one.
ACTIVATIONS = {"relu": relu, "logistic": sigmoid, "tanh": tanh, "identity": identity}
DERIVATIVES = {
    "relu": relu_derivative,
    "logistic": sigmoid_derivative,
    "tanh": tanh_derivative,
    "identity": identity_derivative,
}
