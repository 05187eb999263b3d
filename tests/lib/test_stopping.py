"""micromlp.sklearn.Stopping: scikit-learn's stopping rule and early stopping, in the loop."""

import warnings

import numpy as np
import pytest

from micromlp import MLP, golf_split, guide, make_dataset
from micromlp.optimizers import SGD
from micromlp.sklearn import Stopping

X8, Y8, _, _ = golf_split()


def message(error, call, *args, **kwargs):
    """The message of the ``error`` that ``call(*args, **kwargs)`` must raise."""
    with pytest.raises(error) as raised:
        call(*args, **kwargs)
    return str(raised.value)


def test_bad_stopping_settings():
    assert message(TypeError, Stopping, validation=3) == (
        "validation must be a pair (X_val, y_val) or a triple (X_val, y_val, w_val); got int"
    )
    net = guide.network()
    stop = Stopping(validation=(np.zeros((3, 3)), [0, 1, 0]))
    assert message(ValueError, net.fit, X8, Y8, stop=stop) == (
        "validation X must have shape (n_samples, 2); got shape (3, 3)"
    )
    assert message(ValueError, Stopping, tol=-1) == (
        "tol must be a finite non-negative number; got -1"
    )
    assert message(ValueError, Stopping, tol=0.1, n_iter_no_change=0) == (
        "n_iter_no_change must be a positive integer; got 0"
    )


def test_tol_stops_and_none_runs_every_epoch():
    rule = guide.network().fit(
        X8, Y8, epochs=500, batch_size=8, stop=Stopping(tol=1e-2, n_iter_no_change=3)
    )
    assert rule.stopped_ and rule.n_iter_ < 500
    # by the rule: more than 3 epochs in a row without beating the best loss by 1e-2
    curve = rule.loss_curve_
    best_before_last_4 = min(curve[:-4])
    assert all(c > best_before_last_4 - 1e-2 for c in curve[-4:])
    everything = guide.network().fit(X8, Y8, epochs=500, batch_size=8)
    assert not everything.stopped_ and everything.n_iter_ == 500


def test_validation_keeps_the_best_network():
    X, y = make_dataset(60, kind="circles", seed=1)
    net = MLP([2, 6, 1], init="glorot", seed=0)
    net.fit(
        X[:40],
        y[:40],
        epochs=30,
        batch_size=10,
        stop=Stopping(n_iter_no_change=np.inf, validation=(X[40:], y[40:])),
    )
    scores = net.validation_scores_
    assert len(scores) == 30 and net.best_validation_score_ == max(scores)
    assert net.score(X[40:], y[40:]) == max(scores)  # the weights of the best epoch


def test_n_iter_no_change_is_10_by_default():
    # Every epoch is "no better" by a tol of 1e9, except the first, which beats the
    # initial best loss (inf): more than 10 such epochs end the run at epoch 1 + 11.
    net = guide.network().fit(X8, Y8, epochs=100, batch_size=8, stop=Stopping(tol=1e9))
    assert net.stopped_ and net.n_iter_ == 12
    assert (
        guide.network()
        .fit(X8, Y8, epochs=100, batch_size=8, stop=Stopping(tol=1e9, n_iter_no_change=3))
        .n_iter_
        == 5
    )


def test_tol_0_stops_only_when_the_loss_stops_falling():
    net = guide.network().fit(
        X8, Y8, epochs=60, batch_size=8, stop=Stopping(tol=0.0, n_iter_no_change=2)
    )
    assert (np.diff(net.loss_curve_) < 0).all()
    assert net.n_iter_ == 60 and not net.stopped_
    # a loss that stays exactly where it is is no worse than the best (scikit-learn's rule):
    # all-zero weights on balanced labels have zero gradients, and the loss stays log 2
    flat = MLP([2, 3, 1])
    flat.set_params([np.zeros((2, 3)), np.zeros((3, 1))], [np.zeros(3), np.zeros(1)])
    flat.fit(X8, Y8, epochs=30, batch_size=8, stop=Stopping(tol=0.0, n_iter_no_change=2))
    assert flat.loss_curve_ == [np.log(2)] * 30 and flat.n_iter_ == 30


def test_a_rule_used_again_starts_a_new_record():
    X, y = make_dataset(60, kind="circles", seed=1)
    settings = dict(epochs=200, batch_size=10)
    stop = Stopping(tol=1e-2, n_iter_no_change=3, validation=(X[40:], y[40:]))
    first = MLP([2, 6, 1], init="glorot", seed=0).fit(X[:40], y[:40], stop=stop, **settings)
    assert first.stopped_ and len(stop.validation_scores_) == first.n_iter_
    again = MLP([2, 6, 1], init="glorot", seed=1).fit(X[:40], y[:40], stop=stop, **settings)
    fresh_stop = Stopping(tol=1e-2, n_iter_no_change=3, validation=(X[40:], y[40:]))
    fresh = MLP([2, 6, 1], init="glorot", seed=1).fit(X[:40], y[:40], stop=fresh_stop, **settings)
    assert again.n_iter_ == fresh.n_iter_ > 4
    assert stop.validation_scores_ == fresh_stop.validation_scores_
    assert stop.best_validation_score_ == fresh_stop.best_validation_score_
    for ours, theirs in zip(again.weights + again.biases, fresh.weights + fresh.biases):
        assert np.array_equal(ours, theirs)


