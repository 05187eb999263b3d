"""The built site in a real browser (headless Chromium driven by Playwright).

Every page of the built site (found from sitemap.xml and the site's index.html
files, so a new page is checked without editing this file) is served on
127.0.0.1 as GitHub Pages serves it and loaded in one browser, two tabs (see
``run``). The visits run once; each test then asserts one kind of check over all
pages and lists every page and element at fault:

- formulas: every .arithmatex rendered by KaTeX, no .katex-error, no raw TeX,
  on every page as loaded, after switching palette, and after reaching it by
  instant navigation (Material swaps the page without reloading it);
- images: loaded, alt text, the hidden light/dark twin reachable too but not
  downloaded (a page in the light palette fetches no dark copy of a figure);
  in both palettes, each image shown is its figure's SVG for that palette, with
  no CSS filter (no PNG inverted for the dark palette), under a caption;
- no console error, no failed request, no request to any other host;
- no horizontal overflow at 375 px, and no display formula wider than its box there;
- the live network's labels clear of its nodes, at 1280 and at 375 px;
- dark palette: on every page the toggle switches to "slate" and back; images
  are checked there too, and the full checks (axe-core included) on one page;
- search finds the backpropagation page for "chain rule"; no page downloads the
  search index before the reader goes to search;
- notebook downloads answer with the file;
- accessibility: axe-core (bundled, offline), code colour contrast in both
  palettes, headings, link text;
- 404 page and social metadata;
- the screenshots show every code block's text.

Full-page screenshots (desktop light, desktop dark, phone) go to
test-results/screenshots/ at the repo root. MICROMLP_SITE_DIR=path checks a site
built beforehand instead of building one (quick reruns while fixing a page).
Without a browser the tests fail (never skip), saying how to install one.
"""

import base64
import contextlib
import io
import os
import re
import shutil
import time
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from browser_helpers import (
    CHROMIUM_ARGS,
    CODE_BOXES,
    CODE_CONTRAST,
    COPY_BUTTON_OVERLAP,
    FIGURE_URL,
    FIGURES_REPORT,
    FRAMES,
    HEADINGS_REPORT,
    IMAGES_DONE,
    IMAGES_REPORT,
    INSTALL_HINT,
    LIVE_LABELS,
    LOAD_SHOWN,
    MATH_DONE,
    MATH_REPORT,
    NAMELESS_LINKS,
    NOTEBOOK_LINKS,
    OVERFLOW_REPORT,
    SCROLL_CUES,
    WIDE_MATH,
    WIDGETS_DONE,
    Problems,
    discover_pages,
    find_browser,
    serve,
    site_prefix,
    slug,
)
from PIL import Image, ImageDraw
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
SEARCH_QUERY, SEARCH_TARGET = "chain rule", "backprop/"
# The page whose checks are re-run in full (axe included) in the dark palette.
DARK_PAGE = "backprop/"
NOT_FOUND = "no-such-page/"
WAIT_MS = 8000
# axe-core, every rule. KaTeX's visual spans are skipped: they are aria-hidden,
# take the text colour, and are most of the DOM of a page of formulas (their
# MathML twin, which assistive technology reads, is checked). Colour contrast
# inside code blocks is left to CODE_CONTRAST (see _start_axe).
AXE_CONTEXT = {"include": [["html"]], "exclude": [[".katex-html"]]}
AXE_CONTEXT_NO_CODE = {
    "include": [["html"]],
    "exclude": [[".katex-html"], ["pre"]],
}


@dataclass
class Run:
    """What the visits found; filled once by the ``run`` fixture."""

    base: str = ""
    pages: list = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    formulas: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)
    notebook_links: set = field(default_factory=set)
    downloads: dict = field(default_factory=dict)
    search_hits: list = field(default_factory=list)
    index_fetched: dict = field(default_factory=dict)  # "before"/"after" the search: fetched?
    dark_pages: int = 0
    instant_pages: int = 0
    seconds: float = 0.0


def _launch(p):
    path = find_browser(p)
    if path is None:
        pytest.fail(
            INSTALL_HINT + ("\n(CI=true: a browser is required.)" if os.environ.get("CI") else "")
        )
    return p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


