"""The three notebooks run, and the site shows what they computed.

- Each ``docs/notebooks/*.py`` (jupytext percent format) runs top to bottom in
  a Jupyter kernel with no error and nothing on stderr; a cell that raises
  fails the run (proved on a tiny notebook). How long the cells take is not
  tested (a timed test fails under load): ``make build-timing`` reports it.
- Their pages in the strictly built site hold the outputs: printed text,
  figures as the other pages have them (a ``<figure>`` with a light and a dark
  SVG, alt text and a caption), and numbers that agree with micromlp and
  scikit-learn computed here, in the test.
- They look like the other pages: code cells are the site's code blocks
  (Material's token colours, not Jupyter's), no JupyterLab stylesheet, no
  display plumbing in view; source lines and printed lines of at most 79
  characters (a code cell shows 80 at desktop width, and its copy button
  covers the end of its first two lines), figures no wider than the column, in
  the guide's class colours; the notebook rules of ``docs/assets/layout.css``
  and ``docs/assets/notebooks.css`` select elements that the pages have.
- The ``.ipynb`` that readers download comes from the run that made the page
  (``scripts/notebook_outputs.py``, ``scripts/notebooks.py``): valid, with the
  outputs of every cell that prints or draws, the same text the page prints,
  the same bytes on every build; each page links to it and the site serves it.
"""

import html
import importlib.util
import json
import re
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from micromlp import golf_split, guide, load_golf

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "docs" / "notebooks"
NAMES = ("train", "play", "versus_sklearn")
CELL_TIMEOUT = 60  # seconds for any one cell before the run fails
MAX_LINE = 79  # characters: a code cell or an output shows 80 at desktop width
MAX_FIRST_LINES = 77  # the copy button covers the 78th character on of lines 1-2
MAX_FIGURE_WIDTH = 600  # CSS px: the content column at 1280 px is about 645
LAYOUT_CSS = ROOT / "docs" / "assets" / "layout.css"
NOTEBOOKS_CSS = ROOT / "docs" / "assets" / "notebooks.css"

spec = importlib.util.spec_from_file_location("notebooks_script", ROOT / "scripts" / "notebooks.py")
notebooks_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(notebooks_script)


def execute(nb):
    """Run every cell of ``nb`` in a fresh python3 kernel, in the repo root; return ``nb``.

    Raises CellExecutionError at the first cell that raises.
    """
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": ROOT}}
    )
    client.execute()
    return nb


def stdout(nb):
    """All text the notebook printed, in order."""
    return "".join(
        output.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stdout"
    )


def number_after(label, text):
    """The number printed right after ``label`` in ``text``."""
    match = re.search(re.escape(label) + r"\s*([-+0-9.e]+)", text)
    assert match, f"{label!r} not found in:\n{text[:3000]}"
    return float(match.group(1))


@pytest.fixture(scope="module")
def executed():
    """Each notebook, run once for this module: name -> executed notebook."""
    return {name: execute(jupytext.read(SOURCES / f"{name}.py")) for name in NAMES}


@pytest.fixture(scope="module")
def golf_run():
    """The guide's trained network and its test accuracy, computed here."""
    _, _, X_test, y_test = golf_split()
    net = guide.trained_network()
    return net, float(np.mean(net.predict(X_test) == y_test))


@pytest.fixture(scope="module")
def sklearn_run():
    """The corrected scikit-learn fit and micromlp's replica, computed here."""
    from sklearn.base import clone
    from sklearn.neural_network import MLPClassifier

    from micromlp.compat import fit_like_sklearn

    golf = load_golf()
    X, labels = golf.X[golf.train], golf.labels[golf.train]
    clf = MLPClassifier(**guide.SKLEARN_SETTINGS)
    net = fit_like_sklearn(clone(clf), X, labels)
    clf.fit(X, labels)
    a2 = net.forward(X).a[2]
    return clf, net, int(np.sum(np.all(a2 == 0, axis=1)))


# -- the notebooks run ----------------------------------------------------


