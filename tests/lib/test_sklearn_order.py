"""micromlp computes what scikit-learn computes, in the same order: every array to the last bit.

For every output (the Poisson loss's exp included), with and without sample weights.

Each test runs one piece of scikit-learn's MLP (its forward pass, backward pass,
losses, optimizers) and micromlp's on the same random input and compares the
results element by element, with ``==``: a difference in the last bit of one
element fails and names the array. Over a long fit such differences grow
(the determinism page measures how), so parity to 1e-12 needs them all gone.

scikit-learn calls scipy's ``expit`` and ``xlogy`` where the guide's `MLP` uses
numpy's ``exp`` and ``log``; `micromlp.compat.SklearnMLP` takes scipy's, and is
what these tests compare (on some CPUs numpy's functions round differently from
scipy's, on others not: the optimizers page reports what the build measured).
"""

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.neural_network._stochastic_optimizers import AdamOptimizer, SGDOptimizer

from micromlp.compat import SklearnMLP, fit_like_sklearn
from micromlp.optimizers import SGD, Adam

ACTIVATIONS = ["relu", "logistic", "tanh", "identity"]
# output layer of micromlp: (scikit-learn's estimator, its out_activation_, number of outputs)
OUTPUTS = {
    "binary": ("sigmoid", MLPClassifier, "logistic", 1),
    "multiclass": ("softmax", MLPClassifier, "softmax", 4),
    "multilabel": ("sigmoid", MLPClassifier, "logistic", 3),
    "regression": ("identity", MLPRegressor, "identity", 2),
    "poisson": ("exp", MLPRegressor, "exp", 2),
}


def differences(ours, theirs):
    """How many elements differ, ``==`` element by element (NaN equal to NaN)."""
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    assert ours.shape == theirs.shape
    return int((~((ours == theirs) | (np.isnan(ours) & np.isnan(theirs)))).sum())


def assert_identical(pairs):
    """Every pair ``name: (ours, theirs)`` equal to the last bit; the failure lists them all."""
    report = {name: differences(*pair) for name, pair in pairs.items()}
    assert not any(report.values()), f"elements that differ, by array: {report}"


def networks(activation, output, seed, alpha=1e-3):
    """A micromlp network and a scikit-learn estimator with the same weights, and a batch."""
    name, estimator, out_activation, k = OUTPUTS[output]
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(37, 3)) * 2
    net = SklearnMLP([3, 5, 4, k], activation=activation, output=name, init="glorot", seed=seed)
    for W in net.weights:  # larger weights: saturated sigmoids, large logits
        W *= 1 if output == "poisson" else 3
    if output == "poisson":
        Y = rng.poisson(2.0, size=(37, k)).astype(float)  # counts, some 0
    elif output == "regression":
        Y = rng.normal(size=(37, k))
    elif output == "multiclass":
        Y = np.eye(k)[rng.integers(0, k, 37)]
    else:
        Y = (rng.random((37, k)) < 0.5).astype(float)
    clf = estimator(activation=activation, alpha=alpha)
    if output == "poisson":
        clf.set_params(loss="poisson")
    clf.coefs_ = [W.copy() for W in net.weights]
    clf.intercepts_ = [b.copy() for b in net.biases]
    clf.n_layers_, clf.out_activation_ = 4, out_activation  # layers, input included
    if estimator is MLPClassifier:
        Y = Y.astype(bool)  # scikit-learn's binarized labels are booleans
    return net, clf, X, Y


def sklearn_backprop(clf, X, Y, sample_weight=None):
    """scikit-learn's forward and backward pass on one batch: activations, deltas, grads, loss."""
    n = clf.n_layers_
    activations = [X] + [None] * (n - 1)
    deltas = [None] * (n - 1)
    coef_grads = [np.empty_like(W) for W in clf.coefs_]
    intercept_grads = [np.empty_like(b) for b in clf.intercepts_]
    loss, coef_grads, intercept_grads = clf._backprop(
        X, Y, sample_weight, activations, deltas, coef_grads, intercept_grads
    )
    return activations, deltas, coef_grads, intercept_grads, loss


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "sample weights"])
@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_forward_backward_and_loss(activation, output, seed, weighted):
    net, clf, X, Y = networks(activation, output, seed)
    w = np.random.default_rng(seed).uniform(0, 3, size=len(X)) if weighted else None
    a, delta, dW, db, loss = sklearn_backprop(clf, X, Y, w)
    Y = Y.astype(float)
    trace = net.forward(X, check=False)
    grads = net.backward(trace, Y, alpha=clf.alpha, sample_weight=w, check=False)
    pairs = {f"a[{l}]": (trace.a[l], a[l]) for l in range(1, 4)}
    pairs |= {f"delta[{l}]": (grads.delta[l - 1], delta[l - 1]) for l in range(1, 4)}
    pairs |= {f"dW[{l}]": (grads.dW[l - 1], dW[l - 1]) for l in range(1, 4)}
    pairs |= {f"db[{l}]": (grads.db[l - 1], db[l - 1]) for l in range(1, 4)}
    pairs["loss"] = (net.loss_from(trace, Y, clf.alpha, sample_weight=w), loss)
    assert_identical(pairs)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (SGD(0.3), lambda p: SGDOptimizer(p, 0.3, momentum=0)),
        (SGD(0.3, momentum=0.7), lambda p: SGDOptimizer(p, 0.3, momentum=0.7, nesterov=False)),
        (SGD(0.3, momentum=0.7, nesterov=True), lambda p: SGDOptimizer(p, 0.3, momentum=0.7)),
        (Adam(0.01), lambda p: AdamOptimizer(p, 0.01)),
        (
            Adam(0.2, beta_1=0.8, beta_2=0.95, epsilon=1e-4),
            lambda p: AdamOptimizer(p, 0.2, 0.8, 0.95, 1e-4),
        ),
    ],
    ids=["sgd", "momentum", "nesterov", "adam", "adam, its settings"],
)
def test_optimizer_updates(ours, theirs):
    rng = np.random.default_rng(4)
    params = [rng.normal(size=(3, 5)), rng.normal(size=5)]
    theirs = theirs(params)
    ours.start(params)
    for step in range(50):  # gradients from 1e-6 to 10: Adam's epsilon matters for some
        grads = [rng.normal(size=p.shape) * 10.0 ** rng.integers(-6, 2) for p in params]
        pairs = {
            f"step {step}, update {i}": pair
            for i, pair in enumerate(zip(ours.updates(grads), theirs._get_updates(grads)))
        }
        assert_identical(pairs)