class _Watch:
    """Console errors, failed requests and foreign hosts of one context, by page."""

    def __init__(self, run, label, host):
        self.run, self.label, self.host, self.page = run, label, host, ""
        self.expected_404 = ""  # the URL that is meant to answer 404 (the 404 page test)
        self.aborted = set()
        self.requested = []  # URLs requested since the last _visit

    def where(self):
        return f"{self.page or '/'} [{self.label}]"

    def route(self, route):
        url = route.request.url
        if urlsplit(url).netloc == self.host:  # not routed here; kept for safety
            route.continue_()
            return
        self.aborted.add(url)
        self.run.problems.add("network", self.where(), f"request to another host: {url}")
        route.abort()

    def attach(self, page):
        add = self.run.problems.add

        def console(msg):
            if msg.type == "error":
                loc = msg.location.get("url", "") if msg.location else ""
                if self.expected_404 and loc == self.expected_404 and "404" in msg.text:
                    return
                add("console", self.where(), f"{msg.text} ({loc})")

        def failed(request):
            if request.url in self.aborted:
                return
            if request.failure == "net::ERR_ABORTED" and _served(request.url, self.host):
                return  # cancelled by the browser when the test went on, not missing
            add("network", self.where(), f"request failed: {request.url} ({request.failure})")

        def response(resp):
            if resp.status >= 400 and resp.url != self.expected_404:
                add("network", self.where(), f"HTTP {resp.status}: {resp.url}")

        page.on("request", lambda request: self.requested.append(request.url))
        page.on("console", console)
        page.on("pageerror", lambda err: add("console", self.where(), f"uncaught: {err}"))
        page.on("requestfailed", failed)
        page.on("response", response)


def _served(url, host):
    """True when ``url`` is the test server's (``host``) and it answers it with 200.

    Chromium cancels the requests a page still has in flight when the test goes to
    another page, and reports them as failed (``net::ERR_ABORTED``): once in CI, a
    widget's data (``anim/live.json``) after an instant navigation. `_settle` waits for
    the widgets of the page it settles, but a page can still be fetching other files
    then (the sitemap, the search worker, the favicon, a lazy figure), and an instant
    navigation can be settled before its page is swapped in. A file the server has is
    not a broken request; a missing one answers 404 here.
    """
    if urlsplit(url).netloc != host:
        return False
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status == 200
    except OSError:
        return False


def _open(browser, run, viewport):
    context = browser.new_context(viewport=viewport, color_scheme="light", device_scale_factor=1)
    context.set_default_timeout(15000)
    watch = _Watch(run, "light", urlsplit(run.base).netloc)
    # Only requests to other hosts are routed (the pattern is matched inside the
    # browser driver, so requests to the test server are not slowed down).
    origin = f"{urlsplit(run.base).scheme}://{urlsplit(run.base).netloc}/"
    context.route(re.compile("^(?!" + re.escape(origin) + ")"), watch.route)
    page = context.new_page()
    watch.attach(page)
    return context, page, watch


def _settle(page, wait_ms=WAIT_MS):
    page.evaluate(LOAD_SHOWN)
    for condition in (MATH_DONE, IMAGES_DONE, WIDGETS_DONE):
        with contextlib.suppress(PlaywrightTimeout):  # the checks report what is missing
            page.wait_for_function(condition, timeout=wait_ms)


def _visit(page, watch, base, path, wait_ms=WAIT_MS):
    watch.page = path
    watch.requested = []
    page.goto(base + path, wait_until="load")
    _settle(page, wait_ms)


def _check_math(page, run, path, label):
    report = page.evaluate(MATH_REPORT)
    if label == "light":
        run.formulas[path] = report["count"]
    where = f"{path or '/'} [{label}]"
    for text in report["unrendered"]:
        run.problems.add("math", where, f"formula not rendered by KaTeX: {text!r}")
    for text in report["errors"]:
        run.problems.add("math", where, f"KaTeX error: {text}")
    for text in report["raw"]:
        run.problems.add("math", where, f"raw TeX in the text: {text!r}")


def _check_images(page, run, path, label):
    where = f"{path or '/'} [{label}]"
    report = page.evaluate(IMAGES_REPORT)
    if label == "light":
        run.images[path] = len(report)
    for img in report:
        if not (img["alt"] or "").strip():
            run.problems.add("alt", where, f"image without alt text: {img['src'][:100]}")
        if img["visible"] and img["naturalWidth"] == 0:
            run.problems.add("images", where, f"visible image did not load: {img['src'][:100]}")
        if img["status"] not in (0, 200) or img["bytes"] == 0:
            run.problems.add(
                "images", where, f"image answers HTTP {img['status']}: {img['url'][:120]}"
            )


