"""Helpers for tests/site/test_browser.py: find a browser, serve the built site, find its pages.

The site is served exactly as GitHub Pages would serve it: under the path of
``site_url`` (``/micro-mlp/``), with ``404.html`` (status 404) for any missing
path, on 127.0.0.1 only. The in-page checks are plain JavaScript functions kept
here so that the test reads as a list of what is checked.
"""

import contextlib
import functools
import http.server
import io
import os
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

INSTALL_HINT = (
    "No Chromium found for the browser tests. Install one with\n"
    "    apt-get install -y chromium          (Debian/Ubuntu, as root; what .ci/run does)\n"
    "or  .venv/bin/python -m playwright install chromium\n"
    "These tests never skip: without a browser the site is not checked."
)


def find_browser(playwright):
    """Path of a Chromium to drive, or None.

    In order: $CHROMIUM_PATH, the system /usr/bin/chromium (Debian's package, what
    .ci/run installs), a Playwright-managed build (``playwright install chromium``),
    any other ``chromium`` on PATH except a snap one (its sandbox cannot use the
    profile folder Playwright makes in /tmp).
    """
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"]
    with contextlib.suppress(Exception):
        candidates.append(playwright.chromium.executable_path)
    candidates += [shutil.which("chromium"), shutil.which("chromium-browser")]
    for path in candidates:
        if path and "/snap/" not in path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


# --------------------------------------------------------------------------- serving


def site_prefix(site_dir):
    """URL path the site lives under, from the first <loc> of sitemap.xml (``site_url``)."""
    sitemap = Path(site_dir) / "sitemap.xml"
    if not sitemap.exists():
        return "/"
    locs = [el.text for el in ET.parse(sitemap).iter() if el.tag.endswith("loc") and el.text]
    if not locs:
        return "/"
    path = urlsplit(min(locs, key=len)).path or "/"
    return path if path.endswith("/") else path + "/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` under ``prefix``; anything else gets 404.html with status 404."""

    prefix = "/"

    def log_message(self, *args):  # keep pytest output clean
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _missing(self):
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.exists() else b"Not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_head(self):
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.prefix) and path + "/" != self.prefix:
            self._missing()
            return None
        local = Path(self.translate_path(self.path))
        if local.is_dir() and not (local / "index.html").exists():
            self._missing()
            return None
        if not local.exists():
            self._missing()
            return None
        if local.name == "sitemap.xml":
            return self._sitemap(local)
        return super().send_head()

    def _sitemap(self, local):
        """sitemap.xml with site_url's origin replaced by this server's, as `mkdocs serve`
        does: Material's instant navigation only follows links found in the sitemap,
        and keeps the port of neither (GitHub Pages serves on the default port)."""
        text = local.read_text(encoding="utf-8")
        locs = re.findall(r"<loc>\s*(\w+://[^/<]+)", text)
        host, port = self.server.server_address[:2]
        if locs:
            text = text.replace(locs[0], f"http://{host}:{port}")
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path):
        path = urlsplit(path).path
        rest = path[len(self.prefix) :] if path.startswith(self.prefix) else ""
        return super().translate_path("/" + rest)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that drops a connection it no longer needs is not an error."""


@contextlib.contextmanager
def serve(site_dir, prefix="/"):
    """Serve ``site_dir`` on 127.0.0.1 (free port) from a background thread; yield the base URL."""
    handler = functools.partial(
        type("Handler", (_Handler,), {"prefix": prefix}), directory=str(site_dir)
    )
    server = _Server(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- pages


def discover_pages(site_dir):
    """Every page of the built site as a path relative to the site root ("" is home).

    The union of the sitemap's pages and every ``index.html`` in the site, so a page
    missing from the nav or the sitemap is still checked. 404.html is not included.
    """
    site_dir = Path(site_dir)
    prefix = site_prefix(site_dir)
    pages = set()
    sitemap = site_dir / "sitemap.xml"
    if sitemap.exists():
        for el in ET.parse(sitemap).iter():
            if el.tag.endswith("loc") and el.text:
                path = urlsplit(el.text.strip()).path
                pages.add(path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/"))
    for index in site_dir.rglob("index.html"):
        rel = index.parent.relative_to(site_dir).as_posix()
        pages.add("" if rel == "." else rel + "/")
    return sorted(pages, key=lambda p: (p != "", p))


def slug(page):
    """File name for a page's screenshot: "index", "backprop", "notebooks-train", "404"."""
    return page.strip("/").replace("/", "-") or "index"


