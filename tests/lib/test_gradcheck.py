"""Backpropagation against derivatives computed two other ways.

- The complex step, ``Im f(theta + i h) / h`` with ``h = 1e-30``: no subtraction,
  so it equals the derivative to rounding (about 1e-15). The forward pass is
  written again here for complex numbers, independently of micromlp's.
- micromlp's own gradcheck (central differences, what the pages show), which
  must also *fail* when a gradient is wrong.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from micromlp import MLP, gradcheck, guide, load_golf, relative_error
from micromlp.gradcheck import numerical_gradients
from micromlp.network import Grads

H = 1e-30
HIDDEN = {
    "relu": lambda z: np.where(z.real > 0, z, 0),
    "logistic": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "identity": lambda z: z,
}


def softmax(z):
    e = np.exp(z - z.real.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


OUT = {"sigmoid": HIDDEN["logistic"], "softmax": softmax, "identity": lambda z: z}


def objective(net, weights, biases, X, Y, alpha):
    """The loss backward() differentiates, for complex parameters (see MLP.objective)."""
    a = X
    for l, (W, b) in enumerate(zip(weights, biases), start=1):
        z = a @ W + b
        a = OUT[net.output](z) if l == net.n_layers else HIDDEN[net.activation](z)
    n = len(X)
    if net.output == "sigmoid":
        data = -(Y * np.log(a) + (1 - Y) * np.log(1 - a)).sum() / n
    elif net.output == "softmax":
        data = -(Y * np.log(a)).sum() / n
    else:  # summed over outputs: the gradient scikit-learn (and micromlp) descends
        data = ((a - Y) ** 2).sum() / (2 * n)
    return data + 0.5 * alpha * sum((W**2).sum() for W in weights) / n


def complex_step(net, X, Y, alpha):
    weights = [W.astype(complex) for W in net.weights]
    biases = [b.astype(complex) for b in net.biases]
    grads = []
    for param in weights + biases:
        g = np.zeros(param.shape)
        for index in np.ndindex(param.shape):
            param[index] += 1j * H
            g[index] = objective(net, weights, biases, X, Y, alpha).imag / H
            param[index] -= 1j * H
        grads.append(g)
    return grads


def random_problem(sizes, output, n_samples, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, sizes[0]))
    k = sizes[-1]
    if output == "softmax":
        Y = np.eye(k)[rng.integers(0, k, n_samples)]
    elif output == "sigmoid":
        Y = rng.integers(0, 2, (n_samples, k)).astype(float)
    else:
        Y = rng.normal(size=(n_samples, k))
    return X, Y


@settings(max_examples=80, deadline=None, derandomize=True, database=None)
@given(
    hidden=st.lists(st.integers(1, 4), min_size=0, max_size=3),
    n_in=st.integers(1, 3),
    n_out=st.integers(2, 4),
    n_samples=st.integers(1, 5),
    activation=st.sampled_from(sorted(HIDDEN)),
    output=st.sampled_from(["sigmoid", "softmax", "identity"]),
    alpha=st.sampled_from([0.0, 0.7]),
    seed=st.integers(0, 2**16),
)
def test_backward_equals_the_complex_step(
    hidden, n_in, n_out, n_samples, activation, output, alpha, seed
):
    sizes = [n_in, *hidden, n_out if output != "sigmoid" or seed % 2 else 1]
    net = MLP(sizes, activation=activation, output=output, init="glorot", seed=seed)
    X, Y = random_problem(sizes, output, n_samples, seed)
    grads = net.backward(net.forward(X), Y, alpha=alpha)
    for ours, exact in zip(grads.dW + grads.db, complex_step(net, X, Y, alpha), strict=True):
        np.testing.assert_allclose(ours, exact, rtol=1e-12, atol=1e-15)


@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(
    hidden=st.lists(st.integers(1, 4), min_size=1, max_size=2),
    n_out=st.integers(2, 4),
    output=st.sampled_from(["softmax", "identity"]),
    seed=st.integers(0, 2**16),
)
def test_central_differences_on_softmax_and_identity(hidden, n_out, output, seed):
    sizes = [2, *hidden, n_out]
    net = MLP(sizes, activation="tanh", output=output, init="glorot", seed=seed)
    X, Y = random_problem(sizes, output, 4, seed)
    assert max(gradcheck(net, X, Y, alpha=0.1).values()) < 1e-6


def test_relative_error_values():
    assert relative_error([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert relative_error([0.0], [0.0]) == 0.0
    # ||(1, 0)|| / (||(1, 0)|| + ||(0, 0)||) = 1
    assert relative_error([1.0, 0.0], [0.0, 0.0]) == 1.0
    assert relative_error([3.0, 4.0], [0.0, 0.0]) == 1.0
    # ||(0, 1)|| / (5 + sqrt(9 + 25)) = 1 / 10.830...
    assert relative_error([3.0, 4.0], [3.0, 5.0]) == pytest.approx(1 / (5 + 34**0.5), rel=1e-15)


class WrongBackward(MLP):
    """A network whose backward pass forgets the ReLU mask in one layer."""

    def backward(self, trace, Y, *, alpha=0.0, check=True):
        grads = super().backward(trace, Y, alpha=alpha, check=check)
        dW = list(grads.dW)
        dW[0] = dW[0] * 2.0
        return Grads(grads.delta, dW, grads.db)


def test_gradcheck_reports_a_wrong_gradient():
    golf = load_golf()
    X, y = golf.X[golf.train], golf.y[golf.train]
    wrong = WrongBackward(guide.LAYER_SIZES, seed=guide.SEED)
    errors = gradcheck(wrong, X, y)
    assert errors["W[1]"] == pytest.approx(1 / 3, rel=1e-4)  # ||2g - g|| / (||2g|| + ||g||)
    assert max(v for k, v in errors.items() if k != "W[1]") < 1e-8


def message(error, call, *args, **kwargs):
    """The message of the ``error`` that ``call(*args, **kwargs)`` must raise."""
    with pytest.raises(error) as raised:
        call(*args, **kwargs)
    return str(raised.value)


def test_central_differences_without_a_penalty_by_default():
    golf = load_golf()
    X, y = golf.X[golf.train], golf.y[golf.train]
    net = MLP([2, 3, 1], activation="tanh", seed=3)
    dW, db = numerical_gradients(net, X, y)
    grads = net.backward(net.forward(X), y)  # alpha = 0
    for numeric, exact in zip(dW + db, grads.dW + grads.db, strict=True):
        assert relative_error(exact, numeric) < 1e-8
    assert gradcheck(net, X, y) == gradcheck(net, X, y, alpha=0.0, h=1e-5)
    # the error of central differences grows as h**2
    assert (
        max(gradcheck(net, X, y, h=0.1).values()) > 1e-5 > 1e-8 > max(gradcheck(net, X, y).values())
    )


def test_gradcheck_checks_its_arguments():
    golf = load_golf()
    X, y = golf.X[golf.train], golf.y[golf.train]
    net = guide.network()
    assert message(ValueError, numerical_gradients, net, X, y, h=0) == (
        "h must be a finite positive number; got 0"
    )
    assert message(ValueError, gradcheck, net, X, y, alpha=-1) == (
        "alpha must be a finite non-negative number; got -1"
    )
    assert message(ValueError, gradcheck, net, np.zeros((8, 3)), y) == (
        "X must have shape (n_samples, 2); got shape (8, 3)"
    )
    assert message(ValueError, gradcheck, net, X, y[:3]) == (
        "y must have one label per sample, shape (8,); got shape (3,)"
    )
