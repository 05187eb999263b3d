"""The notebooks' pages, run ahead while the figures are generated, and the files beside them.

mkdocs-jupyter executes a notebook when it renders its page, one after the
other once the figures are done; :class:`scripts.notebook_runs.NotebookRuns`
starts them all at the start of the build instead, each in its own kernel, and
takes the place of the plugin's ``convert.nb2html`` and ``convert.nb2md``. A
notebook runs again only when its text changed, or the code that runs it and
draws its figures (src/micromlp, scripts/style.py, scripts/notebook_outputs.py; the
last two take full effect at the next ``mkdocs serve``, which imports them once).
Each run also makes the page's figures and the ``.ipynb`` readers download,
with its outputs (:func:`scripts.notebook_outputs.render`).
"""

import functools

from mkdocs.structure.files import File
from mkdocs_jupyter import convert

from scripts import notebook_outputs, notebook_runs, notebooks
from scripts.hook.generation import inputs_hash

# What an executed notebook depends on besides its own text: the library it
# imports, and the style its figures are drawn with.
NOTEBOOK_INPUTS = ("src/micromlp", "scripts/style.py", "scripts/notebook_outputs.py")


def install(state):
    """Put the runs made ahead in the place of mkdocs-jupyter's conversions (once)."""
    if state.notebooks is None:
        state.notebooks = notebook_runs.NotebookRuns(
            functools.partial(notebook_outputs.render, convert.nb2html),
            lambda: inputs_hash(NOTEBOOK_INPUTS),
            markdown=convert.nb2md,
        )
        convert.nb2html, convert.nb2md = state.notebooks.nb2html, state.notebooks.nb2md


def start(state, config, prepare):
    """Start every notebook with the plugin's settings; ``prepare(html)`` runs on each page."""
    settings = notebook_runs.notebook_settings(config.plugins["mkdocs-jupyter"].config)
    state.notebooks.start(notebooks.sources(), settings, prepare=prepare)


def files(state, config):
    """The files next to each notebook's page: its ``.ipynb`` and its figures.

    ``notebooks/NAME/NAME.ipynb`` (next to the .py that mkdocs-jupyter copies
    there) and ``notebooks/NAME/figures/``, made from this build's run of
    docs/notebooks/NAME.py, so they can never be stale. Waits for the runs.
    """
    made = []
    for path, beside in state.notebooks.files().items():
        name = path.rsplit("/", 1)[-1].removesuffix(".py")
        for rel, text in sorted(beside.items()):
            made.append(File.generated(config, f"notebooks/{name}/{rel}", content=text))
    return made
