"""Search: formulas as text in the index, and the guide's pages ranked above the API.

The search index of the built site (search/search_index.json, what Material's
search reads) holds each formula as text (scripts/search_math.py): a snippet
reads "turns a derivative of L with respect to", not "turns a derivative of
with respect to"; no TeX command is left in the text of a Markdown page. In
Chromium, Material's own search for "softmax" lists "Beyond two classes" (its
section "Softmax") before any page of the API reference (docs/api/*.md boost
themselves down).
"""

import json
import os
import re
from pathlib import Path

import pytest
from browser_helpers import CHROMIUM_ARGS, INSTALL_HINT, find_browser, serve, site_prefix
from playwright.sync_api import sync_playwright
from test_build import load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(request):
    prebuilt = os.environ.get("MICROMLP_SITE_DIR")
    return Path(prebuilt).resolve() if prebuilt else request.getfixturevalue("built_site")


@pytest.fixture(scope="module")
def index(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_formulas_read_as_text():
    text = load("search_math").text
    assert text(r"\frac{\partial L}{\partial W^{[l]}}") == "∂L/∂W[l]"
    assert text(r"\delta^{[3]}_1 = \hat y - y") == "δ[3]_1 = ŷ - y"
    assert text(r"W \leftarrow W - \eta \, \partial L / \partial W") == "W ← W - η ∂L / ∂W"
    assert text(r"\sigma(z) = \frac{1}{1 + e^{-z}}") == "σ(z) = 1/(1 + e^{-z})"
    assert text(r"\underbrace{\hat y - y}_{\delta^{[3]}} \times x^2") == "ŷ - y × x²"
    assert text(r"\begin{aligned} a &= 1 \\ b &= 2 \end{aligned}") == "a = 1 ; b = 2"
    # an equation's name and number (scripts/hook/numbering.py) are not its text
    assert text(r"\label{eq-sum} a = 1 \tag{3.4}") == "a = 1"


def test_the_index_has_the_math_as_text(index):
    texts = {doc["location"]: doc["text"] for doc in index}
    chain = [t for t in texts.values() if "the chain rule turns a derivative of" in t]
    assert len(chain) == 1
    assert "turns a derivative of L with respect to anything" in chain[0]
    assert "∂L/∂z[1]" in chain[0]
    tex = [
        f"{where}: {m[0]}"
        for where, t in texts.items()
        if not where.startswith("notebooks/")  # their math is not arithmatex (issue 23, item 2)
        for m in re.finditer(r"\\[A-Za-z]{2,}|\$[^$\s]", t)
    ]
    assert not tex, tex[:20]


def test_the_pages_carry_no_search_text(site):
    """The text twins are for the index only: removed from every page."""
    pages = [p for p in site.rglob("*.html") if "mlp-search-math" in p.read_text(encoding="utf-8")]
    assert not pages


def _search(page, base, query):
    page.goto(base)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    page.wait_for_selector(".md-search-result__item > a", timeout=15000)
    page.wait_for_timeout(500)  # the worker answers each key; the last answer wins
    return page.eval_on_selector_all(
        ".md-search-result__item > a",
        "(links) => links.map((a) => [new URL(a.href).pathname, a.innerText])",
    )


def test_material_search_ranks_the_guide_above_the_api(site):
    with sync_playwright() as p, serve(site, site_prefix(site)) as base:
        path = find_browser(p)
        assert path is not None, INSTALL_HINT
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            softmax = _search(page, base, "softmax")
            chain = _search(page, base, "turns a derivative")
        finally:
            browser.close()
    pages = [where for where, _ in softmax]
    assert pages[0].endswith("/classes/"), pages
    api = [k for k, where in enumerate(pages) if "/api/" in where]
    assert api and api[0] > 0, pages
    snippets = " ".join(text for _, text in chain)
    assert "∂" in snippets or "z[l] = a[l-1] W[l] + b[l]" in snippets, snippets
