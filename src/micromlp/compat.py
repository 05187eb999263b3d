"""Train a micromlp `MLP` exactly as scikit-learn would.

`fit_like_sklearn()` takes an *unfitted* ``MLPClassifier`` and repeats
what ``estimator.fit(X, y)`` does with plain SGD, step by step, so that the two
can be compared number for number:

- initial weights: Glorot-uniform, drawn from ``np.random.RandomState(random_state)``,
  weights then biases, layer by layer;
- every epoch, the sample order is shuffled with the same generator (the new
  order is a permutation of the previous one, as ``sklearn.utils.shuffle`` does);
- batches of ``batch_size`` (``"auto"`` is ``min(200, n_samples)``), the last
  one smaller;
- the loss of each batch includes the L2 term ``alpha/2 * sum(W**2) / batch``
  and the epoch's loss is the sample-weighted mean of the batch losses;
- training stops once the loss has failed to improve by ``tol`` for more than
  ``n_iter_no_change`` epochs, or after ``max_iter`` epochs.

scikit-learn is imported only when the function is called.
"""

import numbers

import numpy as np

from .losses import binary_cross_entropy
from .network import MLP
from .validation import check_features, check_targets

# Settings whose value must be exactly this to be reproduced with plain SGD.
REQUIRED = {
    "solver": "sgd",
    "learning_rate": "constant",
    "momentum": 0,
    "early_stopping": False,
    "warm_start": False,
}


def fit_like_sklearn(estimator, X, y):
    """Train an MLP as ``estimator.fit(X, y)`` would; the estimator is left untouched.

    Parameters
    ----------
    estimator : sklearn.neural_network.MLPClassifier
        Unfitted, with ``solver="sgd"``, ``momentum=0``,
        ``learning_rate="constant"``, ``early_stopping=False`` and an integer
        ``random_state``.
    X : array-like of shape (n_samples, n_features)
        The training data, as ``estimator.fit`` would get it (float64).
    y : array-like of shape (n_samples,)
        A binary target, 0/1 or -1/+1.

    Returns
    -------
    MLP
        The trained network, with two more attributes: ``loss_curve`` (the
        loss of every epoch, as ``estimator.loss_curve_``) and ``n_iter`` (as
        ``estimator.n_iter_``).
    """
    from sklearn.neural_network import MLPClassifier

    if not isinstance(estimator, MLPClassifier):
        raise TypeError(
            f"estimator must be an unfitted sklearn MLPClassifier; got {type(estimator).__name__}"
        )
    if hasattr(estimator, "coefs_"):
        raise ValueError("estimator must be unfitted; got one that has coefs_ already")
    p = estimator.get_params()
    for name, value in REQUIRED.items():
        if p.get(name, value) != value:
            raise ValueError(
                f"estimator.{name} must be {value!r} to be reproduced; got {p[name]!r}"
            )
    seed = p["random_state"]
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"estimator.random_state must be an int to be reproduced; got {seed!r}")
    if np.asarray(X).dtype == np.float32:
        raise ValueError("X must be float64 (scikit-learn would train in float32); got float32")
    X = check_features(X)
    y = check_targets(y, X.shape[0])
    if len(np.unique(y)) != 2:
        raise ValueError(f"y must hold two classes; got only {np.unique(y).tolist()}")

    hidden = p["hidden_layer_sizes"]
    hidden = list(hidden) if hasattr(hidden, "__iter__") else [hidden]
    net = MLP([X.shape[1], *hidden, 1], activation=p["activation"])
    rng = np.random.RandomState(seed)
    factor = 2.0 if p["activation"] == "logistic" else 6.0
    weights, biases = [], []
    for n_in, n_out in zip(net.layer_sizes[:-1], net.layer_sizes[1:]):
        r = np.sqrt(factor / (n_in + n_out))
        weights.append(rng.uniform(-r, r, (n_in, n_out)))
        biases.append(rng.uniform(-r, r, n_out))
    net.set_params(weights, biases)

    n = X.shape[0]
    batch_size = min(200, n) if p["batch_size"] == "auto" else int(np.clip(p["batch_size"], 1, n))
    alpha, lr, tol = p["alpha"], p["learning_rate_init"], p["tol"]
    order = np.arange(n)
    best, stalled, curve = np.inf, 0, []
    for _epoch in range(p["max_iter"]):
        if p["shuffle"]:
            permutation = np.arange(n)
            rng.shuffle(permutation)
            order = order[permutation]
        total = 0.0
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            trace = net._forward(X[batch])
            loss = binary_cross_entropy(y[batch], trace.y_hat)
            loss += (0.5 * alpha) * net._l2() / len(batch)
            net._step(net._backward(trace, y[batch], alpha), lr)
            total += loss * len(batch)
        curve.append(total / n)
        # The stopping rule of scikit-learn's _update_no_improvement_count.
        stalled = stalled + 1 if curve[-1] > best - tol else 0
        best = min(best, curve[-1])
        if stalled > p["n_iter_no_change"]:
            break
    net.loss_curve = curve
    net.n_iter = len(curve)
    return net
