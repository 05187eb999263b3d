"""Build every generated figure, table and fragment of the guide.

Usage, from the repository root: ``python -m scripts.generate OUT_DIR`` (the
MkDocs hook calls this).

Writes, from one call of ``runs.compute()`` (every training run happens once):

- ``OUT_DIR/figures/NAME-light.svg`` and ``NAME-dark.svg`` for each figure of
  ``figures.FIGURES``;
- ``OUT_DIR/tables/NAME.md`` for each table or fragment of ``tables.TABLES``;
- ``OUT_DIR/anim/training.json``, the frames of the epochs page's slider.

The output is deterministic: two runs write byte-identical files.
"""

import importlib
import json
import multiprocessing as mp
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits

from scripts import beyond_classes, beyond_sgd, beyond_sgd_tables, runs, style
from scripts.figures import FIGURES
from scripts.live_data import write_page_data
from scripts.tables import TABLES

matplotlib.use("Agg")  # files only, never a window

# Every page's registries: the steps', then the two pages beyond the source.
FIGURES = {**FIGURES, **beyond_classes.FIGURES, **beyond_sgd.FIGURES}
TABLES = {**TABLES, **beyond_classes.TABLES, **beyond_sgd_tables.TABLES}

# Epochs shown by the slider: every epoch at first, when the most happens.
FRAMES = sorted({*range(0, 20), *range(20, 100, 5), *range(100, 1001, 20)})
ANIM_GRID = np.linspace(-0.5, 3.5, 21)


def save_figure(data, folder, name):
    """Draw figure ``name`` in each theme and save it as ``folder/NAME-THEME.svg``."""
    for theme in style.THEMES:
        with style.use(theme):
            fig = FIGURES[name].draw(data, theme)
            fig.savefig(
                folder / f"{name}-{theme.name}.svg",
                format="svg",
                metadata={"Date": None},  # no time stamp: byte-identical files
                transparent=True,
            )
            plt.close(fig)


_DATA = None  # the Runs, for the forked figure workers (see save_figures)


def _save_figure_forked(folder, name):
    save_figure(_DATA, folder, name)


def save_figures(data, folder, workers):
    """Draw every figure; in ``workers`` forked processes when there are several.

    A forked worker starts with a copy of this process, ``data`` and the
    imported matplotlib included, so nothing needs pickling but a name.
    """
    global _DATA
    names = list(FIGURES)
    if workers < 2 or "fork" not in mp.get_all_start_methods() or sys.platform != "linux":
        for name in names:
            save_figure(data, folder, name)
        return
    _DATA = data
    with ProcessPoolExecutor(min(workers, len(names)), mp_context=mp.get_context("fork")) as pool:
        for done in [pool.submit(_save_figure_forked, folder, name) for name in names]:
            done.result()  # re-raises a figure's error here


def save_tables(data, folder):
    for name, make in TABLES.items():
        (folder / f"{name}.md").write_text(make(data))


def training_frames(data):
    """The slider's data: the days, and per frame the parameters and a probability grid."""
    golf, net = data.golf, runs.guide.network()
    h = data.trained.history
    frames = []
    for epoch in FRAMES:
        weights, biases = h["weights"][epoch]
        net.set_params(weights, biases)
        proba = runs.grid_proba(net, ANIM_GRID)
        frames.append(
            {
                "epoch": epoch,
                "loss": round(h["loss"][epoch], 4),
                "accuracy": round(h["accuracy"][epoch], 4),
                "weights": [np.round(W, 3).tolist() for W in weights],
                "biases": [np.round(b, 3).tolist() for b in biases],
                # percent, rows = humidity from low to high, columns = temperature
                "proba": np.rint(100 * proba).astype(int).ravel().tolist(),
            }
        )
    return {
        "layer_sizes": list(runs.guide.LAYER_SIZES),
        "learning_rate": runs.guide.LEARNING_RATE,
        "grid": {"min": float(ANIM_GRID[0]), "max": float(ANIM_GRID[-1]), "n": len(ANIM_GRID)},
        "days": [
            {"id": int(i), "x": [float(t), float(hh)], "y": int(y), "train": bool(tr)}
            for i, (t, hh), y, tr in zip(golf.ids, golf.X, golf.y, golf.train)
        ],
        "frames": frames,
    }


def main(out):
    t0 = time.perf_counter()
    # One BLAS thread in this process and the forked workers: they already fill
    # the cores, and OpenBLAS's own threads would only wait for each other
    # (scikit-learn's L-BFGS runs of beyond_sgd.lbfgs_parity took 7 times as long).
    threadpool_limits(1)
    # scikit-learn, which several runs use, imported once here rather than by
    # each forked worker (the modules import it lazily, when a run needs it).
    importlib.import_module("sklearn.neural_network")
    folders = {}
    for name in ("figures", "tables", "anim"):
        folders[name] = out / name
        shutil.rmtree(folders[name], ignore_errors=True)  # no stale files of renamed figures
        folders[name].mkdir(parents=True)
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    workers = workers or 1
    with ProcessPoolExecutor(workers) as pool:
        classes = pool.submit(beyond_classes.compute)  # the "Beyond two classes" page
        pending = beyond_sgd.start(pool)  # the optimizers page, while compute() trains
        data = runs.compute(pool)
        data.optimizers = pending.result()
        data.classes = classes.result()
    t1 = time.perf_counter()
    save_tables(data, folders["tables"])
    (folders["anim"] / "training.json").write_text(
        json.dumps(training_frames(data), separators=(",", ":")) + "\n"
    )
    write_page_data(folders["anim"])  # the live page's data: anim/live.json
    save_figures(data, folders["figures"], workers)
    t2 = time.perf_counter()
    print(f"generate: runs {t1 - t0:.1f} s, files {t2 - t1:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
