"""Data for the live network page, and fixtures that prove the browser equals Python.

``page_data()`` is what docs/live.md's network starts from (written at build
time by scripts/generate.py to ``anim/live.json``): the 13 days, the guide's
settings, the initial weights of the guide's 20 seeds and the sample orders
``MLP.fit`` draws, so that "Train" in the browser repeats the guide's run.

``fixtures()`` is what tests/site/test_live.py hands to docs/assets/micromlp.js in
Chromium: forward and backward passes on every golf day, one step, and
``EPOCHS`` epochs trained by ``MLP.fit``, for several seeds, activations,
batch sizes and one other architecture, each with Python's results.

``agreement()`` runs the engine on the fixtures under Node.js
(scripts/live_run.js) and counts how many of its numbers equal Python's to the
last bit: the live page states what the build measured (`Tally`).

Usage: ``python scripts/live_data.py OUT.json`` writes the fixtures (to look at).
"""

import json
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np

from micromlp import MLP, guide, load_golf

SEEDS = tuple(range(20))  # the seeds of the determinism page's figure
# Fixture networks: (layer sizes, activation, seed). The guide's first; then the
# other activations; then one wider network, whose matrix-vector products of
# 4 rows run OpenBLAS's assembly kernels (not modelled exactly: see micromlp.js).
NETWORKS = (
    (guide.LAYER_SIZES, "relu", guide.SEED),
    (guide.LAYER_SIZES, "relu", 3),
    (guide.LAYER_SIZES, "logistic", guide.SEED),
    (guide.LAYER_SIZES, "tanh", 7),
    (guide.LAYER_SIZES, "identity", 11),
    ((2, 5, 4, 1), "relu", 0),
)
# Training runs: (network index, batch size, shuffle seed).
RUNS = (
    (0, 1, guide.SHUFFLE_SEED),  # the guide's run
    (0, 4, 1),
    (0, 8, 2),
    (1, 1, 3),
    (2, 1, 4),
    (2, 3, 5),
    (3, 1, 6),
    (3, 8, 7),
    (4, 2, 8),
    (5, 1, 9),
)
EPOCHS = guide.EPOCHS
LEARNING_RATE = guide.LEARNING_RATE


def orders(seed, n, epochs):
    """The sample order of each epoch of ``MLP.fit(..., shuffle=True, seed=seed)``."""
    rng = np.random.default_rng(seed)
    return [rng.permutation(n).tolist() for _ in range(epochs)]


def _params(net):
    return {
        "weights": [W.tolist() for W in net.weights],
        "biases": [b.tolist() for b in net.biases],
    }


def page_data():
    """The live page's starting point, as a dict ready for JSON."""
    golf = load_golf()
    n_train = int(golf.train.sum())
    return {
        "layer_sizes": list(guide.LAYER_SIZES),
        "activation": "relu",
        "seed": guide.SEED,
        "day": guide.DAY,
        "learning_rate": guide.LEARNING_RATE,
        "batch_size": guide.BATCH_SIZE,
        "epochs": guide.EPOCHS,
        "shuffle_seed": guide.SHUFFLE_SEED,
        "days": [
            {"id": int(i), "x": [float(t), float(h)], "y": int(y), "train": bool(tr)}
            for i, (t, h), y, tr in zip(golf.ids, golf.X, golf.y, golf.train)
        ],
        "seeds": {str(s): _params(MLP(guide.LAYER_SIZES, init="uniform", seed=s)) for s in SEEDS},
        # Python's order of the training days in each epoch (indices into the
        # training days), so that the page's training repeats MLP.fit's.
        "orders": orders(guide.SHUFFLE_SEED, n_train, guide.EPOCHS),
    }


def _pass(net, X, y):
    trace = net.forward(X)
    grads = net.backward(trace, y)
    return {
        "X": X.tolist(),
        "y": y.tolist(),
        "z": [z.tolist() for z in trace.z],
        "a": [a.tolist() for a in trace.a],
        "delta": [d.tolist() for d in grads.delta],
        "dW": [d.tolist() for d in grads.dW],
        "db": [d.tolist() for d in grads.db],
    }


