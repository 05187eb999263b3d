"""Copying a code block of the site gives code that runs.

Every code block of every page of the built site is scrolled into view in
Chromium (Material sets a block up when it comes near the screen) and its copy
button clicked; what the button put on the clipboard is read back. Then:

- a ``>>>`` block's copy is its code, without prompts or output: the sources of
  the block's doctest examples (Python's ``doctest`` parser on the Markdown
  fence), line for line (scripts/pycon_copy.py);
- the blocks that tests/site/test_docs.py runs in a page's namespace (``>>>`` blocks
  and plain python blocks, not the excerpts of ``src/``) are pasted, in the
  page's order, into one fresh interactive interpreter (``python -i``, which
  reads a paste as a reader's interpreter does: a ``def`` must end with a blank
  line), and it prints no error. A block with a ``title="name.py"`` runs alone.
  (The API reference's examples are docstrings, run by pytest's doctest with
  their module's names in scope: not yet runnable when copied alone; its
  blocks are still clicked and checked for prompts);
- no copy button lies over the code of its block, at 375 px, once every block
  is set up (tests/site/test_browser.py checks the blocks set up at load, at 1280).

Blocks of the Markdown and of the page are matched by their order: the test
fails if a page does not have one code block per fence.
"""

import contextlib
import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_helpers import (
    CHROMIUM_ARGS,
    COPY_BUTTON_OVERLAP,
    INSTALL_HINT,
    find_browser,
    serve,
    site_prefix,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright
from sybil import Document
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer
from test_build import load
from test_docs import INFO, PYTHON, TITLE

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
API_PAGES = "api/"  # the API reference's pages: their examples are docstrings (see above)
PHONE = {"width": 375, "height": 740}
NOTHING = "\u2400"  # on the clipboard before each click: a copy must replace it
# An error printed by the interactive interpreter (it goes on after one).
ERROR = re.compile(r"^Traceback \(most recent call last\)|^\w*(Error|Exception)\b.*$", re.M)


def page_url(md):
    """The built page of the Markdown page ``md``: "" (home), "backprop/", "api/network/"."""
    path = md.relative_to(DOCS).with_suffix("")
    path = path.parent if path.name == "index" else path
    return "" if path == Path(".") else f"{path.as_posix()}/"


PAGES = {page_url(md): md for md in DOCS.rglob("*.md")}  # every Markdown page, by its URL


def fences(path):
    """``(kind, source)`` of every fence of a Markdown page, in order.

    kind: "session" (run in the page's namespace by test_docs), "alone" (a
    copyable snippet, title="name.py"), "excerpt" (code pulled from src/) or
    "other" (not Python).
    """
    lexer = RawFencedCodeBlockLexer(info_pattern=INFO)
    out = []
    for region in lexer(Document(path.read_text(encoding="utf-8"), str(path))):
        language, source = region.lexemes["language"], str(region.lexemes["source"])
        lines = [line.strip() for line in source.splitlines() if line.strip()]
        if language not in PYTHON:
            kind = "other"
        elif all(line.startswith("--8<--") for line in lines):
            kind = "excerpt"
        elif TITLE.search(region.lexemes["attributes"]):
            kind = "alone"
        else:
            kind = "session"
        out.append((kind, source))
    return out


def code_lines(text):
    """The lines of code of ``text``: not blank, not only a comment."""
    return [line for line in text.splitlines() if line.strip() and line.strip()[0] != "#"]


def doctest_source(source):
    """The code of a ``>>>`` fence, as doctest reads it (it skips comment-only lines)."""
    examples = doctest.DocTestParser().get_examples(source)
    return code_lines("\n".join(e.source for e in examples))


@pytest.fixture(scope="module")
def site(request):
    prebuilt = os.environ.get("MICROMLP_SITE_DIR")
    return Path(prebuilt).resolve() if prebuilt else request.getfixturevalue("built_site")


@pytest.fixture(scope="module")
def copied(site):
    """``{page: [(copied text, is a >>> block), ...]}`` and the copy buttons over code."""
    pages = sorted(PAGES, key=lambda url: (url != "", url))
    found, overlaps = {}, []
    with sync_playwright() as p, serve(site, site_prefix(site)) as base:
        path = find_browser(p)
        assert path is not None, INSTALL_HINT
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=PHONE)
            context.grant_permissions(["clipboard-read", "clipboard-write"])
            page = context.new_page()
            for url in pages:
                page.goto(base + url)
                # Answers opened. (Not LOAD_SHOWN: Material sets a block up when
                # the browser lays it out as it nears the screen, content-visibility.)
                page.evaluate("document.querySelectorAll('details').forEach((d) => d.open = true)")
                blocks = page.locator("article div.highlight")
                found[url] = []
                for k in range(blocks.count()):
                    block = blocks.nth(k)
                    button = block.locator("button[data-md-type='copy']")
                    for attempt in range(5):  # Material sets a block up as it comes near
                        block.evaluate(
                            "(b, y) => { b.scrollIntoView({block: 'center'}); scrollBy(0, y); }",
                            attempt % 2,  # a scroll each time, so that Material looks again
                        )
                        with contextlib.suppress(PlaywrightTimeout):
                            button.wait_for(state="attached", timeout=2000)
                            break
                    if not button.count():
                        html = block.evaluate("(b) => b.outerHTML.slice(0, 300)")
                        pytest.fail(f"{url or '/'}: code block {k + 1} has no copy button: {html}")
                    page.evaluate("(t) => navigator.clipboard.writeText(t)", NOTHING)
                    button.click()
                    page.wait_for_function(
                        "async (t) => (await navigator.clipboard.readText()) !== t",
                        arg=NOTHING,
                        timeout=5000,
                    )
                    text = page.evaluate("() => navigator.clipboard.readText()")
                    prompts = block.locator("code .gp").count() > 0
                    found[url].append((text, prompts))
                overlaps += [f"{url or '/'}: {m}" for m in page.evaluate(COPY_BUTTON_OVERLAP)]
        finally:
            browser.close()
    return found, overlaps


