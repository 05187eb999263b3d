"""The golf dataset of the guide, and seeded 2-D datasets for experiments.

Thirteen days, each with a temperature and a humidity from 0 to 3 and a label
"goes golfing" given as +1 or -1. The guide trains on days 1-8 and tests on
days 9-13. Cross-entropy wants targets 0/1, so +1 maps to 1 and -1 to 0.

Examples
--------
>>> from micromlp.data import load_golf
>>> golf = load_golf()
>>> golf.X.shape, golf.y.shape
((13, 2), (13,))
>>> golf.ids[golf.train].tolist(), golf.ids[golf.test].tolist()
([1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13])
"""

from typing import NamedTuple

import numpy as np

from .validation import check_choice, check_positive_float, check_positive_int

# (id, temperature, humidity, label) as printed in the guide's source.
GOLF_DAYS = (
    (1, 0, 0, +1),
    (2, 1, 0, -1),
    (3, 1, 1, -1),
    (4, 2, 0, -1),
    (5, 3, 1, +1),
    (6, 3, 2, +1),
    (7, 2, 3, +1),
    (8, 3, 3, -1),
    (9, 0, 1, -1),
    (10, 0, 2, -1),
    (11, 1, 3, +1),
    (12, 2, 2, +1),
    (13, 3, 1, +1),
)
FEATURE_NAMES = ("temperature", "humidity")
TRAIN_IDS = (1, 2, 3, 4, 5, 6, 7, 8)
TEST_IDS = (9, 10, 11, 12, 13)


class Golf(NamedTuple):
    """The golf dataset as arrays; ``train`` and ``test`` are boolean masks."""

    ids: np.ndarray  # (13,) int, day IDs 1..13
    X: np.ndarray  # (13, 2) float, temperature and humidity
    labels: np.ndarray  # (13,) int, +1 / -1 as in the source
    y: np.ndarray  # (13,) float, 1 / 0 for the cross-entropy
    train: np.ndarray  # (13,) bool, IDs 1-8
    test: np.ndarray  # (13,) bool, IDs 9-13


def load_golf():
    """Return the 13 golf days as a `Golf` of numpy arrays."""
    table = np.array(GOLF_DAYS)
    ids = table[:, 0]
    labels = table[:, 3]
    return Golf(
        ids=ids,
        X=table[:, 1:3].astype(np.float64),
        labels=labels,
        y=(labels == 1).astype(np.float64),
        train=np.isin(ids, TRAIN_IDS),
        test=np.isin(ids, TEST_IDS),
    )


def golf_split():
    """Return ``X_train, y_train, X_test, y_test`` (8 and 5 days, targets 0/1)."""
    golf = load_golf()
    return golf.X[golf.train], golf.y[golf.train], golf.X[golf.test], golf.y[golf.test]


def make_dataset(n_samples, *, kind="xor", noise=0.25, seed=0):
    """A seeded 2-D binary dataset for experiments and benchmarks.

    Parameters
    ----------
    n_samples : int
        Number of points.
    kind : {"xor", "circles", "blobs"}
        ``"xor"``: label 1 where the two coordinates have the same sign;
        ``"circles"``: label 1 inside a ring; ``"blobs"``: two Gaussian clusters.
    noise : float
        Standard deviation of the Gaussian noise added to the points (after
        the labels are drawn, so that ``noise=0`` gives the same points, clean).
    seed : int
        Seed of the ``np.random.Generator``; the same seed gives the same data.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        The points.
    y : ndarray of shape (n_samples,)
        Their labels, 0.0 or 1.0.

    Examples
    --------
    >>> from micromlp import make_dataset
    >>> X, y = make_dataset(4, seed=1)
    >>> X.shape, sorted(set(y.tolist())) <= [0.0, 1.0]
    ((4, 2), True)
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    check_choice(kind, "kind", {"xor", "circles", "blobs"})
    noise = check_positive_float(noise, "noise", allow_zero=True)
    rng = np.random.default_rng(seed)
    if kind == "xor":
        X = rng.uniform(-1.0, 1.0, size=(n_samples, 2))
        y = (np.sign(X[:, 0]) == np.sign(X[:, 1])).astype(np.float64)
    elif kind == "circles":
        radius = rng.random(n_samples)  # uniform on [0, 1)
        angle = 2 * np.pi * rng.random(n_samples)  # uniform on [0, 2 pi)
        X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
        y = (radius < 0.5).astype(np.float64)
    else:
        y = rng.integers(0, 2, n_samples).astype(np.float64)
        X = rng.normal(0.0, 0.5, size=(n_samples, 2)) + np.where(y[:, None] == 1, 1.0, -1.0)
    X = X + rng.normal(0.0, noise, size=X.shape)
    return X, y
