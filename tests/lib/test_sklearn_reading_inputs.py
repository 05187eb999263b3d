"""What a `Replica` reads from its inputs on later calls: the width of ``X``, the length
of ``y``, the seed; each against scikit-learn 1.9.1's own estimator (the feature names
of a frame: test_sklearn_replica.py)."""

import copy
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from micromlp.sklearn import Replica

X = np.random.RandomState(5).uniform(-1, 1, size=(20, 3))
y = (X[:, 0] > 0).astype(int)


def _fitted(**settings):
    """A scikit-learn classifier and its Replica, both fitted on ``(X, y)``."""
    model = MLPClassifier(hidden_layer_sizes=(4,), max_iter=5, random_state=0, **settings)
    pair = copy.deepcopy(model), Replica(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for twin in pair:
            twin.fit(X, y)
    return pair


def test_warm_start_refuses_another_width_of_X():
    # L-BFGS runs the network unchecked: the width is checked when the data are read
    theirs, ours = _fitted(solver="lbfgs", warm_start=True)
    kept = [W.copy() for W in ours.coefs_]
    with pytest.raises(ValueError, match="expecting 3 features"):
        theirs.fit(X[:, :2], y)
    with pytest.raises(ValueError) as error:
        ours.fit(X[:, :2], y)
    assert str(error.value) == "X must have shape (n_samples, 3); got shape (20, 2)"
    assert all(np.array_equal(W, k) for W, k in zip(ours.coefs_, kept, strict=True))


def test_y_of_another_length_names_both_shapes():
    model = MLPClassifier(hidden_layer_sizes=(4,), max_iter=5, random_state=0)
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: \[20, 5\]"):
        copy.deepcopy(model).fit(X, y[:5])
    with pytest.raises(ValueError) as error:
        Replica(model).fit(X, y[:5])
    assert str(error.value) == "y must hold one label per sample, shape (20,); got shape (5,)"


@pytest.mark.parametrize("seed", ["0", 1.5, np.random.default_rng(0)])
def test_random_state_refuses_other_seeds(seed):
    # a Replica never gets here (scikit-learn's parameter check refuses such a random_state
    # first), so the function is called as the module offers it; check_random_state refuses
    # the same seeds with a ValueError of its own
    from sklearn.utils import check_random_state

    from micromlp.sklearn.reading import random_state

    with pytest.raises(ValueError, match="cannot be used to seed"):
        check_random_state(seed)
    with pytest.raises(ValueError) as error:
        random_state(seed)
    assert str(error.value) == (f"random_state must be None, an int or a RandomState; got {seed!r}")