def _paste(code, cwd):
    """Run ``code`` as a paste into a fresh ``python -i``; return the errors it printed."""
    result = subprocess.run(
        [sys.executable, "-i", "-q"],
        input=code + "\n",
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )
    return [m[0] for m in ERROR.finditer(result.stderr)], result.stderr


def _sessions(found):
    """What to paste for each Markdown page: (page, kind, code) in the page's order."""
    out, problems = [], []
    for url, blocks in found.items():
        if url.startswith(API_PAGES):
            continue
        md = PAGES[url]
        kinds = fences(md)
        if len(kinds) != len(blocks):
            problems.append(f"{md.name}: {len(kinds)} fences but {len(blocks)} code blocks")
            continue
        session = []
        for (kind, source), (text, prompts) in zip(kinds, blocks):
            if prompts and doctest_source(source) != code_lines(text):
                problems.append(f"{md.name}: a >>> block copies {text[:200]!r}")
            if kind == "session":
                session.append(text)
            elif kind == "alone":
                out.append((md.name, "alone", text))
        if session:
            out.append((md.name, "session", "\n\n".join(session)))
    return out, problems


def test_copy_buttons_do_not_cover_code(copied):
    _, overlaps = copied
    assert not overlaps, "\n".join(overlaps)


def test_console_blocks_copy_their_code_only(copied):
    found, _ = copied
    _, problems = _sessions(found)
    assert not problems, "\n".join(problems)
    consoles = [t for blocks in found.values() for t, prompts in blocks if prompts]
    assert len(consoles) > 100, f"only {len(consoles)} >>> blocks found"
    assert not [t for t in consoles if re.search(r"^(>>>|\.\.\.) ", t, re.M)]


def test_copied_pages_run_in_a_fresh_interpreter(copied, tmp_path):
    found, _ = copied
    sessions, _ = _sessions(found)
    assert len([s for s in sessions if s[1] == "session"]) >= 15
    failures = []
    for name, kind, code in sessions:
        if kind == "session":
            errors, stderr = _paste(code, tmp_path)
            if errors:
                failures.append(f"{name}: {errors[:3]}\n{stderr[-1500:]}")
        else:
            result = subprocess.run(
                [sys.executable, "-"], input=code, capture_output=True, text=True, cwd=tmp_path
            )
            if result.returncode:
                failures.append(f"{name} ({kind}): {result.stderr[-1500:]}")
    assert not failures, "\n\n".join(failures)


def test_a_paste_with_an_error_is_caught(tmp_path):
    """The interpreter goes on after an error; the check still sees it."""
    errors, _ = _paste("def f():\n    return 1\nf()\nprint('after')", tmp_path)
    assert errors and "SyntaxError" in errors[0]
    assert _paste("def f():\n    return 1\n\nf()", tmp_path)[0] == []


def test_console_code_is_cut_from_the_highlighted_html():
    """scripts/pycon_copy.py on a block as pymdownx.highlight writes it."""
    code = load("pycon_copy").code_of(
        '<a id="__codelineno-1-1"></a><span class="gp">&gt;&gt;&gt; </span>'
        '<span class="k">def</span> f(x):\n'
        '<span class="gp">... </span>    <span class="k">return</span> x &lt; 2\n'
        '<span class="gp">&gt;&gt;&gt; </span>f(1)\n'
        '<span class="go">True</span>\n'
    )
    assert code == "def f(x):\n    return x < 2\n\nf(1)"
