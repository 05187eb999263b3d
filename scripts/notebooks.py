"""Turn the guide's notebooks (jupytext percent ``docs/notebooks/*.py``) into ``.ipynb``.

The site renders and executes the ``.py`` sources with mkdocs-jupyter; readers
download an ``.ipynb``. This module makes those files from the run that made
the page (scripts/notebook_outputs.py), with its outputs, so that a reader sees
the numbers the page shows before running anything, and byte for byte the same
on every build:

- cells tagged ``site-only`` (the download button, links to other pages of the
  site) are left out: they mean nothing in a downloaded notebook;
- cell ids are numbered (``cell-1``, ``cell-2`` ...) instead of random;
- the metadata names the Python 3 kernel and nothing else.

Usage: ``python -m scripts.notebooks OUT_DIR`` runs each ``docs/notebooks/NAME.py``
and writes ``OUT_DIR/NAME.ipynb``.
"""

import copy
import re
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
    """The ``.ipynb`` (JSON text) of ``source``: a notebook (run or not) or a jupytext file."""
    nb = copy.deepcopy(source) if isinstance(source, dict) else jupytext.read(source)
    nb.cells = [cell for cell in nb.cells if SITE_ONLY not in cell.metadata.get("tags", [])]
    for i, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell-{i}"
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    nbformat.validate(nb)
    return nbformat.writes(nb, version=4) + "\n"


def write_ipynb(out_dir):
    """Run each notebook source and write ``out_dir/NAME.ipynb``; return the paths written.

    A file whose text would not change is left alone (its mtime too).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    from scripts.notebook_outputs import execute  # which makes .ipynb with this module

    written = []
    for source in sources():
        target = out_dir / f"{source.stem}.ipynb"
        text = ipynb_text(execute(source))
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write_ipynb(Path(sys.argv[1])):
        print(path)


# -- the notebook pages of the site -----------------------------------------

# Scripts of mkdocs-jupyter's template that the guide does not use: MathJax
# (KaTeX renders the math at build time) and mermaid (loaded from a CDN).
UNUSED_SCRIPTS = re.compile(
    r'<script src="">\s*</script>|<script type="text/x-mathjax-config">.*?</script>'
    r'|<script type="module">(?:(?!</script>).)*?mermaid.*?</script>',
    re.S,
)
# Kept out of the search index: printed output (the code that prints it is indexed).
SEARCH_EXCLUDE = re.compile(r'<(div) class="(jp-RenderedText jp-OutputArea-output)"')


def lighten_page(html):
    """A notebook page's HTML (mkdocs-jupyter) without what the guide does not use.

    Its JupyterLab stylesheets are already gone (scripts/notebook_outputs.py);
    unused scripts go, and parts that do not help a search are marked for the
    search plugin to skip (``data-search-exclude``).
    """
    html = UNUSED_SCRIPTS.sub("", html)
    return SEARCH_EXCLUDE.sub(r'<\1 data-search-exclude="true" class="\2"', html)
