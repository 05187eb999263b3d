"""`micromlp.sklearn.lbfgs`: L-BFGS fits against scikit-learn 1.9.1's own, in the corners.

The common cases are in test_sklearn_replica.py; these are the two that it leaves
open: a network with no hidden layer (one weight matrix) and what the returned
network's `Run` holds.
"""

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier

from micromlp.sklearn import fit_like_sklearn

X = np.random.RandomState(3).uniform(-1, 1, size=(30, 3))
quiet = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
LABELS = np.where(X[:, 0] + 0.5 * X[:, 1] > 0, "yes", "no")


@quiet
def test_lbfgs_without_a_hidden_layer_equals_scikit_learn():
    # hidden_layer_sizes=() is a logistic regression: one weight matrix, (3, 1)
    model = MLPClassifier(hidden_layer_sizes=(), solver="lbfgs", max_iter=10, random_state=0)
    net = fit_like_sklearn(model, X, LABELS)
    theirs = model.fit(X, LABELS)
    assert [W.shape for W in net.weights] == [W.shape for W in theirs.coefs_] == [(3, 1)]
    for ours, kept in zip(net.weights + net.biases, theirs.coefs_ + theirs.intercepts_):
        np.testing.assert_allclose(ours, kept, rtol=0, atol=1e-12)
    assert net.n_iter_ == theirs.n_iter_
    assert np.array_equal(net.predict(X), theirs.predict(X))


@quiet
def test_lbfgs_run_holds_the_classes():
    # the Run an L-BFGS fit leaves names the labels it trained on, scikit-learn's classes_
    model = MLPClassifier(hidden_layer_sizes=(4,), solver="lbfgs", max_iter=10, random_state=0)
    net = fit_like_sklearn(model, X, LABELS)
    classes = model.fit(X, LABELS).classes_
    assert classes.tolist() == ["no", "yes"]
    assert np.array_equal(net.run_.classes_, classes)
    assert np.array_equal(net.classes_, classes)
