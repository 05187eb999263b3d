"""The notebooks' pages, executed ahead and all at once (used by scripts/hooks.py).

mkdocs-jupyter executes a notebook when it renders the notebook's page: one
after the other, once scripts/generate.py is done. :class:`NotebookRuns` runs
them all at the start of the build instead, each in its own kernel (a thread
waits for each), while the figures are being generated; the plugin's call of
``mkdocs_jupyter.convert.nb2html``, which the hook replaces by
:meth:`NotebookRuns.nb2html`, then takes the result. The rest of a notebook
page's making is done ahead in the same thread: the Markdown the plugin makes
of the notebook for the page's table of contents (``convert.nb2md``, replaced
by :meth:`NotebookRuns.nb2md`), and the hook's own work on the page
(``prepare``), so that once the figures are done a notebook page costs no
more than a Markdown page. What would make two builds of a page differ is
evened out there too: the cells' random anchors, and printed output cut into
blocks wherever the kernel happened to flush it.
"""

import hashlib
import itertools
import json
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePath

LOG = logging.getLogger("mkdocs.hooks.micromlp")
# The anchor nbconvert gives each cell, from the cell's id.
CELL_ANCHOR = re.compile(r'\bid="cell-id=[^"]*"')
# Two printed (stdout) outputs in a row, as nbconvert's template writes them.
STDOUT_OPEN = (
    '<div class="jp-OutputArea-child">\n<div class="jp-RenderedText jp-OutputArea-output" '
    'data-mime-type="text/plain" tabindex="0">\n<pre>'
)
STDOUT_PAIR = re.compile(
    "("
    + re.escape(STDOUT_OPEN)
    + "(?:(?!</pre>).)*)</pre>\n</div>\n</div>\n"
    + re.escape(STDOUT_OPEN),
    re.S,
)


class NotebookRuns:
    """The notebooks' pages (mkdocs-jupyter's HTML), executed ahead, all at once.

    A run is keyed by the notebook's text, ``code_hash()`` (the hash of the
    code the notebooks import) and the plugin's settings, and kept for the next
    build of the same process: under `mkdocs serve` a notebook runs again only
    when its key changed. Nothing is kept on disk, so no other process can see
    a stale page. A notebook that fails is not kept: it runs again next build.
    """

    def __init__(self, convert, code_hash, markdown=None):
        # nb2html(path, **kwargs) -> the page's HTML, or (HTML, {path next to the page: text})
        self.convert = convert  # the hook's: scripts.notebook_outputs.render over nb2html
        self.markdown = markdown  # mkdocs_jupyter.convert.nb2md, for the table of contents
        self.code_hash = code_hash
        self.pool = ThreadPoolExecutor(thread_name_prefix="notebook")
        self.lock = threading.Lock()
        self.runs, self.used = {}, set()
        self.code = None  # code_hash() of this build
        self.prepare = None
        self.started = {}  # path -> its page's run, of this build

    def start(self, paths, settings, prepare=None):
        """Start each notebook of ``paths`` with ``settings(path)`` (the plugin's arguments).

        ``prepare(html)`` is called on each page once it is made, in its thread
        (the hook passes its own work on the page, whose result it keeps).
        """
        self.code = self.code_hash()
        self.used = set()
        self.prepare = prepare
        self.started = {}
        for path in paths:
            self.started[str(path)] = self._run("page", str(path), settings(str(path)), ahead=True)
            if self.markdown is not None:
                self._run("markdown", str(path), {}, ahead=True)

    def nb2html(self, nb_path, **kwargs):
        """What ``convert.nb2html(nb_path, **kwargs)`` returns, from the run started ahead."""
        return self._result("page", nb_path, kwargs)[0]

    def nb2md(self, nb_path, **kwargs):
        """What ``convert.nb2md(nb_path, **kwargs)`` returns, made ahead."""
        return self._result("markdown", nb_path, kwargs)

    def _result(self, kind, nb_path, kwargs):
        if kwargs is None:  # the run started ahead for this path
            run = self.started[str(nb_path)]
        else:
            run = self._run(kind, str(nb_path), kwargs, ahead=False)
        try:
            return run.result()
        except BaseException:
            with self.lock:
                self.runs = {k: v for k, v in self.runs.items() if v is not run}
            raise

    def _run(self, kind, path, kwargs, ahead):
        key = hashlib.sha256(
            "\0".join(
                [
                    kind,
                    str(Path(path).resolve()),
                    hashlib.sha256(Path(path).read_bytes()).hexdigest(),
                    self.code or self.code_hash(),
                    json.dumps(kwargs, sort_keys=True, default=repr),
                ]
            ).encode()
        ).hexdigest()
        with self.lock:
            self.used.add(key)
            if key not in self.runs:
                if not ahead:
                    LOG.warning(
                        f"notebook {path} was not started ahead with this text and these "
                        f"settings, {kwargs}: it runs now, after the figures (does "
                        "mkdocs-jupyter pass other settings than notebook_settings expects?)"
                    )
                make = self._page if kind == "page" else self.markdown
                self.runs[key] = self.pool.submit(make, path, **kwargs)
            return self.runs[key]

    def _page(self, path, **kwargs):
        made = self.convert(path, **kwargs)
        html, files = made if isinstance(made, tuple) else (made, {})
        html = join_printed_outputs(number_cell_anchors(html))
        if self.prepare is not None:
            self.prepare(html)
        return html, files

    def files(self):
        """``{notebook path: {path relative to its page: text}}`` of the notebooks started.

        Waits for their runs (see :func:`scripts.notebook_outputs.render`);
        raises the error of a notebook that failed.
        """
        return {path: self._result("page", path, None)[1] for path in self.started}

    def forget_unused(self):
        """Drop the runs the last build did not use (an edited notebook's old run)."""
        with self.lock:
            for key in set(self.runs) - self.used:
                self.runs.pop(key).cancel()
            self.used = set()


