"""What a training run leaves: `Run`.

`micromlp.training.fit` returns a `Run`; `MLP.fit` keeps it as ``net.run_``, and
the network reads its attributes through (``net.loss_curve_`` is
``net.run_.loss_curve_``). A warm start or `micromlp.training.partial_fit`
continues the run it is given.
"""

RUN_ATTRIBUTES = {
    "history",
    "loss_curve_",
    "n_iter_",
    "samples_seen_",
    "loss_",
    "optimizer_",
    "stop_",
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
    loss_ : float or None
        The final loss of an L-BFGS fit (`micromlp.sklearn`).
    classes_ : ndarray or None
        The labels the run trained on (see `MLP`).
    optimizer_ : object of `micromlp.optimizers`
        The optimizer, with its state (a warm start or `partial_fit` may go on with it).
    stop_ : object or None
        The stopping rule of the last call (see `micromlp.training.fit`), with
        its record, or None.
    stopped_ : bool
        True when the stopping rule ended the last call before its epochs ran out.
    """

    def __init__(self, classes=None):
        self.history = {"loss": [], "accuracy": [], "weights": []}
        self.loss_curve_, self.n_iter_, self.samples_seen_, self.loss_ = [], 0, 0, None
        self.classes_, self.optimizer_, self.stop_, self.stopped_ = classes, None, None, False
