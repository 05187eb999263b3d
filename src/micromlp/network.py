"""The multi-layer perceptron of the guide, written to be read.

One convention, used everywhere: a batch is a matrix whose *rows* are samples; layer ``l`` computes

    z[l] = a[l-1] @ W[l] + b[l]        a[l] = f(z[l])

with ``W[l]`` of shape ``(n_in, n_out)`` and ``b[l]`` of shape ``(n_out,)``; ``a[0]`` is the
input ``X`` and the last, ``a[3]`` for 2-3-2-1, the prediction ``y_hat``. Hidden layers use
``activation`` (ReLU by default), the output layer ``output``: a sigmoid (the guide's), a
softmax, the identity or the exponential, each with its loss (see `micromlp.losses.OUTPUTS`).

Indices. The guide numbers layers from 1, Python lists from 0: ``weights[l - 1]`` is W[l],
``biases[l - 1]`` is b[l], ``trace.z[l - 1]`` is z[l], ``grads.delta[l - 1]`` is delta[l]; only
``trace.a``, which starts with the input, keeps the guide's numbering (``trace.a[l]`` is a[l]).

Checked and unchecked. `forward`, `backward` and `step` check their input and raise clear
errors. Code that has checked its input once and then calls them thousands of times (`fit`,
`micromlp.gradcheck`, `micromlp.compat`) passes ``check=False``: the same computation without
the checks. With ``check=False``, ``X`` must be a float array of shape ``(n_samples, n_0)`` and
``Y`` the targets as the loss sees them (`targets`).

Examples
--------
>>> from micromlp import MLP
>>> net = MLP([2, 3, 2, 1], seed=0)
>>> net.n_weights, net.n_biases, net.n_params
(14, 6, 20)
>>> [W.shape for W in net.weights]
[(2, 3), (3, 2), (2, 1)]
"""

import numpy as np

from . import training
from .activations import ACTIVATIONS, DERIVATIVES
from .losses import OUTPUTS, output_delta
from .optimizers import SGD
from .parameters import Parameters
from .passes import Grads, Trace
from .run import RUN_ATTRIBUTES, Run
from .targets import accuracy, decode, default_targets, encode, r2_score
from .validation import (
    check_choice,
    check_features,
    check_grads,
    check_layer_sizes,
    check_positive_float,
    check_probability,
    check_sample_weight,
    check_seed,
)

INITS = {"uniform", "glorot"}
DTYPES = {"float64", "float32"}