def number_cell_anchors(html):
    """Number the cells' anchors ``id="cell-id=N"`` 1, 2, ... in page order.

    jupytext gives each cell of a ``.py`` notebook a random id, which nbconvert
    writes into the page as the cell's anchor: the page would differ on every
    build. Numbered, two builds of a notebook page are byte-identical.
    """
    numbers = itertools.count(1)
    return CELL_ANCHOR.sub(lambda match: f'id="cell-id=cell-{next(numbers)}"', html)


def join_printed_outputs(html):
    """Make the printed outputs of a cell one output, as a notebook shows them.

    The kernel sends what a cell prints in chunks, cut wherever its output
    thread happens to flush, so the same cell gave one block on one build and
    two on the next. Joined, the page no longer depends on that timing.
    """
    while True:
        joined = STDOUT_PAIR.sub(r"\1", html)
        if joined == html:
            return html
        html = joined


def notebook_settings(plugin_config):
    """``settings(path)``: the arguments mkdocs-jupyter passes to ``nb2html`` for ``path``.

    The same as its ``on_pre_page`` (mkdocs-jupyter 0.26); should they differ,
    :meth:`NotebookRuns.nb2html` warns, which fails `mkdocs build --strict`.
    """
    c = plugin_config

    def settings(path):
        execute = c["execute"] and not any(PurePath(path).match(p) for p in c["execute_ignore"])
        return {
            "execute": execute,
            "kernel_name": c["kernel_name"],
            "theme": c["theme"],
            "allow_errors": c["allow_errors"],
            "show_input": c["show_input"],
            "no_input": c["no_input"],
            "no_prompt": c["no_prompt"],
            "remove_tag_config": c["remove_tag_config"],
            "highlight_extra_classes": c["highlight_extra_classes"],
            "include_requirejs": c["include_requirejs"],
            "custom_mathjax_url": c["custom_mathjax_url"],
        }

    return settings
