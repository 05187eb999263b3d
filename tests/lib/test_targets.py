"""Labels as scikit-learn takes them: encode for the loss, decode predictions, score."""

import numpy as np
import pytest

from micromlp import MLP
from micromlp.targets import accuracy, decode, encode, r2_score


@pytest.mark.parametrize(
    ("y", "classes", "second"),
    [
        ([-1, 1, 1, -1], [-1, 1], [0, 1, 1, 0]),
        (["no", "yes", "yes", "no"], ["no", "yes"], [0, 1, 1, 0]),
        ([8, 3, 3, 8], [3, 8], [1, 0, 0, 1]),
        ([True, False, True, True], [False, True], [1, 0, 1, 1]),
        ([1.0, 1.0], [0.0, 1.0], [1, 1]),  # one class of a 0/1 problem, as in one day
    ],
)
def test_two_classes_sorted_second_is_one(y, classes, second):
    Y, learnt = encode(np.array(y), "sigmoid", 1)
    assert learnt.tolist() == classes
    assert Y.shape == (len(y), 1) and Y[:, 0].tolist() == second
    assert decode(Y, "sigmoid", learnt).tolist() == y


def test_softmax_one_hot_and_back():
    Y, classes = encode(np.array(["b", "c", "a", "b"]), "softmax", 3)
    assert classes.tolist() == ["a", "b", "c"]
    assert Y.tolist() == [[0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]]
    assert decode(np.array([[0.2, 0.5, 0.3]]), "softmax", classes).tolist() == ["b"]


def test_multilabel_and_regression():
    M = np.array([[1, 0, 1], [0, 0, 1]])
    Y, classes = encode(M, "sigmoid", 3)
    assert classes.tolist() == [0, 1, 2] and Y.tolist() == M.tolist()
    assert decode(np.array([[0.7, 0.2, 0.51]]), "sigmoid", classes).tolist() == [[1, 0, 1]]
    Y, classes = encode(np.array([0.5, -1.0]), "identity", 1)
    assert classes is None and Y.tolist() == [[0.5], [-1.0]]
    assert decode(Y, "identity").tolist() == [0.5, -1.0]


def test_fitted_network_predicts_its_labels():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0], [0.0, 2.0]])
    net = MLP([2, 4, 3], output="softmax", init="glorot", seed=0)
    net.fit(X, ["cold", "warm", "hot", "hot"], epochs=300, batch_size=4, learning_rate=0.5)
    assert net.classes_.tolist() == ["cold", "hot", "warm"]
    assert net.predict(X).tolist() == ["cold", "warm", "hot", "hot"]
    assert net.predict_proba(X).shape == (4, 3)
    assert net.score(X, ["cold", "warm", "hot", "cold"]) == 0.75
    with pytest.raises(ValueError, match=r"y must hold labels among classes .*; got \['mild'\]"):
        net.loss(X, ["cold", "warm", "hot", "mild"])


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((np.array([0, 1, 2]), "sigmoid", 1), ValueError, r"y must hold 2 classes .*; got 3"),
        ((np.array([0, 1]), "softmax", 3), ValueError, r"y must hold 3 classes .*; got 2"),
        ((np.array([[0, 2]]), "sigmoid", 2), ValueError, r"y must be a 0/1 indicator matrix"),
        ((np.array([1.0, np.nan]), "identity", 1), ValueError, r"y must be finite"),
        ((np.array([1.0, np.nan]), "softmax", 2), ValueError, r"y must be finite"),
        ((np.array([[1.0, 2.0]]), "identity", 3), ValueError, r"y must have shape \(1, 3\)"),
        ((np.array([[0, 1], [1, 0]]), "softmax", 2), ValueError, r"one label per sample"),
        ((np.array(["a", 1], dtype=object), "softmax", 2), TypeError, r"numbers, booleans or"),
        ((np.array(["a", "b"]), "identity", 1), TypeError, r"y must hold numbers"),
    ],
)
def test_bad_labels(args, error, message):
    with pytest.raises(error, match=message):
        encode(*args)


