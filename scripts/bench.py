"""Benchmark: micromlp against scikit-learn's MLPClassifier on the same work.

Both sides train the same network from the same initial weights, visit the
same batches and must end with the same weights; the script checks that, then
prints the best of several wall-clock runs of each and their ratio. Run it
with ``make bench`` (or ``python -m scripts.bench``); timings are never
asserted by tests, because wall-clock time depends on the machine and its load.
"""

import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from micromlp import golf_split, make_dataset
from micromlp.compat import fit_like_sklearn

CASES = {
    # 1000 full-batch epochs: n_iter_no_change = max_iter disables the early stop.
    "(a) golf, 8 x 2, hidden (3, 2), 1000 epochs": (
        golf_split()[:2],
        dict(hidden_layer_sizes=(3, 2), learning_rate_init=0.1, max_iter=1000,
             n_iter_no_change=1000, random_state=42),
        7,
    ),
    "(b) 100,000 x 2, hidden (64, 64), batch 200, 10 epochs": (
        make_dataset(100_000, kind="circles", seed=0),
        dict(hidden_layer_sizes=(64, 64), batch_size=200, learning_rate_init=0.01,
             max_iter=10, random_state=0),
        3,
    ),
}  # fmt: skip


def best_time(fit, X, y, params, repeats):
    """Best wall-clock time of ``fit(MLPClassifier(**params), X, y)`` over ``repeats`` runs."""
    best, result = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fit(MLPClassifier(**params), X, y)
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    warnings.simplefilter("ignore", ConvergenceWarning)
    print(f"{'case':58} {'sklearn':>10} {'micromlp':>10} {'ratio':>7}  max |dW|")
    for name, ((X, y), params, repeats) in CASES.items():
        params = {"solver": "sgd", "momentum": 0, **params}
        t_sk, clf = best_time(MLPClassifier.fit, X, y, params, repeats)
        t_us, net = best_time(fit_like_sklearn, X, y, params, repeats)
        diff = max(
            float(np.abs(a - b).max())
            for a, b in zip(net.weights + net.biases, clf.coefs_ + clf.intercepts_)
        )
        if net.n_iter != clf.n_iter_ or diff > 1e-9:
            raise SystemExit(f"{name}: the two fits differ (max |dW| = {diff:.2e})")
        print(f"{name:58} {t_sk:9.3f}s {t_us:9.3f}s {t_sk / t_us:6.2f}x  {diff:.1e}")


if __name__ == "__main__":
    main()
