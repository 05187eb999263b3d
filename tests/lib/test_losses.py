"""Binary cross-entropy, its derivative, and the output error y_hat - y."""

import numpy as np
import pytest

from micromlp.activations import sigmoid, sigmoid_derivative
from micromlp.losses import (
    binary_cross_entropy,
    binary_cross_entropy_derivative,
    categorical_cross_entropy,
    output_delta,
    squared_error,
)


def test_bce_values():
    # -(log 0.9 + log 0.8) / 2
    y = np.array([[1.0], [0.0]])
    expected = -(np.log(0.9) + np.log(0.8)) / 2
    assert binary_cross_entropy(y, np.array([[0.9], [0.2]])) == pytest.approx(expected, rel=1e-15)
    assert binary_cross_entropy(np.array([[1.0]]), np.array([[0.5]])) == pytest.approx(np.log(2))


def test_bce_is_finite_at_exact_zero_and_one():
    wrong = binary_cross_entropy(np.array([[1.0], [0.0]]), np.array([[0.0], [1.0]]))
    assert np.isfinite(wrong) and wrong == pytest.approx(-np.log(np.finfo(float).eps))
    assert binary_cross_entropy(np.array([[1.0]]), np.array([[1.0]])) < 1e-15
    assert np.isfinite(binary_cross_entropy_derivative(np.array([1.0]), np.array([0.0]))).all()


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_bce_derivative_matches_central_differences(y):
    p = np.array([0.1, 0.35, 0.5, 0.8, 0.97])
    h = 1e-7

    def loss(q):
        return -(y * np.log(q) + (1 - y) * np.log(1 - q))

    numeric = (loss(p + h) - loss(p - h)) / (2 * h)
    np.testing.assert_allclose(binary_cross_entropy_derivative(y, p), numeric, rtol=1e-6)


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_output_delta_is_the_chain_rule_product(y):
    z = np.array([-4.0, -0.5, 0.0, 0.7, 3.0])
    a = sigmoid(z)
    product = binary_cross_entropy_derivative(y, a) * sigmoid_derivative(a)
    np.testing.assert_allclose(output_delta(y, a), product, rtol=1e-12, atol=1e-15)
    # and it is dL/dz by central differences
    h = 1e-6

    def loss(zz):
        q = sigmoid(zz)
        return -(y * np.log(q) + (1 - y) * np.log(1 - q))

    np.testing.assert_allclose(output_delta(y, a), (loss(z + h) - loss(z - h)) / (2 * h), rtol=1e-7)


def test_bce_refuses_shapes_that_would_broadcast_wrongly():
    # (3,) against (3, 1) would broadcast to (3, 3): a wrong loss without an error
    with pytest.raises(ValueError, match=r"y must have the shape of y_hat \(3, 1\); got y \(3,\)"):
        binary_cross_entropy(np.zeros(3), np.full((3, 1), 0.5))
    with pytest.raises(ValueError, match=r"y must have the shape of y_hat"):
        binary_cross_entropy_derivative(np.zeros(3), np.full((3, 1), 0.5))
    assert binary_cross_entropy(1.0, np.full((1, 1), 0.5)) == pytest.approx(np.log(2))


def test_bce_derivative_is_finite_at_exact_one():
    # y_hat = 1 is clipped to 1 - EPS: -(0 - (1 - EPS)) / ((1 - EPS) EPS) = 1 / EPS
    eps = np.finfo(float).eps
    with np.errstate(all="raise"):
        d = binary_cross_entropy_derivative(np.array([0.0]), np.array([1.0]))
    assert d.tolist() == [pytest.approx(1 / eps, rel=1e-12)]


@pytest.mark.parametrize("loss", [categorical_cross_entropy, squared_error])
def test_other_losses_refuse_shapes_that_would_broadcast_wrongly(loss):
    with pytest.raises(ValueError) as error:
        loss(np.zeros(3), np.full((3, 1), 0.5))
    assert str(error.value) == "y must have the shape of y_hat (3, 1); got y (3,)"