def test_default_targets_of_an_unfitted_network():
    softmax = MLP([2, 3], output="softmax")
    assert softmax.targets([2, 0]).tolist() == [[0, 0, 1], [1, 0, 0]]
    assert softmax.targets([[0, 1, 0]]).tolist() == [[0, 1, 0]]
    with pytest.raises(ValueError, match=r"Y must hold class indices 0..2 or a one-hot"):
        softmax.backward(softmax.forward([[0.0, 1.0]]), [3])
    with pytest.raises(ValueError, match=r"y must be one-hot: one 1 per row"):
        softmax.targets([[1, 1, 0]])


def test_scores():
    assert accuracy(np.array([1, 2, 3]), np.array([1, 2, 0])) == pytest.approx(2 / 3)
    assert accuracy(np.array([[1, 0], [1, 1]]), np.array([[1, 0], [1, 0]])) == 0.5
    Y = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    # output 1: 1 - 0.02 / 2 = 0.99; output 2 is constant and predicted exactly: 1.0
    Y_hat = np.array([[1.1, 5.0], [2.0, 5.0], [2.9, 5.0]])
    assert r2_score(Y, Y_hat) == pytest.approx((0.99 + 1.0) / 2, abs=1e-15)
    Y_hat[0, 1] = 4.0  # a constant output predicted wrong scores 0
    assert r2_score(Y, Y_hat) == pytest.approx(0.99 / 2, abs=1e-15)


def message(error, call, *args, **kwargs):
    """The message of the ``error`` that ``call(*args, **kwargs)`` must raise."""
    with pytest.raises(error) as raised:
        call(*args, **kwargs)
    return str(raised.value)


@pytest.mark.parametrize(
    ("y", "classes", "second"),
    [
        (np.array([-1, -1]), [-1, 1], [0, 0]),  # one class of a -1/+1 problem
        (np.array([-1.0]), [-1.0, 1.0], [0]),
        (np.array([0, 0], dtype=np.uint8), [0, 1], [0, 0]),
        (np.array([True, True]), [False, True], [1, 1]),
    ],
)
def test_one_class_keeps_the_type_of_its_labels(y, classes, second):
    Y, learnt = encode(y, "sigmoid", 1)
    assert learnt.tolist() == classes and learnt.dtype == y.dtype
    assert Y[:, 0].tolist() == second


def test_column_of_labels():
    Y, classes = encode(np.array([["b"], ["a"], ["b"]]), "sigmoid", 1)
    assert Y.tolist() == [[1.0], [0.0], [1.0]] and classes.tolist() == ["a", "b"]


def test_bad_labels_are_named_and_shown():
    assert message(ValueError, encode, np.arange(12), "sigmoid", 1) == (
        "y must hold 2 classes for 1 sigmoid output unit(s); got 12: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"
    )
    assert message(
        ValueError, encode, np.array(list("cdefgh")), "softmax", 2, np.array(["a", "b"])
    ) == ("y must hold labels among classes ['a', 'b']; got ['c', 'd', 'e', 'f', 'g']")
    mixed = np.array(["a", 1, "b", 2], dtype=object)
    assert message(TypeError, encode, mixed, "softmax", 2) == (
        "y must hold numbers, booleans or strings; got array(['a', 1, 'b'], dtype=object)..."
    )
    nan32 = np.array([0, np.nan], dtype=np.float32)
    assert message(ValueError, encode, nan32, "sigmoid", 1) == "y must be finite; got NaN or inf"
    assert message(ValueError, encode, 1, "sigmoid", 1) == (
        "y must hold one label per sample, shape (1,); got shape ()"
    )
    assert message(ValueError, encode, np.array([0, 1]), "sigmoid", 1, n_samples=3) == (
        "y must hold one label per sample, shape (3,); got shape (2,)"
    )
    assert message(TypeError, encode, np.array([["a", "b"]]), "sigmoid", 2) == (
        "y must hold numbers; got an array of dtype <U1"
    )
    wide = np.arange(14).reshape(2, 7)
    assert message(ValueError, encode, wide, "sigmoid", 7, name="Y") == (
        "Y must be a 0/1 indicator matrix of shape (2, 7); got values [0.0, 1.0, 2.0, 3.0, 4.0]"
    )


