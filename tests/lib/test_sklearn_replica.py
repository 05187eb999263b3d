"""scikit-learn 1.9.1's own MLP tests (``sklearn/neural_network/tests/test_mlp.py``), rewritten.

Each test here is the counterpart of one case of scikit-learn's: it runs the
same calls (``fit``, warm starts, ``partial_fit``, ``set_params`` between them)
on an estimator and on a `Replica` of it, and compares after every call the
weights, biases, ``n_iter_``, the loss curve, the validation scores, the best
loss and the predictions (`assert_twins`), to 1e-12 or exactly; then what
scikit-learn's test asserts. The cases micromlp does not offer (sparse input,
``verbose`` printing, joblib pickling) are listed in the API reference (docs/api/index.md).
"""

import copy
import warnings

import numpy as np
import pytest
from sklearn.datasets import (
    load_digits,
    load_iris,
    make_classification,
    make_multilabel_classification,
    make_regression,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import PoissonRegressor
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import MinMaxScaler, scale

from micromlp import DivergedError, DivergenceWarning, gradcheck
from micromlp.compat import Replica, SklearnMLP
from micromlp.sklearn import Stopping

ACTIVATIONS = ["identity", "logistic", "tanh", "relu"]
quiet = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _digits(n_class):
    X, y = load_digits(n_class=n_class, return_X_y=True)
    return MinMaxScaler().fit_transform(X[:200]), y[:200]


DIGITS3, DIGITS2 = _digits(3), _digits(2)
X_REG, y_reg = make_regression(n_samples=200, n_features=10, bias=20.0, noise=100.0, random_state=7)
Y_REG = scale(y_reg)
X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_RAW_DIGITS, Y_RAW_DIGITS = load_digits(n_class=2, return_X_y=True)


def twins(estimator):
    """scikit-learn's estimator (a copy) and a Replica of it."""
    return copy.deepcopy(estimator), Replica(estimator)


def call(pair, method, *args, **kwargs):
    """The same call on both twins; the warnings each raised must be of the same kinds."""
    caught = []
    for twin in pair:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            warnings.filterwarnings("ignore", category=RuntimeWarning)  # numpy's, in sklearn's
            getattr(twin, method)(*args, **kwargs)
        caught.append(sorted({w.category.__name__ for w in seen} - {"DivergenceWarning"}))
    assert caught[0] == caught[1], f"warnings differ: {caught}"


def set_params(pair, **params):
    pair[0].set_params(**params)
    pair[1].estimator.set_params(**params)


def assert_twins(pair, X, atol=1e-12):
    """Every attribute and prediction of the two the same, to ``atol`` (0: exactly)."""
    clf, rep = pair

    def close(ours, theirs, what):
        if atol == 0:
            assert np.array_equal(ours, theirs, equal_nan=True), what
        else:
            np.testing.assert_allclose(ours, theirs, rtol=0, atol=atol, err_msg=what)

    assert rep.n_iter_ == clf.n_iter_
    for i, (ours, theirs) in enumerate(
        zip(rep.coefs_ + rep.intercepts_, clf.coefs_ + clf.intercepts_, strict=True)
    ):
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        close(ours, theirs, f"parameter {i}")
    for name in ("loss_curve_", "validation_scores_", "loss_", "best_loss_", "t_"):
        theirs = getattr(clf, name, None)
        if theirs is None:
            assert getattr(rep, name) is None, name
        else:
            close(np.asarray(getattr(rep, name), dtype=float), np.asarray(theirs, float), name)
    theirs = getattr(clf, "best_validation_score_", None)
    if theirs is not None:
        close(rep.best_validation_score_, theirs, "best_validation_score_")
    if hasattr(clf, "classes_"):
        assert np.array_equal(rep.classes_, clf.classes_)
        assert np.array_equal(rep.predict(X), clf.predict(X))
        close(rep.predict_proba(X), clf.predict_proba(X), "predict_proba")
        with np.errstate(divide="ignore"):  # scikit-learn's log of a probability of 0 warns
            close(rep.predict_log_proba(X), clf.predict_log_proba(X), "predict_log_proba")
    else:
        assert rep.predict(X).dtype == clf.predict(X).dtype
        close(rep.predict(X), clf.predict(X), "predict")
    assert rep.n_features_in_ == clf.n_features_in_


# -- test_alpha --------------------------------------------------------------


@quiet
def test_alpha():
    X, y = DIGITS2[0][:100], DIGITS2[1][:100]
    sums = []
    for alpha in (0, 1):
        pair = twins(MLPClassifier(hidden_layer_sizes=10, alpha=alpha, random_state=1))
        call(pair, "fit", X, y)
        assert_twins(pair, X)
        sums.append([np.abs(W).sum() for W in pair[1].coefs_])
    assert (np.array(sums[0]) > np.array(sums[1])).all()  # a larger alpha, smaller weights


# -- test_fit: one partial_fit from weights set by hand -------------------------


def test_fit_worked_example():
    X, y = np.array([[0.6, 0.8, 0.7]]), np.array([0])
    W = [np.array([[0.1, 0.2], [0.3, 0.1], [0.5, 0]]), np.array([[0.1], [0.2]])]
    b = [np.array([0.1, 0.1]), np.array([1.0])]
    net = SklearnMLP([3, 2, 1], activation="logistic", output="sigmoid")
    net.set_params(W, b)
    net.partial_fit(X, y, classes=[0, 1], learning_rate=0.1, alpha=0.1, shuffle=False)
    clf = MLPClassifier(
        solver="sgd", learning_rate_init=0.1, alpha=0.1, activation="logistic",
        random_state=1, max_iter=1, hidden_layer_sizes=2, momentum=0,
    )  # fmt: skip
    clf.partial_fit(X, y, classes=[0, 1])  # then the same weights, and one step again
    clf.coefs_, clf.intercepts_ = [w.copy() for w in W], [c.copy() for c in b]
    clf._optimizer = None
    del clf._optimizer
    clf.partial_fit(X, y)
    for ours, theirs in zip(net.weights + net.biases, clf.coefs_ + clf.intercepts_):
        assert np.array_equal(ours, theirs)
    # the numbers scikit-learn's test works out by hand, to its 3 decimals
    np.testing.assert_allclose(
        net.weights[0], [[0.098, 0.195756], [0.2956664, 0.096008], [0.4939998, -0.002244]],
        atol=1e-3,
    )  # fmt: skip
    np.testing.assert_allclose(net.weights[1], [[0.04706], [0.154089]], atol=1e-3)
    np.testing.assert_allclose(net.biases[0], [0.098333, 0.09626], atol=1e-3)
    np.testing.assert_allclose(net.biases[1], [0.9235], atol=1e-3)
    assert net.predict_proba(X)[0] == pytest.approx(0.739, abs=1e-3)


# -- test_gradient -------------------------------------------------------------


@quiet
@pytest.mark.parametrize("n_labels", [2, 3])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_gradient(n_labels, activation):
    rng = np.random.RandomState(seed=42)
    X = rng.rand(5, 10)
    y = 1 + np.mod(np.arange(5) + 1, n_labels)
    pair = twins(
        MLPClassifier(
            activation=activation, hidden_layer_sizes=10, solver="lbfgs", alpha=1e-5,
            learning_rate_init=0.2, max_iter=1, random_state=1,
        )
    )  # fmt: skip
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    net = pair[1].net
    assert max(gradcheck(net, X, y, alpha=1e-5).values()) < 1e-6


# -- L-BFGS ---------------------------------------------------------------------


@pytest.mark.parametrize("data", [DIGITS3, DIGITS2], ids=["three digits", "two digits"])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_lbfgs_classification(data, activation):
    X, y = data
    pair = twins(
        MLPClassifier(
            solver="lbfgs", hidden_layer_sizes=50, max_iter=150, random_state=1,
            activation=activation,
        )
    )  # fmt: skip
    call(pair, "fit", X[:150], y[:150])
    assert_twins(pair, X)
    assert pair[1].score(X[:150], y[:150]) > 0.95
    predicted = pair[1].predict(X[150:])
    assert predicted.shape == (50,) and predicted.dtype.kind == y.dtype.kind


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_lbfgs_regression(activation):
    pair = twins(
        MLPRegressor(
            solver="lbfgs", hidden_layer_sizes=50, max_iter=200, tol=1e-3, random_state=1,
            activation=activation,
        )
    )  # fmt: skip
    call(pair, "fit", X_REG, Y_REG)
    assert_twins(pair, X_REG)
    assert pair[1].score(X_REG, Y_REG) > (0.80 if activation == "identity" else 0.98)


@pytest.mark.parametrize(
    ("estimator", "data"),
    [(MLPClassifier, DIGITS3), (MLPClassifier, DIGITS2), (MLPRegressor, (X_REG, Y_REG))],
    ids=["classification, three digits", "classification, two digits", "regression"],
)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_lbfgs_maxfun(estimator, data, activation):
    pair = twins(
        estimator(
            solver="lbfgs", hidden_layer_sizes=50, max_iter=150, max_fun=10, random_state=1,
            activation=activation, tol=0.0,
        )
    )  # fmt: skip
    for twin in pair:
        with pytest.warns(ConvergenceWarning):
            twin.fit(*data)
    assert_twins(pair, data[0])
    assert pair[1].n_iter_ <= 10


# -- warm starts ---------------------------------------------------------------


@quiet
@pytest.mark.parametrize("schedule", ["invscaling", "constant"])
def test_learning_rate_warmstart(schedule):
    X, y = [[3, 2], [1, 6], [5, 6], [-2, -4]], [1, 1, 1, 0]
    pair = twins(
        MLPClassifier(
            solver="sgd", hidden_layer_sizes=4, learning_rate=schedule, max_iter=1,
            power_t=0.25, warm_start=True, random_state=0,
        )
    )  # fmt: skip
    call(pair, "fit", X, y)
    before = pair[1]._optimizer.learning_rate
    call(pair, "fit", X, y)
    assert_twins(pair, np.array(X, float))
    after = pair[1]._optimizer.learning_rate
    assert after == pair[0]._optimizer.learning_rate
    if schedule == "constant":
        assert before == after
    else:  # t_ = 8 samples seen over the two calls: the schedule continues
        assert after == 0.001 / (8 + 1) ** 0.25


@quiet
def test_warm_start_lbfgs_and_its_rule_on_classes():
    y3 = np.array([0] * 40 + [1] * 40 + [2] * 70)
    pair = twins(
        MLPClassifier(
            hidden_layer_sizes=2, solver="lbfgs", warm_start=True, random_state=42, tol=1e-2
        )
    )
    for y in (Y_IRIS, Y_IRIS, y3):
        call(pair, "fit", X_IRIS, y)
        assert_twins(pair, X_IRIS)
    others = [
        np.array([0] * 75 + [1] * 75),
        np.array([0] * 50 + [1] * 50 + [3] * 50),
        np.array([0] * 37 + [1] * 37 + [2] * 38 + [3] * 38),
        np.array([0] * 30 + [1] * 30 + [2] * 30 + [3] * 30 + [4] * 30),
    ]
    for y in others:
        pair = twins(pair[0].__class__(**pair[0].get_params()))
        call(pair, "fit", X_IRIS, Y_IRIS)
        errors = []
        for twin in pair:
            with pytest.raises(ValueError) as error:
                twin.fit(X_IRIS, y)
            errors.append(str(error.value))
        assert (
            errors[0]
            == errors[1]
            == (
                "warm_start can only be used where `y` has the same classes as in the previous "
                f"call to fit. Previously got [0 1 2], `y` has {np.unique(y)}"
            )
        )


@quiet
@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
def test_warm_start_full_iteration(estimator):
    pair = twins(
        estimator(hidden_layer_sizes=2, solver="sgd", warm_start=True, max_iter=3, random_state=0)
    )
    for _ in range(2):
        call(pair, "fit", X_IRIS, Y_IRIS)
        assert_twins(pair, X_IRIS)
        assert pair[1].n_iter_ == 3
    assert len(pair[1].loss_curve_) == 6 and pair[1].t_ == 6 * 150


@quiet
@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
def test_warm_start_with_early_stopping(estimator):
    pair = twins(estimator(max_iter=10, random_state=0, warm_start=True, early_stopping=True))
    call(pair, "fit", X_IRIS, Y_IRIS)
    assert_twins(pair, X_IRIS)
    n_scores = len(pair[1].validation_scores_)
    set_params(pair, max_iter=20)
    call(pair, "fit", X_IRIS, Y_IRIS)
    assert_twins(pair, X_IRIS)
    assert len(pair[1].validation_scores_) > n_scores


@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_warm_start_no_convergence(estimator, solver):
    pair = twins(
        estimator(
            solver=solver, warm_start=True, max_iter=10, n_iter_no_change=np.inf, random_state=0
        )
    )
    for max_iter in (10, 20):
        set_params(pair, max_iter=max_iter)
        with pytest.warns(ConvergenceWarning):
            pair[1].fit(X_IRIS, Y_IRIS)
        with pytest.warns(ConvergenceWarning):
            pair[0].fit(X_IRIS, Y_IRIS)
        assert_twins(pair, X_IRIS)
        assert pair[1].n_iter_ == max_iter


@quiet
def test_a_random_state_advances_from_fit_to_fit():
    # scikit-learn draws every fit from the estimator's RandomState, which advances; the
    # replica from its own copy, which advances alike. An int set between fits reseeds;
    # a RandomState set after an int, or after another RandomState, is copied anew.
    X, y = DIGITS2[0][:60], DIGITS2[1][:60]
    pair = twins(MLPClassifier(hidden_layer_sizes=3, max_iter=2))

    def use_state(seed):  # one RandomState each: scikit-learn's fit advances its own
        pair[0].set_params(random_state=np.random.RandomState(seed))
        pair[1].estimator.set_params(random_state=np.random.RandomState(seed))

    use_state(5)
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    first = pair[1].coefs_[0].copy()
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    assert not np.array_equal(pair[1].coefs_[0], first)  # other initial weights
    set_params(pair, random_state=0)
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    use_state(7)
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    use_state(9)  # straight from one RandomState to another
    call(pair, "fit", X, y)
    assert_twins(pair, X)


# -- multilabel, multi-output ---------------------------------------------------

X_ML, Y_ML = make_multilabel_classification(n_samples=50, random_state=0, return_indicator=True)


@quiet
def test_multilabel_classification():
    pair = twins(
        MLPClassifier(
            solver="lbfgs", hidden_layer_sizes=50, alpha=1e-5, max_iter=150, random_state=0,
            activation="logistic", learning_rate_init=0.2,
        )
    )  # fmt: skip
    call(pair, "fit", X_ML, Y_ML)
    assert_twins(pair, X_ML)
    assert pair[1].score(X_ML, Y_ML) > 0.97
    pair = twins(
        MLPClassifier(
            solver="sgd", hidden_layer_sizes=50, max_iter=150, random_state=0,
            activation="logistic", alpha=1e-5, learning_rate_init=0.2,
        )
    )  # fmt: skip
    for _ in range(100):
        call(pair, "partial_fit", X_ML, Y_ML, classes=[0, 1, 2, 3, 4])
    assert_twins(pair, X_ML)
    assert pair[1].score(X_ML, Y_ML) > 0.9
    pair = twins(MLPClassifier(early_stopping=True, random_state=0))  # not stratified
    call(pair, "fit", X_ML, Y_ML)
    assert_twins(pair, X_ML)


def test_multioutput_regression():
    X, y = make_regression(n_samples=200, n_targets=5, random_state=11)
    pair = twins(
        MLPRegressor(solver="lbfgs", hidden_layer_sizes=50, max_iter=200, tol=1e-2, random_state=1)
    )
    call(pair, "fit", X, y)
    assert_twins(pair, X, atol=1e-9)  # targets of about 300: 1e-12 relative
    assert pair[1].score(X, y) > 0.9


# -- partial_fit ----------------------------------------------------------------


def errors_of(pair, method, *args, **kwargs):
    """The error each twin raises on the same call: the same type, the same message."""
    raised = []
    for twin in pair:
        with pytest.raises(Exception) as error:
            getattr(twin, method)(*args, **kwargs)
        raised.append((type(error.value), str(error.value)))
    assert raised[0] == raised[1]
    return raised[1]


def test_partial_fit_classes_error():
    pair = twins(MLPClassifier(solver="sgd", random_state=0))
    call(pair, "partial_fit", [[3, 2]], [0], classes=[0, 1])
    kind, message = errors_of(pair, "partial_fit", [[3, 2]], [0], classes=[1, 2])
    assert issubclass(kind, ValueError) and message.startswith("`classes=[1, 2]` is not the same")


@quiet
@pytest.mark.parametrize("data", [DIGITS3, DIGITS2], ids=["three digits", "two digits"])
def test_partial_fit_classification(data):
    X, y = data
    settings = dict(solver="sgd", random_state=1, alpha=1e-5, learning_rate_init=0.2)
    pair = twins(MLPClassifier(max_iter=100, tol=0, **settings))
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    online = twins(MLPClassifier(**settings))
    for _ in range(100):
        call(online, "partial_fit", X, y, classes=np.unique(y))
    assert_twins(online, X)
    assert np.array_equal(pair[1].predict(X), online[1].predict(X))
    assert online[1].score(X, y) > 0.95


def test_partial_fit_unseen_classes():
    pair = twins(MLPClassifier(random_state=0))
    call(pair, "partial_fit", [[1], [2], [3]], ["a", "b", "c"], classes=["a", "b", "c", "d"])
    call(pair, "partial_fit", [[4]], ["d"])
    assert_twins(pair, np.array([[1.0], [2.0], [3.0], [4.0]]))
    assert pair[1].score([[1], [2], [3], [4]], ["a", "b", "c", "d"]) > 0


@quiet
@pytest.mark.parametrize("momentum", [0, 0.9])
def test_partial_fit_regression(momentum):
    settings = dict(
        solver="sgd", activation="relu", learning_rate_init=0.01, random_state=1,
        batch_size=len(X_REG), momentum=momentum,
    )  # fmt: skip
    pair = twins(MLPRegressor(max_iter=100, **settings))
    call(pair, "fit", X_REG, Y_REG)
    online = twins(MLPRegressor(**settings))
    for _ in range(100):
        call(online, "partial_fit", X_REG, Y_REG)
    assert_twins(pair, X_REG)
    assert_twins(online, X_REG)
    np.testing.assert_allclose(online[1].predict(X_REG), pair[1].predict(X_REG), rtol=1e-7)
    assert online[1].score(X_REG, Y_REG) > 0.65


def test_partial_fit_errors():
    pair = twins(MLPClassifier(solver="sgd"))
    kind, message = errors_of(pair, "partial_fit", [[3, 2], [1, 6]], [1, 0], classes=[2])
    assert kind is ValueError and message == (
        "`y` has classes not in `self.classes_`. `self.classes_` has [2]. 'y' has [0 1]."
    )
    assert not hasattr(MLPClassifier(solver="lbfgs"), "partial_fit")
    with pytest.raises(AttributeError, match="lbfgs is not stochastic"):
        Replica(MLPClassifier(solver="lbfgs")).partial_fit([[3, 2]], [1], classes=[0, 1])


@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
def test_partial_fit_after_fit_with_early_stopping(estimator):
    pair = twins(estimator(early_stopping=True, random_state=0, max_iter=20))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        call(pair, "fit", X_IRIS, Y_IRIS)
    assert errors_of(pair, "partial_fit", X_IRIS, Y_IRIS) == (
        ValueError,
        "partial_fit does not support early_stopping=True",
    )


# -- divergence -------------------------------------------------------------------


def test_nonfinite_params():
    rng = np.random.RandomState(0)
    X = np.finfo(np.float64).max * rng.uniform(size=(10, 2))
    y = rng.standard_normal(size=10)
    with pytest.raises(ValueError, match="non-finite parameter weights"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        MLPRegressor(random_state=0).fit(X, y)
    with pytest.raises(DivergedError) as error:  # a ValueError that names the cause: X
        Replica(MLPRegressor(random_state=0)).fit(X, y)
    assert "the loss was infinite or NaN before any step: X is too large" in str(error.value)


def test_mlp_diverging_loss():
    pair = twins(
        MLPRegressor(
            hidden_layer_sizes=100, activation="identity", solver="sgd", alpha=0.0001,
            learning_rate="constant", learning_rate_init=1, max_iter=20, early_stopping=True,
            n_iter_no_change=10, random_state=0,
        )
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pair[0].fit(X_IRIS, Y_IRIS)
    diverging = pytest.warns(DivergenceWarning, match=r"diverged in epoch \d+: .*learning rate")
    with diverging, pytest.warns(ConvergenceWarning):
        pair[1].fit(X_IRIS, Y_IRIS)
    assert_twins(pair, X_IRIS, atol=0)
    assert np.isnan(pair[1].validation_scores_[-1])
    assert isinstance(pair[1].validation_scores_[-1], float)


def test_a_divergence_warning_is_reported_at_the_line_that_called_micromlp():
    # from stop_or_warn, which training.fit calls (test_compat checks the other warnings)
    net = Replica(MLPClassifier(random_state=0)).partial_fit(X_IRIS, Y_IRIS, classes=[0, 1, 2]).net
    with pytest.warns(DivergenceWarning) as caught:
        net.fit(
            X_IRIS, Y_IRIS, epochs=3, learning_rate=1e6, stop=Stopping(validation=(X_IRIS, Y_IRIS))
        )
    assert {w.filename for w in caught} == {__file__}


# -- probabilities ----------------------------------------------------------------


@quiet
def test_predict_proba_binary():
    X, y = DIGITS2[0][:50], DIGITS2[1][:50]
    pair = twins(MLPClassifier(hidden_layer_sizes=5, activation="logistic", random_state=1))
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    proba = pair[1].predict_proba(X)
    assert proba.shape == (50, 2)
    assert np.array_equal(pair[1].predict_log_proba(X), np.log(proba))
    order = np.argsort(proba[:, 1])  # every 1 ranked above every 0: an ROC AUC of 1
    assert (np.diff(y[order]) >= 0).all()


@quiet
def test_predict_proba_multiclass():
    X, y = DIGITS3[0][:10], DIGITS3[1][:10]
    pair = twins(MLPClassifier(hidden_layer_sizes=5, random_state=0))
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    assert pair[1].predict_proba(X).shape == (10, len(np.unique(y)))


def test_predict_proba_multilabel():
    pair = twins(MLPClassifier(solver="lbfgs", hidden_layer_sizes=30, random_state=0))
    call(pair, "fit", X_ML, Y_ML)
    assert_twins(pair, X_ML)
    proba = pair[1].predict_proba(X_ML)
    assert proba.shape == Y_ML.shape and np.array_equal(proba > 0.5, Y_ML)
    assert ((proba.sum(axis=1) - 1) ** 2).sum() > 1e-10  # no softmax: rows need not sum to 1


@quiet
def test_predict_two_labels():
    # two sigmoid units (a multilabel matrix of two columns): predict decodes both columns,
    # as one sigmoid unit's single column is decoded alone
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] + X[:, 2] > 0]).astype(int)
    pair = twins(MLPClassifier(hidden_layer_sizes=(6,), max_iter=30, random_state=1))
    call(pair, "fit", X, Y)
    assert_twins(pair, X)
    predicted = pair[1].predict(X)
    assert predicted.shape == (60, 2) and set(np.unique(predicted)) <= {0, 1}


