"""Turn the guide's notebooks (jupytext percent ``docs/notebooks/*.py``) into ``.ipynb``.

The site renders and executes the ``.py`` sources with mkdocs-jupyter; readers
download an ``.ipynb``. This module makes those files, without outputs (the
reader runs them) and byte for byte the same on every build:

- cells tagged ``site-only`` (the download button, links to other pages of the
  site) are left out: they mean nothing in a downloaded notebook;
- cell ids are numbered (``cell-1``, ``cell-2`` ...) instead of random;
- the metadata names the Python 3 kernel and nothing else.

Usage: ``python scripts/notebooks.py OUT_DIR`` writes ``OUT_DIR/NAME.ipynb`` for
each ``docs/notebooks/NAME.py``.
"""

import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "docs" / "notebooks"
SITE_ONLY = "site-only"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def sources():
    """The notebook sources, ``docs/notebooks/*.py``, sorted by name."""
    return sorted(SOURCES.glob("*.py"))


def ipynb_text(source):
    """The ``.ipynb`` (JSON text) of the jupytext percent file ``source``."""
    nb = jupytext.read(source)
    nb.cells = [cell for cell in nb.cells if SITE_ONLY not in cell.metadata.get("tags", [])]
    for i, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell-{i}"
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    nbformat.validate(nb)
    return nbformat.writes(nb, version=4) + "\n"


def write_ipynb(out_dir):
    """Write ``out_dir/NAME.ipynb`` for each notebook source; return the paths written.

    A file whose text would not change is left alone (its mtime too).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources():
        target = out_dir / f"{source.stem}.ipynb"
        text = ipynb_text(source)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write_ipynb(Path(sys.argv[1])):
        print(path)
