"""micromlp.sklearn reads parameters, labels and weights exactly as scikit-learn does.

Every value scikit-learn's parameter constraints (``_parameter_constraints``)
refuse, micromlp refuses with the same error (type and message, which names
the parameter, what it allows and the value); every value they accept, it
accepts and trains on as scikit-learn does. The values are generated from the
constraints themselves, so a parameter scikit-learn adds is tested here too.
Then the labels that scikit-learn reads its own way.
"""

import contextlib
import copy
import warnings

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.utils._param_validation import (
    generate_invalid_param_val,
    generate_valid_param,
    make_constraint,
)

from micromlp.compat import Replica

rng = np.random.RandomState(0)
X80 = rng.normal(size=(80, 2))
SIGN = np.where(X80[:, 0] > 0, 1, -1)


class Wrong:
    """A value of no type any parameter takes (the same object in a deep copy)."""

    def __repr__(self):
        return "Wrong()"

    def __deepcopy__(self, memo):
        return self


def values(estimator):
    """``(parameter, value, valid)`` for every constraint of every parameter, and wrong types."""
    for name, constraints in estimator._parameter_constraints.items():
        for constraint in map(make_constraint, constraints):
            with contextlib.suppress(NotImplementedError):  # booleans, random states: no bad
                yield name, generate_invalid_param_val(constraint), False  # value but types
            yield name, generate_valid_param(constraint), True
        yield name, Wrong(), False


CASES = [
    (estimator, name, value, valid)
    for estimator in (MLPClassifier, MLPRegressor)
    for name, value, valid in values(estimator)
] + [  # the values of issue 24, which micromlp took before and scikit-learn refuses
    (MLPClassifier, name, value, False)
    for name, value in [
        ("solver", "rmsprop"), ("shuffle", "no"), ("learning_rate", "bogus"),
        ("batch_size", "big"), ("max_iter", 0), ("random_state", -1),
        ("hidden_layer_sizes", [3, 0]),
    ]
]  # fmt: skip


def outcome(fit):
    """``("ok", None)`` or ``(error type, message)`` of ``fit()``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit()
    except Exception as error:
        return type(error), str(error)
    return "ok", None


@pytest.mark.parametrize(
    ("estimator", "name", "value", "valid"),
    CASES,
    ids=[f"{e.__name__}-{n}-{v!r}"[:60] for e, n, v, _ in CASES],
)
def test_every_parameter_value_as_scikit_learn(estimator, name, value, valid):
    model = estimator(hidden_layer_sizes=(3,), max_iter=3, random_state=0)
    model.set_params(**{name: value})
    target = SIGN if estimator is MLPClassifier else np.abs(X80).sum(axis=1)  # counts >= 0
    theirs = outcome(lambda: copy.deepcopy(model).fit(X80, target))
    ours = outcome(lambda: Replica(model).fit(X80, target))
    assert ours == theirs
    if not valid and name != "hidden_layer_sizes":
        kind, message = ours
        assert issubclass(kind, ValueError) and issubclass(kind, TypeError)
        assert f"The '{name}' parameter of {estimator.__name__} must be" in message
        assert message.endswith(f"Got {value!r} instead.")
    elif valid:
        assert ours[0] == "ok"


# -- labels ----------------------------------------------------------------------

LABELS = {
    "one class": np.full(80, 1),
    "one class, a word": np.full(80, "only"),
    "multilabel -1/+1": np.column_stack([SIGN, -SIGN, np.ones(80, int)]),
    "multilabel 0/2": np.column_stack([SIGN + 1, 1 - SIGN, np.zeros(80, int)]),
    "floats 0.5 and 2.5": np.where(SIGN > 0, 0.5, 2.5),
    "whole floats 1.0 and 3.0": np.where(SIGN > 0, 1.0, 3.0),
    "bytes": np.where(SIGN > 0, b"yes", b"no"),
    "objects, words": np.where(SIGN > 0, "yes", "no").astype(object),
}


def both(model, X, y, **kwargs):
    theirs = outcome(lambda: copy.deepcopy(model).fit(X, y, **kwargs))
    rep = Replica(model)
    ours = outcome(lambda: rep.fit(X, y, **kwargs))
    assert ours[0] == theirs[0] and ours[1] == theirs[1]
    return rep, (copy.deepcopy(model).fit(X, y, **kwargs) if ours[0] == "ok" else None)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("labels", LABELS)
def test_labels_as_scikit_learn_reads_them(labels):
    model = MLPClassifier(hidden_layer_sizes=(4,), max_iter=20, random_state=0)
    rep, clf = both(model, X80, LABELS[labels])
    if clf is None:  # refused by both, with the same error (floats that are no whole numbers,
        assert labels in ("floats 0.5 and 2.5", "bytes")  # bytes)
        return
    assert np.array_equal(rep.classes_, clf.classes_)
    for ours, theirs in zip(rep.coefs_ + rep.intercepts_, clf.coefs_ + clf.intercepts_):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)
    assert np.array_equal(rep.predict(X80), clf.predict(X80))
    np.testing.assert_allclose(rep.predict_proba(X80), clf.predict_proba(X80), atol=1e-12)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_classes_from_all_of_y_under_early_stopping():
    labels = np.array([0] * 30 + [1] * 30 + [2] * 30 + [3])  # class 3 once
    Xl = np.random.RandomState(1).normal(size=(91, 2))
    for seed in range(20):  # a seed whose validation split holds the only 3
        model = MLPClassifier(
            hidden_layer_sizes=(4,), early_stopping=True, max_iter=10, random_state=seed
        )
        rep, clf = both(model, Xl, labels)
        assert rep.classes_.tolist() == clf.classes_.tolist() == [0, 1, 2, 3]
        assert rep.validation_scores_ == pytest.approx(clf.validation_scores_, abs=1e-12)
        for ours, theirs in zip(rep.coefs_, clf.coefs_):
            np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_an_object_dtype_regression_target():
    target = X80.sum(axis=1).astype(object)
    rep, clf = both(MLPRegressor(hidden_layer_sizes=(4,), max_iter=20, random_state=0), X80, target)
    np.testing.assert_allclose(rep.predict(X80), clf.predict(X80), rtol=0, atol=1e-12)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_sample_weights(estimator, solver):
    weights = np.random.RandomState(2).uniform(0, 3, size=80)
    target = SIGN if estimator is MLPClassifier else X80.sum(axis=1)
    model = estimator(hidden_layer_sizes=(5,), solver=solver, max_iter=30, random_state=0)
    rep, clf = both(model, X80, target, sample_weight=weights)
    for ours, theirs in zip(rep.coefs_ + rep.intercepts_, clf.coefs_ + clf.intercepts_):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)
    if solver != "lbfgs":
        np.testing.assert_allclose(rep.loss_curve_, clf.loss_curve_, rtol=0, atol=1e-12)
    else:
        assert rep.loss_ == pytest.approx(clf.loss_, abs=1e-12)


def test_negative_counts_for_the_poisson_loss_are_a_clear_error():
    # scikit-learn trains on them with a NaN loss curve; micromlp says what is wrong
    model = MLPRegressor(loss="poisson", hidden_layer_sizes=(3,), max_iter=3, random_state=0)
    with pytest.raises(ValueError) as error:
        Replica(model).fit(X80, X80[:, 0])
    assert str(error.value) == (
        f"y must hold counts >= 0 for an exp (Poisson) output; got {X80[:, 0].min():g}"
    )