def _check_figures(page, run, path, scheme):
    for problem in page.evaluate(FIGURES_REPORT, scheme):
        run.problems.add("figures", f"{path or '/'} [{scheme}]", problem)


def _check_fetched(watch, run, path, hidden):
    """No figure of the ``hidden`` palette ("dark" or "light") was downloaded."""
    for url in watch.requested:
        match = re.search(FIGURE_URL, urlsplit(url).path)
        if match and match[1] == hidden:
            run.problems.add(
                "fetched", path, f"the {hidden} copy of a figure was downloaded: {url}"
            )


def _instant_visits(page, watch, run, base):
    """Reach every page from the home page by instant navigation; check its math.

    A link of the page is clicked (Material intercepts it and swaps the content
    in place); a marker set on ``window`` must survive, or the page was reloaded.
    """
    watch.label = "instant"
    _visit(page, watch, base, "")
    page.evaluate("window.__notReloaded = true")
    for path in run.pages:
        if not path:
            continue
        url = base + path
        watch.page = path
        clicked = page.evaluate(
            """(url) => {
              const a = [...document.querySelectorAll('a[href]')]
                .find((a) => a.href.split('#')[0] === url);
              if (a) a.click();
              return !!a;
            }""",
            url,
        )
        if not clicked:
            run.problems.add("instant", path, "no link to it on the page before")
            continue
        try:
            page.wait_for_function("(url) => location.href === url", arg=url, timeout=WAIT_MS)
            page.wait_for_load_state("load")
        except PlaywrightTimeout:
            run.problems.add("instant", path, f"instant navigation did not reach {url}")
            continue
        _settle(page)
        if not page.evaluate("window.__notReloaded === true"):
            run.problems.add("instant", path, "the page was reloaded, not swapped in place")
            page.evaluate("window.__notReloaded = true")
        _check_math(page, run, path, "instant")
        run.instant_pages += 1
    watch.label = "light"


def _start_axe(page):
    """Inject axe-core (bundled with axe-playwright-python) and start it; do not wait.

    Two runs: every rule but colour contrast on the whole page, then colour
    contrast outside code blocks (CODE_CONTRAST covers those, much faster).
    """
    page.evaluate(AXE_SCRIPT)
    page.evaluate(
        """([context, codeless]) => {
          const rows = (r) => r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map((n) => n.target.join(' ')),
          }));
          // Started from a timer, so that this call returns at once: axe does
          // most of its work synchronously.
          window.__axe = new Promise((ready) => setTimeout(ready, 0))
            .then(() => axe.run(context, {resultTypes: ['violations'],
                                          rules: {'color-contrast': {enabled: false}}}))
            .then((all) => axe.run(codeless, {resultTypes: ['violations'],
                                              runOnly: {type: 'rule', values: ['color-contrast']}})
              .then((contrast) => rows(all).concat(rows(contrast))));
        }""",
        [AXE_CONTEXT, AXE_CONTEXT_NO_CODE],
    )


def _check_code_contrast(page, run, path, label):
    # CODE_CONTRAST opens collapsed <details> first: it checks what a reader sees.
    for pair in page.evaluate(CODE_CONTRAST):
        run.problems.add("contrast", f"{path or '/'} [{label}]", f"code text under 4.5:1: {pair}")


def _collect_axe(page, run, path, label):
    """Wait for the axe-core run started by _start_axe; record serious and critical ones."""
    for v in page.evaluate("() => window.__axe"):
        if v["impact"] in ("serious", "critical"):
            run.problems.add(
                "axe",
                f"{path or '/'} [{label}]",
                f"{v['id']} ({v['impact']}): {v['help']}; {len(v['targets'])} element(s): "
                + ", ".join(v["targets"][:3]),
            )


def _check_structure(page, run, path):
    headings = page.evaluate(HEADINGS_REPORT)
    h1 = [h for h in headings if h["level"] == 1]
    if len(h1) != 1:
        run.problems.add("headings", path, f"{len(h1)} h1 headings (want exactly one): {h1}")
    previous = 0
    for h in headings:
        if h["level"] > previous + 1:
            run.problems.add(
                "headings",
                path,
                f"h{h['level']} {h['text']!r} follows h{previous}: a level skipped",
            )
        previous = h["level"]
    for link in page.evaluate(NAMELESS_LINKS):
        run.problems.add("links", path, f"link without discernible text: {link}")


