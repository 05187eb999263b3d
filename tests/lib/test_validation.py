"""Bad input gets a clear error naming the argument, what was expected and what came."""

import numpy as np
import pytest

from micromlp import MLP, guide, load_golf

X8, Y8 = np.zeros((8, 2)), np.array([0, 1] * 4)


def fit(**kwargs):
    args = {"X": X8, "y": Y8, **kwargs}
    return guide.network().fit(args.pop("X"), args.pop("y"), **args)


def message(error, call, *args, **kwargs):
    """The message of the ``error`` that ``call(*args, **kwargs)`` must raise."""
    with pytest.raises(error) as raised:
        call(*args, **kwargs)
    return str(raised.value)


LEARNING_RATE = "learning_rate must be a finite positive number; got "
BAD_FIT = [
    ({"X": np.zeros(8)}, ValueError, "X must be 2-D of shape (n_samples, 2); got shape (8,)"),
    ({"X": np.zeros((8, 3))}, ValueError, "X must have shape (n_samples, 2); got shape (8, 3)"),
    ({"X": np.zeros((0, 2)), "y": []}, ValueError, "X must not be empty; got shape (0, 2)"),
    ({"X": np.zeros((8, 0))}, ValueError, "X must not be empty; got shape (8, 0)"),
    ({"X": [[0, np.nan]] * 8}, ValueError, "X must be finite; got NaN or inf at index (0, 1)"),
    (
        {"X": [[0, 0]] * 7 + [[np.inf, 0]]},
        ValueError,
        "X must be finite; got NaN or inf at index (7, 0)",
    ),
    ({"X": [["a", "b"]] * 8}, TypeError, "X must hold numbers; got an array of dtype <U1"),
    ({"X": [[object(), 1]] * 8}, TypeError, "X must hold numbers; got an array of dtype object"),
    ({"X": [[1j, 0]] * 8}, TypeError, "X must hold real numbers; got dtype complex128"),
    ({"y": [0, 1, 1]}, ValueError, "y must hold one label per sample, shape (8,); got shape (3,)"),
    (
        {"y": np.zeros((8, 2))},
        ValueError,
        "y must hold one label per sample, shape (8,); got shape (8, 2)",
    ),
    (
        {"y": [0, 1, 2, 0, 1, 0, 1, 0]},
        ValueError,
        "y must hold 2 classes for 1 sigmoid output unit(s); got 3: [0, 1, 2]",
    ),
    (
        {"y": [-1, 0, 1, 0, 1, 0, 1, 0]},
        ValueError,
        "y must hold 2 classes for 1 sigmoid output unit(s); got 3: [-1, 0, 1]",
    ),
    ({"y": [np.nan] + [0] * 7}, ValueError, "y must be finite; got NaN or inf"),
    (
        {"y": ["yes"] * 8},
        ValueError,
        "y must hold 2 classes for 1 sigmoid output unit(s); got 1: ['yes']",
    ),
    ({"learning_rate": 0}, ValueError, LEARNING_RATE + "0"),
    ({"learning_rate": -0.1}, ValueError, LEARNING_RATE + "-0.1"),
    ({"learning_rate": np.nan}, ValueError, LEARNING_RATE + "nan"),
    ({"learning_rate": "0.1"}, TypeError, "learning_rate must be a real number; got '0.1'"),
    ({"epochs": 0}, ValueError, "epochs must be a positive integer; got 0"),
    ({"epochs": 2.5}, TypeError, "epochs must be a positive integer; got 2.5"),
    ({"batch_size": 0}, ValueError, "batch_size must be a positive integer; got 0"),
    ({"batch_size": True}, TypeError, "batch_size must be a positive integer; got True"),
    ({"alpha": -1.0}, ValueError, "alpha must be a finite non-negative number; got -1.0"),
    ({"shuffle": 1}, TypeError, "shuffle must be True or False; got 1"),
    (
        {"sample_weight": ["a"] * 8},
        TypeError,
        "sample_weight must hold numbers; got an array of dtype <U1",
    ),
    (
        {"sample_weight": [1.0] * 7},
        ValueError,
        "sample_weight must have one weight per sample, shape (8,); got shape (7,)",
    ),
    (
        {"sample_weight": [1.0] * 7 + [np.inf]},
        ValueError,
        "sample_weight must be finite; got NaN or inf at index 7",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "error", "expected"), BAD_FIT)
def test_fit_rejects_bad_input(kwargs, error, expected):
    assert message(error, fit, **kwargs) == expected