@dataclass
class Problems:
    """Problems found, by check; each entry names the page it was found on."""

    by_check: dict = field(default_factory=dict)

    def add(self, check, page, message):
        self.by_check.setdefault(check, []).append(f"{page or '/'}: {message}")

    def get(self, check):
        return self.by_check.get(check, [])


# --------------------------------------------------------------------------- in-page checks

# Resolves once every formula has been handed to KaTeX (or after the caller's timeout).
MATH_DONE = """() => [...document.querySelectorAll('.arithmatex')].every(
    (m) => m.querySelector('.katex, .katex-error'))"""

# Figures are lazy (loading="lazy"): Chromium fetches one only when it is rendered
# and near the viewport, so the other palette's copy (display: none) is not
# fetched. LOAD_SHOWN makes every rendered image eager, so that the checks and
# the full-page screenshots see all the images a reader scrolling down would;
# IMAGES_DONE then waits for them (an image that is not rendered is not waited for).
#
# Blocks far from the screen are not laid out either (content-visibility: auto,
# docs/assets/layout.css) until the reader scrolls near them; LOAD_SHOWN lays
# out every block, as if the reader had scrolled over the whole page, so that
# the overflow, accessibility and screenshot checks see all of it, and sends
# "resize" so that the page's scripts measure the boxes again.
LOAD_SHOWN = """() => {
  if (!document.getElementById('__render_all')) {
    const style = document.createElement('style');
    style.id = '__render_all';
    style.textContent = '* { content-visibility: visible !important; }';
    document.head.append(style);
  }
  window.dispatchEvent(new Event('resize'));
  for (const i of document.images)
    if (i.loading === 'lazy' && i.getClientRects().length) i.loading = 'eager';
}"""

IMAGES_DONE = (
    """() => [...document.images].every((i) => i.complete || !i.getClientRects().length)"""
)

# The widgets (docs/assets/widgets.js) fetch their data after the page has loaded: each is done
# when it is built (data-ready) or shows that its data could not be loaded or it could not be
# built (data-failed, with a console error). A test that loaded another page before would see
# the browser cancel the fetch.
WIDGETS_DONE = """() => [...document.querySelectorAll('.mlp-live, .mlp-slider')].every(
    (w) => w.hasAttribute('data-ready') || w.hasAttribute('data-failed'))"""

# The site's own figures requested by the page (path of each request URL).
FIGURE_URL = r"/figures/[\w-]+-(light|dark)\.svg$"

# KaTeX: every .arithmatex rendered, no .katex-error, no raw TeX left in the article
# text (outside code, and outside math that KaTeX rendered).
MATH_REPORT = r"""() => {
  const article = document.querySelector('article') || document.body;
  const math = [...document.querySelectorAll('.arithmatex')];
  const unrendered = math.filter((m) => !m.querySelector('.katex'))
    .map((m) => m.textContent.trim().slice(0, 80));
  const errors = [...document.querySelectorAll('.katex-error')]
    .map((e) => (e.getAttribute('title') || e.textContent).slice(0, 160));
  const raw = [];
  const skip = 'pre, code, script, style, textarea, .katex, .arithmatex';
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest(skip)
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const pattern = new RegExp(String.raw`\\\(|\\\[|\$\$|\$[^$\n]*\\[A-Za-z]+[^$\n]*\$`
    + String.raw`|\\(frac|partial|sigma|mathbf|odot|cdot|hat|top)\b`);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const m = n.data.match(pattern);
    if (m) raw.push(n.data.slice(Math.max(0, m.index - 30), m.index + 50).trim());
  }
  return {count: math.length, unrendered, errors, raw};
}"""

