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


def test_defaults_are_xor_with_a_quarter_of_noise_from_seed_0():
    X, y = make_dataset(300)
    X0, y0 = make_dataset(300, kind="xor", noise=0.25, seed=0)
    assert np.array_equal(X, X0) and np.array_equal(y, y0)


def test_xor_labels_the_points_whose_coordinates_share_their_sign():
    X, y = make_dataset(2000, kind="xor", noise=0.0, seed=5)
    assert -1.0 <= X.min() < -0.99 and 0.99 < X.max() < 1.0  # it fills the square [-1, 1)^2
    np.testing.assert_array_equal(y, (X[:, 0] > 0) == (X[:, 1] > 0))
    assert abs(y.mean() - 0.5) < 0.05  # two quadrants of four


def test_circles_labels_the_inner_disc():
    X, y = make_dataset(4000, kind="circles", noise=0.0, seed=5)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert 0.99 < radius.max() < 1.0
    np.testing.assert_array_equal(y, radius < 0.5)
    assert abs(y.mean() - 0.5) < 0.05  # the radius is uniform on [0, 1)
    # the angle is uniform on [0, 2 pi): each eighth of the circle holds about 1/8 of the points
    angle = np.arctan2(X[:, 1], X[:, 0]) % (2 * np.pi)
    counts = np.histogram(angle, bins=8, range=(0, 2 * np.pi))[0] / len(X)
    np.testing.assert_allclose(counts, 1 / 8, atol=0.025)


def test_blobs_are_two_gaussians_around_plus_and_minus_one():
    X, y = make_dataset(4000, kind="blobs", noise=0.0, seed=5)
    assert abs(y.mean() - 0.5) < 0.05
    for label, centre in ((1.0, 1.0), (0.0, -1.0)):
        points = X[y == label]
        np.testing.assert_allclose(points.mean(axis=0), [centre, centre], atol=0.05)
        np.testing.assert_allclose(points.std(axis=0), [0.5, 0.5], atol=0.03)


@pytest.mark.parametrize("kind", ["xor", "circles", "blobs"])
def test_noise_is_added_to_the_clean_points(kind):
    """The noise is drawn last: noise=0 gives the same points without it, and the same labels."""
    clean, y_clean = make_dataset(4000, kind=kind, noise=0.0, seed=2)
    noisy, y = make_dataset(4000, kind=kind, noise=0.3, seed=2)
    np.testing.assert_array_equal(y, y_clean)
    offsets = noisy - clean  # Gaussian, mean 0, standard deviation 0.3, every entry its own
    np.testing.assert_allclose(offsets.mean(axis=0), 0.0, atol=0.03)
    np.testing.assert_allclose(offsets.std(axis=0), 0.3, atol=0.02)
    assert abs(np.corrcoef(offsets.T)[0, 1]) < 0.05
    assert len(np.unique(offsets)) == offsets.size


def test_xor_draws_its_points_then_its_noise_from_one_generator():
    # numpy directly: the points, then the noise, from one Generator seeded with seed, added
    rng = np.random.default_rng(7)
    points = rng.uniform(-1.0, 1.0, size=(6, 2))
    X, y = make_dataset(6, kind="xor", noise=0.3, seed=7)
    np.testing.assert_array_equal(X, points + rng.normal(0.0, 0.3, size=(6, 2)))
    np.testing.assert_array_equal(y, np.sign(points[:, 0]) == np.sign(points[:, 1]))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"kind": "moons"},
            ValueError,
            "kind must be one of ['blobs', 'circles', 'xor']; got 'moons'",
        ),
        ({"noise": -0.1}, ValueError, "noise must be a finite non-negative number; got -0.1"),
        ({"noise": "low"}, TypeError, "noise must be a real number; got 'low'"),
        ({"n_samples": 0}, ValueError, "n_samples must be a positive integer; got 0"),
    ],
)
def test_make_dataset_rejects_bad_settings(kwargs, error, message):
    with pytest.raises(error) as raised:
        make_dataset(**{"n_samples": 10, **kwargs})
    assert str(raised.value) == message
