"""`Replica`: scikit-learn's MLPClassifier or MLPRegressor, replayed by micromlp.

A `Replica` wraps an estimator (which it leaves untouched: it reads its settings
at every call, so ``set_params`` between calls counts, as for scikit-learn) and
repeats its ``fit`` and ``partial_fit`` with micromlp's training loop
(`micromlp.training.fit`), keeping what scikit-learn keeps between calls:

- ``fit`` with ``warm_start=False`` starts anew: new weights (reseeded), new
  classes, new optimizer, new loss curve;
- ``fit`` with ``warm_start=True`` continues from the weights of the last call,
  with a new optimizer (Adam's averages and SGD's velocities restart at 0) and
  ``n_iter_`` counted from 0; the loss curve, the samples seen ``t_`` (for
  ``"invscaling"``), the stopping rule's count and best loss, the validation
  scores and best network go on; the classes must be the same as before;
- ``partial_fit`` is one epoch that keeps the optimizer and its state; its first
  call needs ``classes`` (a classifier); later labels must be among them; it
  refuses ``early_stopping``; it exists only for the stochastic solvers (and, as
  in scikit-learn, for a regressor with L-BFGS, where it runs a whole fit).

The attributes are scikit-learn's: ``coefs_``, ``intercepts_``, ``n_iter_``,
``loss_``, ``loss_curve_``, ``best_loss_``, ``validation_scores_``,
``best_validation_score_``, ``classes_``, ``t_``, ``n_outputs_``,
``n_features_in_`` and, after a fit on a DataFrame, ``feature_names_in_`` (with
scikit-learn's warnings when later data's names differ); ``net`` is the trained
`SklearnMLP` itself. Float32 data is trained on as scikit-learn trains on it, with
float32 parameters, except that L-BFGS returns float64 ones (see the API reference,
"What micromlp does not offer").
"""

import numpy as np

from ..validation import as_float, warn_at_caller
from . import reading
from .lbfgs import fit_lbfgs
from .network import SklearnMLP
from .stopping import Stopping


def _warn(message, category=None):
    """Warn in scikit-learn's category (a ``ConvergenceWarning`` by default), at the user's line."""
    from sklearn.exceptions import ConvergenceWarning

    warn_at_caller(message, category or ConvergenceWarning)