def test_a_warm_start_cannot_switch_early_stopping():
    X, y = make_dataset(60, kind="circles", seed=1)
    on_loss = Stopping()
    MLP([2, 6, 1], seed=0).fit(X, y, epochs=3, stop=on_loss)
    assert message(ValueError, Stopping, validation=(X, y), continues=on_loss) == (
        "continues must be a rule that watched a validation score, as this one does; got one "
        "that watched the training loss (a warm start cannot switch early stopping on or off, "
        "in scikit-learn either)"
    )
    on_score = Stopping(validation=(X, y))
    MLP([2, 6, 1], seed=0).fit(X, y, epochs=3, stop=on_score)
    assert message(ValueError, Stopping, continues=on_score) == (
        "continues must be a rule that watched the training loss, as this one does; got one "
        "that watched a validation score (a warm start cannot switch early stopping on or off, "
        "in scikit-learn either)"
    )


@pytest.mark.parametrize("first, then", [(False, True), (True, False)])
def test_switching_early_stopping_fails_in_both(first, then):
    """scikit-learn fails with Python's own error, the replica with ours."""
    from sklearn.neural_network import MLPClassifier

    from micromlp.compat import Replica

    X, y = make_dataset(60, kind="circles", seed=1)
    theirs = MLPClassifier(
        hidden_layer_sizes=(4,), max_iter=5, warm_start=True, early_stopping=first, random_state=0
    )
    ours = Replica(theirs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.fit(X, y)
        ours.fit(X, y)
        theirs.set_params(early_stopping=then)
        with pytest.raises((AttributeError, TypeError)):
            theirs.fit(X, y)
        with pytest.raises(ValueError, match="a warm start cannot switch early stopping"):
            ours.fit(X, y)


def test_defaults_are_scikit_learns():
    from sklearn.neural_network import MLPClassifier

    defaults = MLPClassifier().get_params()
    assert Stopping().tol == defaults["tol"] == 1e-4
    assert Stopping().patience == defaults["n_iter_no_change"] == 10


def test_validation_weights_and_labels_score_as_the_user_gives_them():
    # -1/+1 labels and weights 0.5..3: the score is the weighted share of validation samples
    # whose label the network gets right, worked out here with numpy from its outputs
    X, y = make_dataset(60, kind="circles", seed=1)
    labels, w = np.where(y == 1, 1, -1), np.linspace(0.5, 3.0, 20)
    net = MLP([2, 6, 1], init="glorot", seed=0)
    stop = Stopping(n_iter_no_change=np.inf, validation=(X[40:], labels[40:], w))
    net.fit(X[:40], labels[:40], epochs=1, batch_size=10, stop=stop)
    right = np.where(net.forward(X[40:]).y_hat[:, 0] > 0.5, 1, -1) == labels[40:]
    assert net.validation_scores_ == [np.average(right, weights=w)]
    assert right.mean() != np.average(right, weights=w)  # the weights count


def test_validation_weights_of_a_regressor():
    # weighted R^2 = 1 - sum w (y - y_hat)^2 / sum w (y - weighted mean of y)^2
    X, _ = make_dataset(60, kind="circles", seed=1)
    y, w = 2 * X[:, 0] + X[:, 1], np.linspace(0.5, 3.0, 20)
    net = MLP([2, 6, 1], output="identity", init="glorot", seed=0)
    stop = Stopping(n_iter_no_change=np.inf, validation=(X[40:], y[40:], w))
    net.fit(X[:40], y[:40], epochs=1, batch_size=10, stop=stop)
    y_val, y_hat = y[40:], net.forward(X[40:]).y_hat[:, 0]
    mean = (w * y_val).sum() / w.sum()
    r2 = 1 - (w * (y_val - y_hat) ** 2).sum() / (w * (y_val - mean) ** 2).sum()
    assert net.validation_scores_ == [pytest.approx(r2, rel=1e-12)]
    unweighted = 1 - ((y_val - y_hat) ** 2).sum() / ((y_val - y_val.mean()) ** 2).sum()
    assert net.validation_scores_[0] != pytest.approx(unweighted, rel=1e-6)  # the weights count


def test_bad_validation_weights_and_labels_are_named():
    X, y = make_dataset(60, kind="circles", seed=1)
    net = MLP([2, 6, 1], seed=0)
    few_weights = Stopping(validation=(X[40:], y[40:], np.ones(5)))
    assert message(ValueError, net.fit, X[:40], y[:40], epochs=2, stop=few_weights) == (
        "validation w_val must have one weight per sample, shape (20,); got shape (5,)"
    )
    few_labels = Stopping(validation=(X[40:], y[40:50]))
    assert message(ValueError, net.fit, X[:40], y[:40], epochs=2, stop=few_labels) == (
        "validation y must hold one label per sample, shape (20,); got shape (10,)"
    )
    assert net.n_iter_ == 0 and net.loss_curve_ == []  # refused before the first epoch


@pytest.mark.parametrize(
    "validation, error",
    [
        ((X8[:5, :1], Y8[:5]), "validation X must have shape (n_samples, 2); got shape (5, 1)"),
        ((X8[:5], Y8[:2]), "validation y must hold one label per sample, shape (5,); "
         "got shape (2,)"),
        ((X8[:5], np.ones((5, 2))), "validation y must hold one label per sample, shape (5,); "
         "got shape (5, 2)"),
        ((X8[:5], ["maybe"] * 5), "validation y must hold labels among classes [0.0, 1.0]; "
         "got ['maybe', 'maybe', 'maybe', 'maybe', 'maybe']"),
        ((X8[:5], Y8[:5], np.ones(2)), "validation w_val must have one weight per sample, "
         "shape (5,); got shape (2,)"),
    ],
)  # fmt: skip
def test_a_warm_start_with_a_bad_validation_set_changes_nothing(validation, error):
    net = guide.network().fit(X8, Y8, epochs=3, optimizer=SGD(0.1, momentum=0.9))
    run, optimizer, theta = net.run_, net.optimizer_, net.as_vector().copy()
    velocity = optimizer.velocities[0].copy()
    kept = (net.n_iter_, list(net.loss_curve_), net.samples_seen_, net.stop_)
    stop = Stopping(validation=validation)
    assert message(ValueError, net.fit, X8, Y8, epochs=2, warm_start=True, stop=stop) == error
    assert net.run_ is run and net.optimizer_ is optimizer  # the same run, not half changed
    assert (net.n_iter_, net.loss_curve_, net.samples_seen_, net.stop_) == kept
    assert np.array_equal(net.as_vector(), theta)
    # the same optimizer given to a new fit keeps its state when the validation set is refused
    assert message(ValueError, net.fit, X8, Y8, epochs=2, optimizer=optimizer, stop=stop) == error
    assert np.array_equal(optimizer.velocities[0], velocity) and net.run_ is run


def test_a_rule_that_refused_its_validation_set_keeps_the_record_it_carries_on():
    X, y = make_dataset(60, kind="circles", seed=1)
    net = MLP([2, 6, 1], seed=0).fit(
        X[:40], y[:40], epochs=2, stop=Stopping(validation=(X[40:], y[40:]))
    )
    rule = Stopping(validation=(X[40:], y[40:45]), continues=net.stop_)
    with pytest.raises(ValueError):
        net.fit(X[:40], y[:40], epochs=1, warm_start=True, stop=rule)
    rule.validation = (X[40:], y[40:])  # corrected, and tried again: the record carries on
    net.fit(X[:40], y[:40], epochs=1, warm_start=True, stop=rule)
    assert len(rule.validation_scores_) == 3


def test_validation_outputs_that_overflow_score_nan_and_keep_the_initial_weights():
    # A regressor whose validation outputs overflow to inf scores NaN (as scikit-learn's
    # _score_with_function), not R^2 = 1 - inf = -inf; no score ever beats the initial best
    # (-inf), so the network ends with the weights it started with.
    net = MLP([2, 1, 1], activation="identity", output="identity")
    W, b = [np.array([[0.5], [0.5]]), np.array([[2.0]])], [np.zeros(1), np.zeros(1)]
    net.set_params(W, b)
    X = np.array([[0.1, 0.2], [0.3, 0.1], [0.2, 0.2], [0.0, 0.1]])
    X_val = np.full((2, 2), 1e308)  # 0.5 * 1e308 + 0.5 * 1e308 overflows to inf
    stop = Stopping(n_iter_no_change=np.inf, validation=(X_val, np.array([1.0, 2.0])))
    net.fit(X, 2 * X.sum(axis=1), epochs=2, batch_size=4, learning_rate=1e-3, stop=stop)
    assert np.isnan(net.validation_scores_).all() and len(net.validation_scores_) == 2
    assert net.best_validation_score_ == -np.inf
    assert net.loss_curve_[1] < net.loss_curve_[0]  # training moved them; the end restored them
    for ours, start in zip(net.weights + net.biases, W + b, strict=True):
        assert np.array_equal(ours, start)