class MLP(Parameters):
    """A fully connected network: binary, multi-class or multilabel classifier, or regressor.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer, input first and output last: ``[2, 3, 2, 1]``.
    activation : {"relu", "logistic", "tanh", "identity"}
        Activation of the hidden layers.
    output : {"sigmoid", "softmax", "identity", "exp"}
        The output layer and its loss: ``"sigmoid"`` with binary cross-entropy (one unit
        for two classes, K units for K independent labels); ``"softmax"`` with categorical
        cross-entropy (one unit per class); ``"identity"`` with the squared error
        (regression); ``"exp"`` with the Poisson deviance (counts).
    init : {"uniform", "glorot"}
        ``"uniform"`` draws every weight and bias from U(-0.5, 0.5), as the
        guide does. ``"glorot"`` is scikit-learn's scheme: U(-r, r) with
        ``r = sqrt(6 / (n_in + n_out))``, or ``sqrt(2 / (n_in + n_out))`` when
        the activation is ``"logistic"``.
    seed : int, numpy.random.Generator or numpy.random.RandomState
        Source of the initial weights, drawn layer by layer, weights then
        biases. The same seed gives the same network.
    dtype : {"float64", "float32"}
        The precision of the weights and biases: drawn in float64, then
        rounded to float32 when asked, as scikit-learn does for float32 input.

    Attributes
    ----------
    layer_sizes, activation, output, init
        The settings, as given (``layer_sizes`` a list).
    dtype : str
        The type of the weights and biases: as given, until an L-BFGS fit
        (`micromlp.compat`) makes them float64, as scikit-learn's.
    weights : list of ndarray
        ``weights[l - 1]`` is W[l], of shape ``(n_in, n_out)`` of layer l.
    biases : list of ndarray
        ``biases[l - 1]`` is b[l], of shape ``(n_l,)``.
    classes_ : ndarray or None
        The labels, sorted, learnt by `fit()`: the column numbers for multilabel
        targets, None for regression (and before the first fit).
    run_ : micromlp.run.Run
        What the last `fit()` left (empty before the first; a warm start or
        `partial_fit` continues the same `Run`). The network reads its
        attributes through (``net.loss_curve_`` is ``net.run_.loss_curve_``):
        ``history`` (loss and accuracy by epoch), ``loss_curve_``, ``n_iter_``, ``samples_seen_``,
        ``loss_`` (L-BFGS), ``optimizer_``, ``stop_`` (the stopping rule, with
        its record) and ``stopped_``; see `micromlp.run.Run`. So do the rule's
        ``validation_scores_``, ``best_validation_score_`` and ``best_loss_``.
    """

    # The functions of the layers, by name (activations.py, losses.py). A subclass
    # may swap in others that compute the same values: micromlp.compat takes scipy's,
    # which scikit-learn calls and which may round differently from numpy's.
    ACTIVATIONS, DERIVATIVES, OUTPUTS = ACTIVATIONS, DERIVATIVES, OUTPUTS

    def __init__(
        self,
        layer_sizes=(2, 3, 2, 1),
        *,
        activation="relu",
        output="sigmoid",
        init="uniform",
        seed=0,
        dtype="float64",
    ):
        self.layer_sizes = check_layer_sizes(layer_sizes)
        self.activation = check_choice(activation, "activation", set(ACTIVATIONS))
        self.output = check_choice(output, "output", set(OUTPUTS))
        if output == "softmax" and self.layer_sizes[-1] < 2:
            raise ValueError(
                "layer_sizes must end with at least 2 units (one per class) for a softmax "
                f"output; got {self.layer_sizes!r}"
            )
        self.init = check_choice(init, "init", INITS)
        rng = check_seed(seed)
        self.weights, self.biases = [], []
        # --8<-- [start:init]
        for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:]):
            if init == "uniform":
                r = 0.5
            else:  # Glorot, as scikit-learn
                r = np.sqrt((2.0 if activation == "logistic" else 6.0) / (n_in + n_out))
            self.weights.append(rng.uniform(-r, r, size=(n_in, n_out)))
            self.biases.append(rng.uniform(-r, r, size=n_out))
        # --8<-- [end:init]
        self.dtype = check_choice(getattr(dtype, "__name__", dtype), "dtype", DTYPES)
        if self.dtype == "float32":
            self.weights = [W.astype(np.float32) for W in self.weights]
            self.biases = [b.astype(np.float32) for b in self.biases]
        self.classes_ = None
        self.run_ = Run()  # what training leaves; empty until the first fit

    def __getattr__(self, name):
        """What the last fit left, from its `Run` (and its stopping rule, ``run_.stop_``)."""
        run = self.__dict__.get("run_")
        if run is not None and name in RUN_ATTRIBUTES:
            return getattr(run, name)
        if run is not None and name.endswith("_") and hasattr(run.stop_, name):
            return getattr(run.stop_, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __repr__(self):
        return (
            f"MLP({self.layer_sizes}, activation={self.activation!r}, "
            f"output={self.output!r}, init={self.init!r})"
        )

    # -- sizes ------------------------------------------------------------

    @property
    def n_layers(self):
        """Number of layers with weights: 3 for 2-3-2-1."""
        return len(self.weights)

    @property
    def n_outputs(self):
        """Units of the output layer."""
        return self.layer_sizes[-1]

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

    @property
    def is_classifier(self):
        """True for sigmoid and softmax outputs; False for regression (identity, exp)."""
        return self.output in ("sigmoid", "softmax")

    # -- one step ---------------------------------------------------------

    def forward(self, X, *, check=True):
        """Run the network on ``X`` of shape ``(n_samples, n_0)``; return the `Trace`."""
        if not check:
            return self._forward(X)
        X = check_features(X, self.layer_sizes[0])
        with np.errstate(all="ignore"):
            trace = self._forward(X)
        if not np.isfinite(trace.z[-1]).all():
            raise ValueError(
                "X is too large for this network: its output overflowed to inf or NaN; "
                f"scale the features (largest |X| is {np.abs(X).max():.3g})"
            )
        return trace

    def _forward(self, X):
        # --8<-- [start:forward]
        f = self.ACTIVATIONS[self.activation]
        out = self.OUTPUTS[self.output][0]  # sigmoid, softmax, identity or exp
        z, a = [], [X]
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            z.append(a[l - 1] @ W)  # z[l] = a[l-1] W[l] + b[l],
            z[-1] += b  # with b added in place (no second array of that size)
            a.append(out(z[-1]) if l == self.n_layers else f(z[-1]))
        return Trace(z, a)
        # --8<-- [end:forward]

    def backward(self, trace, Y, *, alpha=0.0, sample_weight=None, check=True):
        """Backpropagate from a forward `Trace` and targets ``Y``.

        Parameters
        ----------
        trace : Trace
            The result of `forward()` on a batch of ``n_samples`` rows.
        Y : array_like
            Targets as the loss sees them (see `targets()`): 0/1 (or -1/+1) for
            sigmoid outputs, one-hot rows (or class indices) for softmax,
            values for identity; shape ``(n_samples,)`` or ``(n_samples, n_outputs)``.
        alpha : float
            L2 penalty: adds ``alpha * W / n_samples`` to each ``dW``.
        sample_weight : ndarray of shape (n_samples,) or None
            The output's ``delta`` of sample i times ``w_i``, and sums divided by
            ``sum(w)``, not ``n_samples`` (a weighted mean); None weighs each 1.
        check : bool
            False skips the checks (see the module's docstring).

        Returns
        -------
        Grads
            ``delta``, ``dW``, ``db`` per layer; ``dW``/``db`` are batch means.
        """
        if check:
            if not isinstance(trace, Trace) or len(trace.a) != self.n_layers + 1:
                raise TypeError(f"trace must be the Trace returned by forward(); got {trace!r}")
            n = trace.a[0].shape[0]
            Y = default_targets(Y, self.output, self.n_outputs, n, name="Y")
            alpha = check_positive_float(alpha, "alpha", allow_zero=True)
            sample_weight = check_sample_weight(sample_weight, n)
        # --8<-- [start:backward]
        n = Y.shape[0] if sample_weight is None else sample_weight.sum()  # the batch's weight
        df = self.DERIVATIVES[self.activation]
        last = self.n_layers - 1  # index of the output layer
        delta, dW, db = [None] * (last + 1), [None] * (last + 1), [None] * (last + 1)
        for i in range(last, -1, -1):  # i = l - 1: layer l of the guide is index l - 1
            if i == last:
                delta[i] = output_delta(Y, trace.a[-1])  # y_hat - y
                if sample_weight is not None:  # each sample's error, weighted
                    delta[i] *= sample_weight.reshape(-1, 1)
            else:  # delta[l] = (delta[l+1] W[l+1]^T) * f'(z[l])
                # dL/da[l]; np.dot: @'s values, faster if layer l+1 has one unit (make bench)
                error = np.dot(delta[i + 1], self.weights[i + 1].T)
                delta[i] = df(trace.a[i + 1], error)  # error * f'(z[l]), see activations.py
            dW[i] = trace.a[i].T @ delta[i]  # dL/dW[l] = a[l-1]^T delta[l], summed over the batch
            if alpha:  # the L2 penalty alpha/2 * sum(W**2) / n adds alpha * W / n
                dW[i] += alpha * self.weights[i]
            dW[i] /= n  # averaged over the batch
            db[i] = delta[i].sum(axis=0) / n
        return Grads(delta, dW, db)
        # --8<-- [end:backward]

    def step(self, grads, learning_rate, *, check=True):
        """Move every parameter against its gradient: ``W <- W - learning_rate * dW``.

        The update is plain SGD's (`micromlp.optimizers.SGD`, which the training
        loop uses too), added to the arrays in place.
        """
        if check:
            check_grads(grads, self.weights, self.biases, Grads)
        # --8<-- [start:step]
        updates = SGD(learning_rate).updates(grads.dW + grads.db)  # -learning_rate * dW
        for p, update in zip(self.weights + self.biases, updates):
            p += update  # in place: the arrays in self.weights change
        # --8<-- [end:step]

    # -- losses -----------------------------------------------------------

    def targets(self, y, n_samples=None):
        """``y`` as the loss sees it, shape ``(n_samples, n_outputs)``.

        A fitted classifier maps its ``classes_`` (``"yes"`` to 1, ...); else
        0/1 or -1/+1 (one sigmoid unit), an indicator matrix (several),
        one-hot rows or class indices 0..K-1 (softmax), numbers (identity).
        """
        n = n_samples if n_samples is not None else len(np.asarray(y)) if np.ndim(y) else 1
        if self.classes_ is None:
            return default_targets(y, self.output, self.n_outputs, n)
        return encode(y, self.output, self.n_outputs, self.classes_, n_samples=n)[0]

    def loss(self, X, y, *, alpha=0.0, sample_weight=None):
        """The loss on ``(X, y)``, as scikit-learn records it (see `micromlp.losses`).

        The (weighted) mean over samples of the output's loss, plus the L2
        penalty ``alpha/2 * sum(W**2) / n_samples`` (``/ sum(w)`` with weights).
        A loss that overflows to inf or NaN raises a `ValueError`.
        """
        X = check_features(X, self.layer_sizes[0])
        Y = self.targets(y, len(X))
        alpha = check_positive_float(alpha, "alpha", allow_zero=True)
        sample_weight = check_sample_weight(sample_weight, len(X))
        with np.errstate(all="ignore"):
            loss = self.loss_from(self._forward(X), Y, alpha, sample_weight=sample_weight)
        if not np.isfinite(loss):
            raise ValueError(
                f"X is too large for this network: the loss overflowed to {loss}; scale the "
                f"features (largest |X| is {np.abs(X).max():.3g})"
            )
        return loss

    # --8<-- [start:loss]
    def loss_from(self, trace, Y, alpha=0.0, scale=1, sample_weight=None):
        """The loss of a forward `Trace` against targets ``Y``, unchecked (see `loss()`).

        ``scale`` multiplies the output's loss, not the penalty (see `objective()`).
        """
        loss = scale * self.OUTPUTS[self.output][1](Y, trace.a[-1], sample_weight)
        if alpha:  # the L2 penalty, alpha/2 * sum(W**2) / n (n: the batch's samples or weight)
            n = len(Y) if sample_weight is None else sample_weight.sum()
            loss += 0.5 * alpha * sum(np.dot(W.ravel(), W.ravel()) for W in self.weights) / n
        return float(loss)

    # --8<-- [end:loss]

    def objective(self, X, Y, alpha=0.0):
        """The function whose gradient `backward()` computes, unchecked (for gradcheck).

        It is `loss()` except for an identity output with ``k > 1`` units: there scikit-learn
        records the squared error averaged over outputs, but its gradient is that of the error
        summed over them, ``k`` times more (see `micromlp.losses.squared_error`).
        """
        scale = self.n_outputs if self.output == "identity" else 1
        return self.loss_from(self._forward(X), Y, alpha, scale)

    # -- training ---------------------------------------------------------

    def fit(self, X, y, **settings):
        """Train on ``(X, y)``; return ``self``. See `micromlp.training.fit` for ``settings``.

        The defaults are the guide's: plain SGD, learning rate 0.1, one sample
        per update, 100 epochs, a new order of the samples every epoch.
        ``warm_start=True`` continues the last fit instead of starting anew.
        """
        self.run_ = training.fit(self, X, y, **settings)
        self.classes_ = self.run_.classes_
        return self

    def partial_fit(self, X, y, **settings):
        """One epoch on ``(X, y)``, continuing the last; see `micromlp.training.partial_fit`."""
        return training.partial_fit(self, X, y, **settings)

    # -- prediction -------------------------------------------------------

    def predict_proba(self, X):
        """Class probabilities for each row of ``X``.

        One sigmoid unit: the probability of the second class, shape
        ``(n_samples,)`` (scikit-learn's ``predict_proba(X)[:, 1]``). Softmax
        or K sigmoid units: shape ``(n_samples, K)``.
        """
        if not self.is_classifier:
            raise AttributeError("predict_proba is for classifiers; output='identity' regresses")
        y_hat = self.forward(X).y_hat
        return y_hat[:, 0] if self.n_outputs == 1 and self.output == "sigmoid" else y_hat

    def predict(self, X, threshold=0.5):
        """Labels for each row of ``X`` (values for regression).

        A fitted classifier returns its ``classes_``; an unfitted one 0/1
        (sigmoid) or class indices (softmax). ``threshold`` applies to sigmoid
        outputs: the second class where the probability is above it.
        """
        threshold = check_probability(threshold, "threshold")
        return decode(self.forward(X).y_hat, self.output, self.classes_, threshold)

    def score(self, X, y):
        """Accuracy on ``(X, y)`` for a classifier, R^2 for regression, as scikit-learn's ``score``.

        Multilabel accuracy counts a sample right when all its labels are; R^2 is
        averaged over the outputs.
        """
        predicted = self.predict(X)
        Y = self.targets(y, len(predicted))  # checks the labels
        if self.is_classifier:
            return accuracy(decode(Y, self.output, self.classes_), predicted)
        return r2_score(Y, predicted.reshape(len(predicted), -1))