def test_every_notebook_is_tested_and_in_the_nav():
    assert sorted(p.stem for p in SOURCES.glob("*.py")) == sorted(NAMES)
    nav = (ROOT / "mkdocs.yml").read_text()
    for name in NAMES:
        assert f"notebooks/{name}.py" in nav


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_cleanly(executed, name):
    nb = executed[name]
    figures = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output.output_type != "error", f"{name}: {output}"
            assert output.get("name") != "stderr", f"{name} wrote to stderr: {output['text']}"
            meta = output.get("metadata", {})
            if output.output_type == "display_data" and "image/png" in output.data:
                assert len(meta.get("alt", "")) > 40 and meta.get("caption"), f"{name}: {meta}"
                figures += 1
    assert figures >= 2, f"{name}: {figures} figures shown with show(fig, alt, caption)"


def test_a_failing_cell_fails_the_run():
    text = "# %%\nx = 1\n\n# %%\nraise ValueError('cell two is broken')\n\n# %%\ny = 2\n"
    nb = jupytext.reads(text, fmt="py:percent")
    with pytest.raises(CellExecutionError, match="cell two is broken"):
        execute(nb)
    assert nb.cells[0].outputs == [] and nb.cells[0].execution_count == 1
    assert nb.cells[2].execution_count is None  # the run stopped at the broken cell


def test_train_prints_the_guide_numbers(executed, golf_run):
    text = stdout(executed["train"])
    net, accuracy = golf_run
    untrained = guide.network()
    x, y = guide.day()
    assert f"y_hat = [[{untrained.forward(x).y_hat[0, 0]:.4f}]]" in text
    assert f"L = {untrained.loss(x, y):.6f}" in text
    assert "same as net.forward: True" in text
    assert "same as net.backward: True" in text
    assert f"training loss: {net.history['loss'][0]:.4f} before, " in text
    assert f"{net.history['loss'][-1]:.4f} after" in text
    assert number_after("test accuracy", text) == pytest.approx(accuracy, abs=0.005)
    for name in ("W[1]", "b[1]", "W[2]", "b[2]", "W[3]", "b[3]"):
        assert number_after(f"{name}: relative error", text) < 1e-6


def test_versus_prints_agreement(executed, sklearn_run):
    text = stdout(executed["versus_sklearn"])
    clf, net, dead_days = sklearn_run
    assert "TypeError:\nMLPClassifier.__init__() got an unexpected keyword argument" in text
    assert "ValueError:\nFound input variables with inconsistent numbers of samples" in text
    assert number_after("max abs difference of the 20 weights and biases:", text) == 0.0
    assert number_after("max abs difference of the loss curves:", text) == 0.0
    assert number_after("epochs run (n_iter_):", text) == clf.n_iter_ == net.n_iter_
    assert f"both units output 0 on {dead_days} of 8 training days" in text


# -- they fit the page ----------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_source_lines_fit_a_code_cell(name):
    path = SOURCES / f"{name}.py"
    long = [
        f"{path.name}:{number}: {len(line)} characters"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > MAX_LINE
    ]
    assert not long, "\n".join(long)
    for cell in jupytext.read(path).cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines()[:2]:
                assert len(line) <= MAX_FIRST_LINES, f"{name}: under the copy button: {line}"


@pytest.mark.parametrize("name", NAMES)
def test_a_section_heading_is_a_cell_of_its_own(name):
    """A heading's cell holds only the heading. At start-up Material finds the place of
    each heading of the table of contents, which lays out that heading's whole cell, while
    the other cells far from the screen are left for later (docs/assets/layout.css)."""
    cells = jupytext.read(SOURCES / f"{name}.py").cells
    headed = [c.source for c in cells if c.cell_type == "markdown" and c.source.startswith("##")]
    assert len(headed) >= 3, name
    crowded = [source.splitlines()[0] for source in headed if len(source.splitlines()) > 1]
    assert not crowded, f"{name}: headings that share their cell: {crowded}"


@pytest.mark.parametrize("name", NAMES)
def test_printed_lines_fit_an_output_box(executed, name):
    long = [line for line in stdout(executed[name]).splitlines() if len(line) > MAX_LINE]
    assert not long, f"{name} prints lines wider than {MAX_LINE} characters: {long}"


@pytest.mark.parametrize("name", NAMES)
def test_figures_use_the_guide_colours(name):
    source = (SOURCES / f"{name}.py").read_text(encoding="utf-8")
    # the guide's class colours (scripts/style.py, light theme): blue golf, orange no golf
    assert '"#0067a5"' in source and '"#c24e00"' in source, name
    assert "RdBu" not in source and '"X"' not in source, f"{name}: not the guide's encoding"


