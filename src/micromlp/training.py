"""The training loop: one loop for the guide's pages, its figures and scikit-learn's replica.

`fit` trains an `MLP` with mini-batches. What differs between runs is passed in,
not copied: the initial weights (the network), the order of the samples (the
``seed``: a numpy Generator for the guide, scikit-learn's RandomState for
`micromlp.compat`), the optimizer (`micromlp.optimizers`) and, for
scikit-learn's stopping rule and early stopping, a ``stop`` rule
(`micromlp.sklearn.Stopping`); without one, every epoch asked for runs.

Online learning. `partial_fit` is one epoch that continues the last run: the
optimizer keeps its state (momentum, Adam's averages), the loss curve grows.
``fit(..., warm_start=True)`` continues the weights and the loss curve; its
optimizer is the one it is given (a new one from its settings, as
scikit-learn's warm start, unless ``optimizer=net.optimizer_``).
Settings are not remembered between calls: give ``learning_rate``, ``alpha``,
``batch_size``... again.

Examples
--------
>>> from micromlp.training import fit
>>> from micromlp import MLP, golf_split
>>> X, y, _, _ = golf_split()
>>> run = fit(MLP([2, 3, 2, 1], seed=0), X, y, epochs=5)
>>> len(run.history["loss"]), len(run.loss_curve_), run.n_iter_
(6, 5, 5)
>>> net = MLP([2, 3, 2, 1], seed=0).fit(X, y, epochs=5)  # keeps its run as net.run_
>>> net = net.fit(X, y, epochs=3, warm_start=True)
>>> len(net.loss_curve_), net.n_iter_, net.samples_seen_
(8, 3, 64)
"""

import numpy as np

from .divergence import diverged, stop_or_warn
from .optimizers import OPTIMIZERS
from .run import Run
from .targets import accuracy, decode, encode
from .validation import (
    check_bool,
    check_features,
    check_positive_float,
    check_positive_int,
    check_sample_weight,
    check_seed,
)


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
    stop=None,
    sample_weight=None,
    warm_start=False,
    classes=None,
    record_history=True,
    record_weights=False,
):
    """Train ``net`` with mini-batch gradient descent; return the `Run` (`MLP.fit` keeps it).

    The network's parameters change in place; what else the run leaves (loss
    curve, epochs, optimizer, stopping rule with its record, classes) is in the `Run`.

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
    stop : object or None
        None trains all ``epochs``. A rule such as `micromlp.sklearn.Stopping`
        (scikit-learn's ``tol`` and ``early_stopping``) is asked after each
        epoch whether to stop: its ``start(net, classes)`` runs before the first epoch,
        ``after_epoch(net, run)`` after each (True stops), ``end(net)`` after
        the last; with ``stop.validated`` true, a run that diverges warns
        (`DivergenceWarning`) and goes on instead of raising.
    sample_weight : array_like of shape (n_samples,) or None
        Weight of each sample in the loss and its gradient (see
        `micromlp.losses`); None weighs every sample 1.
    warm_start : bool
        Continue the last run of this network instead of starting a new one:
        the loss curve and history grow; the count of samples seen
        (``samples_seen_``, for ``"invscaling"``) and the classes carry on (a
        ``stop`` rule's record, validation scores included, carries on when it
        is built with ``continues=net.stop_``, see `micromlp.sklearn.Stopping`).
        Given the optimizer object of the last run (``net.optimizer_``), its
        state carries on too.
    classes : array_like or None
        All the labels, for a run whose ``y`` may lack some (see
        `partial_fit`); None learns them from ``y`` (or keeps the last run's).
    record_history : bool
        Record ``history`` (the loss on all of ``X`` after each epoch).
    record_weights : bool
        Also keep a copy of the parameters after every epoch in
        ``history["weights"]``, for figures.

    Raises
    ------
    DivergedError
        When the loss or the weights become infinite or NaN, or a weight
        grows beyond `micromlp.divergence.WEIGHT_BOUND` (unless ``stop.validated``). The message
        names the learning rate when the loss was finite at the start, and
        the size of X when it was not.
    """
    X = check_features(X, net.layer_sizes[0])
    last = net.run_ if check_bool(warm_start, "warm_start") else None
    warm = last is not None and last.optimizer_ is not None
    if classes is not None:
        classes = _check_classes(net, classes)
    elif warm:
        classes = net.classes_
    Y, classes = encode(y, net.output, net.n_outputs, classes, n_samples=len(X))
    if net.is_classifier:  # 0/1 in the weights' precision, as scikit-learn's boolean targets
        Y = Y.astype(net.weights[0].dtype, copy=False)
    sample_weight = check_sample_weight(sample_weight, len(X))
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    shuffle = check_bool(shuffle, "shuffle")
    alpha = check_positive_float(alpha, "alpha", allow_zero=True)
    opt = _optimizer(optimizer, learning_rate)
    rng = check_seed(seed)
    watched = stop is not None and stop.validated
    n = len(X)
    order = np.arange(n)
    theta = net.as_vector()  # every weight and bias in one vector, of which they become views
    parts = _parts(net, theta)
    if stop is not None:  # before the run changes: a refused validation set leaves it as it was
        stop.start(net, classes)
    if not (warm and opt is last.optimizer_):
        opt.start(parts)  # a new optimizer (or a new run): its state from zero
    run = last if warm else Run(classes)
    run.classes_, run.optimizer_, run.stop_ = classes, opt, stop
    run.n_iter_, run.stopped_ = 0, False
    theta_start, warned = theta.copy(), False
    with np.errstate(all="ignore"):  # overflow is caught below, by diverged()
        if record_history and not (warm and run.history["loss"]):
            _record(net, run, X, Y, alpha, record_weights)
        for epoch in range(1, epochs + 1):
            if shuffle:
                order = _next_order(rng, order)
            total = 0.0
            # --8<-- [start:fit]
            for start in range(0, n, batch_size):
                batch = order[start : start + batch_size]
                Xb, Yb = X.take(batch, axis=0), Y.take(batch, axis=0)  # the rows X[batch]
                wb = None if sample_weight is None else sample_weight[batch]
                trace = net.forward(Xb, check=False)
                total += net.loss_from(trace, Yb, alpha, sample_weight=wb) * len(batch)
                grads = net.backward(trace, Yb, alpha=alpha, sample_weight=wb, check=False)
                g = _laid_out(grads, parts)  # the gradients, laid out like theta's parts
                for part, update in zip(parts, opt.updates(g)):
                    part += update  # in place: net.weights and net.biases are views of theta
            # --8<-- [end:fit]
            run.loss_curve_.append(total / n)
            run.n_iter_ = epoch
            run.samples_seen_ += n
            if not warned and diverged(run, theta):  # raises, or warns once if validated
                warned = stop_or_warn(net, run, (theta_start, X, Y), watched)
            if record_history:
                _record(net, run, X, Y, alpha, record_weights)
            opt.epoch_end(run.samples_seen_)
            if stop is not None and stop.after_epoch(net, run):
                run.stopped_ = True
                break
    if stop is not None:
        stop.end(net)
    return run


