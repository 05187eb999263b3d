"""The generated files: made by ``scripts.generate`` in a fresh Python, kept while their code is.

``start`` runs ``python -m scripts.generate build/generated`` (in a fresh
process, so that an edit to ``src/`` or ``scripts/`` is always picked up),
the longest part of a build; within one `mkdocs serve` the files are made
again only when the code they come from (:data:`GENERATOR_INPUTS`) changed, so
editing a Markdown page costs nothing. A new process never trusts what
``build/generated`` holds. Nothing is written into ``docs/``: that would make
`mkdocs serve` loop.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from scripts import style

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "generated"
# The code the generated files come from (its hash decides whether to generate again).
GENERATOR_INPUTS = ("src/micromlp", "scripts")
# The folders of generated files that are files of the site (the tables and the
# figures' .md fragments are pulled into pages by pymdownx.snippets, whose
# base_path holds OUT).
ASSET_DIRS = ("figures", "anim")


def inputs_hash(paths=GENERATOR_INPUTS):
    """Hash of the code in ``paths`` (files and folders under the root): names and contents.

    A folder counts with its ``.py`` and ``.js`` files, outside ``__pycache__``
    and ``node_modules`` (the Lighthouse report's npm packages, under scripts/).
    """
    digest = hashlib.sha256()
    for name in paths:
        for file in code_files(ROOT / name):
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def code_files(path):
    """``path`` itself, or the ``.py`` and ``.js`` files under it, sorted."""
    if path.is_file():
        return [path]
    found = []
    for folder, subfolders, names in os.walk(path):
        subfolders[:] = sorted(d for d in subfolders if d not in ("__pycache__", "node_modules"))
        found += [Path(folder, n) for n in sorted(names) if n.endswith((".py", ".js"))]
    return found


def start(state):
    """Start generating unless the files of this process are current; returns the process."""
    wanted = inputs_hash()
    if wanted == state.generated:
        return None
    state.generated = None
    process = subprocess.Popen(
        [sys.executable, "-m", "scripts.generate", str(OUT)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.wanted = wanted
    return process


def finish(state, process):
    """Wait for ``process`` (from :func:`start`); its timing line, or PluginError."""
    _, stderr = process.communicate()
    if process.returncode != 0:
        raise PluginError(f"scripts/generate.py failed:\n{stderr}")
    state.generated = process.wanted
    return stderr.strip()  # generate: runs N s, files N s


def stop(process):
    """End ``process`` (a build that fails meanwhile)."""
    process.kill()
    process.wait()


def asset_files(config):
    """The generated figures and animation data, and the widgets' palette, as files of the site."""
    return [
        File.generated(config, f"{folder}/{path.name}", abs_src_path=str(path))
        for folder in ASSET_DIRS
        for path in sorted((OUT / folder).glob("*"))
        if path.suffix != ".md"  # a figure's <figure>, which its page includes
    ] + [
        # The figures' palette as CSS variables, for the widgets (scripts/style.py).
        File.generated(config, "assets/palette.css", content=style.css()),
    ]
