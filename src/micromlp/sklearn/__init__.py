"""scikit-learn's rules on top of micromlp: the second floor.

`Replica` repeats what ``MLPClassifier`` and ``MLPRegressor`` do in ``fit`` and
``partial_fit``, with micromlp's own training loop (`micromlp.training.fit`),
so that the two can be compared number for number; `fit_like_sklearn` is one
``fit``. scikit-learn's choices, supplied to that loop:

- its reading of the inputs (`reading`): parameter constraints, ``X`` and
  ``y``, labels through its ``LabelBinarizer`` (classes sorted, from all of
  ``y``), sample weights, the RandomState;
- the output layer: one sigmoid unit for two classes (or one), a softmax over
  K > 2 classes, K sigmoid units for a multilabel indicator matrix, the
  identity for regression, the exponential for ``loss="poisson"``;
- initial weights: Glorot-uniform, drawn from the RandomState, weights then
  biases, layer by layer;
- ``early_stopping``: a validation split drawn from the same RandomState after
  the weights (stratified for one output unit), scored after every epoch;
- every epoch, the sample order shuffled with the same RandomState;
- batches of ``batch_size`` (``"auto"`` is ``min(200, n_samples)``), the
  optimizer and the stopping rule (`Stopping`, which `MLP.fit` takes too), or
  L-BFGS through ``scipy.optimize`` (`lbfgs`);
- the functions scikit-learn calls (`SklearnMLP`): scipy's ``expit`` and
  ``xlogy``.

The core (`micromlp` without this package) never imports it; it imports
scikit-learn only when called, and scipy when imported.
"""

from .network import SklearnMLP, binary_log_loss, log_loss, poisson_loss
from .replica import Replica, fit_like_sklearn
from .stopping import Stopping

__all__ = [
    "Replica",
    "SklearnMLP",
    "Stopping",
    "binary_log_loss",
    "fit_like_sklearn",
    "log_loss",
    "poisson_loss",
]