def test_sample_weights_need_a_positive_sum_not_positive_entries():
    # as scikit-learn: single weights may be 0 or negative, their sum must be above 0
    net, X, y = guide.network(), load_golf().X[:4], load_golf().y[:4]
    with pytest.raises(ValueError) as error:
        net.loss(X, y, sample_weight=[1.0, -1.0, 0.5, -0.5])  # sums to 0
    assert str(error.value) == "sample_weight must have a positive sum; got 0.0"
    # a sum below 1 is positive; booleans are weights 1 and 0
    small, boolean = [0.1, 0.0, 0.0, 0.0], np.array([True, False, True, False])
    assert net.loss(X, y, sample_weight=small) == pytest.approx(net.loss(X[:1], y[:1]), rel=1e-15)
    assert net.loss(X, y, sample_weight=boolean) == pytest.approx(
        net.loss(X[[0, 2]], y[[0, 2]]), rel=1e-15
    )


def test_plus_minus_one_labels_are_accepted():
    a = fit(y=np.where(Y8 == 1, 1, -1), epochs=2)
    b = fit(y=Y8, epochs=2)
    assert np.array_equal(a.weights[0], b.weights[0])


SIZES = "layer_sizes must hold positive integers such as [2, 3, 2, 1]; got "
SEQUENCE = "layer_sizes must be a sequence of positive integers such as [2, 3, 2, 1]; got "


@pytest.mark.parametrize(
    ("sizes", "error", "expected"),
    [
        ([2], ValueError, "layer_sizes must list at least an input and an output size; got [2]"),
        ([2, 0, 1], ValueError, SIZES + "[2, 0, 1]"),
        ([2, 3.5, 1], ValueError, SIZES + "[2, 3.5, 1]"),
        ([2, True, 1], ValueError, SIZES + "[2, True, 1]"),
        (3, TypeError, SEQUENCE + "3"),
        ("231", TypeError, SEQUENCE + "'231'"),
    ],
)
def test_bad_layer_sizes(sizes, error, expected):
    assert message(error, MLP, sizes) == expected


def test_softmax_needs_two_units():
    assert message(ValueError, MLP, [2, 3, 1], output="softmax") == (
        "layer_sizes must end with at least 2 units (one per class) for a softmax output; "
        "got [2, 3, 1]"
    )


def test_bad_options():
    assert message(ValueError, MLP, output="tanh") == (
        "output must be one of ['exp', 'identity', 'sigmoid', 'softmax']; got 'tanh'"
    )
    assert message(ValueError, MLP, activation="softplus") == (
        "activation must be one of ['identity', 'logistic', 'relu', 'tanh']; got 'softplus'"
    )
    assert (
        message(ValueError, MLP, init="he") == "init must be one of ['glorot', 'uniform']; got 'he'"
    )


def test_entry_points_check_their_arguments():
    net = guide.network()
    assert message(ValueError, net.predict_proba, [[1, 2, 3]]) == (
        "X must have shape (n_samples, 2); got shape (1, 3)"
    )
    assert message(ValueError, net.forward, [1, 2]) == (
        "X must be 2-D of shape (n_samples, 2); got shape (2,)"
    )
    trace = net.forward([[1, 2], [3, 4]])
    assert message(ValueError, net.backward, trace, [1]) == (
        "Y must have one label per sample, shape (2,); got shape (1,)"
    )
    assert message(TypeError, net.backward, "trace", [1, 0]) == (
        "trace must be the Trace returned by forward(); got 'trace'"
    )
    grads = net.backward(trace, [1, 0])
    assert message(ValueError, net.step, grads, -1) == (
        "learning_rate must be a finite positive number; got -1"
    )
    assert message(TypeError, net.step, {"dW": []}, 0.1) == (
        "grads must be the Grads returned by backward(); got {'dW': []}"
    )
    assert message(ValueError, net.set_params, [np.zeros((2, 3))] * 3, net.biases) == (
        "weights[1] must have shape (3, 2); got shape (2, 3)"
    )
    biases = [np.zeros(3), np.array([0.0, np.inf]), np.zeros(1)]
    assert message(ValueError, net.set_params, net.weights, biases) == (
        "biases[1] must be finite; got NaN or inf at index (0, 1)"
    )
    assert message(ValueError, net.set_params, net.weights[:2], net.biases) == (
        "weights must hold 3 arrays [(2, 3), (3, 2), (2, 1)]; got 2"
    )
    assert message(ValueError, guide.day, 14) == (
        "day_id must be one of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]; got 14"
    )


SEED = "seed must be an integer >= 0, a numpy.random.Generator or a numpy.random.RandomState; got "