@quiet
def test_predict_log_proba_of_a_certain_class_is_minus_inf_without_a_warning():
    X, y = DIGITS2[0][:50], DIGITS2[1][:50]
    pair = twins(MLPClassifier(hidden_layer_sizes=5, max_iter=5, random_state=1))
    call(pair, "fit", X, y)
    for twin in pair:  # an output bias of 1000: expit gives 1.0 exactly, 1 - 1.0 is 0
        twin.intercepts_[-1][:] = 1000.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's "divide by zero in log" may not escape
        log_proba = pair[1].predict_log_proba(X)
    assert (log_proba[:, 0] == -np.inf).all() and (log_proba[:, 1] == 0.0).all()
    with np.errstate(divide="ignore"):  # scikit-learn's log of 0 warns
        assert np.array_equal(log_proba, pair[0].predict_log_proba(X))


# -- settings ---------------------------------------------------------------------


@quiet
def test_shuffle():
    X, y = make_regression(n_samples=50, n_features=5, n_targets=1, random_state=0)
    coefs = {}
    for shuffle in (True, False):
        pair = twins(
            MLPRegressor(
                hidden_layer_sizes=1, max_iter=1, batch_size=1, random_state=0, shuffle=shuffle
            )
        )
        call(pair, "fit", X, y)
        assert_twins(pair, X)
        coefs[shuffle] = pair[1].coefs_[0]
    assert not np.array_equal(coefs[True], coefs[False])