_CDP = {}
SHOT_TRIES = 3


def _blank_boxes(png, boxes):
    """The boxes (x, y, width, height) that are one flat colour in the PNG."""
    image = Image.open(io.BytesIO(png)).convert("L")
    blank = []
    for x, y, w, h in boxes:
        inner = (round(x) + 6, round(y) + 6, round(x + w) - 6, round(y + h) - 6)
        low, high = image.crop(inner).getextrema()
        if low == high:
            blank.append((round(x), round(y)))
    return blank


def _shot(page, folder, path, run):
    """Full-page PNG, through the DevTools protocol to ask for fast encoding (about
    twice as fast as page.screenshot(full_page=True) on the long pages).

    A full-page capture draws the parts of the page far from the viewport
    itself, and under load it has come back with code blocks that scroll
    sideways (phone) drawn as empty grey boxes, while a reader scrolling there
    saw their code. So the capture waits for two painted frames, and the code
    blocks are looked for in the PNG: an empty one is captured again, up to
    SHOT_TRIES times, then reported (check "screenshots")."""
    target = SCREENSHOTS / folder / f"{slug(path)}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    if page not in _CDP:
        _CDP[page] = page.context.new_cdp_session(page)
    for attempt in range(SHOT_TRIES):
        page.evaluate(FRAMES)
        width, height = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        shot = _CDP[page].send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "optimizeForSpeed": True,
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
        )
        png = base64.b64decode(shot["data"])
        blank = _blank_boxes(png, page.evaluate(CODE_BOXES))
        if not blank:
            break
        page.wait_for_timeout(500 * (attempt + 1))
    target.write_bytes(png)
    if blank:
        run.problems.add(
            "screenshots",
            f"{path} [{folder}]",
            f"code blocks drawn empty after {SHOT_TRIES} captures, at (x, y) {blank}",
        )
    elif attempt:
        run.problems.add("screenshot retries", f"{path} [{folder}]", f"{attempt + 1} captures")


def _toggle(page, run, path, scheme):
    """Click the palette toggle; True if the body switched to ``scheme`` and repainted."""
    background = "getComputedStyle(document.body).backgroundColor"
    before = page.evaluate(background)
    toggle = page.locator("form[data-mlp-palette] label:visible")
    if toggle.count() != 1:
        run.problems.add("dark", path, f"{toggle.count()} visible palette toggles (want one)")
        return False
    toggle.click()
    try:
        page.wait_for_function(
            f"() => document.body.getAttribute('data-md-color-scheme') === '{scheme}'",
            timeout=5000,
        )
    except PlaywrightTimeout:
        now = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        run.problems.add("dark", path, f"toggle gave palette {now!r}, not {scheme!r}")
        return False
    if page.evaluate(background) == before:
        run.problems.add("dark", path, f"background stayed {before} after switching to {scheme}")
    if scheme == "slate":
        run.dark_pages += 1
    return True


def _check_overflow(page, run, path):
    report = page.evaluate(OVERFLOW_REPORT)
    if report["scrollWidth"] > report["clientWidth"] + 1 or report["culprits"]:
        run.problems.add(
            "overflow",
            path,
            f"page is {report['scrollWidth']} px wide in a {report['clientWidth']} px"
            f" viewport; sticking out: {', '.join(report['culprits']) or '?'}",
        )
    for message in page.evaluate(WIDE_MATH):
        run.problems.add("wide math", path, message)


def _check_scrolling(page, run, path, label):
    """Tables and code blocks: each fits or says it scrolls; no copy button over code."""
    for message in page.evaluate(SCROLL_CUES):
        run.problems.add("scroll cues", f"{path or '/'} [{label}]", message)
    for message in page.evaluate(COPY_BUTTON_OVERLAP):
        run.problems.add("copy button", f"{path or '/'} [{label}]", message)


def _check_live_labels(page, run, path, label):
    for message in page.evaluate(LIVE_LABELS):
        run.problems.add("live labels", f"{path} [{label}]", message)


def _index_fetched(watch):
    return any(urlsplit(url).path.endswith("/search/search_index.json") for url in watch.requested)


def _search(page, run):
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(SEARCH_QUERY, delay=20)
    try:
        page.wait_for_selector(".md-search-result__item a", timeout=WAIT_MS)
    except PlaywrightTimeout:
        return
    run.search_hits = page.eval_on_selector_all(
        ".md-search-result__item a", "(links) => links.map((a) => a.href)"
    )


