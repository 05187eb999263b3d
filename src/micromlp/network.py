"""The multi-layer perceptron of the guide, written to be read.

One convention, used everywhere: a batch is a matrix whose *rows* are samples,
and layer ``l`` computes

    z[l] = a[l-1] @ W[l] + b[l]        a[l] = f(z[l])

with ``W[l]`` of shape ``(n_in, n_out)`` and ``b[l]`` of shape ``(n_out,)``;
``a[0]`` is the input ``X`` and the last, ``a[3]`` for 2-3-2-1, the prediction
``y_hat``. Hidden layers
use ``activation`` (ReLU by default), the output layer a sigmoid.

Indices. The guide numbers layers from 1; Python lists start at 0. So
``weights[l - 1]`` is W[l], ``biases[l - 1]`` is b[l], ``trace.z[l - 1]`` is z[l]
and ``grads.delta[l - 1]`` is delta[l]. Only ``trace.a`` keeps the guide's
numbering, because it starts with the input: ``trace.a[l]`` is a[l].

Examples
--------
>>> net = MLP([2, 3, 2, 1], seed=0)
>>> net.n_weights, net.n_biases, net.n_params
(14, 6, 20)
>>> [W.shape for W in net.weights]
[(2, 3), (3, 2), (2, 1)]
"""

from pathlib import Path
from typing import NamedTuple

import numpy as np

from .activations import ACTIVATIONS, DERIVATIVES, sigmoid
from .losses import binary_cross_entropy, output_delta
from .validation import (
    check_choice,
    check_features,
    check_layer_sizes,
    check_positive_float,
    check_positive_int,
    check_targets,
)

INITS = {"uniform", "glorot"}


class Trace(NamedTuple):
    """Everything the forward pass computed, kept for the backward pass.

    ``z[l - 1]`` is z[l], of shape ``(n_samples, n_l)``; ``a[l]`` is a[l],
    with ``a[0]`` the input and ``a[-1]`` the prediction ``y_hat``.
    """

    z: list
    a: list

    @property
    def y_hat(self):
        """The prediction, the last ``a``, of shape ``(n_samples, 1)``."""
        return self.a[-1]


class Grads(NamedTuple):
    """What the backward pass computed, one entry per layer (``[l - 1]`` is layer l).

    ``delta`` is dL/dz per sample, of shape ``(n_samples, n_l)``; ``dW`` and
    ``db`` are the gradients averaged over the batch, shaped like ``W`` and ``b``.
    """

    delta: list
    dW: list
    db: list


