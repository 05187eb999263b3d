"""Compute once, plot many: every run the figures and tables need.

:func:`compute` trains each network once and returns a :class:`Runs`; the
figure and table functions only read it. Everything starts from
``micromlp.guide``, so the site shows one network and one training run.
Independent training runs (learning rates, batch sizes, seeds) go to a pool of
processes; each run is seeded, so the results do not depend on the pool.
"""

from dataclasses import dataclass, field

import numpy as np

from micromlp import MLP, guide, load_golf, numerical_gradients, relative_error

# The decision-boundary grid: the input square with half a unit of margin.
GRID = np.linspace(-0.5, 3.5, 81)
# Learning rates compared on the update page: too large, too small, the guide's.
LEARNING_RATES = (5.0, 0.001, guide.LEARNING_RATE)
# Batch sizes compared on the epochs page: per example, mini-batch, full batch.
BATCH_SIZES = (guide.BATCH_SIZE, 4, 8)
SEEDS = tuple(range(20))
# Epochs shown side by side in the boundary_evolution figure.
SNAPSHOTS = (0, 25, 100, 300, 600, 1000)
# The scikit-learn fit of the sklearn page (see micromlp.compat).
SKLEARN = dict(
    hidden_layer_sizes=(3, 2),
    activation="relu",
    solver="sgd",
    learning_rate="constant",
    learning_rate_init=0.1,
    momentum=0,
    max_iter=1000,
    random_state=42,
)


@dataclass
class Runs:
    golf: object  # micromlp.Golf
    day: int  # guide.DAY
    x: np.ndarray  # (1, 2) features of the day
    y: np.ndarray  # (1,) target of the day
    net0: object  # the untrained guide network
    trace: object  # its forward pass on the day
    loss: float  # its loss on the day
    grads: object  # its backward pass on the day
    num_dW: list  # finite-difference gradients, shaped like net0.weights
    num_db: list
    stepped: object  # net0 after one SGD step on the day
    trained: object  # guide.trained_network(record_weights=True)
    # Runs still going on in the pool: name -> function returning the result.
    pending: dict = field(default_factory=dict, repr=False)

    def _wait(self, name):
        value = self.pending[name]
        if callable(value):
            value = self.pending[name] = value()
        return value

    @property
    def lr_runs(self):
        """Learning rate -> training history."""
        return self._wait("lr_runs")

    @property
    def batch_runs(self):
        """Batch size -> training history."""
        return self._wait("batch_runs")

    @property
    def seeds(self):
        """``[(seed, train accuracy, test accuracy, final training loss)]``."""
        return self._wait("seeds")

    @property
    def sklearn(self):
        """The MLP trained as ``MLPClassifier(**SKLEARN).fit`` would train it."""
        return self._wait("sklearn")

    @property
    def X_train(self):
        return self.golf.X[self.golf.train]

    @property
    def y_train(self):
        return self.golf.y[self.golf.train]

    @property
    def X_test(self):
        return self.golf.X[self.golf.test]

    @property
    def y_test(self):
        return self.golf.y[self.golf.test]


def grid_proba(net, grid=GRID):
    """Probabilities of ``net`` on the grid, shape ``(len(grid), len(grid))``.

    Row ``r`` is humidity ``grid[r]``, column ``c`` temperature ``grid[c]``.
    """
    T, H = np.meshgrid(grid, grid)
    return net.predict_proba(np.column_stack([T.ravel(), H.ravel()])).reshape(T.shape)


def train(seed=guide.SEED, learning_rate=guide.LEARNING_RATE, batch_size=guide.BATCH_SIZE):
    """The guide's training run with one setting changed; returns the trained MLP."""
    golf = load_golf()
    return MLP(guide.LAYER_SIZES, init="uniform", seed=seed).fit(
        golf.X[golf.train],
        golf.y[golf.train],
        epochs=guide.EPOCHS,
        learning_rate=learning_rate,
        batch_size=batch_size,
        shuffle=True,
        seed=guide.SHUFFLE_SEED,
    )