# Images: alt text, loaded when visible; every http(s) src fetched (the hidden
# light/dark twin included) and must answer 200 with a body.
IMAGES_REPORT = r"""async () => {
  const out = [];
  for (const img of document.images) {
    const style = getComputedStyle(img);
    const visible = img.getClientRects().length > 0 && style.visibility !== 'hidden';
    out.push({
      src: img.getAttribute('src') || '',
      url: img.currentSrc || img.src,
      alt: img.getAttribute('alt'),
      visible, lazy: img.loading === 'lazy',
      complete: img.complete, naturalWidth: img.naturalWidth,
    });
  }
  for (const i of out) {
    if (!/^https?:/.test(i.url)) { i.status = 0; i.bytes = -1; continue; }
    try {
      const r = await fetch(i.url, {cache: 'no-store'});
      i.status = r.status; i.bytes = (await r.arrayBuffer()).byteLength;
    } catch (e) { i.status = -1; i.bytes = 0; i.error = String(e); }
  }
  return out;
}"""

# Figures, on every page, notebooks included: each image shown in the article
# is the current palette's variant of a figure's SVG (scripts/generate.py,
# scripts/notebook_outputs.py), drawn as it is (no CSS filter on it or around
# it, such as a PNG inverted for the dark palette), in a <figure> with a
# caption. ``scheme`` is Material's: "default" or "slate".
FIGURES_REPORT = r"""(scheme) => {
  const want = scheme === 'slate' ? 'dark' : 'light';
  const out = [];
  for (const img of document.querySelectorAll('article img')) {
    if (!img.getClientRects().length) continue;  // the other palette's variant
    const src = img.getAttribute('src') || '';
    const name = src.slice(0, 70);
    if (!src.endsWith(`-${want}.svg#only-${want}`))
      out.push(`${name}: not the SVG of the ${want} palette`);
    for (let el = img; el && el !== document.body; el = el.parentElement) {
      const filter = getComputedStyle(el).filter;
      if (filter !== 'none') { out.push(`${name}: drawn through a CSS filter (${filter})`); break; }
    }
    const caption = img.closest('figure')?.querySelector('figcaption');
    if (!caption || !caption.textContent.trim()) out.push(`${name}: no <figure> with a caption`);
  }
  return out;
}"""

