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
   so pages name a figure once. Both get the figure's width and height (nothing
   shifts while it loads) and ``loading="lazy"``: Chromium does not fetch a lazy
   image that is not rendered, so the other palette's copy (display: none) is
   only downloaded when the reader switches palette.
5. ``on_page_content`` (before the search plugin indexes the page) keeps out of
   the search index what does not help a search: the TeX source of formulas, a
   notebook cell's hidden copy of its code (for the copy button) and printed
   output; and makes notebook pages lighter (scripts/notebooks.py).
6. ``on_post_page`` renders every formula of every page to KaTeX HTML at build
   time (scripts/katex_render.js, one node process for the whole build), so no
   page loads katex.min.js or typesets in the reader's browser, and preloads the
   KaTeX fonts the page uses. A formula KaTeX rejects fails the build, naming
   page and formula. Without node, ``mkdocs build`` fails saying what to install;
   ``mkdocs serve`` warns and falls back to rendering in the browser
   (docs/assets/katex.js).
"""

import hashlib
import importlib.util
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "generated"
STAMP = OUT / ".inputs-hash"
NOTEBOOK_CACHE = ROOT / "build" / "notebook-cache"
SERVING = False  # set by on_startup; this module is loaded once per `mkdocs serve`
ASSET_DIRS = ("figures", "anim")
LOG = logging.getLogger("mkdocs.hooks.micromlp")
RENDERER = ROOT / "scripts" / "katex_render.js"
NODE_HINT = (
    "node (Node.js 18 or later) is needed to render the formulas at build time: "
    "install it (Debian/Ubuntu: apt-get install nodejs; or https://nodejs.org)"
)
# In-browser rendering, only used by `mkdocs serve` when node is missing.
FALLBACK_JS = ["assets/katex/katex.min.js", "assets/katex.js"]
# KaTeX font of each class that KaTeX's HTML uses (katex.min.css), to preload
# the fonts a page needs; "katex" stands for the text font of every formula.
FONT_CLASSES = {
    "katex": "KaTeX_Main-Regular",
    "mathnormal": "KaTeX_Math-Italic",
    "mathbf": "KaTeX_Main-Bold",
    "boldsymbol": "KaTeX_Math-BoldItalic",
    "mathit": "KaTeX_Main-Italic",
    "amsrm": "KaTeX_AMS-Regular",
    "mathcal": "KaTeX_Caligraphic-Regular",
    "mathsf": "KaTeX_SansSerif-Regular",
    "mathtt": "KaTeX_Typewriter-Regular",
    "size1": "KaTeX_Size1-Regular",
    "size2": "KaTeX_Size2-Regular",
    "size3": "KaTeX_Size3-Regular",
    "size4": "KaTeX_Size4-Regular",
}
CLASS_ATTR = re.compile(r'class="([^"]*)"')
ARITHMATEX_OPEN = re.compile(r'<(span|div) class="arithmatex">')
SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')
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


class MathRenderer:
    """One ``node scripts/katex_render.js --serve`` for a whole build, page by page."""

    def __init__(self):
        self.process = None

    def render(self, html, page):
        """``html`` with every formula rendered; PluginError naming page and formula."""
        if self.process is None:
            self.process = subprocess.Popen(
                [NODE, str(RENDERER), "--serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                cwd=ROOT,
            )
        self.process.stdin.write(json.dumps({"page": page, "html": html}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.close()
            raise PluginError(f"scripts/katex_render.js stopped while rendering {page}")
        reply = json.loads(line)
        if reply["errors"]:
            raise PluginError(
                f"KaTeX cannot render {len(reply['errors'])} formula(s) of {page}:\n"
                + "\n".join(f"  {e['error']}\n    TeX: {e['tex']}" for e in reply["errors"])
            )
        return reply["html"]

    def close(self):
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=10)
            self.process = None


NODE = shutil.which("node")
MATH = MathRenderer()


def on_startup(command, dirty):
    global SERVING
    SERVING = command == "serve"


def check_node(config, node, serving):
    """Without node: fail a build, or warn and render in the browser under serve."""
    if node is not None:
        return
    if not serving:
        raise PluginError(NODE_HINT + ".")
    LOG.warning(NODE_HINT + "; meanwhile the formulas are rendered in the browser.")
    config.extra_javascript.extend(FALLBACK_JS)


def on_config(config):
    check_node(config, NODE, SERVING)
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


def svg_size(path):
    """(width, height) in CSS px of a matplotlib SVG (its size is given in pt)."""
    match = SVG_SIZE.search(path.read_text(encoding="utf-8")[:2000])
    if match is None:
        raise PluginError(f"{path}: no width/height in pt on its <svg> element")
    return tuple(round(float(v) * 4 / 3) for v in match.groups())


def on_page_markdown(markdown, page, config, files):
    def expand(match):
        alt, pre, name = match["alt"], match["pre"], match["name"]
        path = OUT / "figures" / f"{name}-light.svg"
        if not path.exists():
            raise PluginError(f"{page.file.src_uri}: figure {name} not found: no {path}")
        width, height = svg_size(path)
        attrs = f'{{ width="{width}" height="{height}" loading="lazy" }}'
        return (
            f"![{alt}]({pre}figures/{name}-light.svg#only-light){attrs}"
            f"![{alt}]({pre}figures/{name}-dark.svg#only-dark){attrs}"
        )

    return FIGURE.sub(expand, markdown)


# Under `mkdocs serve` this module lives as long as the server: a page whose
# HTML is the same as at the last build is not processed again (editing one
# page re-renders the math of that page only). Keys are hashes of the input.
DONE, DONE_NOW = {}, {}


def _once(kind, text, make):
    key = (kind, hashlib.sha256(text.encode()).hexdigest())
    if key not in DONE:
        DONE[key] = make(text)
    DONE_NOW[key] = DONE[key]
    return DONE[key]


def on_page_content(html, page, config, files):
    # The TeX of a formula is noise to the search index (\\frac, ^{[l]} ...).
    html = ARITHMATEX_OPEN.sub(r'<\1 class="arithmatex" data-search-exclude="true">', html)
    if "jupyter-wrapper" in html:
        html = _once("notebook", html, _load_module("notebooks").lighten_page)
    return html


def on_post_page(output, page, config):
    if NODE is None:
        return output
    output = _once("math", output, lambda html: MATH.render(html, page.file.src_uri))
    return _preload_fonts(output, page)


def _preload_fonts(output, page):
    """Preload, in <head>, the KaTeX fonts whose classes the page uses."""
    used = {name for value in CLASS_ATTR.findall(output) for name in value.split()}
    fonts = sorted({font for cls, font in FONT_CLASSES.items() if cls in used})
    if "katex" not in used:
        return output
    hrefs = [get_relative_url(f"assets/katex/fonts/{font}.woff2", page.url) for font in fonts]
    links = "".join(
        f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'
        for href in hrefs
    )
    return output.replace("</head>", links + "</head>", 1)


def on_post_build(config):
    MATH.close()
    DONE.clear()  # keep only what this build used
    DONE.update(DONE_NOW)
    DONE_NOW.clear()


def on_build_error(error):
    MATH.close()