@pytest.fixture(scope="module")
def site(request):
    """The built site; MICROMLP_SITE_DIR=path reuses a site built beforehand (quick reruns)."""
    prebuilt = os.environ.get("MICROMLP_SITE_DIR")
    return Path(prebuilt).resolve() if prebuilt else request.getfixturevalue("built_site")


def _check_page(page, watch, result, base, path, dark_page):
    """Every check of one page but axe-core, and its three screenshots."""
    watch.label = "light"
    _visit(page, watch, base, path)
    _check_fetched(watch, result, path, "dark")
    if _index_fetched(watch):
        result.problems.add("search index", path, "the search index was fetched with no search")
    _check_math(page, result, path, "light")
    _check_images(page, result, path, "light")
    _check_figures(page, result, path, "default")
    _check_structure(page, result, path)
    _check_code_contrast(page, result, path, "light")
    _check_live_labels(page, result, path, "desktop")
    _check_scrolling(page, result, path, "desktop")
    result.notebook_links.update(page.evaluate(NOTEBOOK_LINKS))
    _shot(page, "desktop-light", path, result)

    watch.label = "dark"
    if _toggle(page, result, path, "slate"):
        _settle(page)
        _check_math(page, result, path, "dark")
        _check_images(page, result, path, "dark")
        _check_figures(page, result, path, "slate")
        _check_code_contrast(page, result, path, "dark")
        if path == dark_page:
            _start_axe(page)
            _collect_axe(page, result, path, "dark")
        _shot(page, "desktop-dark", path, result)
        _toggle(page, result, path, "default")

    watch.label = "phone"
    page.set_viewport_size(PHONE)
    _check_overflow(page, result, path)
    _check_live_labels(page, result, path, "phone")
    _check_scrolling(page, result, path, "phone")
    _shot(page, "phone", path, result)
    page.set_viewport_size(DESKTOP)
    watch.label = "light"


@pytest.fixture(scope="module")
def run(site):
    """Load every page once, check it, and return what was found.

    One browser, two tabs in two contexts (a palette stored by one cannot leak
    into the other), taking pages in turn. A tab loads its page at 1280 px in the
    light palette, runs the DOM checks, takes the screenshot, clicks the palette
    toggle (dark checks and screenshot) and back, narrows to 375 px (overflow
    check, phone screenshot), widens again and starts axe-core. axe works in that
    tab's renderer while the other tab does its next page; its results are
    collected when the tab comes round again.
    """
    result = Run(pages=discover_pages(site))
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    started = time.perf_counter()
    with sync_playwright() as p, serve(site, site_prefix(site)) as base:
        result.base = base
        browser = _launch(p)
        try:
            tabs = [_open(browser, result, DESKTOP) for _ in range(2)]
            pending = [None, None]  # the page whose axe-core run each tab has going
            dark_page = DARK_PAGE if DARK_PAGE in result.pages else ""
            for n, path in enumerate(result.pages):
                _, page, watch = tabs[n % 2]
                if pending[n % 2] is not None:
                    _collect_axe(page, result, pending[n % 2], "light")
                _check_page(page, watch, result, base, path, dark_page)
                _start_axe(page)
                pending[n % 2] = path
            for (_, page, _), path in zip(tabs, pending):
                if path is not None:
                    _collect_axe(page, result, path, "light")

            # The 404 page, as GitHub Pages serves it for a missing path.
            context, page, watch = tabs[0]
            watch.expected_404 = base + NOT_FOUND
            _visit(page, watch, base, NOT_FOUND)
            result.problems.by_check.setdefault("404", [])
            h1 = page.locator("h1")
            if h1.count() != 1 or "404" not in h1.inner_text():
                result.problems.add("404", NOT_FOUND, "no '404' h1 on the page served for it")
            if page.locator("article a", has_text="home page").count() != 1:
                result.problems.add("404", NOT_FOUND, "no link back to the home page")
            if not page.locator(".md-header").is_visible():
                result.problems.add("404", NOT_FOUND, "the 404 page has no styled header")
            _check_images(page, result, NOT_FOUND, "404")
            _check_structure(page, result, NOT_FOUND)
            _start_axe(page)
            _collect_axe(page, result, NOT_FOUND, "light")
            _shot(page, "desktop-light", "404", result)
            watch.expected_404 = ""

            _instant_visits(page, watch, result, base)

            # Search, from the home page, and the notebook downloads.
            _visit(page, watch, base, "")
            result.index_fetched["before"] = _index_fetched(watch)
            _search(page, result)
            result.index_fetched["after"] = _index_fetched(watch)
            for url in sorted(result.notebook_links):
                response = context.request.get(url)
                result.downloads[url] = (response.status, len(response.body()))
            for context, _, _ in tabs:
                context.close()
        finally:
            browser.close()
    result.seconds = time.perf_counter() - started
    return result