# Headings: every h1..h6 of the page in document order (visible or not).
HEADINGS_REPORT = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter((h) => !h.closest('nav, .md-sidebar, .md-search, .md-footer'))
  .map((h) => ({level: +h.tagName[1], text: h.textContent.replace('¶', '').trim().slice(0, 60)}))"""

# Links with no discernible text (no text, aria-label, labelledby, title or img alt).
NAMELESS_LINKS = """() => {
  const name = (a) => {
    if ((a.getAttribute('aria-label') || '').trim()) return true;
    const by = a.getAttribute('aria-labelledby');
    const text = (id) => (document.getElementById(id)?.textContent || '').trim();
    if (by && by.split(/\\s+/).some(text)) return true;
    if ((a.getAttribute('title') || '').trim()) return true;
    if (a.textContent.trim()) return true;
    if ([...a.querySelectorAll('img[alt]')].some((i) => i.alt.trim())) return true;
    if ([...a.querySelectorAll('svg title, svg[aria-label]')].length) return true;
    return false;
  };
  // Links that cannot be focused or seen (visibility: hidden, such as the line
  // anchors of code blocks) are skipped; links in closed menus are not.
  return [...document.querySelectorAll('a[href]')]
    .filter((a) => getComputedStyle(a).visibility !== 'hidden')
    .filter((a) => !a.closest('[aria-hidden="true"]') && !name(a))
    .map((a) => a.outerHTML.slice(0, 160));
}"""

# Horizontal overflow of the whole page, and the content elements that stick out
# past the viewport without a scrolling box of their own around them.
OVERFLOW_REPORT = """() => {
  const d = document.documentElement, cw = d.clientWidth;
  const culprits = [];
  const main = document.querySelector('.md-main') || document.body;
  for (const el of main.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= cw + 1) continue;
    let p = el.parentElement, boxed = false;
    while (p && p !== main.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') { boxed = true; break; }
      p = p.parentElement;
    }
    if (boxed) continue;
    if (culprits.some((c) => c.el.contains(el))) continue;
    const cls = [...el.classList].slice(0, 3).join('.');
    culprits.push({el, what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (cls ? '.' + cls : '') + ` (right edge ${Math.round(r.right)} px)`});
  }
  return {scrollWidth: d.scrollWidth, clientWidth: cw,
          culprits: culprits.slice(0, 5).map((c) => c.what)};
}"""

# Display formulas wider than their box: Material lets such a formula scroll
# sideways, but nothing shows that it does, so on a phone the reader sees it cut
# at the right edge. Each one is named by the start of its TeX source.
WIDE_MATH = r"""() => [...document.querySelectorAll(
    '.md-typeset div.arithmatex, .jupyter-wrapper .katex-display')]
  .filter((m) => m.getClientRects().length && m.scrollWidth > m.clientWidth + 1)
  .map((m) => {
    const tex = m.querySelector('annotation')?.textContent || m.textContent;
    return `${m.scrollWidth} px wide in ${m.clientWidth} px: `
      + JSON.stringify(tex.replace(/\s+/g, ' ').trim().slice(0, 60));
  })"""

# The live network's diagram (docs/assets/live.js): a node's labels (layer
# name, z and delta) must not run under another node or into another label.
# Boxes are SVG user units; a text box is trimmed by 2 units top and bottom
# (its ascent and descent reach past the glyphs: z and delta sit 14 units apart).
LIVE_LABELS = r"""() => {
  const out = [];
  const hit = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width
    && a.y < b.y + b.height && b.y < a.y + a.height;
  const trim = (b) => ({x: b.x, y: b.y + 2, width: b.width, height: b.height - 4});
  for (const svg of document.querySelectorAll('svg.mlp-live__net')) {
    if (!svg.getClientRects().length) continue;
    const labels = [...svg.querySelectorAll('text.name, text.z, text.delta')]
      .filter((t) => t.textContent.trim()).map((t) => [t, trim(t.getBBox())]);
    const circles = [...svg.querySelectorAll('circle')].map((c) => c.getBBox());
    labels.forEach(([t, a], k) => {
      const say = JSON.stringify(t.textContent);
      for (const c of circles)
        if (hit(a, c)) out.push(`${say} runs under the node at x = ${c.x + c.width / 2}`);
      for (const [u, b] of labels.slice(k + 1))
        if (hit(a, b)) out.push(`${say} runs into ${JSON.stringify(u.textContent)}`);
    });
  }
  return out;
}"""

# Code blocks showing text, as boxes in page coordinates (CSS px), for checking
# that a full-page screenshot shows them drawn (tests/site/test_browser.py: _shot).
CODE_BOXES = """() => [...document.querySelectorAll('.md-typeset pre > code')]
  .filter((c) => c.textContent.trim() && c.getClientRects().length)
  .map((c) => {
    const r = c.getBoundingClientRect();
    return [r.left + scrollX, r.top + scrollY, r.width, r.height];
  })
  .filter(([x, y, w, h]) => w > 40 && h > 30)"""

# Two animation frames: the page has been laid out and painted after a resize.
FRAMES = """() => new Promise((done) =>
  requestAnimationFrame(() => requestAnimationFrame(() => done())))"""

# Links to notebook downloads (.ipynb or .py under notebooks/), resolved.
NOTEBOOK_LINKS = """() => [...document.querySelectorAll('a[href]')]
  .map((a) => a.href.split('#')[0])
  .filter((h) => /\\/notebooks\\/.*\\.(ipynb|py)$/.test(new URL(h).pathname))"""

# Contrast of the text in code blocks (Markdown and notebook cells), one entry per
# colour pair: axe-core's colour-contrast rule is run outside code blocks only,
# because it judges every one of the thousands of token spans one by one, which
# doubles its time; the pairs come from the theme's token colours, so this finds
# the same faults in a few milliseconds, in both palettes.
CODE_CONTRAST = r"""() => {
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
  const lum = (rgb) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const backgrounds = new Map();
  const background = (el) => {
    if (backgrounds.has(el)) return backgrounds.get(el);
    const c = parse(getComputedStyle(el).backgroundColor);
    let bg;
    if (c && c[3] >= 1) bg = c.slice(0, 3);
    else {
      const under = el.parentElement ? background(el.parentElement) : [255, 255, 255];
      bg = c && c[3] > 0 ? over(c, under) : under;
    }
    backgrounds.set(el, bg);
    return bg;
  };
  // Open collapsed blocks (exercise answers): a closed <details> keeps stale
  // styles after a palette switch, and its code is read once opened.
  document.querySelectorAll('details:not([open])').forEach((d) => { d.open = true; });
  const pairs = new Map();
  for (const el of document.querySelectorAll('pre, pre *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim());
    if (!own || el.closest('.katex, [aria-hidden="true"]')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || !el.getClientRects().length) continue;
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const key = style.color + ' on rgb(' + bg.map(Math.round).join(', ') + ')';
    if (ratio < 4.5 && !pairs.has(key)) {
      const cls = [...el.classList].join('.');
      pairs.set(key, `${key}: ${ratio.toFixed(2)}:1 (${el.tagName.toLowerCase()}`
        + `${cls ? '.' + cls : ''} ${JSON.stringify(el.textContent.trim().slice(0, 30))})`);
    }
  }
  return [...pairs.values()];
}"""

# Tables and code blocks wider than their box (docs/assets/layout.css, "Boxes
# that scroll sideways"). For each table and code block shown, the box that
# clips it sideways: none (it fits; a page wider than the screen is
# OVERFLOW_REPORT's), one that cuts it off without scrolling (a fault), or one
# that scrolls, which must show that it does: a cue at its right edge drawn on
# the box (background-attachment: scroll) under a cover that moves with the
# content (local), so that the cue shows while content is hidden there.
# SCROLL_CUE_PIXELS measures that the cue shows in a screenshot.
SCROLL_CUES = r"""() => {
  const out = [], seen = new Set();
  const stop = document.querySelector('article') || document.body;
  const items = document.querySelectorAll('.md-typeset table, .md-typeset pre, '
    + '.jupyter-wrapper .jp-OutputArea-output pre');
  const name = (el) => el.tagName.toLowerCase()
    + [...el.classList].slice(0, 2).map((c) => '.' + c).join('')
    + ' ' + JSON.stringify(el.textContent.replace(/\s+/g, ' ').trim().slice(0, 40));
  const layers = (value) => value.split(/,(?![^(]*\))/).map((v) => v.trim());
  for (const item of items) {
    if (!item.getClientRects().length || item.closest('.mlp-live')) continue;
    for (let box = item.querySelector(':scope > code') || item; box && box !== stop.parentElement;
         box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX === 'visible') continue;
      if (box.scrollWidth <= box.clientWidth + 1) break;  /* it fits in its box */
      if (seen.has(box)) break;
      seen.add(box);
      if (style.overflowX === 'hidden' || style.overflowX === 'clip') {
        out.push(`${name(item)} is cut off: ${box.scrollWidth} px in ${box.clientWidth} px`
          + ' that do not scroll');
        break;
      }
      const images = layers(style.backgroundImage), attach = layers(style.backgroundAttachment);
      const xs = layers(style.backgroundPositionX);
      const at = (i, list) => list[i % list.length];
      const right = (kind) => images.some((image, i) => /gradient/.test(image)
        && at(i, attach) === kind && at(i, xs) === '100%');
      if (!right('scroll') || !right('local'))
        out.push(`${name(item)} scrolls (${box.scrollWidth} px in ${box.clientWidth} px)`
          + ' with no cue at its edge');
      break;
    }
  }
  return out;
}"""

# The copy button of each code block set up by Material (content.lazy: those
# that have come near the screen) against the code's text: the button must
# end above the first line of text, or sit beside the box, so that no line,
# scrolled or not, runs under it.
COPY_BUTTON_OVERLAP = r"""() => {
  const out = [];
  for (const nav of document.querySelectorAll('.md-typeset pre > .md-code__nav')) {
    const code = nav.parentElement.querySelector(':scope > code');
    if (!code || !nav.getClientRects().length) continue;
    const button = nav.getBoundingClientRect(), box = code.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(code);
    const lines = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!lines.length) continue;
    const top = Math.min(...lines.map((r) => r.top));
    const beside = button.left >= box.right - 1;
    if (button.bottom > top + 1 && !beside)
      out.push(`the copy button (bottom ${Math.round(button.bottom - box.top)} px) covers the`
        + ` first line (top ${Math.round(top - box.top)} px) of `
        + JSON.stringify(code.textContent.trim().slice(0, 40)));
  }
  return out;
}"""
