"""MkDocs hook: regenerate every figure, table and fragment from micromlp.

On each `mkdocs build` and each rebuild of `mkdocs serve`:

1. ``on_pre_build`` runs ``scripts/generate.py`` (in a fresh Python, so that an
   edit to ``src/`` or ``scripts/`` is always picked up) into ``build/generated``,
   unless the hash of its inputs (the code of src/micromlp and scripts/) is the
   one of the last run. Editing a Markdown page therefore costs no regeneration.
2. ``on_files`` adds the figures and animation data as generated files of the
   site, and each notebook as a downloadable ``.ipynb`` (scripts/notebooks.py).
   Nothing is written into ``docs/``: that would make `mkdocs serve` loop.
   Tables and fragments are pulled into pages by pymdownx.snippets, whose
   ``base_path`` includes ``build/generated``.
3. Under ``mkdocs serve`` only, ``on_config`` turns on mkdocs-jupyter's cache of
   executed notebooks, in a folder named by the same inputs hash: editing a page
   then reloads in a few seconds instead of re-running every notebook, and any
   change to src/ or scripts/ still re-executes them (mkdocs-jupyter's own cache
   key knows only the notebook, which is why ``mkdocs build`` keeps it off).
4. ``on_page_markdown`` expands each ``![alt](figures/NAME.svg)`` into a light and
   a dark variant (``NAME-light.svg#only-light``, ``NAME-dark.svg#only-dark``),
   so pages name a figure once.
"""

import hashlib
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "generated"
STAMP = OUT / ".inputs-hash"
NOTEBOOK_CACHE = ROOT / "build" / "notebook-cache"
SERVING = False  # set by on_startup; this module is loaded once per `mkdocs serve`
ASSET_DIRS = ("figures", "anim")
# ![alt](figures/NAME.svg); the alt text may hold balanced brackets, as in "W[1]".
FIGURE = re.compile(
    r"!\[(?P<alt>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<pre>(?:\.\./)*)figures/(?P<name>[\w-]+)\.svg\)"
)


def inputs_hash():
    """Hash of everything the generated files depend on."""
    digest = hashlib.sha256()
    files = sorted((ROOT / "src" / "micromlp").rglob("*.py")) + sorted(
        (ROOT / "scripts").rglob("*.py")
    )
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def on_startup(command, dirty):
    global SERVING
    SERVING = command == "serve"


def on_config(config):
    if SERVING:
        wanted = NOTEBOOK_CACHE / inputs_hash()
        for old in NOTEBOOK_CACHE.glob("*"):
            if old != wanted:
                shutil.rmtree(old)
        jupyter = config.plugins["mkdocs-jupyter"]
        jupyter.config["cache"] = True
        jupyter.config["cache_dir"] = str(wanted)
    return config


def on_pre_build(config):
    wanted = inputs_hash()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    result = subprocess.run(
        [sys.executable, "-m", "scripts.generate", str(OUT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise PluginError(f"scripts/generate.py failed:\n{result.stderr}")
    STAMP.write_text(wanted)


def on_files(files, config):
    for folder in ASSET_DIRS:
        for path in sorted((OUT / folder).glob("*")):
            uri = f"{folder}/{path.name}"
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    # Each notebook as an .ipynb to download, next to its page and to the .py that
    # mkdocs-jupyter copies there: notebooks/NAME/NAME.ipynb, made in memory from
    # docs/notebooks/NAME.py on every build, so it can never be stale.
    notebooks = _load_module("notebooks")
    for source in notebooks.sources():
        uri = f"notebooks/{source.stem}/{source.stem}.ipynb"
        files.append(File.generated(config, uri, content=notebooks.ipynb_text(source)))
    return files


def _load_module(name):
    """Import scripts/NAME.py afresh (MkDocs restores sys.path after loading a hook)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_page_markdown(markdown, page, config, files):
    def expand(match):
        alt, pre, name = match["alt"], match["pre"], match["name"]
        return (
            f"![{alt}]({pre}figures/{name}-light.svg#only-light)"
            f"![{alt}]({pre}figures/{name}-dark.svg#only-dark)"
        )

    return FIGURE.sub(expand, markdown)