def _fail_if(problems, what):
    assert not problems, f"{len(problems)} {what}:\n" + "\n".join(problems)


# --------------------------------------------------------------------------- tests


def test_browser_is_available():
    with sync_playwright() as p:
        assert find_browser(p) is not None, INSTALL_HINT


def test_axe_is_bundled():
    """axe-core ships inside axe-playwright-python: no network needed to load it."""
    from axe_playwright_python.base import AXE_FILE_PATH

    assert AXE_FILE_PATH.exists() and AXE_FILE_PATH.stat().st_size > 100_000
    assert "axe v4" in AXE_FILE_PATH.read_text()[:200]


def test_every_page_was_visited(run, capsys):
    assert "" in run.pages, "the home page was not found in the built site"
    with capsys.disabled():
        print(
            f"\n[browser] {len(run.pages)} pages, {sum(run.formulas.values())} formulas,"
            f" {sum(run.images.values())} images checked in {run.seconds:.1f} s;"
            f" screenshots in {SCREENSHOTS}"
        )
    for folder in ("desktop-light", "desktop-dark", "phone"):
        shots = {p.stem for p in (SCREENSHOTS / folder).glob("*.png")}
        assert {slug(p) for p in run.pages} <= shots, f"screenshots missing in {folder}"


def test_formulas_render_with_katex(run):
    _fail_if(run.problems.get("math"), "formula problems")


def test_formulas_after_palette_switch_and_instant_navigation(run):
    """Every page's math was checked in the dark palette and after instant navigation."""
    _fail_if(run.problems.get("instant"), "instant navigation problems")
    assert run.dark_pages == len(run.pages)
    assert run.instant_pages == len(run.pages) - 1, "not every page was reached instantly"
    labels = [m for m in run.problems.get("math") if "[dark]" in m or "[instant]" in m]
    _fail_if(labels, "formula problems after a palette switch or instant navigation")


def test_only_the_shown_figures_are_downloaded(run):
    _fail_if(run.problems.get("fetched"), "figures of the hidden palette downloaded")


def test_images_load(run):
    _fail_if(run.problems.get("images"), "image problems")


def test_figures_are_captioned_svg_of_the_palette(run):
    """Every image shown, on every page (the notebooks' too), is its figure's SVG for
    the palette in use, not recoloured by a CSS filter, with a caption."""
    _fail_if(run.problems.get("figures"), "figure problems")


def test_images_have_alt_text(run):
    _fail_if(run.problems.get("alt"), "images without alt text")


def test_no_console_errors(run):
    _fail_if(run.problems.get("console"), "console errors")


def test_no_failed_or_foreign_requests(run):
    _fail_if(run.problems.get("network"), "failed or foreign requests")


def test_no_horizontal_overflow_on_a_phone(run):
    _fail_if(run.problems.get("overflow"), "pages wider than a 375 px phone")


def test_display_math_fits_a_phone(run):
    """A display formula wider than 375 px would scroll, with nothing showing that
    it does: split it over lines (aligned) instead."""
    _fail_if(run.problems.get("wide math"), "display formulas cut on a 375 px phone")


def test_tables_and_code_fit_or_show_that_they_scroll(run):
    """At 1280 and 375 px, every table and code block fits its column or scrolls
    with a cue at its edge; none is cut off; no copy button lies over code."""
    _fail_if(run.problems.get("scroll cues"), "tables or code blocks that scroll unannounced")
    _fail_if(run.problems.get("copy button"), "copy buttons over code")


def test_live_network_labels_are_not_covered(run):
    _fail_if(run.problems.get("live labels"), "labels of the live network covered")


def test_screenshots_show_the_code(run, capsys):
    """The full-page screenshots show every code block's text (see _shot)."""
    with capsys.disabled():
        for retried in run.problems.get("screenshot retries"):
            print(f"\n[browser] screenshot taken again: {retried}")
    _fail_if(run.problems.get("screenshots"), "screenshots with empty code blocks")


