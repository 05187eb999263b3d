"""`Stopping`: scikit-learn's stopping rule and early stopping, for the training loop.

`micromlp.training.fit` trains every epoch it is asked for. Given
``stop=Stopping(...)``, it asks the rule after each epoch whether to go on, as
scikit-learn's ``tol`` and ``n_iter_no_change`` do:

- without a validation set, training stops once the loss of an epoch has not
  beaten the best loss so far by at least ``tol`` for more than
  ``n_iter_no_change`` epochs in a row;
- with one (scikit-learn's ``early_stopping``), the rule scores the network on
  it after each epoch (accuracy, or R^2 for regression), watches that score
  instead, and gives the network back the weights of the best score at the end.

An ``"adaptive"`` learning-rate schedule (`micromlp.optimizers.SGD`) lowers the
learning rate at a stall instead of stopping, while it can. With a validation
set a run that diverges goes on with a warning, as scikit-learn's does (see
`micromlp.divergence`).

Examples
--------
>>> from micromlp import MLP, golf_split
>>> from micromlp.sklearn import Stopping
>>> X, y, X_test, y_test = golf_split()
>>> net = MLP([2, 3, 2, 1], seed=0)
>>> net = net.fit(X, y, epochs=500, batch_size=8, stop=Stopping(tol=1e-2, n_iter_no_change=3))
>>> net.n_iter_ < 500, net.stopped_
(True, True)
"""

import numpy as np

from ..targets import accuracy, decode, encode, r2_score
from ..validation import (
    check_features,
    check_positive_float,
    check_positive_int,
    check_sample_weight,
)


class Stopping:
    """When to stop: no improvement by ``tol`` for more than ``n_iter_no_change`` epochs.

    Parameters
    ----------
    tol : float
        The improvement an epoch must make on the best loss (or score) so far.
    n_iter_no_change : int or numpy.inf
        How many epochs in a row may miss it; ``numpy.inf`` never stops.
    validation : tuple (X_val, y_val) or (X_val, y_val, w_val), or None
        Score the network on it after each epoch, weighted by ``w_val`` when
        given, and watch that score instead of the loss; the best network is kept.
    continues : Stopping or None
        The rule of the last run, whose record (best loss or score, epochs
        without improvement, validation scores, best network) this one carries
        on, as a warm start of scikit-learn's does. Both must be of one kind:
        with a validation set, or without (scikit-learn's warm start fails too
        when ``early_stopping`` changes). None starts a new record, and so
        does every later run given the same rule.

    Attributes
    ----------
    validation_scores_ : list of float or None
        The validation score after each epoch (None without a validation set).
    best_validation_score_, best_loss_ : float or None
        After training: the best validation score (with a validation set), or
        the best loss (without one).
    stalled : int
        Epochs in a row without improvement.
    """

    def __init__(self, tol=1e-4, n_iter_no_change=10, validation=None, continues=None):
        self.tol = check_positive_float(tol, "tol", allow_zero=True)
        if n_iter_no_change != np.inf:
            n_iter_no_change = check_positive_int(n_iter_no_change, "n_iter_no_change")
        self.patience = n_iter_no_change
        if validation is not None and (
            not isinstance(validation, (tuple, list)) or len(validation) not in (2, 3)
        ):
            raise TypeError(
                "validation must be a pair (X_val, y_val) or a triple (X_val, y_val, w_val); "
                f"got {type(validation).__name__}"
            )
        self.validation = validation
        self.validated = validation is not None  # read by the loop: divergence only warns
        if continues is not None and continues.validated != self.validated:
            kinds = ("the training loss", "a validation score")
            raise ValueError(
                f"continues must be a rule that watched {kinds[self.validated]}, as this one "
                f"does; got one that watched {kinds[continues.validated]} (a warm start cannot "
                "switch early stopping on or off, in scikit-learn either)"
            )
        self._last = continues
        self.best_validation_score_ = self.best_loss_ = None

    def start(self, net, classes=None):
        """Before the first epoch: the validation set checked, then the record (new or carried on).

        ``classes`` are the run's (see `micromlp.targets.encode`): the validation
        labels must be among them. A validation set refused here leaves the rule as it was.
        """
        if self.validated:
            X_val = check_features(self.validation[0], net.layer_sizes[0], name="validation X")
            y_val = self.validation[1]
            encode(y_val, net.output, net.n_outputs, classes, "validation y", len(X_val))
            w_val = self.validation[2] if len(self.validation) == 3 else None
            w_val = check_sample_weight(w_val, len(X_val), "validation w_val")
            self.validation = (X_val, y_val, w_val)
        last, self._last = self._last, None  # a later run with this rule starts anew
        if last is not None:
            self.best, self.stalled = last.best, last.stalled
            self.validation_scores_ = last.validation_scores_
        else:
            self.best, self.stalled = (-np.inf if self.validated else np.inf), 0
            self.validation_scores_ = [] if self.validated else None
        self.best_params = None
        if not self.validated:
            return
        if last is not None:  # as scikit-learn: the kept best is the network that trains on,
            self.best_params = (net.weights, net.biases)  # until a better score is recorded
        else:  # the initial weights, until the validation score improves
            self.best_params = net.get_params()

    def after_epoch(self, net, run):
        """Note the epoch that ended; True when training should stop."""
        if self.validated:
            score = _validation_score(net, run.classes_, *self.validation)
            self.validation_scores_.append(score)
            worse = score < self.best + self.tol  # a NaN score is not "worse" (as scikit-learn)
            if score > self.best:
                self.best, self.best_params = score, net.get_params()
        else:
            worse = run.loss_curve_[-1] > self.best - self.tol
            self.best = min(self.best, run.loss_curve_[-1])
        self.stalled = self.stalled + 1 if worse else 0
        if self.stalled <= self.patience:
            return False
        if run.optimizer_.stalled():  # stop, or go on with a lower learning rate
            return True
        self.stalled = 0
        return False

    def end(self, net):
        """After the last epoch: the best score (and its network) or the best loss."""
        if self.validated:
            self.best_validation_score_ = self.best
            net.set_params(*self.best_params)
        else:
            self.best_loss_ = self.best


def _validation_score(net, classes, X_val, y_val, w_val=None):
    """``net.score`` on the validation set, NaN when a regressor's outputs overflow."""
    y_hat = net.forward(X_val, check=False).y_hat
    if not net.is_classifier and not np.isfinite(y_hat).all():
        return np.nan  # as scikit-learn: the score of predictions that overflowed
    predicted = decode(y_hat, net.output, classes)
    Y = encode(y_val, net.output, net.n_outputs, classes, n_samples=len(X_val))[0]
    if net.is_classifier:
        return accuracy(decode(Y, net.output, classes), predicted, w_val)
    return r2_score(Y, predicted.reshape(len(predicted), -1), w_val)
