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
# Kept out of the search index: a code cell's hidden copy of its source (for the
# copy button; the highlighted copy is indexed), the "Copied!" notice, printed output.
SEARCH_EXCLUDE = re.compile(
    r'<(div|span) class="(clipboard-copy-txt|notice|jp-RenderedText jp-OutputArea-output)"'
)
STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
CLASS_ATTR = re.compile(r'class="([^"]*)"')
SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def lighten_page(html):
    """A notebook page's HTML (mkdocs-jupyter) with its stylesheets cut to what it uses.

    mkdocs-jupyter inlines all of JupyterLab's CSS (about 570 KB) in every
    notebook page; a rule is kept when one of its selectors can match an element
    of the page (each class it names, outside ``:not()``, is used on the page).
    Unused scripts go, and parts that do not help a search are marked for the
    search plugin to skip (``data-search-exclude``).
    """
    html = UNUSED_SCRIPTS.sub("", html)
    html = SEARCH_EXCLUDE.sub(r'<\1 data-search-exclude="true" class="\2"', html)
    used = {name for value in CLASS_ATTR.findall(html) for name in value.split()}
    return STYLE.sub(lambda m: m[1] + purge_css(m[2], used) + m[3], html)


def _blocks(css):
    """Top-level (prelude, body) pairs of ``css``; body is None for ``@rule ...;``."""
    out, i, n = [], 0, len(css)
    while i < n:
        j, quote = i, None
        while j < n and (quote or css[j] not in "{;"):
            if quote and css[j] == "\\":
                j += 1
            elif css[j] in "\"'":
                quote = None if quote == css[j] else (quote or css[j])
            j += 1
        prelude = css[i:j].strip()
        if j >= n:
            if prelude:
                out.append((prelude, None))
            break
        if css[j] == ";":
            out.append((prelude, None))
            i = j + 1
            continue
        depth, k, quote = 1, j + 1, None
        while k < n and depth:
            c = css[k]
            if quote:
                if c == "\\":
                    k += 1
                elif c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            k += 1
        out.append((prelude, css[j + 1 : k - 1]))
        i = k
    return out


def _split_selectors(prelude):
    parts, depth, start = [], 0, 0
    for i, c in enumerate(prelude):
        depth += c in "([" and 1 or (-1 if c in ")]" else 0)
        if c == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    return parts + [prelude[start:]]


def _may_match(selector, used):
    if re.search(r"\S\s*:root", selector):  # ":root" inside something: never matches
        return False
    if re.search(r":(is|where|has)\(", selector):
        return True
    bare = re.sub(r":not\([^()]*(\([^()]*\))?[^()]*\)", "", selector)
    bare = re.sub(r"\[[^\]]*\]", "", bare)  # attribute values may hold dots
    return all(name in used for name in SELECTOR_CLASS.findall(bare))


def purge_css(css, used):
    """``css`` without the rules none of whose selectors can match (see lighten_page)."""
    kept = []
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for prelude, body in _blocks(css):
        if body is None:
            kept.append(prelude + ";")
        elif prelude.startswith(("@media", "@supports", "@layer", "@container")):
            inner = purge_css(body, used)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            kept.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in _split_selectors(prelude) if _may_match(s, used)]
            if selectors:
                kept.append(",".join(s.strip() for s in selectors) + "{" + body + "}")
    return "".join(kept)
