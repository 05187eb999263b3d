"""A notebook run once for the site: its page's figures in both palettes, and its outputs.

scripts/notebook_runs.py runs each notebook of ``docs/notebooks/`` through
:func:`execute`, once per build, and makes of that one run both its page and
the ``.ipynb`` that readers download (with the outputs the page shows):

- the kernel is set up before the first cell (``IPKernelApp.exec_lines``, not a
  cell: nothing of it is in the notebook), so that matplotlib draws as the
  site's figures are drawn: SVG, the light theme of :mod:`scripts.style`, no
  time stamp; and a PNG of each figure, on the theme's paper, for the
  ``.ipynb`` (JupyterLab shows no SVG in a notebook it does not trust, as a
  downloaded one is; it shows the PNG);
- a figure that the notebook shows with ``show(fig, alt, caption)`` is an SVG
  output whose metadata holds its alt text and caption. :func:`page_figures`
  turns it into the ``<figure>`` that scripts/generate.py makes for the other
  pages (a light and a dark variant, each a file next to the page, and the
  caption), the dark variant being the light one with each colour of the light
  theme replaced by the same field of the dark theme (:func:`dark_svg`);
- printed output arrives in chunks, cut wherever the kernel flushed it:
  ``coalesce_streams`` joins them, so two builds give the same bytes.
"""

import copy
import html
import re
import tempfile
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from scripts import notebooks, style

ROOT = Path(__file__).resolve().parent.parent
SVG = "image/svg+xml"
PNG = "image/png"
PNG_DPI = 96  # the PNG as wide in pixels as the SVG in CSS px (1 pt = 4/3 px)
# Run in the kernel before the first cell. pyplot first: the inline backend sets
# its own rc when pyplot activates it, and the theme goes on top of that.
KERNEL_SETUP = (
    "import os; os.environ['SOURCE_DATE_EPOCH'] = '0'; "  # matplotlib's SVG date
    "import matplotlib.pyplot as plt; "
    "from matplotlib_inline.backend_inline import set_matplotlib_formats; "
    "from scripts import style; "
    "plt.rcParams.update(style.rc(style.LIGHT)); "
    # lines with no colour of their own: the theme's series, then its accent
    "plt.rcParams['axes.prop_cycle'] = "
    "plt.cycler(color=style.LIGHT.series + (style.LIGHT.accent,)); "
    # the page's SVG, and a PNG for the .ipynb: JupyterLab shows no SVG of a
    # notebook it does not trust (a downloaded one), but shows a PNG
    "set_matplotlib_formats('svg', 'png'); "
    "from functools import partial; from matplotlib.figure import Figure; "
    "from IPython.core.pylabtools import print_figure; "
    "get_ipython().display_formatter.formatters['image/png'].for_type(Figure, partial("
    f"print_figure, fmt='png', base64=True, dpi={PNG_DPI}, facecolor='{style.LIGHT.bg}', "
    "metadata={'Software': None}))"  # no Software text: the PNG holds its pixels only
)
COLOUR = re.compile(r"#[0-9a-f]{6}\b")
RASTER = re.compile(r"<image\b")  # how matplotlib's SVG embeds pixels (a data: URI)
# The paper and the ink of a figure drawn without a colour of the theme
# (matplotlib's "white" and "black": marker edges, contour lines, hatches).
PAPER_AND_INK = {"#ffffff": style.DARK.bg, "#000000": style.DARK.text}
SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')