def fixtures():
    """Python's results for the JS engine to reproduce (see the module docstring)."""
    golf = load_golf()
    X_train, y_train = golf.X[golf.train], golf.y[golf.train]
    i = guide.day_index(guide.DAY)
    networks = []
    for sizes, activation, seed in NETWORKS:
        net = MLP(sizes, activation=activation, init="uniform", seed=seed)
        stepped = MLP(sizes, activation=activation, init="uniform", seed=seed)
        x, y = golf.X[i : i + 1], golf.y[i : i + 1]
        stepped.step(stepped.backward(stepped.forward(x), y), LEARNING_RATE)
        networks.append(
            {
                "layer_sizes": list(sizes),
                "activation": activation,
                "seed": seed,
                "params": _params(net),
                # every golf day alone, then the 8 training days as one batch
                "passes": [_pass(net, golf.X[k : k + 1], golf.y[k : k + 1]) for k in range(13)]
                + [_pass(net, X_train, y_train)],
                "step": {"day": guide.DAY, "learning_rate": LEARNING_RATE, **_params(stepped)},
            }
        )
    runs = []
    for k, batch_size, shuffle_seed in RUNS:
        sizes, activation, seed = NETWORKS[k]
        net = MLP(sizes, activation=activation, init="uniform", seed=seed)
        net.fit(
            X_train,
            y_train,
            epochs=EPOCHS,
            learning_rate=LEARNING_RATE,
            batch_size=batch_size,
            shuffle=True,
            seed=shuffle_seed,
        )
        runs.append(
            {
                "network": k,
                "batch_size": batch_size,
                "shuffle_seed": shuffle_seed,
                "epochs": EPOCHS,
                "learning_rate": LEARNING_RATE,
                "order": orders(shuffle_seed, len(X_train), EPOCHS),
                "loss": net.history["loss"],
                "accuracy": net.history["accuracy"],
                **_params(net),
            }
        )
    return {
        "X_train": X_train.tolist(),
        "y_train": y_train.tolist(),
        "networks": networks,
        "runs": runs,
    }


def bits(v):
    """The 8 bytes of a float64: equal exactly when two numbers agree to the last bit."""
    return struct.pack("<d", float(v))


class Tally:
    """Differences between the engine's numbers and Python's, by label.

    ``rows[label]`` is ``(numbers, bit-identical, largest difference)``.
    """

    def __init__(self):
        self.rows = {}

    def add(self, label, js, py):
        js, py = np.asarray(js, dtype=float).ravel(), np.asarray(py, dtype=float).ravel()
        assert js.shape == py.shape, f"{label}: JS shape {js.shape}, Python {py.shape}"
        same = sum(bits(a) == bits(b) for a, b in zip(js, py))
        worst = float(np.max(np.abs(js - py))) if js.size else 0.0
        n, s, w = self.rows.get(label, (0, 0, 0.0))
        self.rows[label] = (n + js.size, s + same, max(w, worst))

    def total(self, prefix=""):
        """``(numbers, bit-identical, largest difference)`` over the labels with ``prefix``."""
        rows = [v for k, v in self.rows.items() if k.startswith(prefix)]
        return (
            sum(r[0] for r in rows),
            sum(r[1] for r in rows),
            max((r[2] for r in rows), default=0.0),
        )


def compare(fix, results):
    """Tally the engine's ``results`` against Python's ``fix``: ``(passes and steps, runs)``.

    The first holds, per network, the forward and backward passes (``netK pass KEY``)
    and the step (``netK step``); the second, per run, the final parameters
    (``runK params``) and the loss after each epoch (``runK loss``).
    """
    passes, runs = Tally(), Tally()
    for k, (case, got) in enumerate(zip(fix["networks"], results["networks"])):
        for want, have in zip(case["passes"], got["passes"]):
            for key in ("z", "a", "delta", "dW", "db"):
                for w, h in zip(want[key], have[key]):
                    passes.add(f"net{k} pass {key}", h, w)
        for key in ("weights", "biases"):
            for w, h in zip(case["step"][key], got["step"][key]):
                passes.add(f"net{k} step", h, w)
    for k, (run, got) in enumerate(zip(fix["runs"], results["runs"])):
        for key in ("weights", "biases"):
            for w, h in zip(run[key], got[key]):
                runs.add(f"run{k} params", h, w)
        runs.add(f"run{k} loss", got["loss"], run["loss"])
    return passes, runs


def run_engine(fix):
    """docs/assets/micromlp.js on the fixtures ``fix``, under Node.js: its results (a dict)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError(
            "node (Node.js 18 or later) is needed to run the live engine at build time: "
            "install it (Debian/Ubuntu: apt-get install nodejs)"
        )
    script = Path(__file__).with_name("live_run.js")
    done = subprocess.run(
        [node, str(script)], input=json.dumps(fix), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"node {script.name} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def agreement():
    """How many of the engine's numbers equal Python's, under Node.js (for the live page)."""
    fix = fixtures()
    results = run_engine(fix)
    passes, runs = compare(fix, results)
    return {
        "node": results["node"],
        "networks": len(fix["networks"]),
        "runs": len(fix["runs"]),
        "passes": passes.total(),
        "training": runs.total(),
    }


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(json.dumps(fixtures()))