def test_default_targets_name_the_argument():
    """backward() calls its targets Y."""
    softmax = MLP([2, 3], output="softmax")
    trace = softmax.forward([[0.0, 1.0]])
    assert message(TypeError, softmax.backward, trace, ["a"]) == (
        "Y must hold numbers; got an array of dtype <U1"
    )
    trace7 = softmax.forward(np.zeros((7, 2)))
    assert message(ValueError, softmax.backward, trace7, [0, 3, 4, 5, 6, 7, 8]) == (
        "Y must hold class indices 0..2 or a one-hot matrix; got values [0.0, 3.0, 4.0, 5.0, 6.0]"
    )
    assert message(ValueError, softmax.backward, trace, [[0, 2, 1]]) == (
        "Y must be a 0/1 indicator matrix of shape (1, 3); got values [0.0, 1.0, 2.0]"
    )
    identity = MLP([2, 1], output="identity")
    assert message(ValueError, identity.backward, identity.forward([[0, 1], [1, 0]]), [[1, 2]]) == (
        "Y must have shape (2, 1); got (1, 2)"
    )


def test_a_probability_at_the_threshold_is_not_above_it():
    assert decode(np.array([[0.5], [0.51]]), "sigmoid").tolist() == [0, 1]
    assert decode(np.array([[0.7], [0.8]]), "sigmoid", threshold=0.7).tolist() == [0, 1]
    multilabel = decode(np.array([[0.5, 0.6], [0.2, 0.5]]), "sigmoid")
    assert multilabel.tolist() == [[0, 1], [0, 0]]
    assert multilabel.dtype.kind == "i"  # integers, as scikit-learn's multilabel predict


def test_exp_output_takes_counts_from_zero_and_refuses_negative_ones():
    net = MLP([1, 1], output="exp")  # unfitted: its targets come from default_targets
    net.set_params([np.zeros((1, 1))], [np.zeros(1)])  # y_hat = exp(0) = 1 for every sample
    X = np.zeros((3, 1))
    # y log(y / 1) - y + 1 for y = 0, 0.5, 3: 1, 0.5 log 0.5 + 0.5, 3 log 3 - 2
    expected = (1 + 0.5 * np.log(0.5) + 0.5 + 3 * np.log(3) - 2) / 3
    assert net.loss(X, [0, 0.5, 3]) == pytest.approx(expected, rel=1e-14)
    assert net.targets([0, 0.5, 3]).tolist() == [[0.0], [0.5], [3.0]]
    assert message(ValueError, net.loss, X, [0, -1, 3]) == (
        "y must hold counts >= 0 for an exp (Poisson) output; got -1"
    )
    net.set_params([np.zeros((1, 1))], [np.log([2.5])])  # y_hat = exp(log 2.5) = 2.5
    assert net.predict(X).tolist() == [2.5, 2.5, 2.5]  # the counts it expects, no labels
    Y, classes = encode(np.array([0, 2]), "exp", 1)  # what a fit sees
    assert Y.tolist() == [[0.0], [2.0]] and classes is None
    assert message(ValueError, encode, np.array([0.0, -0.5]), "exp", 1) == (
        "y must hold counts >= 0 for an exp (Poisson) output; got -0.5"
    )


def test_a_network_fitted_on_one_class_always_predicts_it():
    # scikit-learn's LabelBinarizer takes one class as a class: every prediction is that class
    Y_hat = np.array([[0.1], [0.9]])
    assert decode(Y_hat, "sigmoid", np.array(["only"])).tolist() == ["only", "only"]
    assert decode(Y_hat, "sigmoid", np.array(["no", "yes"])).tolist() == ["no", "yes"]


def test_r2_score_stays_finite_for_large_finite_targets():
    # targets 0 and 1e154 against predictions 0: sum of squared residuals 1e308, sum of
    # squares about the mean 5e153 twice 2.5e307, so R^2 = 1 - 1e308 / 5e307 = -1, with no
    # overflow on the way (scikit-learn's r2_score agrees)
    from sklearn.metrics import r2_score as sklearn_r2

    Y, Y_hat = np.array([[0.0], [1e154]]), np.zeros((2, 1))
    assert r2_score(Y, Y_hat) == -1.0 == sklearn_r2(Y, Y_hat)