class Replica:
    """Fit as ``estimator.fit`` and ``estimator.partial_fit`` would, with micromlp.

    Parameters
    ----------
    estimator : sklearn.neural_network.MLPClassifier or MLPRegressor
        Unfitted; it is never changed. Its ``random_state`` may be None, an int
        (a new RandomState at every call, as scikit-learn's) or a RandomState
        (copied once; the copy advances from call to call).
    network : type, optional
        `SklearnMLP` (the default: scipy's functions, as scikit-learn calls
        them) or `MLP` (numpy's, as the guide's pages).
    """

    def __init__(self, estimator, network=None):
        from sklearn.neural_network import MLPClassifier, MLPRegressor

        if not isinstance(estimator, (MLPClassifier, MLPRegressor)):
            raise TypeError(
                "estimator must be an unfitted sklearn MLPClassifier or MLPRegressor; "
                f"got {type(estimator).__name__}"
            )
        if hasattr(estimator, "coefs_"):
            raise ValueError("estimator must be unfitted; got one that has coefs_ already")
        from sklearn.base import clone

        self.estimator, self.network = estimator, network or SklearnMLP
        self._names = clone(estimator)  # holds feature_names_in_, set by scikit-learn's check
        self.classifier = isinstance(estimator, MLPClassifier)
        self.net, self.labels, self.loss_, self._seed = None, None, None, None

    # -- scikit-learn's attributes ----------------------------------------

    coefs_ = property(lambda self: self.net.weights)
    intercepts_ = property(lambda self: self.net.biases)
    n_iter_ = property(lambda self: self.net.n_iter_)
    n_outputs_ = property(lambda self: self.net.n_outputs)
    n_features_in_ = property(lambda self: self.net.layer_sizes[0])
    classes_ = property(lambda self: self.labels.classes_ if self.labels else None)
    loss_curve_ = property(lambda self: _get(self.net, "loss_curve_"))
    t_ = property(lambda self: _get(self.net, "samples_seen_") or 0)
    validation_scores_ = property(lambda self: _get(self._stop, "validation_scores_"))
    best_validation_score_ = property(lambda self: _get(self._stop, "best_validation_score_"))
    best_loss_ = property(lambda self: _get(self._stop, "best_loss_"))
    _stop = property(lambda self: _get(self.net, "stop_"))

    @property
    def feature_names_in_(self):
        """The column names of the ``X`` that started the current fit (a DataFrame's).

        Set by every fit that starts anew, kept by warm starts and `partial_fit`,
        as scikit-learn's; absent when that ``X`` had none.
        """
        return self._names.feature_names_in_  # AttributeError when X had none

    _no_improvement_count = property(lambda self: self._stop.stalled)
    _optimizer = property(lambda self: self.net.optimizer_)

    # -- training ---------------------------------------------------------

    def fit(self, X, y, sample_weight=None):
        """``estimator.fit(X, y, sample_weight)``, continuing the last call if ``warm_start``."""
        return self._fit(X, y, sample_weight, incremental=False)

    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """``estimator.partial_fit``: one epoch, the optimizer's state kept."""
        p = self.estimator.get_params()
        if p["solver"] not in ("sgd", "adam") and self.classifier:
            raise AttributeError(
                f"partial_fit is only available for stochastic optimizers. {p['solver']} is "
                "not stochastic."
            )
        if self.classifier:
            from sklearn.utils.multiclass import _check_partial_fit_first_call

            probe = _Probe(self.classes_)
            if _check_partial_fit_first_call(probe, classes):  # scikit-learn's rule and errors
                self.labels = reading.Labels(y, classes)
        return self._fit(X, y, sample_weight, incremental=True)

    def _fit(self, X, y, sample_weight, incremental):
        """scikit-learn's ``_fit``: read the inputs, start or continue, train."""
        p = self.estimator.get_params()
        hidden = reading.check_parameters(self.estimator)
        first = self.net is None or not (p["warm_start"] or incremental)
        self._check_names(X, reset=first)
        X, y = reading.read_data(self.classifier, X, y, None if first else self.net.layer_sizes[0])
        sample_weight = reading.read_weights(sample_weight, X)
        Y = self._targets(y, incremental, p["warm_start"])
        rng, self._seed = reading.random_state(p["random_state"], self._seed)
        if first:
            self.net = self._network(X.shape[1], hidden, Y.shape[1], p, rng, X.dtype.name)
        if p["solver"] == "lbfgs":
            fit_lbfgs(self, X, Y, sample_weight, p)
        else:
            self._fit_stochastic(X, Y, sample_weight, p, rng, first, incremental)
        return self

    def _targets(self, y, incremental, warm_start):
        """The targets, as scikit-learn binarizes them; the classes learnt anew when it does."""
        if not self.classifier:  # scikit-learn scores integer targets in X's precision
            self._whole_targets = y.dtype.kind in "iub"
            return as_float(y.reshape(len(y), -1))  # float32 stays float32
        if self.labels is None or not (warm_start or incremental):
            self.labels = reading.Labels(y)
        else:
            self.labels.check(y, warm_start)
        return self.labels.targets(y)

    def _network(self, n_features, hidden, n_outputs, p, rng, dtype):
        """New Glorot-uniform weights from ``rng``, layer by layer, as scikit-learn's."""
        if not self.classifier:
            output = "exp" if p["loss"] == "poisson" else "identity"
        else:
            output = "softmax" if self.labels.multiclass else "sigmoid"
        return self.network(
            [n_features, *hidden, n_outputs],
            activation=p["activation"],
            output=output,
            init="glorot",
            seed=rng,
            dtype=dtype,
        )

    def _fit_stochastic(self, X, Y, sample_weight, p, rng, first, incremental):
        """scikit-learn's ``_fit_stochastic``, through `micromlp.training.fit`."""
        net = self.net
        if incremental and p["early_stopping"]:
            raise ValueError("partial_fit does not support early_stopping=True")
        validation = None
        if p["early_stopping"]:
            X, Y, sample_weight, validation = self._validation_split(X, Y, sample_weight, p, rng)
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
        keep = incremental and getattr(net, "optimizer_", None) is not None
        y, classes = self.labels.for_the_core(Y) if self.classifier else (Y, None)
        net.fit(
            X,
            y,
            epochs=1 if incremental else p["max_iter"],
            batch_size=batch_size,
            shuffle=p["shuffle"],
            seed=rng,
            alpha=p["alpha"],
            optimizer=net.optimizer_ if keep else _optimizer(p),
            stop=Stopping(
                p["tol"], p["n_iter_no_change"], validation, continues=None if first else self._stop
            ),
            sample_weight=sample_weight,
            warm_start=not first,
            classes=classes,
            record_history=False,
        )
        if self.classifier:
            net.classes_ = self.classes_
        self.loss_ = net.loss_curve_[-1]
        if not incremental and not net.stopped_:
            _warn(
                f"Stochastic Optimizer: Maximum iterations ({p['max_iter']}) reached and the "
                "optimization hasn't converged yet."
            )

    def _validation_split(self, X, Y, sample_weight, p, rng):
        """scikit-learn's ``train_test_split`` for ``early_stopping``, from the same RandomState."""
        from sklearn.model_selection import train_test_split

        # stratified on the 0/1 targets for one output unit (not multilabel, multiclass, nor
        # regression), as scikit-learn
        stratify = Y.astype(bool) if self.classifier and Y.shape[1] == 1 else None
        arrays = (
            (np.arange(len(X)),) if sample_weight is None else (np.arange(len(X)), sample_weight)
        )
        parts = train_test_split(
            *arrays, random_state=rng, test_size=p["validation_fraction"], stratify=stratify
        )
        train, val = parts[0], parts[1]
        if len(val) < 2:
            raise ValueError(
                "The validation set is too small. Increase 'validation_fraction' or the size of "
                f"your dataset (validation_fraction={p['validation_fraction']!r} leaves "
                f"{len(val)} of {len(X)} samples)."
            )
        w_train, w_val = (parts[2], parts[3]) if sample_weight is not None else (None, None)
        Y_val = Y[val]
        if self.classifier:
            Y_val = self.labels.for_the_core(Y_val)[0]
        elif self._whole_targets and sample_weight is None:  # r2_score in X's precision
            Y_val = Y_val.astype(X.dtype)
        return X[train], Y[train], w_train, (X[val], Y_val, w_val)

    # -- prediction -------------------------------------------------------

    def _check_names(self, X, reset):
        """scikit-learn's check of feature names: set them (``reset``) or warn on a mismatch."""
        from sklearn.utils.validation import _check_feature_names

        _check_feature_names(self._names, X, reset=reset)

    def _outputs(self, X):
        self._check_names(X, reset=False)
        return self.net.forward(X).y_hat

    def predict(self, X):
        """``estimator.predict``: labels (classes_) or values."""
        Y_hat = self._outputs(X)
        if self.classifier:
            return self.labels.decode(Y_hat)
        return Y_hat[:, 0] if Y_hat.shape[1] == 1 else Y_hat

    def predict_proba(self, X):
        """``estimator.predict_proba``: one column per class (two for one sigmoid unit)."""
        if not self.classifier:
            raise AttributeError("predict_proba is for classifiers; an MLPRegressor has none")
        Y_hat = self._outputs(X)
        return np.hstack([1 - Y_hat, Y_hat]) if Y_hat.shape[1] == 1 else Y_hat

    def predict_log_proba(self, X):
        """``estimator.predict_log_proba``: the log of `predict_proba` (-inf where it is 0)."""
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            return np.log(proba)

    def score(self, X, y, sample_weight=None):
        """Accuracy (classifier) or R^2 (regressor), as ``estimator.score``."""
        from sklearn.metrics import accuracy_score, r2_score

        metric = accuracy_score if self.classifier else r2_score
        return metric(y, self.predict(X), sample_weight=sample_weight)


