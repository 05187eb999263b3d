"""micromlp: a tiny multi-layer perceptron in numpy, written to be read.

The code behind the Micro MLP guide: a 2-3-2-1 network with ReLU hidden
layers and a sigmoid output, trained with binary cross-entropy and SGD on
the 13-day golf dataset. Every number and figure of the guide comes from it.
The same `MLP` takes softmax and identity outputs (more classes, regression)
and the optimizers scikit-learn uses, and `micromlp.compat` reproduces
scikit-learn's ``fit`` with it.

Examples
--------
>>> from micromlp import MLP, golf_split
>>> X_train, y_train, X_test, y_test = golf_split()
>>> net = MLP([2, 3, 2, 1], seed=0)
>>> net.predict_proba(X_test).shape
(5,)
"""

from .activations import (
    ACTIVATIONS,
    DERIVATIVES,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
)
from .data import GOLF_DAYS, Golf, golf_split, load_golf, make_dataset
from .divergence import WEIGHT_BOUND, DivergedError, DivergenceWarning
from .gradcheck import gradcheck, numerical_gradients, relative_error
from .losses import (
    OUTPUTS,
    binary_cross_entropy,
    binary_cross_entropy_derivative,
    categorical_cross_entropy,
    output_delta,
    poisson_loss,
    squared_error,
)
from .network import MLP, Grads, Trace
from .optimizers import SGD, Adam

__all__ = [
    "ACTIVATIONS",
    "DERIVATIVES",
    "GOLF_DAYS",
    "MLP",
    "OUTPUTS",
    "SGD",
    "Adam",
    "DivergedError",
    "DivergenceWarning",
    "WEIGHT_BOUND",
    "Golf",
    "Grads",
    "Trace",
    "binary_cross_entropy",
    "binary_cross_entropy_derivative",
    "categorical_cross_entropy",
    "squared_error",
    "softmax",
    "golf_split",
    "gradcheck",
    "load_golf",
    "make_dataset",
    "numerical_gradients",
    "output_delta",
    "poisson_loss",
    "relative_error",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
]
__version__ = "0.1.0"