@pytest.mark.parametrize("name", NAMES)
def test_figures_are_shown_no_wider_than_the_column(built_site, name):
    images = re.findall(r"<img\s[^>]*>", page(built_site, name))
    widths = [re.search(r'width="(\d+)"', tag).group(1) for tag in images if "figures/" in tag]
    assert widths, name
    assert all(int(w) <= MAX_FIGURE_WIDTH for w in widths), f"{name}: {widths}"


def notebook_css():
    """The rules for notebook pages: layout.css's "Notebook pages" section and
    notebooks.css, as [(selector, body)]."""
    text = LAYOUT_CSS.read_text(encoding="utf-8")
    assert "Notebook pages" in text, "layout.css has no Notebook pages section"
    start = text.rfind("/*", 0, text.find("Notebook pages"))  # from its heading comment
    text = text[start:] + NOTEBOOKS_CSS.read_text(encoding="utf-8")
    section = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    return re.findall(r"([^{}]+)\{([^}]*)\}", section)


def test_notebook_css_selects_what_the_pages_have(built_site):
    rules = notebook_css()
    declarations = " ".join(body for _, body in rules)
    for needed in ("white-space: pre;", "overflow-x: auto;"):
        assert needed in declarations, f"layout.css Notebook pages: no {needed}"
    assert "filter:" not in declarations, "figures follow the palette: no CSS filter on them"
    markup = "".join(page(built_site, name) for name in NAMES)
    classes = set(re.findall(r'class="([^"]+)"', markup))
    present = {c for attribute in classes for c in attribute.split()}
    present |= {"katex-display"}  # made by KaTeX (scripts/katex_render.js)
    for selector, _ in rules:
        for name in re.findall(r"\.([\w-]+)", selector):
            assert name in present, f"layout.css selects .{name}, which no notebook page has"


# -- the site shows them --------------------------------------------------


def golf_test_days():
    """Days 9-13 with their +1/-1 labels, as the versus notebook scores them."""
    golf = load_golf()
    return golf.X[golf.test], golf.labels[golf.test]


def page(site, name):
    path = site / "notebooks" / name / "index.html"
    assert path.exists(), f"no page for notebook {name}"
    return path.read_text(encoding="utf-8")


def printed(markup):
    """What the page shows as printed output (text outputs only, not code), in order."""
    blocks = re.findall(
        r'<div class="jp-RenderedText jp-OutputArea-output"[^>]*>\s*<pre>(.*?)</pre>',
        markup,
        flags=re.DOTALL,
    )
    assert blocks, "no printed output on the page"
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks)


def links(markup):
    """Attributes of every <a> of the page, as dicts (attribute order does not matter)."""
    return [
        dict(re.findall(r'([\w-]+)(?:="([^"]*)")?', tag))
        for tag in re.findall(r"<a\s([^>]*)>", markup)
    ]


FIGURE = re.compile(
    r"<figure>\s*(<img\b[^>]*>)(<img\b[^>]*>)\s*<br ?/>\s*"
    r'<figcaption>(?:<span class="mlp-fignum">Figure \d+\.\d+\.</span> )?([^<]+)</figcaption>'
    r"\s*</figure>"
)


def attributes(tag):
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


@pytest.mark.parametrize("name", NAMES)
def test_page_holds_outputs_and_figures(built_site, name):
    """Each figure as on the other pages (scripts/generate.py): a <figure> with the
    light and the dark SVG (files next to the page), alt text, size and caption."""
    markup = page(built_site, name)
    assert markup.count("jp-OutputArea-output") >= 5, f"{name}: outputs missing"
    figures = FIGURE.findall(markup)
    assert len(figures) >= 2, f"{name}: {len(figures)} figures with two variants and a caption"
    assert 2 * len(figures) == markup.count("<img"), f"{name}: an image outside a <figure>"
    folder = built_site / "notebooks" / name
    for light, dark, caption in figures:
        light, dark = attributes(light), attributes(dark)
        assert len(light["alt"]) > 40 and light["alt"] == dark["alt"], name
        assert int(light["width"]) > 0 and int(light["height"]) > 0 and caption.strip()
        variants = []
        for img, palette in ((light, "light"), (dark, "dark")):
            src, fragment = img["src"].split("#")
            assert fragment == f"only-{palette}" and src.endswith(f"-{palette}.svg"), img
            variants.append((folder / src).read_text(encoding="utf-8"))
        assert all(v.lstrip().startswith("<?xml") and "<svg" in v for v in variants)
        assert variants[0] != variants[1], f"{name}: the dark variant is the light one"
    assert "No description has been provided" not in markup
    assert "Traceback" not in markup


