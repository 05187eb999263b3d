"""The notebooks' pages, run ahead while the figures are generated, and their ``.ipynb``.

mkdocs-jupyter executes a notebook when it renders its page, one after the
other once the figures are done; :class:`scripts.notebook_runs.NotebookRuns`
starts them all at the start of the build instead, each in its own kernel, and
takes the place of the plugin's ``convert.nb2html`` and ``convert.nb2md``. A
notebook runs again only when its text or src/micromlp changed.
"""

from mkdocs.structure.files import File
from mkdocs_jupyter import convert

from scripts import notebook_runs, notebooks
from scripts.hook.generation import inputs_hash

# What an executed notebook depends on besides its own text: the library it imports.
NOTEBOOK_INPUTS = ("src/micromlp",)


def install(state):
    """Put the runs made ahead in the place of mkdocs-jupyter's conversions (once)."""
    if state.notebooks is None:
        state.notebooks = notebook_runs.NotebookRuns(
            convert.nb2html, lambda: inputs_hash(NOTEBOOK_INPUTS), markdown=convert.nb2md
        )
        convert.nb2html, convert.nb2md = state.notebooks.nb2html, state.notebooks.nb2md


def start(state, config, prepare):
    """Start every notebook with the plugin's settings; ``prepare(html)`` runs on each page."""
    settings = notebook_runs.notebook_settings(config.plugins["mkdocs-jupyter"].config)
    state.notebooks.start(notebooks.sources(), settings, prepare=prepare)


def ipynb_files(config, memo):
    """Each notebook as an .ipynb to download, next to its page.

    ``notebooks/NAME/NAME.ipynb``, next to the .py that mkdocs-jupyter copies
    there, made in memory from docs/notebooks/NAME.py on every build, so it can
    never be stale.
    """
    files = []
    for source in notebooks.sources():
        text = f"{source}\0{source.read_text(encoding='utf-8')}"
        content = memo.once("ipynb", text, lambda _, s=source: notebooks.ipynb_text(s))
        files.append(
            File.generated(config, f"notebooks/{source.stem}/{source.stem}.ipynb", content=content)
        )
    return files