def test_tolerance():
    pair = twins(MLPClassifier(tol=0.5, max_iter=3000, solver="sgd", random_state=0))
    call(pair, "fit", [[3, 2], [1, 6]], [1, 0])
    assert_twins(pair, np.array([[3.0, 2.0], [1.0, 6.0]]))
    assert pair[1].n_iter_ < 3000


def test_adaptive_learning_rate():
    pair = twins(
        MLPClassifier(
            tol=0.5, max_iter=3000, solver="sgd", learning_rate="adaptive", random_state=0
        )
    )
    call(pair, "fit", [[3, 2], [1, 6]], [1, 0])
    assert_twins(pair, np.array([[3.0, 2.0], [1.0, 6.0]]))
    assert pair[1].n_iter_ < 3000
    assert pair[1]._optimizer.learning_rate == pair[0]._optimizer.learning_rate < 1e-6


@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
@pytest.mark.parametrize("early_stopping", [True, False])
def test_early_stopping(estimator, early_stopping):
    X, y = DIGITS2[0][:100], DIGITS2[1][:100]
    pair = twins(
        estimator(
            tol=0.2, max_iter=3000, solver="sgd", early_stopping=early_stopping, random_state=0
        )
    )
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    rep = pair[1]
    assert rep.n_iter_ < 3000
    if early_stopping:
        assert rep.best_loss_ is None and isinstance(rep.validation_scores_, list)
        assert max(rep.validation_scores_) == rep.best_validation_score_
        assert rep.best_validation_score_ + 0.2 > max(rep.validation_scores_[-2:])
    else:
        assert rep.validation_scores_ is None and rep.best_validation_score_ is None
        assert rep.best_loss_ is not None