def test_dark_palette(run):
    _fail_if(run.problems.get("dark"), "palette problems")
    assert run.dark_pages == len(run.pages), "not every page was seen in the dark palette"


def test_search_finds_backpropagation_for_chain_rule(run):
    assert any(SEARCH_TARGET in urlsplit(h).path for h in run.search_hits), (
        f"searching {SEARCH_QUERY!r} gave no result on {SEARCH_TARGET}: {run.search_hits}"
    )


def test_search_index_is_fetched_for_a_search_only(run):
    """No page downloads the search index on load; clicking into search does (main.html)."""
    _fail_if(run.problems.get("search index"), "pages that fetched the search index")
    assert run.index_fetched == {"before": False, "after": True}


def test_notebook_downloads(run):
    """Every link to a notebook file (.ipynb or .py under notebooks/) answers with the file."""
    if any(p.startswith("notebooks/") for p in run.pages):
        assert run.notebook_links, "notebook pages exist but none links its .ipynb or .py"
    bad = [
        f"{url}: HTTP {s}, {n} bytes" for url, (s, n) in run.downloads.items() if s != 200 or not n
    ]
    _fail_if(bad, "broken notebook downloads")


def test_accessibility_axe(run):
    _fail_if(run.problems.get("axe"), "serious or critical axe-core violations")


def test_code_text_contrast(run):
    """Code tokens in both palettes, every page (axe-core checks the other text)."""
    _fail_if(run.problems.get("contrast"), "code colours under 4.5:1")


def test_headings_in_order(run):
    _fail_if(run.problems.get("headings"), "heading problems")


def test_links_have_text(run):
    _fail_if(run.problems.get("links"), "links without text")


def test_404_page(run, site):
    assert (site / "404.html").exists(), "the build has no 404.html"
    _fail_if(run.problems.get("404"), "404 page problems")


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("property") or attrs.get("name")
        if tag == "meta" and key:
            self.meta[key] = attrs.get("content") or ""


def test_social_metadata(site):
    """Every page (404 included) has a description and Open Graph title/description."""
    missing = []
    files = sorted(site.rglob("index.html")) + [site / "404.html"]
    for html in files:
        parser = _Meta()
        parser.feed(html.read_text(encoding="utf-8"))
        for key in ("description", "og:title", "og:description", "og:type"):
            if not parser.meta.get(key, "").strip():
                missing.append(f"{html.relative_to(site)}: no {key}")
    _fail_if(missing, "missing metadata")


BROKEN_PAGE = r"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>broken</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body><div class="md-main"><article class="md-typeset">
<h1>Broken on purpose</h1><h3>A level skipped</h3>
<p><span class="arithmatex">\(x^2\)</span> and raw $$\frac{1}{2}$$ text.</p>
<img src="missing.svg" alt=""><img src="http://foreign.invalid/a.png" alt="elsewhere">
<p><a href="other/"></a></p>
<div style="width: 900px">too wide for a phone</div>
<div class="arithmatex" style="overflow: auto"><div style="width: 600px">wide formula</div></div>
<pre><code><span style="color: #bbb">faint = 1</span></code></pre>
<pre><code style="display: block; overflow: auto">unannounced = "a line much wider than a phone, \
which scrolls with nothing to say so"</code></pre>
<pre style="overflow: hidden"><code>cut_off = "a line much wider than a phone, which is cut \
at the edge of its box"</code></pre>
<svg class="mlp-live__net" viewBox="0 0 200 60" width="200" height="60">
<circle cx="100" cy="30" r="19"/><text class="delta" x="60" y="34">covered label</text></svg>
<script>console.error("boom")</script>
</article></div></body></html>
"""


def test_the_checks_catch_a_broken_page(tmp_path):
    """The checks are not silent: a page with one of each fault trips every one."""
    (tmp_path / "index.html").write_text(BROKEN_PAGE)
    result = Run(pages=[""])
    with sync_playwright() as p, serve(tmp_path) as base:
        result.base = base
        browser = _launch(p)
        try:
            _, page, watch = _open(browser, result, PHONE)
            _visit(page, watch, base, "", wait_ms=200)
            _check_math(page, result, "", "light")
            _check_images(page, result, "", "light")
            _check_structure(page, result, "")
            _check_overflow(page, result, "")
            _check_code_contrast(page, result, "", "light")
            _check_live_labels(page, result, "", "phone")
            _check_scrolling(page, result, "", "phone")
        finally:
            browser.close()
    found = {check: "\n".join(msgs) for check, msgs in result.problems.by_check.items()}
    expected = {
        "math": ["not rendered by KaTeX", "raw TeX"],
        "alt": ["missing.svg"],
        "images": ["HTTP 404"],
        "headings": ["h3"],
        "links": ["other/"],
        "overflow": ["px wide in a 375 px viewport"],
        "wide math": ["wide formula"],
        "live labels": ["covered label"],
        "console": ["boom"],
        "network": ["foreign.invalid", "HTTP 404"],
        "contrast": ["faint = 1"],
        "scroll cues": ["unannounced", "with no cue", "cut_off", "is cut off"],
    }
    for check, needles in expected.items():
        for needle in needles:
            assert needle in found.get(check, ""), f"{check} missed {needle!r}: {found}"


def test_empty_code_boxes_are_found_in_a_screenshot():
    """_shot's check: a flat box is reported, a box with text in it is not."""
    image = Image.new("RGB", (200, 60), (245, 245, 245))
    ImageDraw.Draw(image).text((110, 20), "x = 1", fill=(30, 30, 30))
    png = io.BytesIO()
    image.save(png, format="PNG")
    boxes = [(0, 0, 100, 60), (100, 0, 100, 60)]
    assert _blank_boxes(png.getvalue(), boxes) == [(0, 0)]


