"""MkDocs hook: regenerate every figure, table and fragment from micromlp.

On each `mkdocs build` and each rebuild of `mkdocs serve`:

1. ``on_pre_build`` runs ``scripts/generate.py`` (in a fresh Python, so that
   an edit to ``src/`` or ``scripts/`` is always picked up) into
   ``build/generated``, the longest part of a build, and meanwhile starts every
   notebook of docs/notebooks in its own kernel, in threads
   (scripts/notebook_runs.py). mkdocs-jupyter then renders each notebook page
   from the run already made (the hook's own work on the page, ``page_content``,
   is done then too), instead of executing the notebooks one after the other
   once the figures are done. Every process generates the files and runs the
   notebooks afresh (a fresh `mkdocs build` or `mkdocs serve` never reuses the
   output of another); within one `mkdocs serve`, the figures are generated
   again only when the code they come from (src/micromlp, scripts/) changed,
   and a notebook runs again only when its text or src/micromlp changed, so
   editing a Markdown page costs neither.
   (Also kept within one serve: the processed HTML of unchanged pages and the
   compiled Jinja templates, see ``_once`` and :class:`CompiledTemplates`.)
2. ``on_files`` adds the figures and animation data as generated files of the
   site, and each notebook as a downloadable ``.ipynb`` (scripts/notebooks.py).
   Nothing is written into ``docs/``: that would make `mkdocs serve` loop.
   Tables and fragments are pulled into pages by pymdownx.snippets, whose
   ``base_path`` includes ``build/generated``.
3. ``on_page_markdown`` expands each ``![alt](figures/NAME.svg)`` into a light and
   a dark variant (``NAME-light.svg#only-light``, ``NAME-dark.svg#only-dark``),
   so pages name a figure once. Both get the figure's width and height (nothing
   shifts while it loads) and ``loading="lazy"``: Chromium does not fetch a lazy
   image that is not rendered, so the other palette's copy (display: none) is
   only downloaded when the reader switches palette.
4. ``on_page_content`` (before the search plugin indexes the page) keeps out of
   the search index what does not help a search: the TeX source of formulas
   (each gets a text form instead, scripts/search_math.py), a
   notebook cell's hidden copy of its code (for the copy button) and printed
   output; and makes notebook pages lighter (scripts/notebooks.py). It also
   gives each ``>>>`` block the text its copy button copies: the code without
   prompts or output (scripts/pycon_copy.py).
5. ``on_post_page`` renders every formula of every page to KaTeX HTML at build
   time (scripts/katex_render.js, one node process for the whole build), so no
   page loads katex.min.js or typesets in the reader's browser, and preloads the
   KaTeX fonts the page uses. A formula KaTeX rejects fails the build, naming
   page and formula. Without node, ``mkdocs build`` fails saying what to install;
   ``mkdocs serve`` warns and falls back to rendering in the browser
   (docs/assets/katex.js).

Every process of the build (the generator's pool, the notebooks' kernels) uses
one BLAS thread: they already share the cores, and OpenBLAS's own threads would
only wait for each other (scikit-learn's L-BFGS runs took 7 times as long).
"""