@pytest.mark.parametrize("n_iter_no_change", [2, 5, 10, 50, 100])
def test_n_iter_no_change(n_iter_no_change):
    X, y = DIGITS2[0][:100], DIGITS2[1][:100]
    pair = twins(
        MLPClassifier(
            tol=0.01, max_iter=3000, solver="sgd", n_iter_no_change=n_iter_no_change,
            random_state=0,
        )
    )  # fmt: skip
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    assert pair[1]._no_improvement_count == pair[0]._no_improvement_count == n_iter_no_change + 1
    assert pair[1].n_iter_ < 3000


@quiet
def test_n_iter_no_change_inf():
    X, y = DIGITS2[0][:100], DIGITS2[1][:100]
    pair = twins(
        MLPClassifier(tol=1e9, max_iter=300, solver="sgd", n_iter_no_change=np.inf, random_state=0)
    )  # max_iter 300 where scikit-learn's test runs 3000: the same rule, a tenth of the time
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    assert pair[1].n_iter_ == 300
    assert pair[1]._no_improvement_count == pair[0]._no_improvement_count == 299


def test_early_stopping_stratified():
    pair = twins(MLPClassifier(early_stopping=True, random_state=0))
    kind, message = errors_of(pair, "fit", [[1, 2], [2, 3], [3, 4], [4, 5]], [0, 0, 0, 1])
    assert issubclass(kind, ValueError)
    assert "Classes with too few members are: ['True']" in message