@pytest.mark.parametrize("name", NAMES)
def test_dark_figures_take_the_dark_theme_colours(built_site, name):
    """A dark variant is its light one with each colour of scripts/style.py's light
    theme replaced by the dark theme's: no colour of the light theme is left in it
    (white paper and black ink included), and nothing else changed."""
    from scripts import style
    from scripts.notebook_outputs import COLOUR, colour_map

    pairs = colour_map()
    folder = built_site / "notebooks" / name / "figures"
    lights = sorted(folder.glob(f"{name}-*-light.svg"))
    assert len(lights) >= 2, name
    for light in lights:
        text = light.read_text(encoding="utf-8")
        dark = light.with_name(light.name.replace("-light", "-dark")).read_text(encoding="utf-8")
        assert set(COLOUR.findall(text)) <= set(pairs), f"{light.name}: colours off the theme"
        assert style.LIGHT.pos in text and style.DARK.pos in dark, light.name
        assert not set(COLOUR.findall(dark)) & (set(pairs) - set(pairs.values())), light.name
        assert COLOUR.sub("#", text) == COLOUR.sub("#", dark), f"{light.name}: not only colours"


def test_a_raster_image_has_no_dark_variant():
    """dark_svg changes the colours written in the SVG: pixels (imshow) it cannot
    change, so it refuses them with a clear message; a vector figure passes."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from scripts import style
    from scripts.notebook_outputs import dark_svg

    def svg(draw):
        with plt.rc_context(style.rc(style.LIGHT)):
            fig, ax = plt.subplots(figsize=(2, 2))
            draw(ax, np.arange(16.0).reshape(4, 4))
            out = io.StringIO()
            fig.savefig(out, format="svg")
            plt.close(fig)
        return out.getvalue()

    vector = svg(lambda ax, z: ax.contourf(z, levels=2, colors=[style.LIGHT.pos, style.LIGHT.neg]))
    assert style.DARK.pos in dark_svg(vector, "vector")
    raster = svg(lambda ax, z: ax.imshow(z, cmap="gray"))
    with pytest.raises(ValueError, match=r"^raster\.py, figure 1: .*raster image.*imshow"):
        dark_svg(raster, "raster.py, figure 1")


@pytest.mark.parametrize("name", NAMES)
def test_code_cells_are_the_sites_code_blocks(built_site, name):
    """Code cells as a fenced block of the other pages: Material's highlighting and
    copy button, not Jupyter's token colours (.highlight-ipynb, JupyterLab's CSS)."""
    markup = page(built_site, name)
    wrapper = markup[markup.index('<div class="jupyter-wrapper"') :]
    blocks = wrapper.count('<div class="language-python highlight"><pre><span></span><code>')
    cells = jupytext.read(SOURCES / f"{name}.py").cells
    shown = [
        c
        for c in cells
        if c.cell_type == "code" and "notebook-only" not in c.metadata.get("tags", [])
    ]
    assert blocks >= 5, f"{name}: {blocks} code cells as the site's code blocks"
    assert blocks == len(shown), f"{name}: {blocks} code blocks for {len(shown)} code cells"
    for jupyter in ("highlight-ipynb", "--jp-", "<style", "clipboard-copy"):
        assert jupyter not in wrapper, f"{name}: Jupyter's {jupyter} on the page"


@pytest.mark.parametrize("name", NAMES)
def test_page_opens_with_the_subject_and_the_ipynb_keeps_the_plumbing(built_site, name):
    """Cells tagged notebook-only (figure helper, plot style) run but are not shown."""
    markup = page(built_site, name)
    assert "def show(" not in markup and "rcParams" not in markup, name
    code = html.unescape(
        re.sub(r"<[^>]+>", "", "".join(re.findall(r"<pre>.*?</pre>", markup, re.S)))
    )
    for plumbing in ("IPython", "base64", "PIL", "display(", "savefig"):
        assert plumbing not in code, f"{name}: display plumbing in view: {plumbing}"
    assert "<img" in markup, f"{name}: the hidden helper must still run"
    nb = nbformat.reads(notebooks_script.ipynb_text(SOURCES / f"{name}.py"), as_version=4)
    hidden = [c for c in nb.cells if "notebook-only" in c.metadata.get("tags", [])]
    assert any("def show(" in c.source for c in hidden), f"{name}: the .ipynb lost show()"
    assert any(c.cell_type == "markdown" for c in hidden), name


@pytest.mark.parametrize("name", NAMES)
def test_page_is_light(built_site, name):
    """Figures with their size, no stylesheet of JupyterLab, no unused script."""
    markup = page(built_site, name)
    images = re.findall(r"<img\s[^>]*>", markup)
    assert images and all('height="' in tag and 'width="' in tag for tag in images), name
    styles = sum(len(css) for css in re.findall(r"<style[^>]*>(.*?)</style>", markup, re.S))
    assert styles == 0, f"{name}: {styles} characters of inline CSS (JupyterLab's?)"
    assert len(markup.encode()) < 400_000, f"{name}: {len(markup.encode())} bytes"
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", markup, re.S)
    unused = [a + b[:80] for a, b in scripts if re.search(r"mathjax|mermaid|src=\"\"", a + b, re.I)]
    assert not unused, f"{name}: unused scripts left: {unused}"


def test_train_page_shows_the_trained_accuracy(built_site, golf_run):
    _, accuracy = golf_run
    assert f"test accuracy {accuracy:.2f}" in printed(page(built_site, "train"))


def test_versus_page_shows_agreement(built_site, sklearn_run):
    text = printed(page(built_site, "versus_sklearn"))
    clf, _, dead_days = sklearn_run
    assert number_after("max abs difference of the 20 weights and biases:", text) == 0.0
    assert number_after("max abs difference of the loss curves:", text) == 0.0
    assert f"test accuracy: {clf.score(*golf_test_days())}" in text
    assert f"both units output 0 on {dead_days} of 8 training days" in text


def test_play_page_compares_with_the_guide(built_site, golf_run):
    net, _ = golf_run
    text = printed(page(built_site, "play"))
    assert "batch_size: 8 (guide: 1)" in text
    row = re.search(r"^final training loss +([0-9.]+) +([0-9.]+)$", text, flags=re.MULTILINE)
    assert row, text
    assert row.group(2) == f"{net.history['loss'][-1]:.4f}"


def test_pages_offer_the_ipynb_and_py_downloads(built_site):
    for name in NAMES:
        found = {a.get("href"): a for a in links(page(built_site, name))}
        for suffix in (".ipynb", ".py"):
            assert f"{name}{suffix}" in found, f"{name}: no link to its {suffix}"
            assert "download" in found[f"{name}{suffix}"]
        assert "md-button--primary" in found[f"{name}.ipynb"].get("class", "")


# -- the .ipynb downloads -------------------------------------------------

# A code cell that prints or draws: it must carry that output in the download.
PRINTS = re.compile(r"^\s*(print|show)\(", re.M)


def downloaded(site, name):
    return nbformat.read(site / "notebooks" / name / f"{name}.ipynb", as_version=4)


@pytest.mark.parametrize("name", NAMES)
def test_ipynb_has_the_outputs_the_page_shows(built_site, name):
    """The download is the run that made the page: every cell that prints or draws
    carries its output, the text printed is the page's, the figures its SVGs."""
    nb = downloaded(built_site, name)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3" and "jupytext" not in nb.metadata
    source = jupytext.read(SOURCES / f"{name}.py")
    kept = [c for c in source.cells if "site-only" not in c.metadata.get("tags", [])]
    assert len(kept) < len(source.cells), f"{name}: no site-only cell was dropped"
    assert [c.source for c in nb.cells] == [c.source for c in kept]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), name
    drawing = [c for c in code if PRINTS.search(c.source)]
    assert len(drawing) >= 5, name
    for cell in drawing:
        assert cell.outputs, f"{name}: no output kept for\n{cell.source[:200]}"
    figures = [o for c in code for o in c.outputs if "image/svg+xml" in o.get("data", {})]
    shows = sum(c.source.count("show(") for c in code if "def show(" not in c.source)
    assert len(figures) >= 2 and len(figures) >= min(shows, 2), name
    on_page = sorted((built_site / "notebooks" / name / "figures").glob("*-light.svg"))
    assert [o.data["image/svg+xml"] for o in figures] == [
        p.read_text(encoding="utf-8")
        for p in sorted(on_page, key=lambda p: int(p.stem.split("-")[-2]))
    ]
    assert all(o.metadata.get("alt") and o.metadata.get("caption") for o in figures)
    for k, output in enumerate(figures, 1):
        assert_png_copy(output, f"{name}, figure {k}")
    lines = [line for line in stdout(nb).splitlines() if line.strip()]
    assert lines == [line for line in printed(page(built_site, name)).splitlines() if line.strip()]