# Text hidden, so that a screenshot of a box shows its background only.
HIDE_TEXT = """() => {
  const style = document.createElement('style');
  style.textContent = '.md-typeset * { color: transparent !important;'
    + ' -webkit-text-fill-color: transparent !important; text-shadow: none !important;'
    + ' border-color: transparent !important; }';
  document.head.append(style);
}"""

# The first box of each kind that scrolls sideways on the page, marked for a locator.
MARK_SCROLLERS = """() => ['.md-typeset pre > code', '.md-typeset__scrollwrap'].map((sel, k) => {
  const box = [...document.querySelectorAll(sel)]
    .find((b) => b.getClientRects().length && b.scrollWidth > b.clientWidth + 40);
  if (box) box.setAttribute('data-cue-probe', String(k));
  return !!box;
})"""


def _luminance(rgb):
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _edges(png):
    """Median colour of the column 3 px inside each edge of a screenshot, and of its middle."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size

    def column(x):
        pixels = sorted(image.getpixel((x, y)) for y in range(height))
        return pixels[len(pixels) // 2]

    return column(3), column(width // 2), column(width - 4)


def test_scroll_cue_shows_in_both_palettes(site):
    """The cue of a code block and of a table that scroll, measured in pixels at
    375 px: at the start the right edge differs from the box's colour by at least
    1.4:1 and the left edge does not; scrolled to the end, the other way round."""
    found = []
    with sync_playwright() as p, serve(site, site_prefix(site)) as base:
        browser = _launch(p)
        try:
            page = browser.new_page(viewport=PHONE, device_scale_factor=1)
            page.goto(base + DARK_PAGE)
            page.evaluate(LOAD_SHOWN)
            page.evaluate(HIDE_TEXT)
            # the blocks that scroll may sit in collapsed folds (docs/backprop.md): open them
            page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
            assert page.evaluate(MARK_SCROLLERS) == [True, True], "no code block or table scrolls"
            for scheme in ("default", "slate"):
                page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
                for k, kind in enumerate(("code block", "table")):
                    box = page.locator(f"[data-cue-probe='{k}']")
                    box.scroll_into_view_if_needed()
                    for end in (False, True):
                        to = "b.scrollWidth" if end else "0"
                        box.evaluate(f"(b) => {{ b.scrollLeft = {to}; }}")
                        page.evaluate(FRAMES)
                        left, middle, right = _edges(box.screenshot())
                        shown, hidden = (left, right) if end else (right, left)
                        where = f"{kind} [{scheme}] scrolled to the {'end' if end else 'start'}"
                        found.append((where, _contrast(shown, middle), _contrast(hidden, middle)))
        finally:
            browser.close()
    weak = [f"{w}: cue {c:.2f}:1, other edge {o:.2f}:1" for w, c, o in found if c < 1.4 or o > 1.1]
    _fail_if(weak, "scroll cues that do not show, or show where nothing is hidden")
