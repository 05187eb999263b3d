"""Every formula of the built site renders with the vendored KaTeX.

scripts/check_math.js (node, no npm install: only the vendored
docs/assets/katex/katex.min.js) renders each arithmatex formula and each
notebook-markdown formula with throwOnError and fails on raw delimiters left
in the page text. These tests run it on the real build and prove on tiny pages
that it does fail.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "scripts" / "check_math.js"
KATEX = ROOT / "docs" / "assets" / "katex"

# The guide derives its formulas page by page and the notebooks repeat the key
# ones: fewer than this means the checker (or the build) missed them.
MIN_ARITHMATEX = 30
MIN_NOTEBOOK = 5

SUMMARY = re.compile(
    r"(?P<files>\d+) HTML files, (?P<arithmatex>\d+) arithmatex formulas, "
    r"(?P<notebook>\d+) notebook formulas, (?P<failures>\d+) failures"
)


def run_checker(site):
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node is not installed: it is needed to check the math (apt-get install nodejs)"
        )
    result = subprocess.run(
        [node, str(CHECKER), str(site)], capture_output=True, text=True, timeout=300
    )
    return result.returncode, result.stdout + result.stderr


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


def test_valid_math_and_code_pass(tmp_path):
    body = (
        r'<p><span class="arithmatex">\(a &lt; b\)</span></p>'
        r'<div class="arithmatex">\[\begin{pmatrix} 1 &amp; 2 \\ 3 &amp; 4 \end{pmatrix}\]</div>'
        r"<p>Costs $5 and $6.</p><p><code>$$x$$ \[y\]</code></p>"
    )
    code, output = run_checker(page(tmp_path, body))
    assert code == 0, output
    assert summary(output)["arithmatex"] == 2
