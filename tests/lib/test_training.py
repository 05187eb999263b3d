"""The one training loop, micromlp.training.fit (MLP.fit): batches, steps, bookkeeping, stops."""

import re
import warnings
from types import SimpleNamespace

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from micromlp import (
    MLP,
    SGD,
    Adam,
    DivergedError,
    DivergenceWarning,
    golf_split,
    guide,
    make_dataset,
    training,
)
from micromlp.divergence import WEIGHT_BOUND, diverged
from micromlp.sklearn import Stopping

X8, Y8, _, _ = golf_split()


def by_hand(net, X, y, batches, learning_rate):
    """Plain SGD over the given batches of row indices, with forward/backward/step."""
    for batch in batches:
        net.step(net.backward(net.forward(X[batch]), y[batch]), learning_rate)
    return net


def assert_same_params(a, b, atol=0.0):
    for p, q in zip(a.weights + a.biases, b.weights + b.biases, strict=True):
        np.testing.assert_allclose(p, q, rtol=0, atol=atol)


def test_fit_keeps_the_last_shorter_batch():
    # 8 days in batches of 3: [0, 1, 2], [3, 4, 5] and the short [6, 7]
    net = guide.network().fit(X8, Y8, epochs=1, batch_size=3, shuffle=False, learning_rate=0.3)
    batches = [np.arange(0, 3), np.arange(3, 6), np.arange(6, 8)]
    assert_same_params(net, by_hand(guide.network(), X8, Y8, batches, 0.3))
    two_batches = by_hand(guide.network(), X8, Y8, batches[:2], 0.3)
    assert not np.array_equal(net.weights[0], two_batches.weights[0])


def test_fit_uses_the_learning_rate():
    slow = guide.network().fit(X8, Y8, epochs=1, shuffle=False, learning_rate=0.01)
    fast = guide.network().fit(X8, Y8, epochs=1, shuffle=False, learning_rate=0.5)
    batches = [np.array([i]) for i in range(8)]
    assert_same_params(slow, by_hand(guide.network(), X8, Y8, batches, 0.01))
    assert_same_params(fast, by_hand(guide.network(), X8, Y8, batches, 0.5))


def test_shuffled_order_is_the_generators_permutation():
    net = guide.network().fit(X8, Y8, epochs=2, seed=3, learning_rate=0.2)
    rng = np.random.default_rng(3)
    batches = [np.array([i]) for _ in range(2) for i in rng.permutation(8)]
    assert_same_params(net, by_hand(guide.network(), X8, Y8, batches, 0.2))


@pytest.mark.parametrize("alpha", [0.0, 0.3])
def test_recorded_loss_is_the_penalised_loss(alpha):
    net = guide.network()
    assert net.loss(X8, Y8, alpha=0.3) > net.loss(X8, Y8)  # the penalty is there
    start = net.loss(X8, Y8, alpha=alpha)
    net.fit(X8, Y8, epochs=3, alpha=alpha, batch_size=4)
    assert net.history["loss"][0] == start
    assert net.history["loss"][-1] == net.loss(X8, Y8, alpha=alpha)
    assert net.history["accuracy"][-1] == net.score(X8, Y8)


def test_loss_curve_is_the_mean_of_the_batch_losses():
    net = guide.network().fit(X8, Y8, epochs=1, batch_size=5, shuffle=False, alpha=0.2)
    # the loss of each batch, taken before its update, weighted by the batch's size
    stepped = guide.network()
    first = stepped.loss(X8[:5], Y8[:5], alpha=0.2)
    stepped.step(stepped.backward(stepped.forward(X8[:5]), Y8[:5], alpha=0.2), 0.1)
    second = stepped.loss(X8[5:], Y8[5:], alpha=0.2)
    assert net.loss_curve_ == [pytest.approx((5 * first + 3 * second) / 8, abs=1e-15)]


