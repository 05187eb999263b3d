"""micromlp.compat.fit_like_sklearn reproduces MLPClassifier.fit number for number."""

import subprocess
import sys
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from micromlp import golf_split, guide, make_dataset
from micromlp.compat import fit_like_sklearn

GUIDE = guide.SKLEARN_SETTINGS


def sklearn_fit(X, y, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MLPClassifier(**params).fit(X, y)


def assert_same_fit(clf, net):
    assert net.n_iter == clf.n_iter_
    np.testing.assert_allclose(net.loss_curve, clf.loss_curve_, rtol=0, atol=1e-12)
    for ours, theirs in zip(net.weights + net.biases, clf.coefs_ + clf.intercepts_):
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


def test_golf_with_the_guides_settings():
    X, y, X_test, y_test = golf_split()
    labels = np.where(y == 1, 1, -1)  # the source's +1/-1 labels
    clf = sklearn_fit(X, labels, **GUIDE)
    net = fit_like_sklearn(MLPClassifier(**GUIDE), X, labels)
    assert_same_fit(clf, net)
    assert net.n_iter < GUIDE["max_iter"]  # the early stop fired
    expected = clf.predict(X_test) == 1
    assert np.array_equal(net.predict(X_test) == 1, expected)
    np.testing.assert_allclose(
        net.predict_proba(X_test), clf.predict_proba(X_test)[:, 1], atol=1e-12
    )


@pytest.mark.parametrize(
    "params",
    [
        # mini-batches of 32 over 203 samples: the last batch holds 11; shuffled every epoch
        dict(hidden_layer_sizes=(8, 5), batch_size=32, learning_rate_init=0.05, max_iter=40),
        # no shuffle, L2 penalty, tanh, the early stop with a loose tol
        dict(
            hidden_layer_sizes=(6,),
            batch_size=50,
            shuffle=False,
            alpha=0.01,
            activation="tanh",
            tol=1e-2,
            n_iter_no_change=3,
            max_iter=200,
        ),
        dict(hidden_layer_sizes=(4, 4, 3), activation="logistic", batch_size=1, max_iter=5),
    ],
)
def test_larger_random_set(params):
    X, y = make_dataset(203, kind="circles", seed=7)
    params = {"solver": "sgd", "momentum": 0, "random_state": 3, **params}
    clf = sklearn_fit(X, y, **params)
    net = fit_like_sklearn(MLPClassifier(**params), X, y)
    assert_same_fit(clf, net)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"solver": "adam"}, r"estimator.solver must be 'sgd' to be reproduced; got 'adam'"),
        ({"momentum": 0.9}, r"estimator.momentum must be 0 to be reproduced; got 0.9"),
        ({"learning_rate": "adaptive"}, r"estimator.learning_rate must be 'constant'"),
        ({"early_stopping": True}, r"estimator.early_stopping must be False"),
        ({"warm_start": True}, r"estimator.warm_start must be False"),
        ({"random_state": None}, r"estimator.random_state must be an int .*; got None"),
    ],
)
def test_settings_it_cannot_reproduce(params, message):
    X, y, _, _ = golf_split()
    full = {"solver": "sgd", "momentum": 0, "random_state": 0, **params}
    with pytest.raises(ValueError, match=message):
        fit_like_sklearn(MLPClassifier(**full), X, y)


def test_bad_estimator_and_data():
    X, y, _, _ = golf_split()
    with pytest.raises(TypeError, match=r"estimator must be an unfitted sklearn MLPClassifier"):
        fit_like_sklearn("mlp", X, y)
    fitted = sklearn_fit(X, y, solver="sgd", momentum=0, random_state=0, max_iter=2)
    with pytest.raises(ValueError, match=r"estimator must be unfitted"):
        fit_like_sklearn(fitted, X, y)
    est = MLPClassifier(solver="sgd", momentum=0, random_state=0)
    with pytest.raises(ValueError, match=r"y must hold two classes; got only \[1.0\]"):
        fit_like_sklearn(est, X, np.ones(8))
    with pytest.raises(ValueError, match=r"X must be float64 .*; got float32"):
        fit_like_sklearn(est, X.astype(np.float32), y)


def test_import_needs_only_numpy():
    code = (
        "import sys, micromlp\n"
        "print(sorted(m for m in ('sklearn', 'matplotlib', 'scipy') if m in sys.modules))"
    )
    out = subprocess.check_output([sys.executable, "-c", code], text=True)
    assert out.strip() == "[]"
