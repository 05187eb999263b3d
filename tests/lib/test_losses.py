"""The losses (cross-entropies, squared error, Poisson), with and without sample weights."""

import numpy as np
import pytest
from sklearn.neural_network import _base as sklearn_losses

from micromlp.activations import sigmoid, sigmoid_derivative
from micromlp.losses import (
    binary_cross_entropy,
    binary_cross_entropy_derivative,
    categorical_cross_entropy,
    output_delta,
    poisson_loss,
    squared_error,
)

EPS = np.finfo(np.float64).eps


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


@pytest.mark.parametrize("loss", [categorical_cross_entropy, squared_error, poisson_loss])
def test_other_losses_refuse_shapes_that_would_broadcast_wrongly(loss):
    with pytest.raises(ValueError) as error:
        loss(np.zeros(3), np.full((3, 1), 0.5))
    assert str(error.value) == "y must have the shape of y_hat (3, 1); got y (3,)"


def test_weighted_losses_are_weighted_means():
    # weights 3, 1, 0.5 sum to 4.5, not to the 3 samples: a loss that drops them differs
    w = np.array([3.0, 1.0, 0.5])
    y, p = np.array([[1.0], [0.0], [1.0]]), np.array([[0.9], [0.2], [0.6]])
    by_hand = -(3 * np.log(0.9) + 1 * np.log(0.8) + 0.5 * np.log(0.6)) / 4.5
    assert binary_cross_entropy(y, p, w) == pytest.approx(by_hand, rel=1e-15)
    Y, P = (
        np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]),
        np.array([[0.3, 0.7], [0.6, 0.4], [0.5, 0.5]]),
    )
    by_hand = -(3 * np.log(0.7) + 1 * np.log(0.6) + 0.5 * np.log(0.5)) / 4.5
    assert categorical_cross_entropy(Y, P, w) == pytest.approx(by_hand, rel=1e-15)
    # squared errors summed by sample 2, 4, 0; weighted mean, halved, averaged over 2 outputs
    Y, P = (
        np.array([[1.0, 0.0], [2.0, 0.0], [0.0, 0.0]]),
        np.array([[0.0, 1.0], [0.0, 0.0], [0.0, 0.0]]),
    )
    assert squared_error(Y, P, w) == pytest.approx((3 * 2 + 1 * 4) / 4.5 / 2 / 2, rel=1e-15)
    # y log(y / y_hat) - y + y_hat: 0 - 0 + 1, 2 log 2 - 2 + 1, 1 log(1 / 2) - 1 + 2
    Y, P = np.array([[0.0], [2.0], [1.0]]), np.array([[1.0], [1.0], [2.0]])
    per_sample = np.array([1.0, 2 * np.log(2) - 1, 1 - np.log(2)])
    assert poisson_loss(Y, P, w) == pytest.approx((w * per_sample).sum() / 4.5, rel=1e-15)
    assert poisson_loss(Y, P) == pytest.approx(per_sample.mean(), rel=1e-15)


@pytest.mark.parametrize(
    ("ours", "theirs", "Y", "P"),
    [
        (
            binary_cross_entropy,
            "binary_log_loss",
            [[1.0, 0.0], [0.0, 0.0]],
            [[0.8, 0.3], [0.4, 0.1]],
        ),
        (categorical_cross_entropy, "log_loss", [[0.0, 1.0], [1.0, 0.0]], [[0.3, 0.7], [0.9, 0.1]]),
        (squared_error, "squared_loss", [[1.0, -2.0], [0.5, 3.0]], [[0.0, -1.0], [2.5, 2.0]]),
        (poisson_loss, "poisson_loss", [[0.0, 4.0], [1.0, 2.5]], [[0.5, 3.0], [1.5, 2.0]]),
    ],
)
def test_losses_equal_sklearns_with_and_without_weights(ours, theirs, Y, P):
    Y, P, w = np.array(Y), np.array(P), np.array([2.0, 0.25])
    reference = getattr(sklearn_losses, theirs)
    assert ours(Y, P) == pytest.approx(reference(Y, P), rel=1e-14)
    assert ours(Y, P, w) == pytest.approx(reference(Y, P, sample_weight=w), rel=1e-14)
    assert ours(Y, P, w) != pytest.approx(ours(Y, P), rel=1e-3)  # the weights matter here


def test_categorical_cross_entropy_clips_both_ends():
    # a certain right answer costs -log(1 - EPS) = 2.2e-16, not 0; a certain wrong one
    # -log(EPS) = 36.04, not inf (scikit-learn's log_loss clips to [EPS, 1 - EPS] too)
    Y = np.array([[0.0, 1.0], [1.0, 0.0]])
    right = categorical_cross_entropy(Y, Y)
    assert right == pytest.approx(-np.log(1 - EPS), rel=1e-12, abs=0)  # no abs 1e-12 to hide 0
    assert right == pytest.approx(sklearn_losses.log_loss(Y, Y), rel=1e-12, abs=0)
    with np.errstate(all="raise"):  # no log(0)
        wrong = categorical_cross_entropy(Y, 1 - Y)
    assert wrong == pytest.approx(-np.log(EPS), rel=1e-12)


def test_poisson_loss_of_zero_counts():
    # y = 0: y log(y / y_hat) is taken as 0, the loss is y_hat (scikit-learn's xlogy)
    tiny = 7.4e-309  # about exp(-709.5), the exp output of z = -709.5
    with np.errstate(all="raise"):
        assert poisson_loss(np.array([[0.0], [0.0]]), np.array([[0.5], [2.0]])) == 1.25
        assert poisson_loss(np.array([[0.0]]), np.array([[tiny]])) == tiny


@pytest.mark.parametrize("y_hat", [5e-324, 1e-320, 0.0])  # about exp(z), z = -744.4, -736.8, -746
def test_poisson_loss_of_a_zero_count_predicted_below_1_over_the_largest_float(y_hat):
    # 1 / y_hat overflows (or divides by 0) here: a zero count must not compute it
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        assert poisson_loss(np.array([[0.0], [2.0]]), np.array([[y_hat], [2.0]])) == y_hat / 2


def test_poisson_loss_takes_integer_counts_and_lists_as_before():
    # 49bff2b's out= array made numpy refuse these ("Cannot cast ufunc 'divide' output")
    assert poisson_loss([[2]], [[1]]) == 2 * np.log(2) - 1
    # int16 counts and float32 predictions: in float64, as numpy computes int16 / float32
    small = poisson_loss(np.array([[2]], np.int16), np.array([[1.5]], np.float32))
    assert small == 2 * np.log(2 / 1.5) - 2 + 1.5 != float(2 * np.log(np.float32(2 / 1.5)) - 0.5)


def test_poisson_loss_keeps_float32_predictions_in_float32():
    Y, Y_hat = np.array([[1.0], [3.0]], np.float32), np.array([[0.7], [2.9]], np.float32)
    log_ratio = np.log(Y / Y_hat)
    assert log_ratio.dtype == np.float32  # and in float64 the loss differs in its last bits:
    assert float((Y * log_ratio - Y + Y_hat).mean()) != float(
        (Y * np.log(Y.astype(float) / Y_hat) - Y + Y_hat).mean()
    )
    assert poisson_loss(Y, Y_hat) == float((Y * log_ratio - Y + Y_hat).mean())