@pytest.mark.parametrize(
    "params",
    [
        # MLP.fit itself, not only compat: a partial last batch, alpha, no shuffle
        dict(hidden_layer_sizes=(4, 3), batch_size=3, alpha=0.5, shuffle=False),
        dict(hidden_layer_sizes=(5,), batch_size=5, alpha=0.01, shuffle=True),
    ],
)
def test_fit_equals_mlpclassifier(params):
    X, y = make_dataset(23, kind="xor", seed=2)
    settings = dict(solver="sgd", momentum=0, learning_rate_init=0.2, max_iter=15, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(random_state=4, **settings).fit(X, y)
    rng = np.random.RandomState(4)  # scikit-learn's stream: the weights, then every shuffle
    net = MLP([2, *params["hidden_layer_sizes"], 1], init="glorot", seed=rng)
    net.fit(
        X, y, epochs=15, batch_size=params["batch_size"], shuffle=params["shuffle"], seed=rng,
        alpha=params["alpha"], learning_rate=0.2, stop=Stopping(tol=1e-4),
    )  # fmt: skip
    assert net.n_iter_ == clf.n_iter_
    np.testing.assert_allclose(net.loss_curve_, clf.loss_curve_, rtol=0, atol=1e-12)
    for ours, theirs in zip(net.weights + net.biases, clf.coefs_ + clf.intercepts_):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


def test_optimizer_by_object_or_name():
    a = guide.network().fit(X8, Y8, epochs=3, optimizer=Adam(0.01))
    b = guide.network().fit(X8, Y8, epochs=3, optimizer="adam", learning_rate=0.01)
    assert_same_params(a, b)
    c = guide.network().fit(X8, Y8, epochs=3, optimizer=SGD(0.1))
    d = guide.network().fit(X8, Y8, epochs=3)
    assert_same_params(c, d)
    assert not np.array_equal(a.weights[0], c.weights[0])
    with pytest.raises(ValueError, match=r"learning_rate must be None when optimizer is an obj"):
        guide.network().fit(X8, Y8, optimizer=SGD(0.1), learning_rate=0.1)
    with pytest.raises(ValueError, match=r"optimizer must be one of \['adam', 'sgd'\] .*'rmsprop'"):
        guide.network().fit(X8, Y8, optimizer="rmsprop")
    with pytest.raises(TypeError, match=r"optimizer must be a name or an object .*; got 3"):
        guide.network().fit(X8, Y8, optimizer=3)


@pytest.mark.parametrize(
    ("setting", "X", "cause"),
    [
        (dict(learning_rate=1e6), X8, "steps"),  # huge steps
        (dict(learning_rate=0.1), X8 * 1e6, "steps"),  # large inputs: the steps overflow
        (dict(learning_rate=0.1), X8 * 1e300, "X"),  # inputs too large for any step
    ],
)
def test_divergence_is_a_clear_error_naming_the_cause(setting, X, cause):
    y = X8.sum(axis=1)
    net = MLP([2, 4, 1], activation="identity", output="identity", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy RuntimeWarning escapes
        with pytest.raises(DivergedError) as error:
            net.fit(X, y, epochs=50, **setting)
    head = r"training diverged in epoch \d+: the loss or the weights became infinite or NaN; "
    if cause == "steps":
        tail = (
            r"the loss was finite at the start and the steps made it grow: lower the learning "
            r"rate \(it is " + re.escape(f"{setting['learning_rate']:g}") + r"\), or scale the "
            r"features of X\."
        )
    else:
        tail = (
            r"the loss was infinite or NaN before any step: X is too large for this network "
            r"\(largest \|X\| is 3e\+300\); scale its features \(standardise them, for example\)\."
        )
    assert re.fullmatch(head + tail, str(error.value))


def test_weights_beyond_the_bound_stop_training():
    X = np.array([[1.0], [2.0], [3.0]])
    net = MLP([1, 1], activation="identity", output="identity", seed=0)
    with pytest.raises(DivergedError) as error:  # full-batch steps of 1.0 overshoot, more each time
        net.fit(X, [1.0, 2.0, 3.0], learning_rate=1.0, batch_size=3, epochs=100)
    epoch = int(re.search(r"epoch (\d+)", str(error.value))[1])
    assert str(error.value).startswith(
        f"training diverged in epoch {epoch}: a weight grew beyond 1e+10; the loss was finite"
    )
    assert 1e10 < np.abs(np.concatenate([net.weights[0].ravel(), net.biases[0]])).max() < 2e11


def test_huge_inputs_to_forward_are_a_clear_error():
    net = MLP([2, 3, 1], activation="identity", output="identity", seed=0)
    net.set_params([np.ones((2, 3)), np.ones((3, 1))], [np.zeros(3), np.zeros(1)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError) as error:
            net.predict([[1e300, 1e308]])
    assert str(error.value) == (
        "X is too large for this network: its output overflowed to inf or NaN; "
        "scale the features (largest |X| is 1e+308)"
    )


def message(error, call, *args, **kwargs):
    """The message of the ``error`` that ``call(*args, **kwargs)`` must raise."""
    with pytest.raises(error) as raised:
        call(*args, **kwargs)
    return str(raised.value)


def test_bad_training_settings():
    fit = guide.network().fit
    assert message(ValueError, fit, X8, Y8, seed=-1) == (
        "seed must be an integer >= 0, a numpy.random.Generator or a numpy.random.RandomState; "
        "got -1"
    )
    assert message(ValueError, fit, X8, Y8, optimizer=SGD(0.1), learning_rate=0.1) == (
        "learning_rate must be None when optimizer is an object (give it the learning rate "
        "instead); got 0.1"
    )
    assert message(ValueError, fit, X8, Y8, optimizer="rmsprop") == (
        "optimizer must be one of ['adam', 'sgd'] or an optimizer object; got 'rmsprop'"
    )
    assert message(TypeError, fit, X8, Y8, optimizer=3) == (
        "optimizer must be a name or an object of micromlp.optimizers; got 3"
    )
    assert message(TypeError, fit, X8, Y8, warm_start="yes") == (
        "warm_start must be True or False; got 'yes'"
    )
    assert message(TypeError, fit, X8, Y8, shuffle=1) == "shuffle must be True or False; got 1"


def test_the_defaults_are_the_guides():
    """Plain SGD at 0.1, one sample per update, 100 epochs, a new order each from seed 0."""
    net = guide.network().fit(X8, Y8)
    spelled_out = guide.network().fit(
        X8, Y8, epochs=100, learning_rate=0.1, batch_size=1, shuffle=True, seed=0,
        optimizer="sgd",
    )  # fmt: skip
    assert_same_params(net, spelled_out)
    assert net.n_iter_ == len(net.loss_curve_) == 100 and not net.stopped_
    assert len(net.history["loss"]) == 101 and net.history["weights"] == []
    assert net.stop_ is None  # no stopping rule: every epoch runs


def test_an_output_that_overflows_from_the_start_is_divergence():
    # 1e200 * 1e200 overflows: the loss recorded before training is inf, and so is the
    # loss of the first batch
    net = MLP([1, 1], output="identity")
    net.set_params([np.full((1, 1), 1e200)], [np.zeros(1)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy RuntimeWarning escapes
        with pytest.raises(DivergedError) as error:
            net.fit([[1e200]], [0.0], epochs=3)
    assert str(error.value).startswith("training diverged in epoch 1: the loss or the weights")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_diverged_looks_at_every_parameter_and_the_loss(dtype):
    run = SimpleNamespace(loss_curve_=[0.5])
    # 400 weights of half the bound: their squares sum past the bound's square, none is beyond
    crowd = np.full(400, WEIGHT_BOUND / 2, dtype=dtype)
    assert not diverged(run, crowd)
    assert not diverged(run, np.array([-WEIGHT_BOUND, WEIGHT_BOUND, 0.0], dtype=dtype))
    for bad in (np.nextafter(WEIGHT_BOUND, np.inf, dtype=dtype), np.nan, np.inf, -np.inf):
        for at in (0, 399):
            theta = crowd.copy()
            theta[at] = bad
            assert diverged(run, theta), (bad, at)
            theta = np.zeros(400, dtype=dtype)
            theta[at] = -bad
            assert diverged(run, theta), (-bad, at)
    for loss in (np.nan, np.inf):
        assert diverged(SimpleNamespace(loss_curve_=[loss]), np.zeros(3, dtype=dtype))


def test_a_weight_that_overflows_while_the_loss_is_finite_is_named_as_such():
    # w = 0, b = 1 and x = 1e308: the output is 1, the loss of the one batch 0.5 * 1**2 =
    # 0.5 (finite, taken before the step); dL/dw = x * (1 - 0) = 1e308, so the step
    # -10 * 1e308 makes w -inf: infinite weights after an epoch of finite loss
    net = MLP([1, 1], activation="identity", output="identity")
    net.set_params([np.zeros((1, 1))], [np.ones(1)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy RuntimeWarning escapes
        with pytest.raises(DivergedError) as error:
            net.fit([[1e308]], [0.0], epochs=3, learning_rate=10.0)
    assert str(error.value) == (
        "training diverged in epoch 1: the loss or the weights became infinite or NaN; the "
        "loss was finite at the start and the steps made it grow: lower the learning rate (it "
        "is 10), or scale the features of X."
    )
    assert net.weights[0][0, 0] == -np.inf and net.biases[0][0] == 1.0 - 10.0 * 1.0


def test_divergence_watched_by_a_validation_set_warns_once_and_keeps_the_best_network():
    y = X8.sum(axis=1)
    start = MLP([2, 4, 1], activation="identity", output="identity", seed=0)
    net = MLP([2, 4, 1], activation="identity", output="identity", seed=0)
    stop = Stopping(validation=(X8, y), n_iter_no_change=100)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = training.fit(net, X8, y, epochs=6, learning_rate=1e6, stop=stop)
    assert [w.category for w in caught] == [DivergenceWarning]  # once, and nothing from numpy
    assert caught[0].filename == __file__  # at the line that called fit, not inside micromlp
    assert re.fullmatch(
        r"training diverged in epoch \d+: the loss or the weights became infinite or NaN; the "
        r"loss was finite at the start and the steps made it grow: lower the learning rate "
        r"\(it is 1e\+06\), or scale the features of X\. Training goes on, as scikit-learn's "
        r"does; the network with the best validation score is kept\.",
        str(caught[0].message),
    )
    assert run.n_iter_ == 6 and not run.stopped_  # training went on
    # no validation score was ever better than -inf (all NaN): the initial network is kept
    assert np.isnan(stop.validation_scores_).all() and len(stop.validation_scores_) == 6
    assert_same_params(net, start)


def test_an_unfitted_network_has_an_empty_run():
    net = guide.network()
    assert (net.n_iter_, net.samples_seen_, net.loss_curve_, net.stopped_) == (0, 0, [], False)
    assert net.history == {"loss": [], "accuracy": [], "weights": []}
    assert net.optimizer_ is None and net.stop_ is None and net.loss_ is None


def test_a_new_fit_starts_a_new_run_and_a_warm_one_continues_it():
    net = guide.network().fit(X8, Y8, epochs=3, record_history=False)
    before = net.loss(X8, Y8)
    net.fit(X8, Y8, epochs=2, warm_start=True)
    # the loss curve and the count of samples go on: 3 + 2 epochs of 8 days; the history,
    # not recorded by the first call, starts at the loss before this one
    assert len(net.loss_curve_) == 5 and net.samples_seen_ == 40 and net.n_iter_ == 2
    assert len(net.history["loss"]) == 3 and net.history["loss"][0] == before
    net.fit(X8, Y8, epochs=1)  # not warm: a new run
    assert len(net.loss_curve_) == 1 and net.samples_seen_ == 8 and len(net.history["loss"]) == 2


# -- partial_fit: online learning, one epoch at a time ------------------------------------

YES_NO = np.where(Y8 == 1, "yes", "no")  # the golf labels as strings: day 0 is "yes"


def test_partial_fit_continues_the_run_and_its_optimizer():
    net = guide.network()
    opt = SGD(0.1, momentum=0.9)
    # the first call sees one day, one label: classes says there are two
    net.partial_fit(X8[:1], YES_NO[:1], classes=["no", "yes"], optimizer=opt, shuffle=False)
    net.partial_fit(X8[1:], YES_NO[1:], shuffle=False)  # the same optimizer, its velocity kept
    # by hand: momentum SGD, v <- 0.9 v - 0.1 g and W <- W + v, one day at a time, the
    # velocity carried from the first call into the second
    ref = guide.network()
    params = ref.weights + ref.biases
    v = [np.zeros_like(p) for p in params]
    for i in range(8):
        grads = ref.backward(ref.forward(X8[i : i + 1]), Y8[i : i + 1])
        v = [0.9 * vi - 0.1 * g for vi, g in zip(v, grads.dW + grads.db)]
        for p, vi in zip(params, v):
            p += vi
    assert_same_params(net, ref)
    assert net.classes_.tolist() == ["no", "yes"] and net.optimizer_ is opt
    assert net.n_iter_ == 1 and net.samples_seen_ == 8 and len(net.loss_curve_) == 2
    assert net.history["loss"] == []  # not recorded unless asked for


def test_partial_fit_checks_the_classes():
    first = "classes must list every label on the first call to partial_fit (a batch may lack "
    assert message(ValueError, guide.network().partial_fit, X8, Y8) == first + "some); got None"
    net = MLP([2, 3], output="softmax", seed=0)
    net.partial_fit(X8[:2], ["a", "c"], classes=["c", "b", "a"])
    net.partial_fit(X8[2:4], ["b", "b"], classes=["a", "b", "c"])  # the same, in another order
    net.partial_fit(X8[4:5], ["c"])  # the classes of the first call, kept
    assert net.classes_.tolist() == ["a", "b", "c"] and net.samples_seen_ == 5
    assert message(ValueError, net.partial_fit, X8, Y8, classes=["a", "d"]) == (
        "classes must be those of the first call, ['a', 'b', 'c']; got ['a', 'd']"
    )


def test_classes_is_only_for_one_label_per_sample():
    Y = np.c_[Y8, 1 - Y8]  # multilabel: two sigmoid outputs, each 0 or 1
    net = MLP([2, 2], output="sigmoid", seed=0)
    net.partial_fit(X8, Y, shuffle=False)  # no classes needed: every output is 0 or 1
    assert_same_params(net, by_hand(MLP([2, 2], output="sigmoid", seed=0), X8, Y,
                                    [np.array([i]) for i in range(8)], 0.1))  # fmt: skip
    for layers, output, y, kind in (
        ([2, 2], "sigmoid", Y, "2 sigmoid"),
        ([2, 1], "identity", Y8, "1 identity"),
    ):
        assert message(ValueError, MLP(layers, output=output).fit, X8, y, classes=[0, 1]) == (
            "classes is for classifiers with one label per sample; got [0, 1] for a network "
            f"with {kind} output(s)"
        )


def test_a_fit_that_fails_in_its_first_epoch_records_no_epoch():
    # X of 3e300 overflows the loss in epoch 1, which raises: the stopping rule's record is
    # still the one it started with (no epoch without improvement, no best loss)
    net, rule = MLP([2, 4, 1], activation="identity", output="identity", seed=0), Stopping()
    with pytest.raises(DivergedError):
        net.fit(X8 * 1e300, X8.sum(axis=1), epochs=5, stop=rule)
    assert rule.stalled == 0 and rule.best == np.inf

    class Failing:  # an optimizer of the user's whose first update raises
        def start(self, parts):
            pass

        def updates(self, grads):
            raise RuntimeError("no update")

        def epoch_end(self, samples_seen):
            pass

        def stalled(self):
            return True

    net = guide.network().fit(X8, Y8, epochs=2)
    with pytest.raises(RuntimeError, match="no update"):  # a warm start: the run goes on
        net.fit(X8, Y8, epochs=3, optimizer=Failing(), warm_start=True)
    assert net.n_iter_ == 0 and len(net.loss_curve_) == 2  # no epoch of this fit ended