import hashlib
import importlib.util
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "generated"
SERVING = False  # set by on_startup; this module is loaded once per `mkdocs serve`
# The code the generated files come from (its hash decides whether to generate again).
GENERATOR_INPUTS = ("src/micromlp", "scripts")
# What an executed notebook depends on besides its own text: the library it imports.
NOTEBOOK_INPUTS = ("src/micromlp",)
# What the math of a page depends on besides its HTML: the renderer and KaTeX.
MATH_INPUTS = ("scripts/katex_render.js", "docs/assets/katex.js", "docs/assets/katex/katex.min.js")
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
# The blocks of an article laid out at first (assets/layout.css defers the others).
FIRST_BLOCKS = 11
TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
VOID = {
    "area",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
ARITHMATEX_OPEN = re.compile(r'<(span|div) class="arithmatex">')
# A Markdown table (no attributes), with its content.
TABLE = re.compile(r"<table>(.*?)</table>", re.S)
# Material's own wrapper of a table (its JavaScript: renderTable), and a class so
# that its JavaScript does not wrap the table again (it wraps table:not([class])).
WRAPPED_TABLE = (
    r'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
    r'<table class="mlp-prewrapped">\1</table></div></div>'
)
SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')
# ![alt](figures/NAME.svg); the alt text may hold balanced brackets, as in "W[1]".
FIGURE = re.compile(
    r"!\[(?P<alt>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<pre>(?:\.\./)*)figures/(?P<name>[\w-]+)\.svg\)"
)


def inputs_hash(paths=GENERATOR_INPUTS):
    """Hash of the code in ``paths`` (files and folders under the root): names and contents.

    A folder counts with its ``.py`` and ``.js`` files, outside ``__pycache__``
    and ``node_modules`` (the Lighthouse report's npm packages, under scripts/).
    """
    digest = hashlib.sha256()
    for name in paths:
        for file in _code_files(ROOT / name):
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def _code_files(path):
    if path.is_file():
        return [path]
    found = []
    for folder, subfolders, names in os.walk(path):
        subfolders[:] = sorted(d for d in subfolders if d not in ("__pycache__", "node_modules"))
        found += [Path(folder, n) for n in sorted(names) if n.endswith((".py", ".js"))]
    return found


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
NOTEBOOKS = None  # notebook_runs.NotebookRuns, made by on_startup (it lives as long as serve)
GENERATED = None  # inputs_hash() of the files this process wrote into build/generated


def on_startup(command, dirty):
    global SERVING, NOTEBOOKS
    SERVING = command == "serve"
    # One BLAS thread per process (see the module's docstring); the notebooks'
    # kernels and scripts/generate.py inherit it.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from mkdocs_jupyter import convert

    if NOTEBOOKS is None:
        runs = _load_module("notebook_runs")
        NOTEBOOKS = runs.NotebookRuns(
            convert.nb2html, lambda: inputs_hash(NOTEBOOK_INPUTS), markdown=convert.nb2md
        )
        convert.nb2html, convert.nb2md = NOTEBOOKS.nb2html, NOTEBOOKS.nb2md


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
    return config


def on_pre_build(config):
    global GENERATED
    wanted = inputs_hash()
    generate = None
    if wanted != GENERATED:  # the longest part of the build: started first
        GENERATED = None
        generate = subprocess.Popen(
            [sys.executable, "-m", "scripts.generate", str(OUT)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    try:
        CODE.update(
            math=inputs_hash(MATH_INPUTS),
            notebook=inputs_hash(("scripts/notebooks.py",)),
            ipynb=inputs_hash(("scripts/notebooks.py",)),
        )
        jupyter = config.plugins["mkdocs-jupyter"].config
        settings = _load_module("notebook_runs").notebook_settings(jupyter)
        NOTEBOOKS.start(_load_module("notebooks").sources(), settings, prepare=page_content)
        if generate is None:
            return
        _, stderr = generate.communicate()
    except BaseException:
        if generate is not None:
            generate.kill()
            generate.wait()
        raise
    if generate.returncode != 0:
        raise PluginError(f"scripts/generate.py failed:\n{stderr}")
    LOG.info(stderr.strip())  # generate: runs N s, files N s
    GENERATED = wanted


def on_files(files, config):
    for folder in ASSET_DIRS:
        for path in sorted((OUT / folder).glob("*")):
            uri = f"{folder}/{path.name}"
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    # The figures' palette as CSS variables, for the widgets (scripts/style.py).
    files.append(File.generated(config, "assets/palette.css", content=_load_module("style").css()))
    # Each notebook as an .ipynb to download, next to its page and to the .py that
    # mkdocs-jupyter copies there: notebooks/NAME/NAME.ipynb, made in memory from
    # docs/notebooks/NAME.py on every build, so it can never be stale.
    notebooks = _load_module("notebooks")
    for source in notebooks.sources():
        uri = f"notebooks/{source.stem}/{source.stem}.ipynb"
        files.append(File.generated(config, uri, content=_ipynb_text(notebooks, source)))
    return files


def _ipynb_text(notebooks, source):
    text = f"{source}\0{source.read_text(encoding='utf-8')}"
    return _once("ipynb", text, lambda _: notebooks.ipynb_text(source))


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


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja templates compiled by an earlier build of this `mkdocs serve`, in memory.

    Each rebuild makes new Jinja environments (the theme's, mkdocstrings'), which
    would compile every template again (about a fifth of a rebuild). Jinja checks
    each template's source against the checksum stored with its code, so an
    edited template is compiled afresh.
    """

    def __init__(self):
        self.code = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = CompiledTemplates()
AUTODOC = re.compile(r"^::: ", re.M)  # a mkdocstrings block: the API page


def on_env(env, config, files):
    if SERVING:
        env.bytecode_cache = TEMPLATES
    return env


def on_page_markdown(markdown, page, config, files):
    if SERVING and AUTODOC.search(markdown):
        config.plugins["mkdocstrings"].get_handler("python").env.bytecode_cache = TEMPLATES

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
# page re-renders the math of that page only), nor is an unchanged notebook
# turned into an .ipynb again. Keys are hashes of the input and of the code
# that processes it (CODE, hashed once per build).
DONE, DONE_NOW = {}, {}
CODE = {}  # kind of _once -> inputs_hash of the code that makes it


def _once(kind, text, make):
    key = (kind, CODE[kind], hashlib.sha256(text.encode()).hexdigest())
    if key not in DONE:
        DONE[key] = make(text)
    DONE_NOW[key] = DONE[key]
    return DONE[key]


def on_page_content(html, page, config, files):
    return page_content(html)


def page_content(html):
    """What ``on_page_content`` makes of a page's HTML; for a notebook page, made ahead.

    NotebookRuns calls it in the notebook's thread, while the figures are
    being generated: the result is kept (``_once``), so the page costs nothing
    more here.
    """
    # The TeX of a formula is noise to the search index (\\frac, ^{[l]} ...): it
    # gets a text twin instead (∂L/∂W[l]), removed again in on_post_page.
    html = _load_module("search_math").add_twins(html)
    html = ARITHMATEX_OPEN.sub(r'<\1 class="arithmatex" data-search-exclude="true">', html)
    # Tables come wrapped as Material's JavaScript would wrap them at start-up:
    # moving a table that is already styled into its wrapper styles it again
    # (half a second of a phone's main thread for a table of formulas).
    html = TABLE.sub(WRAPPED_TABLE, html)
    # A >>> block's copy button copies its code alone (scripts/pycon_copy.py).
    html = _load_module("pycon_copy").add_copy_text(html)
    if "jupyter-wrapper" in html:
        html = _once("notebook", html, _load_module("notebooks").lighten_page)
    return html


def on_post_page(output, page, config):
    output = _load_module("search_math").strip(output)
    if NODE is None:
        return output
    output = _once("math", output, lambda html: MATH.render(html, page.file.src_uri))
    return _preload_fonts(output, page)


def _preload_fonts(output, page):
    """Preload, in <head>, the KaTeX fonts of the formulas on the page's first screen.

    The first screen is the article's first ``FIRST_BLOCKS`` blocks: the ones
    assets/layout.css does not defer. A font only the later blocks use is fetched
    when its block is laid out (when the page is idle, or the reader scrolls
    there), so that the first paint does not wait for fonts it does not show
    (on backprop: 3 of its 6 fonts, 36.5 kB).
    """
    start = output.find("<article")
    if start < 0:
        return output
    shown = output[start : _end_of_blocks(output, output.index(">", start) + 1, FIRST_BLOCKS)]
    used = {name for value in CLASS_ATTR.findall(shown) for name in value.split()}
    fonts = sorted({font for cls, font in FONT_CLASSES.items() if cls in used})
    if not fonts:
        return output
    hrefs = [get_relative_url(f"assets/katex/fonts/{font}.woff2", page.url) for font in fonts]
    links = "".join(
        f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'
        for href in hrefs
    )
    # Before the stylesheets: the script at the end of <head> (overrides/main.html)
    # turns every link of <head> absolute, so Material's navigation leaves them alone.
    first = output.index('<link rel="stylesheet"')
    return output[:first] + links + output[first:]


def _end_of_blocks(html, start, count):
    """Where the ``count``-th element opened at depth 0 from ``start`` closes (or the end)."""
    depth = blocks = 0
    for tag in TAG.finditer(html, start):
        closing, name, empty = tag.group(1), tag.group(2).lower(), tag.group(3)
        if closing:
            depth -= 1
            if depth < 0:  # the container itself closes
                return tag.start()
        elif not empty and name not in VOID:
            depth += 1
            continue
        if depth == 0:  # a block closed, or one with no content, such as <img>
            blocks += 1
            if blocks == count:
                return tag.end()
    return len(html)


def on_post_build(config):
    MATH.close()
    NOTEBOOKS.forget_unused()
    DONE.clear()  # keep only what this build used
    DONE.update(DONE_NOW)
    DONE_NOW.clear()


def on_build_error(error):
    MATH.close()
