"""Build every generated figure, table and fragment of the guide.

Usage: ``python scripts/generate.py OUT_DIR`` (the MkDocs hook calls this).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from micromlp import load_golf  # noqa: E402


def main(out):
    (out / "tables").mkdir(parents=True, exist_ok=True)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    golf = load_golf()
    rows = ["| ID | temperature | humidity | golf | y |", "|---:|---:|---:|---:|---:|"]
    for i, (t, h), lab, yy in zip(golf.ids, golf.X, golf.labels, golf.y):
        rows.append(f"| {i} | {t:.0f} | {h:.0f} | {lab:+d} | {yy:.0f} |")
    (out / "tables" / "dataset.md").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