def _parts(net, theta):
    """What the optimizer updates: float64 ``theta`` whole, float32 ``theta`` in two.

    The optimizer's arithmetic follows each gradient's type, as scikit-learn's
    does per array. With float64 parameters every gradient is float64, so one
    vector gives the same bits in fewer operations. Float32 parameters
    trained with float64 sample weights have float32 weight gradients and
    float64 bias gradients (scikit-learn divides these by the float64 sum of
    the weights into new arrays), so the weights and the biases are two
    parts, each of one type.
    """
    if theta.dtype == np.float64:
        return [theta]
    n_weights = sum(W.size for W in net.weights)
    return [theta[:n_weights], theta[n_weights:]]


def _laid_out(grads, parts):
    """The gradients ``dW + db`` laid out like ``parts`` (each part keeps its gradients' type)."""
    if len(parts) == 1:
        return [np.concatenate([d.ravel() for d in grads.dW + grads.db])]
    return [
        np.concatenate([d.ravel() for d in grads.dW]),
        np.concatenate([d.ravel() for d in grads.db]),
    ]


def partial_fit(net, X, y, *, classes=None, **settings):
    """One epoch on ``(X, y)`` that continues the last run; return ``net``.

    Online learning: each call takes the samples at hand (one day of the golf
    data, say) for one pass, as `fit` with ``epochs=1`` and ``warm_start=True``.
    The first call starts the run (``settings`` as for `fit`: ``learning_rate``,
    ``optimizer``, ``batch_size``...); later calls go on with its optimizer and
    its state (a new ``optimizer`` given here starts a new state; a
    ``learning_rate`` alone is refused; ``alpha`` and ``batch_size`` are not
    remembered: give them again). A classifier (not multilabel) must give
    ``classes`` on its first call, since ``y`` may not show every label (a day has
    one label); later labels must be among them.
    """
    first = net.run_.optimizer_ is None
    if first and classes is None and net.is_classifier and not _multilabel(net):
        raise ValueError(
            "classes must list every label on the first call to partial_fit (a batch may "
            "lack some); got None"
        )
    if not first:
        settings.setdefault("optimizer", net.optimizer_)
        if classes is not None and not np.array_equal(_check_classes(net, classes), net.classes_):
            raise ValueError(
                f"classes must be those of the first call, {net.classes_.tolist()}; "
                f"got {np.asarray(classes).tolist()}"
            )
    settings.setdefault("record_history", False)
    return net.fit(X, y, epochs=1, warm_start=True, classes=classes, **settings)


def _multilabel(net):
    return net.output == "sigmoid" and net.n_outputs > 1


def _check_classes(net, classes):
    classes = np.unique(np.asarray(classes))
    if _multilabel(net) or not net.is_classifier:
        raise ValueError(
            f"classes is for classifiers with one label per sample; got {classes.tolist()} "
            f"for a network with {net.n_outputs} {net.output} output(s)"
        )
    return classes


def _record(net, run, X, Y, alpha, record_weights):
    trace = net.forward(X, check=False)
    run.history["loss"].append(net.loss_from(trace, Y, alpha))
    if net.is_classifier:
        labels = decode(trace.a[-1], net.output)
        truth = decode(Y, net.output)
        run.history["accuracy"].append(accuracy(truth, labels))
    if record_weights:
        run.history["weights"].append(net.get_params())


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
    if isinstance(rng, np.random.RandomState):  # sklearn.utils.shuffle of the last order:
        rng.shuffle(order)  # in place, the swaps (and draws) of rng.permutation(len(order))
        return order
    return rng.permutation(len(order))