def assert_png_copy(output, where):
    """A figure output of the .ipynb also holds a PNG (JupyterLab shows no SVG in a
    notebook it does not trust, as a downloaded one is), of the SVG's size in CSS px,
    on the light theme's opaque paper, with no matplotlib version in it."""
    import base64
    import io

    import matplotlib.image

    from scripts import style
    from scripts.notebook_outputs import PNG, SVG, SVG_SIZE

    assert PNG in output.data, f"{where}: no image/png beside the SVG"
    data = base64.b64decode(output.data[PNG])
    assert data[:8] == b"\x89PNG\r\n\x1a\n", where
    assert b"Software" not in data and b"tEXt" not in data, f"{where}: PNG metadata"
    pixels = matplotlib.image.imread(io.BytesIO(data), format="png")
    width, height = (float(v) * 4 / 3 for v in SVG_SIZE.search(output.data[SVG]).groups())
    # within 3 %: bbox_inches="tight" measures the box of each format on its own
    # (text extents differ a few px); 72 or 192 dpi would be 25 % or 100 % off
    size = np.array(pixels.shape[1::-1]) / (width, height)
    assert np.all(abs(size - 1) < 0.03), f"{where}: PNG {pixels.shape[1::-1]}, SVG {width, height}"
    paper = np.array([int(style.LIGHT.bg[i : i + 2], 16) / 255 for i in (1, 3, 5)] + [1.0])
    assert pixels.shape[2] == 4 and np.allclose(pixels[0, 0], paper), f"{where}: {pixels[0, 0]}"
    assert len(np.unique(pixels.reshape(-1, 4), axis=0)) > 50, f"{where}: a blank PNG"


