"""Train a micromlp `MLP` exactly as scikit-learn would.

`fit_like_sklearn()` takes an *unfitted* ``MLPClassifier`` or ``MLPRegressor``
and repeats what ``estimator.fit(X, y)`` does, with micromlp's own training
loop (`micromlp.training.fit`), so that the two can be compared number for
number. scikit-learn's choices, supplied to that loop:

- the output layer: one sigmoid unit for two classes, a softmax over K > 2
  classes, K sigmoid units for a multilabel indicator matrix, the identity
  for regression; classes sorted; a column vector ``y`` is flattened, with
  scikit-learn's ``DataConversionWarning``;
- initial weights: Glorot-uniform (`MLP`'s ``init="glorot"``), drawn from
  ``random_state`` as a ``numpy.random.RandomState``, weights then biases,
  layer by layer;
- ``early_stopping``: a validation split drawn from the same RandomState after
  the weights (stratified for one output unit), scored after every epoch;
- every epoch, the sample order is shuffled with the same RandomState (the
  new order is a permutation of the previous one, as ``sklearn.utils.shuffle``);
- batches of ``batch_size`` (``"auto"`` is ``min(200, n_samples)``; more than
  ``n_samples`` is one batch of all, with scikit-learn's ``UserWarning``), the last
  one smaller; the loss of each batch includes ``alpha/2 * sum(W**2) / batch``
  and the epoch's loss is the sample-weighted mean of the batch losses;
- the optimizer (`micromlp.optimizers`) and the stopping rule (``tol``,
  ``n_iter_no_change``), or L-BFGS through ``scipy.optimize``;
- the functions scikit-learn calls (`SklearnMLP`): scipy's ``expit`` for the
  logistic function and ``xlogy`` in the log losses, where the guide's `MLP`
  writes ``1 / (1 + exp(-z))`` and ``y log(y_hat)`` with numpy. The values are
  the same; the last bit can differ, by CPU (numpy's ``exp`` and ``log`` use
  SIMD code where the CPU has it, scipy's do not).

scikit-learn is imported only when the function is called; scipy, which it
needs, when this module is.
"""

import numbers
import warnings

import numpy as np

from .activations import ACTIVATIONS, softmax
from .losses import EPS, OUTPUTS
from .network import MLP
from .optimizers import SGD, Adam
from .training import DivergedError, fit
from .validation import check_features

try:
    from scipy.special import expit, xlogy
except ImportError as error:  # pragma: no cover - scipy comes with scikit-learn
    raise ImportError(
        "micromlp.compat needs scikit-learn (and scipy): pip install 'micromlp[sklearn]'"
    ) from error


def binary_log_loss(Y, Y_hat):
    """Binary cross-entropy as scikit-learn computes it, with scipy's ``xlogy``."""
    Y_hat = np.clip(Y_hat, EPS, 1 - EPS)
    return float(-(xlogy(Y, Y_hat) + xlogy(1 - Y, 1 - Y_hat)).mean(axis=0).sum())


def log_loss(Y, Y_hat):
    """Categorical cross-entropy as scikit-learn computes it, with scipy's ``xlogy``."""
    Y_hat = np.clip(Y_hat, EPS, 1 - EPS)
    return float(-xlogy(Y, Y_hat).mean(axis=0).sum())


class SklearnMLP(MLP):
    """An `MLP` that calls the functions scikit-learn calls: the same values, its roundings.

    scipy's ``expit`` for the logistic function (hidden and output) and
    ``xlogy`` in the log losses. `fit_like_sklearn` returns one.
    """

    ACTIVATIONS = {**ACTIVATIONS, "logistic": expit}
    OUTPUTS = {
        **OUTPUTS,
        "sigmoid": (expit, binary_log_loss),
        "softmax": (softmax, log_loss),
    }