class MLP:
    """A fully connected network for binary classification.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer, input first and output (1) last: ``[2, 3, 2, 1]``.
    activation : {"relu", "logistic", "tanh", "identity"}
        Activation of the hidden layers. The output is always a sigmoid.
    init : {"uniform", "glorot"}
        ``"uniform"`` draws every weight and bias from U(-0.5, 0.5), as the
        guide does. ``"glorot"`` is scikit-learn's scheme: U(-r, r) with
        ``r = sqrt(6 / (n_in + n_out))``, or ``sqrt(2 / (n_in + n_out))`` when
        the activation is ``"logistic"``.
    seed : int or numpy.random.Generator
        Source of the initial weights. The same seed gives the same network.

    Attributes
    ----------
    weights : list of ndarray
        ``weights[l - 1]`` is W[l], of shape ``(n_in, n_out)`` of layer l.
    biases : list of ndarray
        ``biases[l - 1]`` is b[l], of shape ``(n_l,)``.
    history : dict of lists
        Filled by `fit()`: ``"loss"`` and ``"accuracy"`` on the training
        data before training (index 0) and after each epoch; ``"weights"``
        (when asked for) as ``(weights, biases)`` copies at the same moments.
    """

    def __init__(self, layer_sizes=(2, 3, 2, 1), *, activation="relu", init="uniform", seed=0):
        self.layer_sizes = check_layer_sizes(layer_sizes)
        if self.layer_sizes[-1] != 1:
            raise ValueError(
                "layer_sizes must end with one output unit (a binary classifier); "
                f"got {self.layer_sizes!r}"
            )
        self.activation = check_choice(activation, "activation", set(ACTIVATIONS))
        self.init = check_choice(init, "init", INITS)
        rng = np.random.default_rng(seed)
        self.weights, self.biases = [], []
        # --8<-- [start:init]
        for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:]):
            if init == "uniform":
                r = 0.5
            else:
                r = np.sqrt((2.0 if activation == "logistic" else 6.0) / (n_in + n_out))
            self.weights.append(rng.uniform(-r, r, size=(n_in, n_out)))
            self.biases.append(rng.uniform(-r, r, size=n_out))
        # --8<-- [end:init]
        self.history = {"loss": [], "accuracy": [], "weights": []}

    def __repr__(self):
        return f"MLP({self.layer_sizes}, activation={self.activation!r}, init={self.init!r})"

    # -- sizes ------------------------------------------------------------

    @property
    def n_layers(self):
        """Number of layers with weights: 3 for 2-3-2-1."""
        return len(self.weights)

    @property
    def n_weights(self):
        """Number of weights: ``2*3 + 3*2 + 2*1 = 14`` for 2-3-2-1."""
        return sum(W.size for W in self.weights)

    @property
    def n_biases(self):
        """Number of biases: 3 + 2 + 1 = 6 for 2-3-2-1."""
        return sum(b.size for b in self.biases)

    @property
    def n_params(self):
        """Number of trainable parameters, weights and biases."""
        return self.n_weights + self.n_biases

    # -- one step ---------------------------------------------------------

    def forward(self, X):
        """Run the network on ``X`` of shape ``(n_samples, n_0)``; return the `Trace`."""
        return self._forward(check_features(X, self.layer_sizes[0]))

    def _forward(self, X):
        # --8<-- [start:forward]
        f = ACTIVATIONS[self.activation]
        z, a = [], [X]
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            z.append(a[l - 1] @ W + b)  # z[l] = a[l-1] W[l] + b[l]
            a.append(sigmoid(z[-1]) if l == self.n_layers else f(z[-1]))
        return Trace(z, a)
        # --8<-- [end:forward]

    def backward(self, trace, y, *, alpha=0.0):
        """Backpropagate from a forward `Trace` and targets ``y``.

        Parameters
        ----------
        trace : Trace
            The result of `forward()` on a batch of ``n_samples`` rows.
        y : array-like of shape (n_samples,)
            Targets, 0/1 (or -1/+1, mapped to 0/1).
        alpha : float
            L2 penalty: adds ``alpha * W / n_samples`` to each ``dW``.

        Returns
        -------
        Grads
            ``delta``, ``dW``, ``db`` per layer; ``dW``/``db`` are batch means.
        """
        if not isinstance(trace, Trace):
            raise TypeError(f"trace must be the Trace returned by forward(); got {trace!r}")
        y = check_targets(y, trace.a[0].shape[0])
        alpha = check_positive_float(alpha, "alpha", allow_zero=True)
        return self._backward(trace, y, alpha)

    def _backward(self, trace, y, alpha=0.0):
        # --8<-- [start:backward]
        n = y.shape[0]  # samples in the batch
        df = DERIVATIVES[self.activation]
        last = self.n_layers - 1  # index of the output layer
        delta, dW, db = [None] * (last + 1), [None] * (last + 1), [None] * (last + 1)
        for i in range(last, -1, -1):  # i = l - 1: layer l of the guide is index l - 1
            if i == last:
                delta[i] = output_delta(y, trace.a[-1])  # y_hat - y
            else:  # delta[l] = (delta[l+1] W[l+1]^T) * f'(z[l])
                delta[i] = (delta[i + 1] @ self.weights[i + 1].T) * df(trace.a[i + 1])
            # dL/dW[l] = a[l-1]^T delta[l]: summed over the batch, then averaged
            dW[i] = trace.a[i].T @ delta[i] / n
            db[i] = delta[i].sum(axis=0) / n
            if alpha:  # the L2 penalty alpha/2 * sum(W**2) / n adds alpha * W / n
                dW[i] += (alpha / n) * self.weights[i]
        return Grads(delta, dW, db)
        # --8<-- [end:backward]

    def step(self, grads, learning_rate):
        """Move every parameter against its gradient: ``W <- W - learning_rate * dW``."""
        if not isinstance(grads, Grads):
            raise TypeError(f"grads must be the Grads returned by backward(); got {grads!r}")
        self._step(grads, check_positive_float(learning_rate, "learning_rate"))

    def _step(self, grads, learning_rate):
        # --8<-- [start:step]
        for W, b, dW, db in zip(self.weights, self.biases, grads.dW, grads.db):
            W -= learning_rate * dW  # in place: the arrays in self.weights change
            b -= learning_rate * db
        # --8<-- [end:step]

    def loss(self, X, y, *, alpha=0.0):
        """Mean binary cross-entropy on ``(X, y)``, plus ``alpha/2 * sum(W**2) / n``."""
        X = check_features(X, self.layer_sizes[0])
        y = check_targets(y, X.shape[0])
        alpha = check_positive_float(alpha, "alpha", allow_zero=True)
        return self._loss(X, y, alpha)

    def _loss(self, X, y, alpha=0.0):
        return binary_cross_entropy(y, self._forward(X).y_hat) + 0.5 * alpha * self._l2() / len(X)

    def _l2(self):
        """``sum(W**2)`` over every weight (not the biases): the L2 penalty's sum."""
        return sum(float(np.dot(W.ravel(), W.ravel())) for W in self.weights)

    # -- training ---------------------------------------------------------

    def fit(
        self,
        X,
        y,
        *,
        epochs=100,
        learning_rate=0.1,
        batch_size=1,
        shuffle=True,
        seed=0,
        alpha=0.0,
        record_weights=False,
    ):
        """Train with mini-batch gradient descent; return ``self``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_0)
            Training inputs, one row per sample.
        y : array-like of shape (n_samples,)
            Targets 0/1 or -1/+1.
        epochs : int
            Passes over the data.
        learning_rate : float
            Step size eta of ``W <- W - eta * dW``.
        batch_size : int
            Samples per update: 1 is per-example SGD, ``n_samples`` (or more)
            is full-batch gradient descent; the last batch may be smaller.
        shuffle : bool
            Visit the samples in a new random order every epoch.
        seed : int or numpy.random.Generator
            Source of the shuffling order.
        alpha : float
            L2 penalty (0 in the guide).
        record_weights : bool
            Also keep a copy of the parameters after every epoch in
            ``history["weights"]``, for figures.
        """
        X = check_features(X, self.layer_sizes[0])
        y = check_targets(y, X.shape[0])
        epochs = check_positive_int(epochs, "epochs")
        learning_rate = check_positive_float(learning_rate, "learning_rate")
        batch_size = check_positive_int(batch_size, "batch_size")
        alpha = check_positive_float(alpha, "alpha", allow_zero=True)
        rng = np.random.default_rng(seed)
        n = X.shape[0]
        self.history = {"loss": [], "accuracy": [], "weights": []}
        self._record(X, y, alpha, record_weights)
        # --8<-- [start:fit]
        for _epoch in range(epochs):
            order = rng.permutation(n) if shuffle else np.arange(n)
            for start in range(0, n, batch_size):
                batch = order[start : start + batch_size]
                trace = self._forward(X[batch])
                self._step(self._backward(trace, y[batch], alpha), learning_rate)
            self._record(X, y, alpha, record_weights)
        # --8<-- [end:fit]
        return self

    def _record(self, X, y, alpha, record_weights):
        y_hat = self._forward(X).y_hat
        self.history["loss"].append(
            binary_cross_entropy(y, y_hat) + 0.5 * alpha * self._l2() / len(X)
        )
        self.history["accuracy"].append(float(np.mean((y_hat > 0.5) == (y > 0.5))))
        if record_weights:
            self.history["weights"].append(self.get_params())

    # -- prediction -------------------------------------------------------

    def predict_proba(self, X):
        """Probability of class 1 for each row of ``X``: an array of shape ``(n_samples,)``."""
        return self.forward(X).y_hat[:, 0]

    def predict(self, X, threshold=0.5):
        """Class 1 where the probability is above ``threshold``, else 0 (ints)."""
        return (self.predict_proba(X) > threshold).astype(int)

    # -- parameters -------------------------------------------------------

    def get_params(self):
        """Copies of ``(weights, biases)``."""
        return [W.copy() for W in self.weights], [b.copy() for b in self.biases]

    def set_params(self, weights, biases):
        """Replace the parameters with copies of ``weights`` and ``biases`` (shapes must match)."""
        for name, new, old in (("weights", weights, self.weights), ("biases", biases, self.biases)):
            shapes = [p.shape for p in old]
            if len(new) != len(old):
                raise ValueError(f"{name} must hold {len(old)} arrays {shapes}; got {len(new)}")
            for i, (p, q) in enumerate(zip(new, old)):
                if np.shape(p) != q.shape:
                    raise ValueError(
                        f"{name}[{i}] must have shape {q.shape}; got shape {np.shape(p)}"
                    )
                check_features(np.reshape(p, (1, -1)), name=f"{name}[{i}]")
        self.weights = [np.array(W, dtype=np.float64) for W in weights]
        self.biases = [np.array(b, dtype=np.float64) for b in biases]
        return self

    def save(self, path):
        """Write the network to an ``.npz`` file (plain arrays, no pickle)."""
        arrays = {f"W{i}": W for i, W in enumerate(self.weights)}
        arrays.update({f"b{i}": b for i, b in enumerate(self.biases)})
        np.savez(
            path,
            layer_sizes=np.array(self.layer_sizes),
            activation=np.array(self.activation),
            **arrays,
        )

    @classmethod
    def load(cls, path):
        """Read a network written by `save()`."""
        path = Path(path)
        with np.load(path, allow_pickle=False) as data:
            missing = {"layer_sizes", "activation"} - set(data.files)
            if missing:
                raise ValueError(
                    f"path must be an .npz written by MLP.save; {path} lacks {sorted(missing)}"
                )
            net = cls(data["layer_sizes"].tolist(), activation=str(data["activation"]))
            n = net.n_layers
            net.set_params([data[f"W{i}"] for i in range(n)], [data[f"b{i}"] for i in range(n)])
        return net
