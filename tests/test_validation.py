"""Bad input gets a clear error naming the argument, what was expected and what came."""

import numpy as np
import pytest

from micromlp import MLP, guide, make_dataset

X8, Y8 = np.zeros((8, 2)), np.array([0, 1] * 4)


def fit(**kwargs):
    args = {"X": X8, "y": Y8, **kwargs}
    return guide.network().fit(args.pop("X"), args.pop("y"), **args)


BAD_FIT = [
    ({"X": np.zeros(8)}, ValueError, r"X must be 2-D of shape \(n_samples, 2\); got shape \(8,\)"),
    (
        {"X": np.zeros((8, 3))},
        ValueError,
        r"X must have shape \(n_samples, 2\); got shape \(8, 3\)",
    ),
    ({"X": np.zeros((0, 2)), "y": []}, ValueError, r"X must not be empty; got shape \(0, 2\)"),
    ({"X": [[0, np.nan]] * 8}, ValueError, r"X must be finite; got NaN or inf at index \(0, 1\)"),
    ({"X": [[0, np.inf]] * 8}, ValueError, r"X must be finite"),
    ({"X": [["a", "b"]] * 8}, TypeError, r"X must hold numbers; got an array of dtype <U1"),
    ({"X": [[object(), 1]] * 8}, TypeError, r"X must hold numbers; got an array of dtype object"),
    ({"y": [0, 1, 1]}, ValueError, r"y must hold one label per sample, shape \(8,\); got shape"),
    ({"y": np.zeros((8, 2))}, ValueError, r"y must hold one label .*; got shape \(8, 2\)"),
    ({"y": [0, 1, 2, 0, 1, 0, 1, 0]}, ValueError, r"y must hold 2 classes .*; got 3: \[0, 1, 2\]"),
    ({"y": [-1, 0, 1, 0, 1, 0, 1, 0]}, ValueError, r"got 3: \[-1, 0, 1\]"),
    ({"y": [np.nan] + [0] * 7}, ValueError, r"y must be finite; got NaN or inf"),
    ({"y": ["yes"] * 8}, ValueError, r"y must hold 2 classes .*; got 1: \['yes'\]"),
    ({"learning_rate": 0}, ValueError, r"learning_rate must be a finite positive number; got 0"),
    ({"learning_rate": -0.1}, ValueError, r"learning_rate must be a finite positive number"),
    ({"learning_rate": np.nan}, ValueError, r"learning_rate must be a finite positive number"),
    ({"learning_rate": "0.1"}, TypeError, r"learning_rate must be a real number; got '0.1'"),
    ({"epochs": 0}, ValueError, r"epochs must be a positive integer; got 0"),
    ({"epochs": 2.5}, TypeError, r"epochs must be a positive integer; got 2.5"),
    ({"batch_size": 0}, ValueError, r"batch_size must be a positive integer; got 0"),
    ({"batch_size": True}, TypeError, r"batch_size must be a positive integer; got True"),
    ({"alpha": -1.0}, ValueError, r"alpha must be a finite non-negative number; got -1.0"),
]


@pytest.mark.parametrize(("kwargs", "error", "message"), BAD_FIT)
def test_fit_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        fit(**kwargs)


def test_plus_minus_one_labels_are_accepted():
    a = fit(y=np.where(Y8 == 1, 1, -1), epochs=2)
    b = fit(y=Y8, epochs=2)
    assert np.array_equal(a.weights[0], b.weights[0])


@pytest.mark.parametrize(
    ("sizes", "error", "message"),
    [
        ([2], ValueError, r"layer_sizes must list at least an input and an output size; got \[2\]"),
        ([2, 0, 1], ValueError, r"layer_sizes must hold positive integers .*; got \[2, 0, 1\]"),
        ([2, 3.5, 1], ValueError, r"got \[2, 3\.5, 1\]"),
        ([2, 3, 2], ValueError, r"output must be one of .*; got 'tanh'"),
        (3, TypeError, r"layer_sizes must be a sequence of positive integers .*; got 3"),
        ("231", TypeError, r"got '231'"),
    ],
)
def test_bad_layer_sizes(sizes, error, message):
    with pytest.raises(error, match=message):
        MLP(sizes, output="tanh") if sizes == [2, 3, 2] else MLP(sizes)


def test_softmax_needs_two_units():
    with pytest.raises(ValueError, match=r"at least 2 units .* softmax output; got \[2, 3, 1\]"):
        MLP([2, 3, 1], output="softmax")


def test_bad_options():
    with pytest.raises(ValueError, match=r"activation must be one of .*; got 'softplus'"):
        MLP(activation="softplus")
    with pytest.raises(ValueError, match=r"init must be one of \['glorot', 'uniform'\]; got 'he'"):
        MLP(init="he")
    with pytest.raises(ValueError, match=r"kind must be one of .*; got 'moons'"):
        make_dataset(10, kind="moons")
    with pytest.raises(ValueError, match=r"n_samples must be a positive integer; got 0"):
        make_dataset(0)


def test_entry_points_check_their_arguments():
    net = guide.network()
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 2\); got shape \(1, 3\)"):
        net.predict_proba([[1, 2, 3]])
    with pytest.raises(ValueError, match=r"X must be 2-D"):
        net.forward([1, 2])
    trace = net.forward([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match=r"Y must have one label per sample, shape \(2,\)"):
        net.backward(trace, [1])
    with pytest.raises(TypeError, match=r"trace must be the Trace returned by forward\(\)"):
        net.backward("trace", [1, 0])
    grads = net.backward(trace, [1, 0])
    with pytest.raises(ValueError, match=r"learning_rate must be a finite positive number"):
        net.step(grads, -1)
    with pytest.raises(TypeError, match=r"grads must be the Grads returned by backward\(\)"):
        net.step({"dW": []}, 0.1)
    with pytest.raises(
        ValueError, match=r"weights\[1\] must have shape \(3, 2\); got shape \(2, 3\)"
    ):
        net.set_params([np.zeros((2, 3))] * 3, net.biases)
    with pytest.raises(ValueError, match=r"biases\[0\] must be finite"):
        net.set_params(net.weights, [np.full(3, np.nan), np.zeros(2), np.zeros(1)])
    with pytest.raises(ValueError, match=r"day_id must be one of \[1, .*13\]; got 14"):
        guide.day(14)


def test_more_entry_points_check_their_arguments():
    net = guide.network()
    with pytest.raises(TypeError, match=r"threshold must be a real number in \[0, 1\]; got 'a'"):
        net.predict([[1, 2]], threshold="a")
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\]; got 1.5"):
        net.predict([[1, 2]], threshold=1.5)
    with pytest.raises(ValueError, match=r"seed must be an integer >= 0, .*; got -1"):
        MLP(seed=-1)
    with pytest.raises(ValueError, match=r"seed must be an integer >= 0, .*; got 'a'"):
        MLP(seed="a")
    other = MLP([2, 4, 1])
    grads = other.backward(other.forward([[1, 2]]), [1])
    with pytest.raises(ValueError, match=r"grads.dW must have this network's shapes .*got"):
        net.step(grads, 0.1)
    with pytest.raises(AttributeError, match=r"predict_proba is for classifiers"):
        MLP([2, 1], output="identity").predict_proba([[1, 2]])
