"""Every formula of the built site is rendered at build time with the vendored KaTeX.

scripts/hooks.py renders each page's math with scripts/katex_render.js (node,
one process per build) and fails the build on a formula KaTeX rejects.
scripts/check_math.js (node, no npm install: only the vendored
docs/assets/katex/katex.min.js) then checks the built site: every arithmatex
element and notebook-markdown formula holds KaTeX's HTML, no page loads
katex.min.js, no raw delimiter is left in the page text. These tests run it on
the real build and prove on tiny pages that it, and the hook, do fail.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from scripts.hook import katex

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "scripts" / "check_math.js"
RENDERER = ROOT / "scripts" / "katex_render.js"
KATEX = ROOT / "docs" / "assets" / "katex"

# The guide derives its formulas page by page and the notebooks repeat the key
# ones: fewer than this means the checker (or the build) missed them.
MIN_ARITHMATEX = 30
MIN_NOTEBOOK = 5

SUMMARY = re.compile(
    r"(?P<files>\d+) HTML files, (?P<arithmatex>\d+) arithmatex formulas, "
    r"(?P<notebook>\d+) notebook formulas, (?P<failures>\d+) failures"
)


def node():
    path = shutil.which("node")
    if path is None:
        pytest.fail(
            "node is not installed: it is needed to render and check the math"
            " (apt-get install nodejs)"
        )
    return path


def run_checker(site):
    result = subprocess.run(
        [node(), str(CHECKER), str(site)], capture_output=True, text=True, timeout=300
    )
    return result.returncode, result.stdout + result.stderr


def render(site):
    """Render the math of site/index.html in place, as the build does."""
    page = site / "index.html"
    result = subprocess.run(
        [node(), str(RENDERER), str(page)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    page.write_text(result.stdout, encoding="utf-8")


def summary(output):
    match = SUMMARY.search(output)
    assert match, f"no summary line in the checker's output:\n{output}"
    return {key: int(value) for key, value in match.groupdict().items()}


def page(tmp_path, body):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        f"<html><body><article>{body}</article></body></html>", encoding="utf-8"
    )
    return site


def test_katex_is_vendored_without_missing_fonts():
    css = (KATEX / "katex.min.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(([^)]+)\)", css)
    assert urls, "katex.min.css references no font: is it the real file?"
    missing = [u for u in urls if not (KATEX / u.strip("'\"")).is_file()]
    assert not missing, f"katex.min.css references missing files: {missing}"
    assert "KaTeX" in (KATEX / "VERSION").read_text(encoding="utf-8")
    assert (KATEX / "LICENSE").is_file()


def test_every_formula_of_the_site_renders(built_site):
    code, output = run_checker(built_site)
    assert code == 0, f"math check failed:\n{output}"
    counts = summary(output)
    assert counts["arithmatex"] >= MIN_ARITHMATEX, output
    assert counts["notebook"] >= MIN_NOTEBOOK, output


def test_malformed_formula_fails(tmp_path):
    site = page(tmp_path, r'<p>See <span class="arithmatex">\(\frac{1}{\)</span>.</p>')
    code, output = run_checker(site)
    assert code == 1, output
    assert r"\frac{1}{" in output
    assert summary(output)["arithmatex"] == 1


def test_malformed_notebook_formula_fails(tmp_path):
    cell = (
        '<div class="jp-Cell jp-MarkdownCell"><div class="jp-RenderedMarkdown">'
        r"<p>Fine $x^2$ and $$\frac{a}{b}$$, broken $\sqrt{x$.</p>"
        "<pre><code>$$not math$$</code></pre></div></div>"
    )
    code, output = run_checker(page(tmp_path, cell))
    assert code == 1, output
    assert r"\sqrt{x" in output
    assert summary(output)["notebook"] == 3


def test_raw_delimiter_outside_math_fails(tmp_path):
    site = page(tmp_path, "<p>Left raw: $$x$$ here.</p><pre><code>$$code$$ \\(ok\\)</code></pre>")
    code, output = run_checker(site)
    assert code == 1, output
    assert "$$x$$" in output
    assert "$$code$$" not in output


VALID = (
    r'<p><span class="arithmatex">\(a &lt; b\)</span></p>'
    r'<div class="arithmatex">\[\begin{pmatrix} 1 &amp; 2 \\ 3 &amp; 4 \end{pmatrix}\]</div>'
    r"<p>Costs $5 and $6.</p><p><code>$$x$$ \[y\]</code></p>"
    '<div class="jp-RenderedMarkdown"><p>Cell: $x^2$ and <code>$y$</code></p></div>'
)


def test_valid_math_rendered_at_build_time_passes(tmp_path):
    site = page(tmp_path, VALID)
    render(site)
    html = (site / "index.html").read_text(encoding="utf-8")
    assert html.count('class="katex"') == 2 + 1 and "katex-display" in html
    assert "<code>$y$</code>" in html and "Costs $5 and $6." in html
    code, output = run_checker(site)
    assert code == 0, output
    counts = summary(output)
    assert (counts["arithmatex"], counts["notebook"]) == (2, 1)


def test_math_left_for_the_browser_fails(tmp_path):
    """Valid TeX that was not rendered at build time fails, as does loading katex.min.js."""
    site = page(tmp_path, VALID + '<script src="assets/katex/katex.min.js"></script>')
    code, output = run_checker(site)
    assert code == 1, output
    assert output.count("not rendered at build time") == 3, output
    assert "loads KaTeX's script" in output


def test_build_fails_on_a_formula_katex_rejects():
    """The hook names the page and the formula (one node process renders the pages)."""
    assert katex.NODE is not None, "node is needed to render the math"
    math = katex.MathRenderer()
    try:
        good = math.render(f"<html><body>{VALID}</body></html>", "good.md")
        assert good.count("data-math-rendered") == 3
        broken = r'<p><span class="arithmatex">\(\frac{1}{\)</span></p>'
        with pytest.raises(PluginError, match=r"(?s)broken\.md.*\\frac\{1\}\{"):
            math.render(broken, "broken.md")
        # the same process goes on with the next page
        assert "katex" in math.render(VALID, "next.md")
    finally:
        math.close()


def test_without_node_build_fails_and_serve_falls_back_to_the_browser(caplog):
    config = type("Config", (), {"extra_javascript": []})()
    with pytest.raises(PluginError, match="apt-get install nodejs"):
        katex.check_node(config, None, serving=False)
    assert config.extra_javascript == []
    katex.check_node(config, None, serving=True)
    assert config.extra_javascript == ["assets/katex/katex.min.js", "assets/katex.js"]
    assert "rendered in the browser" in caplog.text
    assert all((ROOT / "docs" / js).is_file() for js in config.extra_javascript)
    katex.check_node(config, "/usr/bin/node", serving=False)  # with node: nothing to do