def test_early_stopping_string_labels():
    X, y = make_classification(
        n_samples=200, n_features=10, n_classes=3, n_informative=5, random_state=42
    )
    y = np.array(["class_a", "class_b", "class_c"], dtype=object)[y]
    pair = twins(MLPClassifier(early_stopping=True, max_iter=50, random_state=42))
    call(pair, "fit", X, y)
    assert_twins(pair, X)
    assert len(pair[1].validation_scores_) == pair[1].n_iter_
    assert np.isfinite(pair[1].validation_scores_).all()


@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
def test_one_class_with_early_stopping(estimator):
    # scikit-learn's test_preserve_feature_names fits a pandas DataFrame (its feature names are
    # test_preserve_feature_names's, below); what it trains on is this: one class, early stopping
    X = np.random.RandomState(0).randn(10, 2)
    pair = twins(estimator(early_stopping=True, validation_fraction=0.2, random_state=0))
    call(pair, "fit", X, np.full(10, 1))
    assert_twins(pair, X)
    if estimator is MLPClassifier:
        assert pair[1].classes_.tolist() == [1] and (pair[1].predict(X) == 1).all()


def test_minimum_input_sample_size():
    X, y = make_regression(n_samples=2, n_features=5, random_state=0)
    model = MLPRegressor(early_stopping=True, random_state=0)
    with pytest.raises(ValueError, match="The validation set is too small") as theirs:
        copy.deepcopy(model).fit(X, y)
    with pytest.raises(ValueError) as ours:
        Replica(model).fit(X, y)
    assert (
        str(ours.value)
        == (  # scikit-learn's message, and what the split left
            str(theirs.value)[:-1] + " (validation_fraction=0.1 leaves 1 of 2 samples)."
        )
    )