def test_ipynb_bytes_are_deterministic(tmp_path, built_site):
    """Two more runs give the build's .ipynb byte for byte; an unchanged file is not rewritten."""
    first = {p.name: p.read_bytes() for p in notebooks_script.write_ipynb(tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in notebooks_script.write_ipynb(tmp_path / "b")}
    assert sorted(first) == [f"{name}.ipynb" for name in sorted(NAMES)]
    assert first == second
    for name in NAMES:
        built = (built_site / "notebooks" / name / f"{name}.ipynb").read_bytes()
        assert built == first[f"{name}.ipynb"], f"{name}: the build's .ipynb differs"
    path = tmp_path / "a" / "train.ipynb"
    mtime = path.stat().st_mtime_ns
    notebooks_script.write_ipynb(tmp_path / "a")
    assert path.stat().st_mtime_ns == mtime, "an unchanged .ipynb was rewritten"


def test_ipynb_of_a_source_without_a_run_has_no_outputs():
    nb = nbformat.reads(notebooks_script.ipynb_text(SOURCES / "train.py"), as_version=4)
    assert all(c.get("outputs", []) == [] for c in nb.cells)
    assert [c.id for c in nb.cells] == [f"cell-{i}" for i in range(1, len(nb.cells) + 1)]


def test_site_serves_the_ipynb_and_the_source(built_site):
    for name in NAMES:
        folder = built_site / "notebooks" / name
        ipynb = folder / f"{name}.ipynb"
        assert ipynb.exists(), f"{ipynb.relative_to(built_site)} missing: see scripts/notebooks.py"
        json.loads(ipynb.read_text(encoding="utf-8"))
        assert (folder / f"{name}.py").read_bytes() == (SOURCES / f"{name}.py").read_bytes()