def _get(net, name):
    return getattr(net, name, None)


class _Probe:
    """What scikit-learn's ``_check_partial_fit_first_call`` reads and writes: ``classes_``."""

    def __init__(self, classes):
        self.classes_ = classes


def _optimizer(p):
    """A new optimizer of `micromlp.optimizers` with the estimator's settings."""
    from ..optimizers import SGD, Adam

    if p["solver"] == "sgd":
        return SGD(
            p["learning_rate_init"],
            momentum=p["momentum"],
            nesterov=p["nesterovs_momentum"],
            schedule=p["learning_rate"],
            power_t=p["power_t"],
        )
    return Adam(
        p["learning_rate_init"], beta_1=p["beta_1"], beta_2=p["beta_2"], epsilon=p["epsilon"]
    )


def fit_like_sklearn(estimator, X, y, *, sample_weight=None, network=None):
    """Train an MLP as ``estimator.fit(X, y, sample_weight)`` would; the estimator is untouched.

    Parameters
    ----------
    estimator : sklearn.neural_network.MLPClassifier or MLPRegressor
        Unfitted (see `Replica`).
    X : array-like of shape (n_samples, n_features)
        The training data, as ``estimator.fit`` would get it (float32 stays float32).
    y : array_like
        Labels, a multilabel indicator matrix, or regression targets.
    sample_weight : array_like of shape (n_samples,), optional
        Weights of the samples, as ``estimator.fit``'s.
    network : type, optional
        `SklearnMLP` (the default) or `MLP` (see `Replica`).

    Returns
    -------
    SklearnMLP
        The trained network (an `MLP`), with scikit-learn's attributes: ``n_iter_``,
        ``loss_curve_`` (stochastic solvers), ``loss_`` (L-BFGS), ``classes_``,
        ``validation_scores_`` and ``best_validation_score_`` (with
        ``early_stopping``), ``best_loss_`` (without it). Its ``history`` stays
        empty: scikit-learn keeps no such record. For ``partial_fit`` and warm
        starts, use a `Replica`.
    """
    return Replica(estimator, network).fit(X, y, sample_weight).net
