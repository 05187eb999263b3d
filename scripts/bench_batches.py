"""Benchmark: one day per update against the full batch, on the guide's network.

The epochs page compares batch sizes by what is deterministic (updates per
epoch, the loss after so many epochs or updates); how long they take depends
on the machine, so it is measured here and only here. Printed:

1. the cost of one update (``forward``, ``backward``, ``step``, the public
   API with its input checks) on 1 row and on all 8 training days;
2. ``MLP.fit`` for the guide's 1000 epochs with ``batch_size`` 1 and 8: wall
   time, number of updates, and the training loss each run ends with;
3. the time ``MLP.fit`` needs to reach the loss the full batch has after 1000
   epochs: one-day updates need more epochs for it (a deterministic number),
   and are timed for exactly that many.

Every time is the best of several repeats.

Run it with ``make bench`` (or ``python -m scripts.bench_batches``). Timings
are never asserted by tests: they depend on the machine and its load.
"""

import time

import numpy as np

from micromlp import golf_split, guide

REPEATS = 7  # best of: the least disturbed run
UPDATES = 2000  # per timing of one update


def update_cost(batch_size, X, y):
    """Best time in seconds of one update on the first ``batch_size`` rows."""
    net = guide.network()
    Xb, yb = X[:batch_size], y[:batch_size]
    best = np.inf
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(UPDATES):
            net.step(net.backward(net.forward(Xb), yb), guide.LEARNING_RATE)
        best = min(best, (time.perf_counter() - start) / UPDATES)
    return best


def fit(batch_size, X, y, epochs=guide.EPOCHS):
    """Best wall time of the guide's run with ``batch_size``; and the trained network."""
    best, net = np.inf, None
    for _ in range(REPEATS):
        net = guide.network()
        start = time.perf_counter()
        net.fit(
            X,
            y,
            epochs=epochs,
            learning_rate=guide.LEARNING_RATE,
            batch_size=batch_size,
            seed=guide.SHUFFLE_SEED,
        )
        best = min(best, time.perf_counter() - start)
    return best, net


def main():
    X, y, _, _ = golf_split()
    n = len(X)
    sizes = (1, n)
    print(f"golf, {n} training days, the guide's network, learning rate {guide.LEARNING_RATE}")
    cost = {m: update_cost(m, X, y) for m in sizes}
    for m in sizes:
        print(f"one update, batch {m}: {cost[m] * 1e6:7.1f} us")
    runs = {m: fit(m, X, y) for m in sizes}
    print(f"MLP.fit, {guide.EPOCHS} epochs:")
    for m, (seconds, net) in runs.items():
        updates = guide.EPOCHS * -(-n // m)
        loss = net.history["loss"][-1]
        print(f"  batch {m}: {updates:5d} updates {seconds:7.3f} s, final training loss {loss:.4f}")
    target = runs[n][1].history["loss"][-1]
    curve = np.array(runs[1][1].history["loss"])
    epochs = {1: int(np.argmax(curve < target)), n: guide.EPOCHS}  # first epoch below it
    print(f"MLP.fit to a training loss below {target:.4f} (the full batch's after 1000 epochs):")
    seconds = {1: fit(1, X, y, epochs[1])[0], n: runs[n][0]}
    for m in sizes:
        updates = epochs[m] * -(-n // m)
        print(f"  batch {m}: {epochs[m]:4d} epochs, {updates:5d} updates {seconds[m]:7.3f} s")
    print(f"the full batch gets there {seconds[1] / seconds[n]:.1f} times sooner")


if __name__ == "__main__":
    main()
