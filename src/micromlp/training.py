"""The training loop: one loop for the guide's pages, its figures and scikit-learn's replica.

`fit` trains an `MLP` with mini-batches. What differs between runs is passed in,
not copied: the initial weights (the network), the order of the samples (the
``seed``: a numpy Generator for the guide, scikit-learn's RandomState for
`micromlp.compat`), the optimizer (`micromlp.optimizers`) and when to stop.

Examples
--------
>>> from micromlp import MLP, golf_split
>>> X, y, _, _ = golf_split()
>>> net = fit(MLP([2, 3, 2, 1], seed=0), X, y, epochs=5)
>>> len(net.history["loss"]), len(net.loss_curve_), net.n_iter_
(6, 5, 5)
"""

import numpy as np

from .optimizers import OPTIMIZERS
from .targets import accuracy, decode, encode
from .validation import (
    check_features,
    check_positive_float,
    check_positive_int,
    check_seed,
)


class DivergedError(ValueError):
    """Training produced infinite or NaN weights or loss."""


def fit(
    net,
    X,
    y,
    *,
    epochs=100,
    learning_rate=None,
    batch_size=1,
    shuffle=True,
    seed=0,
    alpha=0.0,
    optimizer="sgd",
    tol=None,
    n_iter_no_change=10,
    validation=None,
    record_history=True,
    record_weights=False,
):
    """Train with mini-batch gradient descent; return ``self``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_0)
        Training inputs, one row per sample.
    y : array_like
        Labels (any two or more kinds, see `micromlp.targets`), a 0/1
        indicator matrix (multilabel), or values (regression).
    epochs : int
        Passes over the data (at most, when ``tol`` is set).
    learning_rate : float
        Step size eta, for an optimizer given by name (default 0.1 for
        ``"sgd"``, 0.001 for ``"adam"``).
    batch_size : int
        Samples per update: 1 is per-example SGD, ``n_samples`` (or more)
        is full-batch gradient descent; the last batch may be smaller.
    shuffle : bool
        Visit the samples in a new random order every epoch.
    seed : int, numpy.random.Generator or numpy.random.RandomState
        Source of the order. A Generator (or an int) draws a new
        permutation each epoch; a RandomState shuffles the last order, as
        scikit-learn does, so that `micromlp.compat` can replay its runs.
    alpha : float
        L2 penalty (0 in the guide).
    optimizer : {"sgd", "adam"} or an optimizer of `micromlp.optimizers`
        How gradients become updates; ``"sgd"`` is plain SGD.
    tol : float or None
        None trains all ``epochs``. A number stops training once the loss
        has not improved on the best loss by at least ``tol`` for more than
        ``n_iter_no_change`` epochs (or the validation score, see below),
        as scikit-learn does (an ``"adaptive"`` schedule lowers the
        learning rate instead, while it can).
    n_iter_no_change : int
        See ``tol``.
    validation : tuple (X_val, y_val) or None
        Score the network on it after each epoch (accuracy, or R^2 for
        regression), in ``validation_scores_``; ``tol`` then watches this
        score instead of the loss, and the best network is kept.
    record_history : bool
        Record ``history`` (the loss on all of ``X`` after each epoch).
    record_weights : bool
        Also keep a copy of the parameters after every epoch in
        ``history["weights"]``, for figures.

    Raises
    ------
    DivergedError
        When the loss or the weights become infinite or NaN.
    """
    X = check_features(X, net.layer_sizes[0])
    Y, net.classes_ = encode(y, net.output, net.n_outputs, n_samples=len(X))
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    alpha = check_positive_float(alpha, "alpha", allow_zero=True)
    opt = _optimizer(optimizer, learning_rate)
    rng = check_seed(seed)
    if tol is not None:
        tol = check_positive_float(tol, "tol", allow_zero=True)
        if n_iter_no_change != np.inf:
            n_iter_no_change = check_positive_int(n_iter_no_change, "n_iter_no_change")
    if validation is not None:
        validation = _check_validation(net, validation)
    n = len(X)
    order = np.arange(n)
    theta = _as_one_vector(net)  # every weight and bias, as one vector; see _as_one_vector
    opt.start([theta])
    net.history = {"loss": [], "accuracy": [], "weights": []}
    net.loss_curve_, net.n_iter_, net.stopped_ = [], 0, False
    net.validation_scores_ = [] if validation else None
    watch = _Watch(net, tol, n_iter_no_change, validation is not None)
    with np.errstate(all="ignore"):  # overflow is caught below, by _check_finite
        if record_history:
            _record(net, X, Y, alpha, record_weights)
        for epoch in range(1, epochs + 1):
            if shuffle:
                order = _next_order(rng, order)
            total = 0.0
            # --8<-- [start:fit]
            for start in range(0, n, batch_size):
                batch = order[start : start + batch_size]
                Xb, Yb = X[batch], Y[batch]
                trace = net.forward(Xb, check=False)
                total += net.loss_from(trace, Yb, alpha) * len(batch)
                grads = net.backward(trace, Yb, alpha=alpha, check=False)
                g = np.concatenate([d.ravel() for d in grads.dW + grads.db])  # like theta
                (update,) = opt.updates([g])
                theta += update  # in place: net.weights and net.biases are views of theta
            # --8<-- [end:fit]
            net.loss_curve_.append(total / n)
            net.n_iter_ = epoch
            _check_finite(net, theta, epoch, opt)
            if record_history:
                _record(net, X, Y, alpha, record_weights)
            score = None
            if validation:
                score = net.score(*validation)
                net.validation_scores_.append(score)
            opt.epoch_end(epoch * n)
            if watch.update(net, score) and opt.stalled():
                net.stopped_ = True
                break
    if validation:
        net.best_validation_score_ = watch.best
        net.weights, net.biases = watch.best_params
    elif tol is not None:
        net.best_loss_ = watch.best
    return net