# -- sample weights and the Poisson loss ------------------------------------------------


def test_sample_weight_with_early_stopping():
    X, y = make_regression(n_samples=100, n_features=2, n_informative=2, random_state=42)
    settings = dict(
        hidden_layer_sizes=10, solver="adam", early_stopping=True, tol=1e-2,
        learning_rate_init=0.01, batch_size=10, random_state=42,
    )  # fmt: skip
    weighted, plain = twins(MLPRegressor(**settings)), twins(MLPRegressor(**settings))
    call(weighted, "fit", X, y, sample_weight=np.ones_like(y))
    call(plain, "fit", X, y)
    assert_twins(weighted, X, atol=1e-10)  # targets of about 100
    assert_twins(plain, X, atol=1e-10)
    np.testing.assert_allclose(weighted[1].predict(X), plain[1].predict(X), rtol=1e-12)


@quiet
@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
def test_uneven_sample_weights_with_early_stopping(estimator):
    # Weights of 0.2 to 3 (the test above weighs every sample 1, as no weights do): they
    # follow the samples into both parts of the split, weigh the training loss and the
    # validation score (accuracy or R^2) alike, and then the score of the fitted model
    X, y = DIGITS2[0][:100], DIGITS2[1][:100]
    w = np.random.RandomState(3).uniform(0.2, 3.0, 100)
    settings = dict(hidden_layer_sizes=5, early_stopping=True, max_iter=15, random_state=0)
    weighted, plain = twins(estimator(**settings)), twins(estimator(**settings))
    call(weighted, "fit", X, y, sample_weight=w)
    call(plain, "fit", X, y)
    assert_twins(weighted, X)
    assert weighted[1].validation_scores_[0] != plain[1].validation_scores_[0]
    clf, rep = weighted
    assert rep.score(X, y, sample_weight=w) == clf.score(X, y, sample_weight=w)
    assert rep.score(X, y, sample_weight=w) != rep.score(X, y)


