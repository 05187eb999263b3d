"""The settings of the guide's running example, in one place.

Every page, figure, table and notebook of the guide starts from these, so
that they all show the same network and the same training run.

Examples
--------
>>> from micromlp.guide import DAY, day_index, network
>>> net = network()
>>> net.layer_sizes, net.n_params
([2, 3, 2, 1], 20)
>>> int(day_index(DAY))
5
"""

import numpy as np

from .data import load_golf
from .network import MLP

LAYER_SIZES = (2, 3, 2, 1)
"""Units per layer: two inputs, hidden layers of 3 and 2, one output."""
SEED = 14
"""Seed of the initial weights, U(-0.5, 0.5): the first seed of 0-29 with every hidden unit
active on day `DAY` that also gets all 8 training days right (the prediction page
generates this rule's result and where the seed sits among seeds 0-19)."""
DAY = 6
"""The training day worked through by hand: temperature 3, humidity 2, golf +1."""
LEARNING_RATE = 0.1
"""Step size of every update."""
EPOCHS = 1000
"""Passes over the 8 training days."""
BATCH_SIZE = 1
"""One day per update: per-example SGD, as the guide's steps describe it."""
SHUFFLE_SEED = 0
"""Seed of the order of the days in each epoch."""

SKLEARN_SETTINGS = {
    "hidden_layer_sizes": (3, 2),
    "activation": "relu",
    "solver": "sgd",
    "learning_rate_init": 0.1,
    "momentum": 0,
    "max_iter": 1000,
    "random_state": 42,
}
"""The source's scikit-learn example, corrected (see the scikit-learn page).

``MLPClassifier(**SKLEARN_SETTINGS)`` with momentum 0 is plain SGD, which
`micromlp.compat.fit_like_sklearn` reproduces.
"""


def network():
    """The untrained 2-3-2-1 network of the guide."""
    return MLP(LAYER_SIZES, init="uniform", seed=SEED)


def day_index(day_id):
    """Row of day ``day_id`` (1..13) in ``load_golf()`` arrays."""
    ids = load_golf().ids
    if day_id not in ids:
        raise ValueError(f"day_id must be one of {ids.tolist()}; got {day_id!r}")
    return int(np.flatnonzero(ids == day_id)[0])


def day(day_id=DAY):
    """``(x, y)`` of one day: x of shape (1, 2), y of shape (1,)."""
    golf = load_golf()
    i = day_index(day_id)
    return golf.X[i : i + 1], golf.y[i : i + 1]


def trained_network(*, record_weights=False):
    """The guide's network after training on days 1-8 with the settings above."""
    golf = load_golf()
    return network().fit(
        golf.X[golf.train],
        golf.y[golf.train],
        epochs=EPOCHS,
        learning_rate=LEARNING_RATE,
        batch_size=BATCH_SIZE,
        shuffle=True,
        seed=SHUFFLE_SEED,
        record_weights=record_weights,
    )
