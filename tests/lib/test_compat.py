"""micromlp.compat.fit_like_sklearn reproduces MLPClassifier/MLPRegressor.fit number for number."""

import copy
import subprocess
import sys
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor

from micromlp import MLP, DivergedError, golf_split, guide, make_dataset
from micromlp.compat import SklearnMLP, fit_like_sklearn

GUIDE = guide.SKLEARN_SETTINGS
SGD = {"solver": "sgd", "random_state": 1}


def data(name):
    """Small datasets, so that every parity test runs in a fraction of a second."""
    rng = np.random.default_rng(0)
    if name == "golf":
        return golf_split()[:2]
    if name.startswith("circles"):  # two classes: 0/1, 3/8 or words
        X, y = make_dataset(203, kind="circles", seed=7)
        labels = {"circles": y, "circles 3/8": np.where(y == 1, 8, 3)}
        return X, labels.get(name, np.where(y == 1, "in", "out"))
    if name.startswith("iris"):  # three classes, string labels
        iris = load_iris()
        y = iris.target_names[iris.target]
        return iris.data, y[:, None] if name == "iris column" else y
    X = rng.normal(size=(120, 3))
    if name.startswith("multilabel"):  # independent labels, a 0/1 indicator matrix
        Y = (rng.random((120, 4)) < 0.4).astype(int)
        return X, Y[:, :2] if name == "multilabel 2" else Y
    Y = np.column_stack([np.sin(X[:, 0]), X[:, 1] * X[:, 2], X.sum(axis=1)])
    return (X, Y[:, 0]) if name == "regression1" else (X, Y)


def both(estimator, X, y):
    """scikit-learn's fit and ours, from the same unfitted estimator; warnings compared."""
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        fitted = copy.deepcopy(estimator).fit(X, y)
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        net = fit_like_sklearn(estimator, X, y)
    assert [w.category for w in ours] == [w.category for w in theirs]
    return fitted, net


def assert_same_fit(clf, net, X, atol=1e-12):
    assert net.n_iter_ == clf.n_iter_
    if hasattr(clf, "loss_curve_"):
        np.testing.assert_allclose(net.loss_curve_, clf.loss_curve_, rtol=0, atol=atol)
    for ours, theirs in zip(net.weights + net.biases, clf.coefs_ + clf.intercepts_, strict=True):
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=atol)
    if net.is_classifier:
        np.testing.assert_array_equal(net.classes_, clf.classes_)
        assert np.array_equal(net.predict(X), clf.predict(X))
        proba = clf.predict_proba(X)
        proba = proba[:, 1] if net.n_outputs == 1 else proba
        np.testing.assert_allclose(net.predict_proba(X), proba, rtol=0, atol=atol)
    else:
        np.testing.assert_allclose(net.predict(X), clf.predict(X), rtol=0, atol=atol)


def test_golf_with_the_guides_settings():
    X, y, X_test, _ = golf_split()
    labels = np.where(y == 1, 1, -1)  # the source's +1/-1 labels
    clf, net = both(MLPClassifier(**GUIDE), X, labels)
    assert_same_fit(clf, net, X_test)
    assert net.n_iter_ == 423 < GUIDE["max_iter"]  # the stopping rule fired
    assert net.classes_.tolist() == [-1, 1]