def _seed_run(seed):
    return _seed_stats(seed, train(seed=seed), load_golf())


def _seed_stats(seed, net, golf):
    train_acc = float(np.mean(net.predict(golf.X[golf.train]) == golf.y[golf.train]))
    test_acc = float(np.mean(net.predict(golf.X[golf.test]) == golf.y[golf.test]))
    return seed, train_acc, test_acc, net.history["loss"][-1]


def _lr_run(lr):
    return train(learning_rate=lr).history


def _batch_run(batch_size):
    return train(batch_size=batch_size).history


def _sklearn_run():
    from sklearn.neural_network import MLPClassifier

    from micromlp.compat import fit_like_sklearn

    golf = load_golf()
    return fit_like_sklearn(MLPClassifier(**SKLEARN), golf.X[golf.train], golf.y[golf.train])


def compute(pool):
    """Start every run; return a :class:`Runs` at once.

    The runs of other settings (learning rates, batch sizes, seeds,
    scikit-learn) go to ``pool``, a ``concurrent.futures`` executor; reading
    ``Runs.seeds`` (etc.) waits for them. Meanwhile the caller can already
    draw the figures that need only the guide's own run.
    """
    seeds = pool.map(_seed_run, [s for s in SEEDS if s != guide.SEED])
    lrs = {lr: pool.submit(_lr_run, lr) for lr in LEARNING_RATES if lr != guide.LEARNING_RATE}
    batches = {bs: pool.submit(_batch_run, bs) for bs in BATCH_SIZES if bs != guide.BATCH_SIZE}
    sk = pool.submit(_sklearn_run)

    # Meanwhile, here: the worked example of one step, and the guide's run.
    golf = load_golf()
    x, y = guide.day()
    net0 = guide.network()
    trace = net0.forward(x)
    grads = net0.backward(trace, y)
    num_dW, num_db = numerical_gradients(net0, x, y)
    stepped = guide.network()
    stepped.step(stepped.backward(stepped.forward(x), y), guide.LEARNING_RATE)
    trained = guide.trained_network(record_weights=True)
    guide_seed = _seed_stats(guide.SEED, trained, golf)

    def lr_runs():
        return {
            lr: (trained.history if lr == guide.LEARNING_RATE else lrs[lr].result())
            for lr in LEARNING_RATES
        }

    def batch_runs():
        return {
            bs: (trained.history if bs == guide.BATCH_SIZE else batches[bs].result())
            for bs in BATCH_SIZES
        }

    return Runs(
        golf=golf,
        day=guide.DAY,
        x=x,
        y=y,
        net0=net0,
        trace=trace,
        loss=net0.loss(x, y),
        grads=grads,
        num_dW=num_dW,
        num_db=num_db,
        stepped=stepped,
        trained=trained,
        pending={
            "lr_runs": lr_runs,
            "batch_runs": batch_runs,
            "seeds": lambda: sorted([*seeds, guide_seed]),
            "sklearn": sk.result,
        },
    )


def param_names(net):
    """``[(name, layer, kind, index)]`` for all parameters: ``W[1][0,2]``, ``b[1][2]`` ..."""
    out = []
    for l in range(1, net.n_layers + 1):
        W = net.weights[l - 1]
        for i, j in np.ndindex(W.shape):
            out.append((f"W[{l}][{i},{j}]", l, "W", (i, j)))
        for j in range(W.shape[1]):
            out.append((f"b[{l}][{j}]", l, "b", (j,)))
    return out


def hidden_outputs(net, X):
    """Hidden activations of ``net`` on ``X``: an array (n_samples, n_hidden units)."""
    trace = net.forward(X)
    return np.hstack(trace.a[1:-1])


__all__ = ["Runs", "compute", "grid_proba", "param_names", "hidden_outputs", "relative_error"]
