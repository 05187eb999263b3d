"""Build every generated figure, table and fragment of the guide.

Usage: ``python scripts/generate.py OUT_DIR`` (the MkDocs hook calls this).

Writes, from one call of ``runs.compute()`` (every training run happens once):

- ``OUT_DIR/figures/NAME-light.svg`` and ``NAME-dark.svg`` for each figure of
  ``figures.FIGURES``;
- ``OUT_DIR/tables/NAME.md`` for each table or fragment of ``tables.TABLES``;
- ``OUT_DIR/anim/training.json``, the frames of the epochs page's slider.

The output is deterministic: two runs write byte-identical files.
"""

import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import runs  # noqa: E402
import style  # noqa: E402
from figures import FIGURES, WAITS  # noqa: E402
from tables import TABLES  # noqa: E402

# Epochs shown by the slider: every epoch at first, when the most happens.
FRAMES = sorted({*range(0, 20), *range(20, 100, 5), *range(100, 1001, 20)})
ANIM_GRID = np.linspace(-0.5, 3.5, 21)


def save_figures(data, folder, themes=style.THEMES):
    for name in sorted(FIGURES, key=lambda name: name in WAITS):  # these last
        make = FIGURES[name]
        for theme in themes:
            with style.use(theme):
                fig = make(data, theme)
                fig.savefig(
                    folder / f"{name}-{theme.name}.svg",
                    format="svg",
                    metadata={"Date": None},  # no time stamp: byte-identical files
                    transparent=True,
                )
                plt.close(fig)


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
    folders = {}
    for name in ("figures", "tables", "anim"):
        folders[name] = out / name
        shutil.rmtree(folders[name], ignore_errors=True)  # no stale files of renamed figures
        folders[name].mkdir(parents=True)
    # The training runs of other settings go to worker processes; the figures
    # that need only the guide's run are drawn meanwhile (FIGURES lists those
    # that wait for the workers last).
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        data = runs.compute(pool)
        (folders["anim"] / "training.json").write_text(
            json.dumps(training_frames(data), separators=(",", ":")) + "\n"
        )
        save_figures(data, folders["figures"])
        save_tables(data, folders["tables"])
    print(f"generate: {time.perf_counter() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