def _check_validation(net, validation):
    try:
        X_val, y_val = validation
    except (TypeError, ValueError):
        raise TypeError(
            f"validation must be a pair (X_val, y_val); got {type(validation).__name__}"
        ) from None
    X_val = check_features(X_val, net.layer_sizes[0], name="validation X")
    return X_val, y_val


def _as_one_vector(net):
    """All of ``net``'s parameters in one new vector theta; the network's become views of it.

    ``theta`` holds ``W[1], ..., W[L], b[1], ..., b[L]``, each flattened, and
    ``net.weights`` and ``net.biases`` are rebound to reshaped slices of it. An
    optimizer then updates every parameter with a few operations on one vector
    instead of a few per array (faster for small networks), and, since all its
    operations are elementwise, to the same bits.
    """
    params = net.weights + net.biases
    theta = np.concatenate([p.ravel() for p in params])
    views, start = [], 0
    for p in params:
        views.append(theta[start : start + p.size].reshape(p.shape))
        start += p.size
    net.weights, net.biases = views[: net.n_layers], views[net.n_layers :]
    return theta


def _check_finite(net, theta, epoch, opt):
    if not np.isfinite(net.loss_curve_[-1] + theta.sum()):
        raise DivergedError(
            f"training diverged in epoch {epoch}: the loss or the weights became "
            f"infinite or NaN. The steps are too large for this data: lower the learning "
            f"rate (it is {opt.learning_rate_init:g}) or scale the features of X "
            "(standardise them, for example)."
        )


def _record(net, X, Y, alpha, record_weights):
    trace = net.forward(X, check=False)
    net.history["loss"].append(net.loss_from(trace, Y, alpha))
    if net.is_classifier:
        labels = decode(trace.a[-1], net.output)
        truth = decode(Y, net.output)
        net.history["accuracy"].append(accuracy(truth, labels))
    if record_weights:
        net.history["weights"].append(net.get_params())


class _Watch:
    """scikit-learn's stopping rule: count the epochs without improvement by ``tol``."""

    def __init__(self, net, tol, patience, on_validation):
        self.tol, self.patience, self.on_validation = tol, patience, on_validation
        self.best = -np.inf if on_validation else np.inf
        # scikit-learn keeps the initial weights until the validation score improves
        self.best_params = net.get_params() if on_validation else None
        self.stalled = 0

    def update(self, net, score):
        """Note the epoch that ended; True when it is time to stop (or slow down)."""
        tol = self.tol or 0.0
        if self.on_validation:
            worse = score < self.best + tol
            if score > self.best:
                self.best, self.best_params = score, net.get_params()
        else:
            if self.tol is None:
                return False
            worse = net.loss_curve_[-1] > self.best - tol
            self.best = min(self.best, net.loss_curve_[-1])
        self.stalled = self.stalled + 1 if worse else 0
        if self.tol is None or self.stalled <= self.patience:
            return False
        self.stalled = 0  # when the optimizer slows down instead, count afresh
        return True


def _optimizer(optimizer, learning_rate):
    if isinstance(optimizer, str):
        cls = OPTIMIZERS.get(optimizer)
        if cls is None:
            raise ValueError(
                f"optimizer must be one of {sorted(OPTIMIZERS)} or an optimizer object; "
                f"got {optimizer!r}"
            )
        return cls() if learning_rate is None else cls(learning_rate)
    if not all(hasattr(optimizer, m) for m in ("start", "updates", "epoch_end", "stalled")):
        raise TypeError(
            f"optimizer must be a name or an object of micromlp.optimizers; got {optimizer!r}"
        )
    if learning_rate is not None:
        raise ValueError(
            "learning_rate must be None when optimizer is an object (give it the learning "
            f"rate instead); got {learning_rate!r}"
        )
    return optimizer


def _next_order(rng, order):
    """The order of the next epoch's samples."""
    if isinstance(rng, np.random.RandomState):  # sklearn.utils.shuffle of the last order
        permutation = np.arange(len(order))
        rng.shuffle(permutation)
        return order[permutation]
    return rng.permutation(len(order))
