"""Activations and their derivatives, checked against central differences."""

import numpy as np
import pytest

from micromlp.activations import ACTIVATIONS, DERIVATIVES, identity_derivative, relu, sigmoid

# Points away from ReLU's kink at 0, where the derivative is not defined.
Z = np.array([-3.0, -1.2, -0.3, 0.25, 0.9, 2.5])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_central_differences(name):
    f, df = ACTIVATIONS[name], DERIVATIVES[name]
    h = 1e-6
    numeric = (f(Z + h) - f(Z - h)) / (2 * h)
    np.testing.assert_allclose(df(f(Z)), numeric, rtol=1e-7, atol=1e-9)


def test_relu_values():
    np.testing.assert_array_equal(relu(np.array([-2.0, 0.0, 3.5])), [0.0, 0.0, 3.5])


def test_sigmoid_values_and_symmetry():
    assert sigmoid(np.array(0.0)) == 0.5
    np.testing.assert_allclose(sigmoid(Z) + sigmoid(-Z), 1.0, rtol=1e-15)
    np.testing.assert_allclose(sigmoid(np.array([2.0])), [1 / (1 + np.exp(-2.0))], rtol=1e-15)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_no_overflow_for_large_inputs(name):
    z = np.array([-1e4, -800.0, 800.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a = ACTIVATIONS[name](z)
        d = DERIVATIVES[name](a)
    assert np.isfinite(a).all() and np.isfinite(d).all()


def test_sigmoid_saturates_to_exact_bounds():
    a = sigmoid(np.array([-1e4, 1e4]))
    assert a[0] < 1e-300 and a[1] == 1.0


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_float32_stays_float32(name):
    z = Z.astype(np.float32)
    a = ACTIVATIONS[name](z)
    assert a.dtype == DERIVATIVES[name](a).dtype == np.float32


def test_identity_derivative_keeps_integer_deltas_exact():
    # delta times 1 comes back as it went in: 2**53 + 1 has no float64, and a product by
    # an integer 1 keeps it where a division would round it
    delta = np.array([2**53 + 1, -7], dtype=np.int64)
    out = identity_derivative(np.array([0, 5]), delta)
    assert out.dtype == np.int64
    assert out.tolist() == [9007199254740993, -7]
