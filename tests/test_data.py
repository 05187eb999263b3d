"""The golf dataset and the seeded experiment datasets."""

import numpy as np
import pytest

from micromlp.data import golf_split, load_golf, make_dataset


def test_golf_matches_the_outline():
    golf = load_golf()
    assert golf.ids.tolist() == list(range(1, 14))
    assert golf.X[:, 0].tolist() == [0, 1, 1, 2, 3, 3, 2, 3, 0, 0, 1, 2, 3]
    assert golf.X[:, 1].tolist() == [0, 0, 1, 0, 1, 2, 3, 3, 1, 2, 3, 2, 1]
    assert golf.labels.tolist() == [1, -1, -1, -1, 1, 1, 1, -1, -1, -1, 1, 1, 1]
    assert golf.y.tolist() == [1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1]
    assert golf.ids[golf.train].tolist() == [1, 2, 3, 4, 5, 6, 7, 8]
    assert golf.ids[golf.test].tolist() == [9, 10, 11, 12, 13]
    assert golf.X[golf.ids == 13].tolist() == golf.X[golf.ids == 5].tolist()


def test_golf_split():
    X_train, y_train, X_test, y_test = golf_split()
    assert X_train.shape == (8, 2) and y_train.shape == (8,)
    assert X_test.shape == (5, 2) and y_test.shape == (5,)


def test_training_days_are_not_linearly_separable():
    """No line w . x + c separates the 8 training days (a dense search of directions)."""
    X, y, _, _ = golf_split()
    for angle in np.linspace(0, 2 * np.pi, 3600, endpoint=False):
        s = X @ np.array([np.cos(angle), np.sin(angle)])
        # separable along this direction iff every positive lies beyond every negative
        assert s[y == 1].min() <= s[y == 0].max()


@pytest.mark.parametrize("kind", ["xor", "circles", "blobs"])
def test_make_dataset_is_seeded(kind):
    X1, y1 = make_dataset(50, kind=kind, seed=3)
    X2, y2 = make_dataset(50, kind=kind, seed=3)
    X3, _ = make_dataset(50, kind=kind, seed=4)
    assert X1.shape == (50, 2) and y1.shape == (50,)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert set(np.unique(y1).tolist()) == {0.0, 1.0}