def execute(path, kernel_name="python3", allow_errors=False):
    """The jupytext notebook ``path``, run top to bottom in a fresh kernel in the repository root.

    Raises nbclient's ``CellExecutionError`` at the first cell that raises
    (unless ``allow_errors``).
    """
    nb = jupytext.read(path)
    nb.metadata["kernelspec"] = {**notebooks.KERNELSPEC, "name": kernel_name or "python3"}
    client = NotebookClient(
        nb,
        kernel_name=kernel_name or "python3",
        allow_errors=allow_errors,
        record_timing=False,  # no time stamps in the outputs
        coalesce_streams=True,
        extra_arguments=[f"--IPKernelApp.exec_lines={KERNEL_SETUP}"],
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute()
    return nb


def colour_map():
    """Each colour of the light theme -> the same field's colour in the dark theme."""
    pairs = dict(PAPER_AND_INK)
    for field in style.Theme.__dataclass_fields__:
        light, dark = getattr(style.LIGHT, field), getattr(style.DARK, field)
        if field == "name":
            continue
        for a, b in zip(light, dark) if isinstance(light, tuple) else [(light, dark)]:
            pairs.setdefault(a.lower(), b.lower())
    return pairs


def dark_svg(svg, where):
    """The dark variant of the light ``svg``: each light theme colour replaced by its dark twin.

    Raises ValueError, naming ``where`` and the colours, if the figure uses a
    colour that is not the light theme's (it would have no dark twin), and
    naming ``where`` if it holds a raster image (``imshow``, a rasterized
    artist): its colours are pixels, which this cannot change.
    """
    if RASTER.search(svg):
        raise ValueError(
            f"{where}: the figure holds a raster image (imshow, or an artist drawn with "
            "rasterized=True), whose colours have no dark variant: draw with vector artists "
            "such as contourf or pcolormesh"
        )
    pairs = colour_map()
    foreign = sorted(set(COLOUR.findall(svg)) - set(pairs))
    if foreign:
        raise ValueError(
            f"{where}: colours {foreign} are not scripts/style.py's light theme, so the "
            "figure has no dark variant: draw with the theme's colours, 'white' or 'black'"
        )
    return COLOUR.sub(lambda m: pairs[m[0]], svg)


def figure_html(src, alt, caption, width, height):
    """The ``<figure>`` of a figure with variants ``src-light.svg`` and ``src-dark.svg``.

    The markup that the figures of the other pages get (scripts/generate.py,
    rendered by Markdown): both variants, their size, lazy loading, the caption.
    """
    alt = html.escape(alt)
    imgs = "".join(
        f'<img alt="{alt}" height="{height}" loading="lazy" '
        f'src="{src}-{variant}.svg#only-{variant}" width="{width}" />'
        for variant in ("light", "dark")
    )
    return f"<figure>\n  {imgs}\n<br />\n<figcaption>{html.escape(caption)}</figcaption>\n</figure>"


def page_figures(nb, name):
    """``nb`` for the page, each figure an HTML ``<figure>``; and the figures' files.

    Returns ``(page_nb, files)``: a copy of ``nb`` whose SVG outputs are
    replaced by their ``<figure>`` (the PNG dropped), and ``{"figures/NAME-K-light.svg": text,
    ...}``, paths relative to the page's folder. Raises ValueError for a figure
    shown without alt text or caption.
    """
    page, files, k = copy.deepcopy(nb), {}, 0
    for cell in page.cells:
        for output in cell.get("outputs", []):
            if SVG not in output.get("data", {}):
                continue
            k += 1
            meta = output.get("metadata", {})
            where = f"{name}.py, figure {k}"
            if not meta.get("alt") or not meta.get("caption"):
                raise ValueError(f"{where}: shown without alt text and caption: use show()")
            svg = output["data"][SVG]
            stem = f"figures/{name}-{k}"
            files[f"{stem}-light.svg"] = svg
            files[f"{stem}-dark.svg"] = dark_svg(svg, where)
            match = SVG_SIZE.search(svg)
            width, height = (round(float(v) * 4 / 3) for v in match.groups())
            block = figure_html(stem, meta["alt"], meta["caption"], width, height)
            output["data"] = {"text/html": block}
            output["metadata"] = {}
    return page, files


# -- the page ------------------------------------------------------------------

# nb2html of an .ipynb appends the notebook's stylesheets once more, as the
# text of a Python list (mkdocs-jupyter 0.26): the page already has them.
INLINED_AGAIN = re.compile(r"\s*<style>\s*\[(?:(?!</style>).)*\]\s*</style>\s*\Z", re.S)
# mkdocs-jupyter's copy buttons, the hidden texts they copy and their scripts:
# Material's own button (content.code.copy) copies the code instead, as on the
# other pages.
JUPYTER_COPY = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>'
    r'|<div\b[^>]*\bclass="clipboard-copy-txt"[^>]*>[^<]*</div>'
    r"|<script>(?:(?!</script>).)*?clipboard-copy(?:(?!</script>).)*</script>",
    re.S,
)
# The stylesheets that mkdocs-jupyter inlines in every page, JupyterLab's and
# nbconvert's (4 <style> blocks, 590,790 bytes: 575,169 + 9,845 of them
# JupyterLab's, the other 5,776 nbconvert's Pygments and Mermaid rules; measured on
# a two-cell notebook with mkdocs-jupyter 0.26.3 once INLINED_AGAIN has removed
# the repeated list): the cells are styled by the site's own stylesheets instead
# (Material's, and docs/assets/notebooks.css).
JUPYTER_STYLES = re.compile(r"<style\b[^>]*>.*?</style>", re.S)
CODE = re.compile(
    r'<div class="highlight-ipynb hl-(\w+)\s*"><pre><span></span>(.*?)</pre></div>', re.S
)
FENCED = r'<div class="language-\1 highlight"><pre><span></span><code>\2</code></pre></div>'


def material_code(html):
    """A notebook page in the site's style: code cells as pymdownx.highlight writes a fenced block.

    ``<div class="language-python highlight"><pre><span></span><code>``: the
    site's token colours, code font, copy button and scroll cues
    (docs/assets/layout.css) apply to them as to every other code block. No
    JupyterLab stylesheet, no copy button of mkdocs-jupyter.
    """
    html = JUPYTER_STYLES.sub("", JUPYTER_COPY.sub("", html))
    html = html.replace('class="anchor-link"', 'class="headerlink"')  # Material's permalinks
    return CODE.sub(FENCED, html)


def render(convert, path, **kwargs):
    """The page of the notebook ``path`` and the files next to it, from one run.

    ``convert`` is mkdocs-jupyter's ``nb2html``, ``kwargs`` what the plugin
    passes it. The notebook runs here (:func:`execute`, if ``kwargs["execute"]``);
    ``convert`` renders the run, its figures made ``<figure>``s
    (:func:`page_figures`). Returns ``(html, files)``: ``files`` maps a path
    relative to the page's folder to its text: the figures and ``NAME.ipynb``,
    the notebook readers download, with its outputs (scripts/notebooks.py).
    """
    name = Path(path).stem
    if kwargs.get("execute"):
        nb = execute(path, kwargs.get("kernel_name"), kwargs.get("allow_errors", False))
    else:
        nb = jupytext.read(path)
    page, files = page_figures(nb, name)
    files[f"{name}.ipynb"] = notebooks.ipynb_text(nb)
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / f"{name}.ipynb"
        run.write_text(nbformat.writes(page), encoding="utf-8")
        html = convert(str(run), **{**kwargs, "execute": False})
    return material_code(INLINED_AGAIN.sub("", html)), files
