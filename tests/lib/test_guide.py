"""The guide's running example: its network, its days and its training run."""

import numpy as np

from micromlp import guide, load_golf


def test_day_is_a_row_of_the_golf_table():
    x, y = guide.day(6)  # temperature 3, humidity 2, golf
    assert x.tolist() == [[3.0, 2.0]] and y.tolist() == [1.0]
    x, y = guide.day(2)  # temperature 1, humidity 0, no golf
    assert x.tolist() == [[1.0, 0.0]] and y.tolist() == [0.0]
    default_x, default_y = guide.day()
    assert guide.DAY == 6 and default_x.tolist() == [[3.0, 2.0]] and default_y.tolist() == [1.0]
    assert [guide.day_index(i) for i in (1, 6, 13)] == [0, 5, 12]


def test_trained_network_is_the_run_the_settings_describe():
    golf = load_golf()
    net = guide.trained_network()
    by_settings = guide.network().fit(
        golf.X[golf.train], golf.y[golf.train], epochs=guide.EPOCHS,
        learning_rate=guide.LEARNING_RATE, batch_size=guide.BATCH_SIZE, shuffle=True,
        seed=guide.SHUFFLE_SEED,
    )  # fmt: skip
    for W, V in zip(
        net.weights + net.biases, by_settings.weights + by_settings.biases, strict=True
    ):
        assert np.array_equal(W, V)
    assert net.n_iter_ == guide.EPOCHS and net.history["weights"] == []


def test_trained_network_records_weights_on_request():
    net = guide.trained_network(record_weights=True)
    assert len(net.history["weights"]) == guide.EPOCHS + 1
    weights, biases = net.history["weights"][-1]
    for W, V in zip(net.weights + net.biases, weights + biases, strict=True):
        assert np.array_equal(W, V)
