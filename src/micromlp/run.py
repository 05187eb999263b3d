"""What a training run leaves (`Run`), and scikit-learn's stopping rule (`Watch`).

`micromlp.training.fit` returns a `Run`; `MLP.fit` keeps it as ``net.run_``, and
the network reads its attributes through (``net.loss_curve_`` is
``net.run_.loss_curve_``). A warm start or `micromlp.training.partial_fit`
continues the run it is given.
"""

import numpy as np

RUN_ATTRIBUTES = {
    "history",
    "loss_curve_",
    "n_iter_",
    "samples_seen_",
    "validation_scores_",
    "best_validation_score_",
    "best_loss_",
    "loss_",
    "optimizer_",
    "watch_",
    "stopped_",
}


class Run:
    """What a training run leaves: `fit` returns it, `MLP.fit` keeps it as ``net.run_``.

    The network reads its attributes through: ``net.loss_curve_`` is
    ``net.run_.loss_curve_``. A warm start continues the run it is given.

    Attributes
    ----------
    history : dict of lists
        ``"loss"`` and (for classifiers) ``"accuracy"`` on the training data
        before training (index 0) and after each epoch; ``"weights"`` (when asked
        for) as ``(weights, biases)`` copies.
    loss_curve_ : list of float
        scikit-learn's bookkeeping: for each epoch, the loss of each batch (its
        L2 penalty included, taken before its update), averaged over the
        epoch's training samples: a batch counts by its number of samples,
        whatever their sample weights.
    n_iter_ : int
        Epochs run by the last call.
    samples_seen_ : int
        Samples visited since the run started (``"invscaling"`` reads it).
    validation_scores_ : list of float or None
        The score on the validation set after each epoch (None without one).
    best_validation_score_, best_loss_ : float or None
        The best validation score (with a validation set) or loss (with ``tol``).
    best_params : tuple (weights, biases) or None
        The network of the best validation score, which `MLP.fit` keeps.
    loss_ : float or None
        The final loss of an L-BFGS fit (`micromlp.sklearn`).
    classes_ : ndarray or None
        The labels the run trained on (see `MLP`).
    optimizer_ : object of `micromlp.optimizers`
        The optimizer, with its state (a warm start or `partial_fit` may go on with it).
    watch_ : Watch
        The stopping rule's record.
    stopped_ : bool
        True when the stopping rule ended the last call before its epochs ran out.
    """

    def __init__(self, classes=None, watch=None, validation=None):
        self.history = {"loss": [], "accuracy": [], "weights": []}
        self.loss_curve_, self.n_iter_, self.samples_seen_ = [], 0, 0
        self.validation_scores_ = [] if validation else None
        self.best_validation_score_ = self.best_loss_ = self.best_params = self.loss_ = None
        self.classes_, self.optimizer_, self.watch_, self.stopped_ = classes, None, watch, False


class Watch:
    """scikit-learn's stopping rule: count the epochs without improvement by ``tol``.

    It lives in the `Run` (``net.watch_``), so that a warm start continues its
    count, as scikit-learn's does.
    """

    def __init__(self, net, on_validation):
        self.tol, self.patience, self.on_validation = None, None, on_validation
        self.best = -np.inf if on_validation else np.inf
        # scikit-learn keeps the initial weights until the validation score improves
        self.best_params = net.get_params() if on_validation else None
        self.stalled = 0

    def update(self, net, run, score):
        """Note the epoch that ended; True when it did not improve for too long."""
        tol = self.tol or 0.0
        if self.on_validation:  # a NaN score is not "worse" (as scikit-learn counts)
            worse = score < self.best + tol
            if score > self.best:
                self.best, self.best_params = score, net.get_params()
        else:
            if self.tol is None:
                return False
            worse = run.loss_curve_[-1] > self.best - tol
            self.best = min(self.best, run.loss_curve_[-1])
        self.stalled = self.stalled + 1 if worse else 0
        return self.tol is not None and self.stalled > self.patience