# Long fits with logistic hidden units, where the order of (delta * a) * (1 - a) matters most.
LONG = {
    "lbfgs": dict(solver="lbfgs", max_iter=300),
    "sgd, 1000 epochs": dict(solver="sgd", max_iter=1000, tol=0, n_iter_no_change=10**6),
    "adam, 1000 epochs": dict(solver="adam", max_iter=1000, tol=0, n_iter_no_change=10**6),
}


@pytest.mark.parametrize("settings", LONG)
@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_long_logistic_fits_are_identical(estimator, settings):
    rng = np.random.default_rng(11)
    X = rng.normal(size=(40, 3))
    y = X[:, 0] * X[:, 1] + np.sin(X[:, 2])
    if estimator is MLPClassifier:
        y = np.digitize(y, [-0.5, 0.5])  # three classes
    clf = estimator(hidden_layer_sizes=(6, 4), activation="logistic", random_state=0)
    clf.set_params(**LONG[settings])
    net = fit_like_sklearn(clf, X, y)
    clf.fit(X, y)
    assert net.n_iter_ == clf.n_iter_ > 30
    params = net.weights + net.biases
    assert_identical(
        {f"param {i}": p for i, p in enumerate(zip(params, clf.coefs_ + clf.intercepts_))}
    )


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "sample weights"])
def test_scores_are_identical(weighted):
    """The validation scores early stopping compares: R^2 and accuracy, to the last bit."""
    from sklearn.metrics import accuracy_score
    from sklearn.metrics import r2_score as sklearn_r2

    from micromlp.targets import accuracy, r2_score

    rng = np.random.default_rng(5)
    pairs = {}
    for k in range(200):
        n, outputs = int(rng.integers(2, 60)), int(rng.integers(1, 4))
        Y = rng.normal(size=(n, outputs))
        Y_hat = Y + rng.normal(size=(n, outputs)) * 0.3
        w = rng.uniform(0.1, 2.0, n) if weighted else None
        pairs[f"R^2 {k}"] = (r2_score(Y, Y_hat, w), sklearn_r2(Y, Y_hat, sample_weight=w))
        if outputs == 1:  # scikit-learn's regressor scores one output as 1-D arrays
            pairs[f"R^2 1-D {k}"] = (
                r2_score(Y, Y_hat, w),
                sklearn_r2(Y[:, 0], Y_hat[:, 0], sample_weight=w),
            )
        labels, guesses = rng.integers(0, 3, n), rng.integers(0, 3, n)
        pairs[f"accuracy {k}"] = (
            accuracy(labels, guesses, w),
            accuracy_score(labels, guesses, sample_weight=w),
        )
    assert_identical(pairs)


def test_relu_derivative_writes_into_delta_as_scikit_learns():
    from sklearn.neural_network._base import inplace_relu_derivative

    df = SklearnMLP.DERIVATIVES["relu"]
    a = np.array([[0.0, 2.0], [3.0, 0.0]])
    delta = np.array([[5.0, -1.0], [0.5, 4.0]])
    theirs = delta.copy()
    inplace_relu_derivative(a, theirs)
    assert df(a, delta) is delta  # no new array: the backward pass hands a fresh delta
    assert delta.tolist() == theirs.tolist() == [[0.0, -1.0], [0.5, 0.0]]
    # a number for delta (or none): the guide's derivative, delta where a > 0, else 0
    assert df(a).tolist() == [[0.0, 1.0], [1.0, 0.0]]
    assert df(a, 2.0).tolist() == [[0.0, 2.0], [2.0, 0.0]]


@pytest.mark.parametrize("output", OUTPUTS)
def test_loss_without_alpha_has_no_penalty(output):
    # loss_from's alpha is 0 unless given: the loss alone, scikit-learn's LOSS_FUNCTIONS
    from sklearn.neural_network._base import LOSS_FUNCTIONS

    net, clf, X, Y = networks("relu", output, seed=0)
    trace = net.forward(X, check=False)
    name = {"sigmoid": "binary_log_loss", "softmax": "log_loss", "identity": "squared_error"}
    loss = LOSS_FUNCTIONS[name.get(net.output, "poisson")](Y, trace.a[-1])
    assert net.loss_from(trace, Y.astype(float)) == loss