def test_more_entry_points_check_their_arguments():
    net = guide.network()
    assert message(TypeError, net.predict, [[1, 2]], threshold="a") == (
        "threshold must be a real number in [0, 1]; got 'a'"
    )
    assert message(ValueError, net.predict, [[1, 2]], threshold=1.5) == (
        "threshold must be in [0, 1]; got 1.5"
    )
    assert message(ValueError, MLP, seed=-1) == SEED + "-1"
    assert message(ValueError, MLP, seed="a") == SEED + "'a'"
    other = MLP([2, 4, 1])
    grads = other.backward(other.forward([[1, 2]]), [1])
    assert message(ValueError, net.step, grads, 0.1) == (
        "grads.dW must have this network's shapes [(2, 3), (3, 2), (2, 1)]; got [(2, 4), (4, 1)]"
    )
    assert message(AttributeError, MLP([2, 1], output="identity").predict_proba, [[1, 2]]) == (
        "predict_proba is for classifiers; output='identity' regresses"
    )


def test_unfitted_network_takes_0_1_or_plus_minus_1():
    """Without classes_, one sigmoid unit takes 0/1 or -1/+1 (as numbers or booleans)."""
    net = guide.network()
    expected = [[1.0], [0.0], [0.0], [1.0]]
    assert net.targets([1, 0, 0, 1]).tolist() == expected
    assert net.targets([1, -1, -1, 1]).tolist() == expected
    assert net.targets([1.0, -1.0, -1.0, 1.0]).tolist() == expected
    assert net.targets([True, False, False, True]).tolist() == expected
    assert net.targets([[1], [0], [0], [1]]).tolist() == expected  # a column
    assert net.targets([-1, -1]).tolist() == [[0.0], [0.0]]
    assert net.targets([1]).tolist() == [[1.0]]


def test_unfitted_network_rejects_other_targets():
    net = guide.network()
    assert message(TypeError, net.targets, ["a", "b"]) == (
        "y must hold numbers; got an array of dtype <U1"
    )
    assert message(TypeError, net.targets, np.array([0, 1], dtype=object)) == (
        "y must hold numbers; got an array of dtype object"
    )
    assert message(ValueError, net.targets, np.zeros((2, 2))) == (
        "y must have shape (2,); got shape (2, 2)"
    )
    assert message(ValueError, net.targets, [0, 1, 1], 2) == (
        "y must have one label per sample, shape (2,); got shape (3,)"
    )
    scalar = message(ValueError, net.targets, 1)  # one label, not in a list
    assert scalar.startswith("y must have shape (") and scalar.endswith("; got shape ()")
    assert message(ValueError, net.targets, [0, 1, np.nan]) == (
        "y must be finite; got NaN or inf at index 2"
    )
    assert message(ValueError, net.targets, [0, 2]) == (
        "y must hold labels in {0, 1} or in {-1, +1}; got values [0.0, 2.0]"
    )
    assert message(ValueError, net.targets, [-1, 0, 1]) == (
        "y must hold labels in {0, 1} or in {-1, +1}; got values [-1.0, 0.0, 1.0]"
    )
    assert message(ValueError, net.backward, net.forward([[1, 2]]), [0.5]) == (
        "Y must hold labels in {0, 1} or in {-1, +1}; got values [0.5]"
    )


def test_boolean_features_are_numbers():
    net = guide.network()
    np.testing.assert_array_equal(
        net.predict_proba([[True, False], [False, True]]), net.predict_proba([[1.0, 0.0], [0, 1]])
    )


def test_threshold_may_be_0_or_1():
    """The second class where the probability is above the threshold: all of them, or none."""
    X = load_golf().X
    net = guide.network()
    assert net.predict(X, threshold=0.0).tolist() == [1] * 13
    assert net.predict(X, threshold=1.0).tolist() == [0] * 13
    p = net.predict_proba(X)  # from 0.45 to 0.49 before training
    assert net.predict(X, threshold=0.46).tolist() == (p > 0.46).astype(int).tolist()
    assert 0 < (p > 0.46).sum() < 13
    assert net.predict(X).tolist() == (p > 0.5).astype(int).tolist() == [0] * 13


def test_float32_stays_float32_and_the_rest_becomes_float64():
    from micromlp.targets import encode
    from micromlp.validation import check_features, check_sample_weight

    X = np.array([[1, 2], [3, 4]])
    assert check_features(X.astype(np.float32)).dtype == np.float32
    for kind in (np.int64, np.float16, bool, np.float64):
        assert check_features(X.astype(kind)).dtype == np.float64
    assert check_sample_weight(np.ones(2, np.float32), 2).dtype == np.float32
    assert check_sample_weight(np.ones(2, np.int64), 2).dtype == np.float64
    Y, _ = encode(np.array([1.5, 2.5], np.float32), "identity", 1)
    assert Y.dtype == np.float32 and Y.tolist() == [[1.5], [2.5]]