CASES = {
    # name: (estimator, dataset)
    "three classes, string labels": (
        MLPClassifier(hidden_layer_sizes=(5,), max_iter=50, learning_rate_init=0.01, **SGD),
        "iris",
    ),
    "labels 3 and 8": (MLPClassifier(hidden_layer_sizes=(4,), max_iter=30, **SGD), "circles 3/8"),
    "multilabel indicator": (
        MLPClassifier(hidden_layer_sizes=(6,), max_iter=30, **SGD), "multilabel"
    ),
    "partial last batch, alpha, no shuffle": (
        MLPClassifier(
            hidden_layer_sizes=(5, 3), batch_size=32, alpha=0.01, momentum=0, shuffle=False,
            max_iter=30, **SGD,
        ),
        "circles",
    ),
    "regressor, one output": (
        MLPRegressor(hidden_layer_sizes=(8,), max_iter=40, learning_rate_init=0.01, **SGD),
        "regression1",
    ),
    "regressor, three outputs, tanh": (
        MLPRegressor(
            hidden_layer_sizes=(8,), activation="tanh", max_iter=40, learning_rate_init=0.01,
            batch_size=50, alpha=0.1, **SGD,
        ),
        "regression3",
    ),
    "momentum, classical": (
        MLPClassifier(hidden_layer_sizes=(5,), nesterovs_momentum=False, max_iter=30, **SGD),
        "circles",
    ),
    "momentum, Nesterov (the sgd default)": (
        MLPClassifier(hidden_layer_sizes=(5,), momentum=0.5, max_iter=30, **SGD),
        "iris",
    ),
    "invscaling": (
        MLPRegressor(
            hidden_layer_sizes=(5,), learning_rate="invscaling", learning_rate_init=0.05,
            power_t=0.3, max_iter=30, **SGD,
        ),
        "regression3",
    ),
    "adaptive": (
        MLPClassifier(
            hidden_layer_sizes=(5,), learning_rate="adaptive", tol=1e-2, n_iter_no_change=2,
            max_iter=80, **SGD,
        ),
        "circles",
    ),
    "adam, the default estimator": (MLPClassifier(random_state=0), "golf"),
    "adam, logistic, betas": (
        MLPRegressor(
            hidden_layer_sizes=(6,), activation="logistic", beta_1=0.8, beta_2=0.99,
            epsilon=1e-6, max_iter=30, random_state=3,
        ),
        "regression3",
    ),
    "early stopping, binary": (
        MLPClassifier(
            hidden_layer_sizes=(5,), early_stopping=True, validation_fraction=0.2, max_iter=80,
            **SGD,
        ),
        "circles",
    ),
    "early stopping, three classes": (
        MLPClassifier(hidden_layer_sizes=(5,), early_stopping=True, max_iter=80, random_state=2),
        "iris",
    ),
    "early stopping, multilabel": (
        MLPClassifier(hidden_layer_sizes=(6,), early_stopping=True, max_iter=40, random_state=2),
        "multilabel",
    ),
    "early stopping, regressor": (
        MLPRegressor(hidden_layer_sizes=(8,), early_stopping=True, max_iter=60, random_state=2),
        "regression3",
    ),
    "random_state as a RandomState": (
        MLPClassifier(hidden_layer_sizes=(5,), max_iter=20, random_state=np.random.RandomState(5)),
        "circles",
    ),
    "hidden_layer_sizes as an int": (
        MLPClassifier(hidden_layer_sizes=4, max_iter=20, **SGD), "iris"
    ),
    "adam, its own learning rate": (
        MLPClassifier(
            hidden_layer_sizes=(5,), learning_rate_init=0.01, max_iter=20, random_state=3
        ),
        "circles",
    ),
    "multilabel, two labels": (
        MLPClassifier(hidden_layer_sizes=(6,), max_iter=20, **SGD), "multilabel 2"
    ),
    "a column of three classes": (
        MLPClassifier(hidden_layer_sizes=(5,), max_iter=20, **SGD), "iris column"
    ),
    "a batch of all the data": (
        MLPClassifier(hidden_layer_sizes=(5,), batch_size=203, max_iter=20, **SGD),
        "circles",
    ),
    "a batch larger than the data": (
        MLPClassifier(hidden_layer_sizes=(5,), batch_size=500, max_iter=20, **SGD),
        "circles",
    ),
    "early stopping, two validation samples": (
        MLPRegressor(
            hidden_layer_sizes=(8,), early_stopping=True, validation_fraction=0.015, max_iter=30,
            random_state=2,
        ),
        "regression1",
    ),
    "early stopping, string labels, tol 0": (
        MLPClassifier(
            hidden_layer_sizes=(3,), early_stopping=True, tol=0.0, n_iter_no_change=3,
            max_iter=200, **SGD,
        ),
        "circles in/out",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_parity(name):
    estimator, dataset = CASES[name]
    X, y = data(dataset)
    clf, net = both(estimator, X, y)
    assert_same_fit(clf, net, X)
    if estimator.early_stopping:
        np.testing.assert_allclose(net.validation_scores_, clf.validation_scores_, atol=1e-12)
        assert net.best_validation_score_ == pytest.approx(clf.best_validation_score_, abs=1e-12)
    elif estimator.solver != "lbfgs":
        assert net.best_loss_ == pytest.approx(clf.best_loss_, abs=1e-12)


def test_sample_weight_and_network_are_passed_on():
    X, y = data("circles")
    w = np.random.default_rng(1).uniform(0.2, 3.0, len(y))
    estimator = MLPClassifier(hidden_layer_sizes=(4,), max_iter=10, **SGD)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = copy.deepcopy(estimator).fit(X, y, sample_weight=w)
        ours = fit_like_sklearn(estimator, X, y, sample_weight=w)
        guides = fit_like_sklearn(estimator, X, y, network=MLP)
    assert_same_fit(theirs, ours, X)
    assert type(ours) is SklearnMLP and type(guides) is MLP


def test_random_state_is_not_advanced():
    X, y = data("circles")
    state = np.random.RandomState(5)
    before = state.get_state()[1].copy()
    estimator = MLPClassifier(hidden_layer_sizes=(3,), max_iter=2, random_state=state)
    with pytest.warns(ConvergenceWarning, match=r"Maximum iterations \(2\) reached"):
        fit_like_sklearn(estimator, X, y)
    assert np.array_equal(state.get_state()[1], before)


@pytest.mark.parametrize(
    ("dataset", "estimator", "atol"),
    [
        # every output, bit for bit: SklearnMLP calls scipy's expit and xlogy, as scikit-learn
        ("iris", MLPClassifier(hidden_layer_sizes=(5,), solver="lbfgs", max_iter=200), 0.0),
        ("regression3", MLPRegressor(hidden_layer_sizes=(8,), solver="lbfgs", max_iter=200), 0.0),
        ("circles", MLPClassifier(hidden_layer_sizes=(5,), solver="lbfgs", max_iter=20), 0.0),
    ],
)
def test_lbfgs(dataset, estimator, atol):
    X, y = data(dataset)
    clf, net = both(estimator.set_params(random_state=0), X, y)
    assert_same_fit(clf, net, X, atol=atol)
    assert net.loss_ == pytest.approx(clf.loss_, abs=max(atol, 1e-15))


def message(error, call, *args, **kwargs):
    """The message of the ``error`` that ``call(*args, **kwargs)`` must raise."""
    with pytest.raises(error) as raised:
        call(*args, **kwargs)
    return str(raised.value)


def test_random_state_none_is_numpys_global_state():
    X, y, _, _ = golf_split()
    estimator = MLPClassifier(hidden_layer_sizes=(3,), max_iter=5)  # random_state=None
    np.random.seed(3)
    with pytest.warns(ConvergenceWarning):
        ours = fit_like_sklearn(estimator, X, y)
    np.random.seed(3)
    with pytest.warns(ConvergenceWarning):
        theirs = copy.deepcopy(estimator).fit(X, y)
    assert_same_fit(theirs, ours, X)


def test_float32_is_trained_in_float32():
    X, y, _, _ = golf_split()
    estimator = MLPClassifier(hidden_layer_sizes=(3, 2), max_iter=20, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = fit_like_sklearn(estimator, X.astype(np.float32), y)
        theirs = copy.deepcopy(estimator).fit(X.astype(np.float32), y)
    for W, coef in zip(ours.weights + ours.biases, theirs.coefs_ + theirs.intercepts_):
        assert W.dtype == coef.dtype == np.float32 and np.array_equal(W, coef)
    assert ours.loss_curve_ == theirs.loss_curve_


def test_bad_estimator_and_data():
    X, y, _, _ = golf_split()
    assert message(TypeError, fit_like_sklearn, "mlp", X, y) == (
        "estimator must be an unfitted sklearn MLPClassifier or MLPRegressor; got str"
    )
    fitted = MLPClassifier(max_iter=300, tol=1, random_state=0).fit(X, y)
    assert message(ValueError, fit_like_sklearn, fitted, X, y) == (
        "estimator must be unfitted; got one that has coefs_ already"
    )
    est = MLPClassifier(random_state=0)
    assert message(ValueError, fit_like_sklearn, est, X[:, 0], y) == (
        "X must be 2-D of shape (n_samples, n_features); got shape (8,)"
    )
    lbfgs = MLPClassifier(solver="lbfgs", random_state=0)
    assert message(ValueError, fit_like_sklearn, lbfgs, X, 1) == (
        "y must hold one label per sample, shape (8,); got shape ()"
    )
    small = MLPRegressor(early_stopping=True, validation_fraction=0.005, random_state=0)
    assert message(ValueError, fit_like_sklearn, small, *data("regression1")) == (
        "The validation set is too small. Increase 'validation_fraction' or the size of your "
        "dataset (validation_fraction=0.005 leaves 1 of 120 samples)."
    )


def test_history_is_not_recorded():
    X, y = data("circles")
    net = fit_like_sklearn(
        MLPClassifier(hidden_layer_sizes=(3,), max_iter=300, random_state=0), X, y
    )
    assert net.n_iter_ > 0 and net.history == {"loss": [], "accuracy": [], "weights": []}


@pytest.mark.parametrize(
    ("estimator", "expected"),
    [
        (
            MLPClassifier(hidden_layer_sizes=(3,), max_iter=2, random_state=0),
            "Stochastic Optimizer: Maximum iterations (2) reached and the optimization hasn't "
            "converged yet.",
        ),
        (
            MLPClassifier(
                hidden_layer_sizes=(3,), batch_size=300, max_iter=300, tol=1, random_state=0
            ),
            "batch_size (300) is larger than the 203 training samples: one batch of all of them, "
            "as scikit-learn clips it",
        ),
        (
            MLPClassifier(hidden_layer_sizes=(3,), solver="lbfgs", max_iter=3, random_state=0),
            "lbfgs failed to converge after 3 iteration(s): "
            "STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT",
        ),
    ],
)
def test_warnings(estimator, expected):
    X, y = data("circles")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit_like_sklearn(estimator, X, y)
    assert [str(w.message) for w in caught] == [expected]
    assert [w.filename for w in caught] == [__file__]  # the line that called micromlp


def test_a_warning_reaches_code_run_without_a_module_name():
    # exec() with bare globals: a frame with no __name__ is the user's, not micromlp's
    X, y = data("circles")
    code = compile("fit_like_sklearn(estimator, X, y)", "user_code.py", "exec")
    names = {"fit_like_sklearn": fit_like_sklearn, "estimator": MLPClassifier(max_iter=1), "X": X}
    with pytest.warns(ConvergenceWarning) as caught:
        exec(code, {**names, "y": y})
    assert [w.filename for w in caught] == ["user_code.py"]


def test_lbfgs_divergence_is_an_error_with_a_remedy():
    X, y = data("regression1")
    estimator = MLPRegressor(hidden_layer_sizes=(8,), solver="lbfgs", max_iter=50, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy warning may escape
        assert message(DivergedError, fit_like_sklearn, estimator, X * 1e200, y) == (
            "L-BFGS ended with an infinite or NaN loss or weights (loss nan); "
            "scale the features of X (standardise them, for example)"
        )


@pytest.mark.parametrize(
    ("estimator", "scale"),
    [
        (MLPRegressor(activation="identity", solver="sgd", learning_rate_init=1e6), 1.0),
        (MLPRegressor(solver="sgd", learning_rate_init=0.01), 1e6),
    ],
)
def test_divergence_is_an_error_with_a_remedy(estimator, scale):
    X, y = data("regression1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy warning may escape
        with pytest.raises(DivergedError, match=r"training diverged in epoch \d+: .* lower the"):
            fit_like_sklearn(estimator.set_params(random_state=0), X * scale, y)


def test_import_needs_only_numpy():
    code = (
        "import sys, micromlp\n"
        "print(sorted(m for m in ('sklearn', 'matplotlib', 'scipy') if m in sys.modules))"
    )
    out = subprocess.check_output([sys.executable, "-c", code], text=True)
    assert out.strip() == "[]"
