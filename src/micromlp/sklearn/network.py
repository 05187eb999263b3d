"""`SklearnMLP`: an `MLP` that calls the functions scikit-learn calls.

scipy's ``expit`` for the logistic function (hidden and output) and ``xlogy`` in
the log losses and the Poisson deviance, where the guide's `MLP` writes
``1 / (1 + exp(-z))`` and ``y log(y_hat)`` with numpy. The values are the same;
the last bit can differ, by CPU (numpy's ``exp`` and ``log`` use SIMD code where
the CPU has it, scipy's do not). Each loss is written as scikit-learn's
``_base.py`` writes it, its ``np.average`` as `micromlp.losses.mean_over_samples`
(the same bits: ``average`` without weights is ``mean``).
"""

import numpy as np
from scipy.special import expit, xlogy

from ..activations import ACTIVATIONS, DERIVATIVES, identity, softmax
from ..activations import relu_derivative as relu_derivative_of_the_guide
from ..losses import OUTPUTS, mean_over_samples
from ..network import MLP


def clip(a, low, high):
    """``np.clip(a, low, high)``: the same values (scikit-learn's log losses call np.clip)."""
    return np.minimum(np.maximum(a, low), high)


# The clip of each log loss, for the outputs' precision (np.finfo is slow to call per batch)
EPS = {np.dtype(t): np.finfo(t).eps for t in (np.float32, np.float64)}


def binary_log_loss(Y, Y_hat, sample_weight=None):
    """Binary cross-entropy as scikit-learn computes it, with scipy's ``xlogy``."""
    eps = EPS[Y_hat.dtype]
    Y_hat = clip(Y_hat, eps, 1 - eps)
    # scikit-learn's Y is boolean, and xlogy computes in float64 for it, whatever Y_hat's type
    loss = xlogy(Y, Y_hat, dtype=np.float64) + xlogy(1 - Y, 1 - Y_hat, dtype=np.float64)
    return -mean_over_samples(loss, sample_weight).sum()


def log_loss(Y, Y_hat, sample_weight=None):
    """Categorical cross-entropy as scikit-learn computes it, with scipy's ``xlogy``."""
    eps = EPS[Y_hat.dtype]
    Y_hat = clip(Y_hat, eps, 1 - eps)
    return -mean_over_samples(xlogy(Y, Y_hat, dtype=np.float64), sample_weight).sum()


def squared_loss(Y, Y_hat, sample_weight=None):
    """Half the squared error as scikit-learn computes it: a numpy float, of its inputs' type."""
    return 0.5 * mean_over_samples((Y - Y_hat) ** 2, sample_weight).mean()


def poisson_loss(Y, Y_hat, sample_weight=None):
    """Half the Poisson deviance as scikit-learn computes it, with scipy's ``xlogy``."""
    loss = xlogy(Y, Y / Y_hat) - Y + Y_hat
    return mean_over_samples(loss, sample_weight).sum()


def relu_derivative(a, delta=1.0):
    """`micromlp.activations.relu_derivative`, written into ``delta`` when it is an array.

    As scikit-learn's ``inplace_relu_derivative``: no new array for the mask's
    floats nor for the product (the backward pass hands a fresh ``delta``).
    """
    if isinstance(delta, np.ndarray):
        return np.multiply(delta, a > 0, out=delta)
    return relu_derivative_of_the_guide(a, delta)


class SklearnMLP(MLP):
    """An `MLP` that calls the functions scikit-learn calls: the same values, its roundings.

    scipy's ``expit`` for the logistic function (hidden and output), ``xlogy``
    in the log losses and the Poisson deviance. `fit_like_sklearn` returns one.
    """

    ACTIVATIONS = {**ACTIVATIONS, "logistic": expit}
    DERIVATIVES = {**DERIVATIVES, "relu": relu_derivative}
    OUTPUTS = {
        **OUTPUTS,
        "sigmoid": (expit, binary_log_loss),
        "softmax": (softmax, log_loss),
        "identity": (identity, squared_loss),
        "exp": (np.exp, poisson_loss),
    }

    def loss_from(self, trace, Y, alpha=0.0, scale=1, sample_weight=None):
        """`MLP.loss_from`, in the precision scikit-learn computes it.

        scikit-learn sums its loss over an epoch in the type its losses return:
        float64 for every classifier (its targets are boolean, and xlogy
        computes in float64) and for any other regression; float32 only for
        float32 X with float32 regression targets.
        """
        loss = scale * self.OUTPUTS[self.output][1](Y, trace.a[-1], sample_weight)
        if alpha:
            values = 0  # the penalty summed as scikit-learn sums it, one layer at a time
            for W in self.weights:
                s = W.ravel()
                values += np.dot(s, s)
            n = len(Y) if sample_weight is None else sample_weight.sum()
            loss += 0.5 * alpha * values / n
        return loss