def fit_like_sklearn(estimator, X, y, *, network=None):
    """Train an MLP as ``estimator.fit(X, y)`` would; the estimator is left untouched.

    Parameters
    ----------
    estimator : sklearn.neural_network.MLPClassifier or MLPRegressor
        Unfitted, with ``random_state`` an int or a ``numpy.random.RandomState``
        (whose state is copied, not advanced), ``warm_start=False``, and for a
        regressor ``loss="squared_error"``.
    X : array-like of shape (n_samples, n_features)
        The training data, as ``estimator.fit`` would get it (float64).
    y : array_like
        Labels, a multilabel indicator matrix, or regression targets.
    network : type, optional
        The class of the network to train: `SklearnMLP` (the default), which
        calls scipy's functions as scikit-learn does, or `MLP`, which calls
        numpy's, as the guide's pages do (to measure what that changes).

    Returns
    -------
    SklearnMLP
        The trained network (an `MLP`), with scikit-learn's attributes: ``n_iter_``,
        ``loss_curve_`` (stochastic solvers), ``loss_`` (L-BFGS),
        ``classes_``, ``validation_scores_`` and ``best_validation_score_``
        (with ``early_stopping``), ``best_loss_`` (without it). Its ``history``
        stays empty: scikit-learn keeps no such record, and skipping it saves
        a pass over ``X`` per epoch.
    """
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.utils import column_or_1d

    if not isinstance(estimator, (MLPClassifier, MLPRegressor)):
        raise TypeError(
            "estimator must be an unfitted sklearn MLPClassifier or MLPRegressor; "
            f"got {type(estimator).__name__}"
        )
    if hasattr(estimator, "coefs_"):
        raise ValueError("estimator must be unfitted; got one that has coefs_ already")
    p = estimator.get_params()
    classifier = isinstance(estimator, MLPClassifier)
    if p["warm_start"]:
        raise ValueError("estimator.warm_start must be False to be reproduced; got True")
    if not classifier and p["loss"] != "squared_error":
        raise ValueError(
            f"estimator.loss must be 'squared_error' to be reproduced; got {p['loss']!r}"
        )
    rng = _random_state(p["random_state"])
    if np.asarray(X).dtype == np.float32:
        raise ValueError("X must be float64 (scikit-learn would train in float32); got float32")
    X = check_features(X)
    if np.ndim(y) == 2 and np.shape(y)[1] == 1:
        y = column_or_1d(y, warn=True)  # as scikit-learn's fit, which warns
    output, n_outputs = _output_layer(classifier, y)
    hidden = p["hidden_layer_sizes"]
    hidden = list(hidden) if hasattr(hidden, "__iter__") else [hidden]
    net = (network or SklearnMLP)(
        [X.shape[1], *hidden, n_outputs],
        activation=p["activation"],
        output=output,
        init="glorot",
        seed=rng,
    )
    if p["solver"] == "lbfgs":
        return _fit_lbfgs(net, X, y, p)

    validation = None
    if p["early_stopping"]:
        X, y, validation = _validation_split(net, X, y, p, rng)
    n = len(X)
    batch_size = p["batch_size"]
    if batch_size == "auto":
        batch_size = min(200, n)
    elif batch_size > n:  # fit makes it one batch of all n samples, as scikit-learn's clip
        _warn(
            f"batch_size ({batch_size}) is larger than the {n} training samples: "
            "one batch of all of them, as scikit-learn clips it",
            UserWarning,
        )
    if p["solver"] == "sgd":
        optimizer = SGD(
            p["learning_rate_init"],
            momentum=p["momentum"],
            nesterov=p["nesterovs_momentum"],
            schedule=p["learning_rate"],
            power_t=p["power_t"],
        )
    else:
        optimizer = Adam(
            p["learning_rate_init"], beta_1=p["beta_1"], beta_2=p["beta_2"], epsilon=p["epsilon"]
        )
    fit(
        net,
        X,
        y,
        epochs=p["max_iter"],
        batch_size=batch_size,
        shuffle=p["shuffle"],
        seed=rng,
        alpha=p["alpha"],
        optimizer=optimizer,
        tol=p["tol"],
        n_iter_no_change=p["n_iter_no_change"],
        validation=validation,
        record_history=False,
    )
    if not net.stopped_:
        _warn(
            f"Stochastic Optimizer: Maximum iterations ({p['max_iter']}) reached and the "
            "optimization hasn't converged yet."
        )
    return net