def test_partial_fit_with_sample_weights():
    X, y = DIGITS2[0][:100], DIGITS2[1][:100]
    w = np.random.RandomState(4).uniform(0.2, 3.0, 100)
    weighted = twins(MLPClassifier(hidden_layer_sizes=5, random_state=0))
    plain = twins(MLPClassifier(hidden_layer_sizes=5, random_state=0))
    for part in (slice(0, 50), slice(50, 100)):
        call(weighted, "partial_fit", X[part], y[part], sample_weight=w[part], classes=[0, 1])
        call(plain, "partial_fit", X[part], y[part], classes=[0, 1])
        assert_twins(weighted, X)
    assert weighted[1].loss_curve_[0] != plain[1].loss_curve_[0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_poisson_loss_equals_the_glm(seed):
    rng = np.random.default_rng(seed)
    X = np.linspace(0, 1, 100)
    y = rng.poisson(np.exp(X + 1))
    X = X.reshape(100, -1)
    glm = PoissonRegressor(alpha=0, tol=1e-7).fit(X, y)
    common = dict(hidden_layer_sizes=(1,), activation="identity", alpha=0, solver="lbfgs")
    for loss in ("poisson", "squared_error"):
        pair = twins(
            MLPRegressor(
                loss=loss, tol=1e-7, random_state=np.random.RandomState(seed + 1), **common
            )
        )
        call(pair, "fit", X, y)
        assert_twins(pair, X)
        same = np.allclose(pair[1].predict(X), glm.predict(X), rtol=1e-4)
        assert same == (loss == "poisson")  # the identity output is no log link


# -- float32: trained in float32, as scikit-learn does --------------------------------


def _dtype_settings(max_iter, tol):
    return dict(alpha=1e-5, hidden_layer_sizes=(5, 3), random_state=1, max_iter=max_iter, tol=tol)


@quiet
@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_mlp_param_dtypes(dtype, estimator):
    X, y = X_RAW_DIGITS.astype(dtype), Y_RAW_DIGITS
    pair = twins(estimator(**_dtype_settings(50, 1e-1)))
    call(pair, "fit", X[:300], y[:300])
    assert_twins(pair, X[300:], atol=0)  # exactly, dtypes included
    rep = pair[1]
    assert all(W.dtype == dtype for W in rep.coefs_ + rep.intercepts_)
    if estimator is MLPRegressor:
        assert rep.predict(X[300:]).dtype == dtype


@quiet
@pytest.mark.parametrize(
    "estimator, max_iter, tol", [(MLPClassifier, 100, 1e-1), (MLPRegressor, 150, 1e-3)]
)
def test_mlp_dtypes_casting(estimator, max_iter, tol):
    # scikit-learn's test_mlp_classifier_dtypes_casting and test_mlp_regressor_dtypes_casting
    X, y = X_RAW_DIGITS, Y_RAW_DIGITS
    fitted = {}
    for dtype in (np.float64, np.float32):
        pair = twins(estimator(**_dtype_settings(max_iter, tol)))
        call(pair, "fit", X[:300].astype(dtype), y[:300])
        assert_twins(pair, X[300:].astype(dtype), atol=0)
        fitted[dtype] = pair[1]
    X_test = X[300:]
    ours64, ours32 = fitted[np.float64], fitted[np.float32]
    if estimator is MLPClassifier:
        assert np.array_equal(ours64.predict(X_test), ours32.predict(X_test.astype(np.float32)))
        np.testing.assert_allclose(
            ours64.predict_proba(X_test), ours32.predict_proba(X_test.astype(np.float32)), rtol=1e-2
        )
    else:
        np.testing.assert_allclose(
            ours64.predict(X_test), ours32.predict(X_test.astype(np.float32)), rtol=5e-4
        )


@quiet
# Once in a full run (mutmut's first pass, session 5), scikit-learn's float32 predict (its
# own code, finite weights and X) raised "invalid value encountered in matmul": OpenBLAS
# has left that flag set in products of finite numbers before (numpy issues 13173 and
# 24067, float64, fixed in OpenBLAS). micromlp's predict runs under np.errstate and cannot
# warn; the values of both are still compared below.
@pytest.mark.filterwarnings("ignore:invalid value encountered in matmul:RuntimeWarning")
@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
@pytest.mark.parametrize("targets", ["binary", "multiclass", "int", "float32"])
def test_float32_every_solver_exactly(solver, targets):
    # the paths float32 takes through scikit-learn: boolean targets (float32 deltas, float64
    # log losses), integer or float64 regression targets (float64 deltas), float32 targets
    X = X_RAW_DIGITS[:150].astype(np.float32) / 16
    y = {
        "binary": Y_RAW_DIGITS[:150],
        "multiclass": DIGITS3[1][:150],
        "int": Y_RAW_DIGITS[:150] * 3,
        "float32": (Y_RAW_DIGITS[:150] * 3).astype(np.float32),
    }[targets]
    estimator = MLPClassifier if targets in ("binary", "multiclass") else MLPRegressor
    settings = dict(solver=solver, hidden_layer_sizes=(5,), random_state=0, max_iter=20)
    for early_stopping in (False, True) if solver != "lbfgs" else (False,):
        pair = twins(estimator(**settings, early_stopping=early_stopping))
        call(pair, "fit", X, y)
        assert_twins(pair, X, atol=0)
        # scipy's L-BFGS hands back float64 parameters, and scikit-learn keeps them
        assert pair[1].coefs_[0].dtype == (np.float64 if solver == "lbfgs" else np.float32)
    if solver != "lbfgs":  # partial_fit keeps float32 too
        pair = twins(estimator(**settings))
        classes = {"classes": np.unique(y)} if estimator is MLPClassifier else {}
        for part in (slice(0, 75), slice(75, 150)):
            call(pair, "partial_fit", X[part], y[part], **classes)
            assert_twins(pair, X, atol=0)


@quiet
@pytest.mark.parametrize("targets", ["float64, not whole", "int, weighted"])
def test_float32_validation_scores_exactly(targets):
    # scikit-learn scores R^2 in float32 only for integer targets without weights (as
    # test_float32_every_solver_exactly's "int"); float64 targets, or float64 weights, make
    # it float64, and the validation scores must match to the last bit either way
    X = X_RAW_DIGITS[:150].astype(np.float32) / 16
    y, w = (
        (Y_RAW_DIGITS[:150] * 0.7, None)
        if targets == "float64, not whole"
        else (Y_RAW_DIGITS[:150] * 3, np.linspace(0.5, 2.0, 150))
    )
    settings = dict(hidden_layer_sizes=(5,), random_state=0, max_iter=20, early_stopping=True)
    pair = twins(MLPRegressor(**settings))
    call(pair, "fit", X, y, sample_weight=w)
    assert_twins(pair, X, atol=0)


@quiet
def test_float32_with_float64_sample_weights_bit_exact():
    # scikit-learn divides the bias gradients by the float64 sum of the weights (new float64
    # arrays) and the weight gradients in place (float32): it updates each array in its
    # gradient's type. micromlp's loop updates float32 weights and biases as two parts, so
    # it gives the same bits (one float64 vector did not: up to 15 ulps after 20 epochs).
    X = X_RAW_DIGITS[:150].astype(np.float32) / 16
    y = Y_RAW_DIGITS[:150]
    w = np.linspace(0.5, 2.0, 150)
    for solver in ("sgd", "adam"):
        for weights in (w, w.astype(np.float32)):
            model = MLPClassifier(
                solver=solver, hidden_layer_sizes=(5,), random_state=0, max_iter=20
            )
            pair = twins(model)
            call(pair, "fit", X, y, sample_weight=weights)
            assert_twins(pair, X, atol=0)
            assert pair[0].intercepts_[0].dtype == np.float32


def test_lbfgs_on_float32_leaves_a_float64_network():
    # scipy returns float64 parameters (scikit-learn's too): the network's dtype says so,
    # so that set_params(get_params()) does not round them to float32
    X = X_RAW_DIGITS[:60].astype(np.float32) / 16
    model = MLPClassifier(solver="lbfgs", hidden_layer_sizes=(4,), max_iter=5, random_state=0)
    with pytest.warns(ConvergenceWarning):  # 5 iterations
        net = Replica(model).fit(X, Y_RAW_DIGITS[:60]).net
    assert net.dtype == "float64" and net.weights[0].dtype == np.float64
    weights, biases = net.get_params()
    net.set_params(*net.get_params())
    for ours, kept in zip(net.weights + net.biases, weights + biases, strict=True):
        assert ours.dtype == np.float64 and np.array_equal(ours, kept)


# -- feature names -----------------------------------------------------------------


class _Frame(np.ndarray):
    """An array with column names: what scikit-learn reads from a DataFrame (no pandas here)."""

    columns = ("colname_a", "colname_b")


@pytest.fixture
def frames(monkeypatch):
    """scikit-learn's feature-name reader, taught to read `_Frame` (it reads DataFrames only)."""
    import sklearn.utils.validation as validation

    read = validation._get_feature_names

    def names(X):
        return np.asarray(X.columns, dtype=object) if isinstance(X, _Frame) else read(X)

    monkeypatch.setattr(validation, "_get_feature_names", names)
    return lambda X: np.asarray(X).view(_Frame)


@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
def test_preserve_feature_names(estimator, frames):
    X = frames(np.random.RandomState(0).randn(10, 2))
    y = np.full(10, 1)
    pair = twins(estimator(early_stopping=True, validation_fraction=0.2, random_state=0))
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # no warning about names while fitting
        call(pair, "fit", X, y)
    assert pair[1].feature_names_in_.tolist() == ["colname_a", "colname_b"]
    assert np.array_equal(pair[1].feature_names_in_, pair[0].feature_names_in_)
    assert_twins(pair, X)  # the same names: no warning
    messages = []
    for twin in pair:
        with pytest.warns(UserWarning) as seen:
            twin.predict(np.asarray(X))
        messages.append([str(w.message) for w in seen])
    assert messages[0] == messages[1] and "does not have valid feature names" in messages[0][0]


class _Renamed(_Frame):
    columns = ("colname_a", "colname_d")


def test_predict_checks_the_names_of_a_frame(frames):
    X = frames(np.random.RandomState(5).uniform(-1, 1, size=(20, 2)))
    y = (np.asarray(X)[:, 0] > 0).astype(int)
    pair = twins(MLPClassifier(hidden_layer_sizes=(4,), max_iter=5, random_state=0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        call(pair, "fit", X, y)
    messages = []
    for twin in pair:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the same names: no warning
            predicted = twin.predict(X)
        with pytest.raises(ValueError) as error:  # other names: scikit-learn's error
            twin.predict(np.asarray(X).view(_Renamed))
        messages.append((predicted.tolist(), str(error.value)))
    assert messages[0] == messages[1]
    assert "Feature names unseen at fit time:\n- colname_d" in messages[1][1]


def test_no_feature_names_without_a_frame():
    X, y = DIGITS2[0][:50], DIGITS2[1][:50]
    pair = twins(MLPClassifier(hidden_layer_sizes=5, max_iter=5, random_state=1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        call(pair, "fit", X, y)
    assert pair[1].n_features_in_ == 64
    assert not hasattr(pair[1], "feature_names_in_") and not hasattr(pair[0], "feature_names_in_")
    with pytest.raises(AttributeError) as error:
        Replica(MLPRegressor()).predict_proba(X)
    assert str(error.value) == "predict_proba is for classifiers; an MLPRegressor has none"


# -- what is not offered (listed in the API reference) ------------------------------


def test_not_offered_sparse_is_a_clear_error_verbose_prints_nothing(capsys):
    import scipy.sparse

    X, y = DIGITS2[0][:50], DIGITS2[1][:50]
    model = MLPClassifier(hidden_layer_sizes=5, max_iter=2, random_state=1, verbose=10)
    with pytest.raises(TypeError) as error:
        Replica(model).fit(scipy.sparse.csr_matrix(X), y)
    assert str(error.value) == (
        "X must be a dense array (micromlp takes no sparse matrices); got csr_matrix"
    )
    with pytest.warns(ConvergenceWarning):
        Replica(model).fit(X, y)
    assert capsys.readouterr().out == ""
