"""Build every generated figure, table, fragment and data file of the site.

Usage, from the repository root: ``python -m scripts.generate OUT_DIR`` (the
MkDocs hook calls this).

Each module of :mod:`scripts.pages` is a page: its ``compute(pool)`` makes the
runs the page needs, and its figures, tables and data files are registered in
:mod:`scripts.registry`. This module imports every page module, makes each
page's runs once (at the same time, on one pool of processes), and writes:

- ``OUT_DIR/figures/NAME-light.svg`` and ``NAME-dark.svg`` for each figure, and
  ``OUT_DIR/figures/NAME.md``, the ``<figure>`` a page includes;
- ``OUT_DIR/tables/NAME.md`` for each table or fragment;
- ``OUT_DIR/anim/NAME.json`` for each data file (the widgets').

It first empties ``figures/``, ``tables/`` and ``anim/`` of OUT_DIR (no stale
file of a renamed figure stays); other files of OUT_DIR are left alone.

The output is deterministic: two runs write byte-identical files.
"""

import importlib
import json
import multiprocessing as mp
import os
import pkgutil
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from threadpoolctl import threadpool_limits

from scripts import pages, style
from scripts.registry import AGAIN, DATA, FIGURES, TABLES
from scripts.registry import text as registry_text

matplotlib.use("Agg")  # files only, never a window

SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')


def page_modules():
    """Every module of scripts/pages, imported (which registers its figures and tables).

    Raises ValueError if a figure and a ``show_again`` share a name: both would be
    ``figures/NAME.md``.
    """
    names = [f"{pages.__name__}.{m.name}" for m in pkgutil.iter_modules(pages.__path__)]
    modules = {name: importlib.import_module(name) for name in names}
    both = sorted(FIGURES.keys() & AGAIN.keys())
    if both:
        raise ValueError(f"a figure and a show_again share the names {both}: rename one")
    return modules


def compute(modules, pool):
    """``{page module name: its runs}``; each distinct ``compute`` runs once, all at once.

    A page module without ``compute`` has no runs (``None``).

    A page's ``compute(pool)`` trains on ``pool`` and waits for its runs; each
    waits in a thread of its own, so that the pool holds every page's runs at
    once (the step pages share one ``compute``, scripts/runs.py).
    """
    pool.submit(int).result()  # the pool forks its workers now, before any thread starts
    made = {name: getattr(m, "compute", None) for name, m in modules.items()}  # None: no runs
    computes = list(dict.fromkeys(fn for fn in made.values() if fn is not None))
    with ThreadPoolExecutor(len(computes)) as threads:
        done = {fn: threads.submit(fn, pool) for fn in computes}
        return {name: fn and done[fn].result() for name, fn in made.items()}


def save_figure(runs, folder, name):
    """Draw figure ``name`` in each theme and save it as ``folder/NAME-THEME.svg``."""
    fig_spec = FIGURES[name]
    for theme in style.THEMES:
        with style.use(theme):
            fig = fig_spec.draw(runs[fig_spec.page], theme)
            fig.savefig(
                folder / f"{name}-{theme.name}.svg",
                format="svg",
                metadata={"Date": None},  # no time stamp: byte-identical files
                transparent=True,
            )
            plt.close(fig)


_RUNS = None  # every page's runs, for the forked figure workers (see save_figures)


def _save_figure_forked(folder, name):
    save_figure(_RUNS, folder, name)


def save_figures(runs, folder, workers):
    """Draw every figure; in ``workers`` forked processes when there are several.

    A forked worker starts with a copy of this process, ``runs`` and the
    imported matplotlib included, so nothing needs pickling but a name.
    """
    global _RUNS
    names = list(FIGURES)
    if workers < 2 or "fork" not in mp.get_all_start_methods() or sys.platform != "linux":
        for name in names:
            save_figure(runs, folder, name)
        return
    _RUNS = runs
    with ProcessPoolExecutor(min(workers, len(names)), mp_context=mp.get_context("fork")) as pool:
        for done in [pool.submit(_save_figure_forked, folder, name) for name in names]:
            done.result()  # re-raises a figure's error here


def svg_size(path):
    """(width, height) in CSS px of a matplotlib SVG (its size is given in pt)."""
    match = SVG_SIZE.search(path.read_text(encoding="utf-8")[:2000])
    if match is None:
        raise ValueError(f"{path}: no width/height in pt on its <svg> element")
    return tuple(round(float(v) * 4 / 3) for v in match.groups())


def figure_block(folder, name, caption, block=None, runs=None):
    """The ``<figure>`` of figure ``name``: a variant per palette, alt text, caption.

    Its id is ``fig-BLOCK`` (``block``: the name of the fragment, ``name`` unless
    the figure is shown again under another): ``[](#fig-BLOCK)`` refers to it
    (scripts/hook/numbering.py numbers it).

    Both variants get the figure's width and height (nothing shifts while it
    loads) and ``loading="lazy"``: Chromium does not fetch a lazy image that is
    not rendered, so the other palette's copy (display: none) is only
    downloaded when the reader switches palette.
    """
    width, height = svg_size(folder / f"{name}-light.svg")
    attrs = f'{{ width="{width}" height="{height}" loading="lazy" }}'
    spec = FIGURES[name]
    page_runs = None if runs is None else runs[spec.page]
    alt = registry_text(spec.alt, page_runs, name)
    caption = registry_text(caption, page_runs, name)
    return (
        f'<figure markdown="span" id="fig-{block or name}">\n'
        f"  ![{alt}](figures/{name}-light.svg#only-light){attrs}"
        f"![{alt}](figures/{name}-dark.svg#only-dark){attrs}\n"
        f"  <figcaption>{caption}</figcaption>\n"
        "</figure>\n"
    )


def save_figure_blocks(folder, runs=None):
    """``folder/NAME.md`` for each figure, and for each one shown again (registry.AGAIN)."""
    shown = {name: (name, f.caption) for name, f in FIGURES.items()} | AGAIN
    for name, (figure, caption) in shown.items():
        if figure not in FIGURES:
            raise ValueError(f"figure {name!r} shows {figure!r} again: no figure of that name")
        (folder / f"{name}.md").write_text(figure_block(folder, figure, caption, name, runs))


def save_outputs(runs, folders):
    for name, t in TABLES.items():
        (folders["tables"] / f"{name}.md").write_text(t.make(runs[t.page]))
    for name, d in DATA.items():
        data = d.make(runs[d.page])
        text = json.dumps(data, separators=(",", ":")) + "\n"
        (folders["anim"] / f"{name}.json").write_text(text)


def main(out):
    t0 = time.perf_counter()
    # One BLAS thread in this process and the forked workers: they already fill
    # the cores, and OpenBLAS's own threads would compete with them for the
    # same cores.
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
    modules = page_modules()
    with ProcessPoolExecutor(workers) as pool:
        runs = compute(modules, pool)
    t1 = time.perf_counter()
    save_outputs(runs, folders)
    save_figures(runs, folders["figures"], workers)
    save_figure_blocks(folders["figures"], runs)
    t2 = time.perf_counter()
    print(f"generate: runs {t1 - t0:.1f} s, files {t2 - t1:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