def _random_state(seed):
    if isinstance(seed, np.random.RandomState):
        copy = np.random.RandomState()
        copy.set_state(seed.get_state())
        return copy
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(
            "estimator.random_state must be an int or a numpy.random.RandomState to be "
            f"reproduced; got {seed!r}"
        )
    return np.random.RandomState(seed)


def _output_layer(classifier, y):
    """``(output, n_outputs)`` as scikit-learn chooses them for ``y`` (a column flattened)."""
    shape = np.shape(y)
    wide = len(shape) == 2
    if not classifier:
        return "identity", shape[1] if wide else 1
    if wide:  # a multilabel indicator matrix: one sigmoid unit per label
        return "sigmoid", shape[1]
    labels = np.asarray(y).ravel()
    n_classes = len(np.unique(labels.astype(str) if labels.dtype == object else labels))
    return ("sigmoid", 1) if n_classes <= 2 else ("softmax", n_classes)


def _validation_split(net, X, y, p, rng):
    """scikit-learn's ``train_test_split`` for ``early_stopping``, from the same RandomState."""
    from sklearn.model_selection import train_test_split

    y = np.asarray(y)
    # scikit-learn stratifies on its 0/1 targets: the same groups, in the same order, as
    # the sorted labels (not for multilabel targets, nor regression)
    stratify = y if net.is_classifier and net.n_outputs == 1 else None
    train, val = train_test_split(
        np.arange(len(X)), random_state=rng, test_size=p["validation_fraction"], stratify=stratify
    )
    if len(val) < 2:
        raise ValueError(
            "estimator.validation_fraction leaves fewer than 2 validation samples "
            f"({len(val)} of {len(X)}); increase it or use more data"
        )
    return X[train], y[train], (X[val], y[val])


def _fit_lbfgs(net, X, y, p):
    """L-BFGS on all of ``(X, y)`` with ``scipy.optimize.minimize``, as scikit-learn runs it."""
    import scipy.optimize

    from .targets import encode

    Y, net.classes_ = encode(y, net.output, net.n_outputs, n_samples=len(X))
    shapes = [W.shape for W in net.weights + net.biases]
    ends = np.cumsum([int(np.prod(s)) for s in shapes])
    alpha = p["alpha"]

    def unpack(theta):  # coefficients first, then intercepts, as scikit-learn packs them
        parts = np.split(theta, ends[:-1])
        params = [part.reshape(shape) for part, shape in zip(parts, shapes)]
        net.weights, net.biases = params[: net.n_layers], params[net.n_layers :]

    def loss_and_gradient(theta):
        unpack(theta)
        trace = net.forward(X, check=False)
        grads = net.backward(trace, Y, alpha=alpha, check=False)
        gradient = np.concatenate([g.ravel() for g in grads.dW + grads.db])
        return net.loss_from(trace, Y, alpha), gradient

    theta = np.concatenate([q.ravel() for q in net.weights + net.biases])
    with np.errstate(all="ignore"):
        result = scipy.optimize.minimize(
            loss_and_gradient,
            theta,
            method="L-BFGS-B",
            jac=True,
            options={"maxfun": p["max_fun"], "maxiter": p["max_iter"], "gtol": p["tol"]},
        )
    unpack(result.x.copy())
    if not np.isfinite(result.fun) or not np.isfinite(result.x).all():
        raise DivergedError(
            f"L-BFGS ended with an infinite or NaN loss or weights (loss {result.fun}); "
            "scale the features of X (standardise them, for example)"
        )
    net.n_iter_ = min(result.nit, p["max_iter"])
    net.loss_ = float(result.fun)
    if result.status != 0:
        _warn(f"lbfgs failed to converge after {net.n_iter_} iteration(s): {result.message}")
    return net


def _warn(message, category=None):
    """Warn as scikit-learn would (a ``ConvergenceWarning`` unless told), from this module."""
    from sklearn.exceptions import ConvergenceWarning

    warnings.warn(message, category or ConvergenceWarning, stacklevel=1)
