"""Figure labels: no two on each other, and none crossed by an edge of a network diagram.

Every figure of the built site (the SVGs of ``figures/`` and of each notebook's
``figures/``, both palettes) is measured in Chromium at each width a page shows
it at, at 1280 px and at 375 px (every fold open; a figure no page shows is
measured at its own size). Each label is one text of the figure (a tick
label, a title, a legend entry, an annotation: matplotlib draws each in a
``g id="text_N"``); its box is the box of its glyphs (the text as drawn, not
the patch behind it).

- Two labels overlap when their boxes do, by more than 0.5 px either way.
- In a network diagram (scripts/draw.py marks its edges ``mlp-edge-K`` and its
  nodes ``mlp-node-L-I`` in the SVG), points every 0.5 px along each edge are
  measured too, leaving out the parts under a node (a node is drawn over its
  edges). An edge crosses a label when its ink reaches into the label's box: a
  point of its line lies inside the box grown by half the stroke's width (less
  0.5 px). A weight is written on its own edge, on a patch of page colour
  (scripts/draw.py marks it ``mlp-label-K``, the label of edge K): that edge
  may run under it, any other is a crossing.

The dead-unit heatmap's digits are measured too, as a phone shows them.
"""

import os
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from browser_helpers import (
    CHROMIUM_ARGS,
    FRAMES,
    IMAGES_DONE,
    INSTALL_HINT,
    LOAD_SHOWN,
    discover_pages,
    find_browser,
    serve,
    site_prefix,
)
from playwright.sync_api import sync_playwright

from scripts import generate
from scripts.registry import FIGURES, Figure

# ``width``: the figure's width in CSS px, as a page shows it (null: its own size).
MEASURE = r"""(width) => {
  const svg = document.querySelector('svg');
  if (width) Object.assign(svg.style, {width: `${width}px`, height: 'auto'});
  const edges = [...svg.querySelectorAll('[id^="mlp-edge-"]')];
  const nodes = [...svg.querySelectorAll('[id^="mlp-node-"]')].map((n) => {
    const b = n.getBoundingClientRect();
    return {x: b.x + b.width / 2, y: b.y + b.height / 2, r: b.width / 2};
  });
  const under = (p) => nodes.some((n) => (p.x - n.x) ** 2 + (p.y - n.y) ** 2 < n.r ** 2);
  const lines = edges.map((e) => {
    const points = [];
    let half = 0;  // half the stroke's width: the edge's ink reaches that far from its line
    for (const path of e.tagName === 'path' ? [e] : e.querySelectorAll('path')) {
      const m = path.getScreenCTM(), n = path.getTotalLength();
      half = Math.max(half, parseFloat(getComputedStyle(path).strokeWidth) * m.a / 2);
      for (let s = 0; s <= n; s += 0.5) {
        const q = path.getPointAtLength(s), p = new DOMPoint(q.x, q.y).matrixTransform(m);
        if (!under(p)) points.push(p);
      }
    }
    return {id: e.id, points, half};
  });
  const labels = [...svg.querySelectorAll('g[id^="text_"], g[id^="mlp-label-"]')].map((t) => {
    const glyphs = [...t.querySelectorAll('use, path')].filter((g) => !g.closest('defs')
      && !g.closest('g[id^="patch_"]')).map((g) => g.getBoundingClientRect());
    if (!glyphs.length) return null;
    const edge = (k, f) => f(...glyphs.map((b) => b[k]));
    const box = {x0: edge('left', Math.min), y0: edge('top', Math.min),
      x1: edge('right', Math.max), y1: edge('bottom', Math.max)};
    const note = [...t.childNodes].find((c) => c.nodeType === Node.COMMENT_NODE);
    const text = (note ? note.data : t.id).trim();  // matplotlib writes the text as a comment
    return {text, own: t.id.replace('label', 'edge'), ...box};
  }).filter(Boolean);
  const inside = (p, b, pad) => p.x > b.x0 + pad && p.x < b.x1 - pad
    && p.y > b.y0 + pad && p.y < b.y1 - pad;
  const out = [];
  for (const b of labels) {
    for (const e of lines) {
      const hits = e.id === b.own ? [] : e.points.filter((p) => inside(p, b, 0.5 - e.half));
      if (hits.length) out.push(`label ${JSON.stringify(b.text)} crossed by ${e.id}`);
    }
  }
  labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => {
    if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5)
      out.push(`labels ${JSON.stringify(a.text)} and ${JSON.stringify(b.text)} overlap`);
  }));
  return {labels: labels.length, edges: lines.length, problems: out};
}"""


@pytest.fixture(scope="module")
def site(request):
    """The built site; MICROMLP_SITE_DIR=path reuses one built beforehand."""
    prebuilt = os.environ.get("MICROMLP_SITE_DIR")
    return Path(prebuilt).resolve() if prebuilt else request.getfixturevalue("built_site")


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        path = find_browser(p)
        assert path is not None, INSTALL_HINT
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(browser):
    return browser.new_page()


def measure(page, svg, width=None):
    """What MEASURE finds in ``svg`` (the text of an SVG file) shown ``width`` px wide."""
    page.set_content(f"<!doctype html><html><body style='margin:0'>{svg}</body></html>")
    return page.evaluate(MEASURE, width)


# The figures a page shows (every fold open): the path of each SVG, and its width in CSS px.
SHOWN = r"""() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  return [...document.querySelectorAll('article img')]
    .filter((i) => i.getClientRects().length && /\.svg$/.test(new URL(i.src).pathname))
    .map((i) => [new URL(i.src).pathname, Math.round(i.getBoundingClientRect().width)]);
}"""
WIDTHS = (1280, 375)


def shown_widths(site, browser):
    """``{svg path relative to the site: {width, ...}}`` over every page, at each of WIDTHS.

    The pages load in the light palette; a dark figure is shown as wide as its light twin.
    """
    prefix, widths = site_prefix(site), {}
    with serve(site, prefix) as base:
        for viewport in WIDTHS:
            page = browser.new_page(viewport={"width": viewport, "height": 900})
            for name in discover_pages(site):
                page.goto(base + name)
                page.evaluate(LOAD_SHOWN)
                page.wait_for_function(IMAGES_DONE, timeout=15000)
                page.evaluate(FRAMES)
                for src, width in page.evaluate(SHOWN):
                    light = src[len(prefix) :]
                    for svg in (light, light.replace("-light.svg", "-dark.svg")):
                        widths.setdefault(svg, set()).add(width)
            page.close()
    return widths


@pytest.fixture(scope="module")
def measured(site, browser, page):
    """``{svg path: [MEASURE's result at each width the pages show it at]}``, every figure."""
    widths = shown_widths(site, browser)
    out = {}
    for svg in sorted(site.glob("figures/*.svg")) + sorted(site.glob("notebooks/*/figures/*.svg")):
        name = svg.relative_to(site).as_posix()
        text = svg.read_text(encoding="utf-8")
        out[name] = [
            {"width": w, **measure(page, text, w)} for w in sorted(widths.get(name, {None}))
        ]
    return out


def test_every_figure_is_measured_where_the_pages_show_it(measured):
    names = sorted(measured)
    # 32 figures of the pages and 9 of the notebooks, in both palettes
    assert len([n for n in names if n.startswith("figures/")]) >= 2 * 32, names
    assert len([n for n in names if n.startswith("notebooks/")]) >= 2 * 9, names
    shown = [n for n, results in measured.items() if results[0]["width"] is not None]
    assert len(shown) >= 0.9 * len(names), sorted(set(names) - set(shown))
    # on a phone a figure is narrower than on a desktop: each is measured at both
    assert sum(len(results) >= 2 for results in measured.values()) >= 0.9 * len(names)
    assert all(r["labels"] > 0 for results in measured.values() for r in results), [
        n for n, results in measured.items() if not results[0]["labels"]
    ]


def _problems(measured, kind):
    """The problems of one kind (``"labels "`` or ``"label "``), each named by figure and width."""
    return [
        f"{name} at {r['width'] or 'its own'} px: {problem}"
        for name, results in measured.items()
        for r in results
        for problem in r["problems"]
        if problem.startswith(kind)
    ]


def test_no_two_labels_of_a_figure_overlap(measured):
    problems = _problems(measured, "labels ")
    assert not problems, "\n".join(problems)


def test_no_label_of_a_network_diagram_is_crossed_by_an_edge(measured):
    diagrams = {name: rs for name, rs in measured.items() if rs[0]["edges"]}
    # every diagram of the network: structure (3), forward (3), backprop (4), prediction (2), home
    assert len(diagrams) >= 2 * 13, sorted(diagrams)
    problems = _problems(diagrams, "label ")
    assert not problems, "\n".join(problems)


# A label crossed by an edge and two labels on each other, and a clean diagram.
BROKEN = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 width="200" height="100"><defs><path id="g" d="M0 0 L10 0 L10 -10 L0 -10 Z"/></defs>
<g id="mlp-edge-0"><path d="M 0 50 L 200 50" stroke="black"/></g>
<g id="text_1"><!-- crossed --><g transform="translate(100 55)"><use xlink:href="#g"/></g></g>
<g id="mlp-label-0"><!-- own --><g transform="translate(150 55)"><use xlink:href="#g"/></g></g>
<g id="text_2"><!-- a --><g transform="translate(20 30)"><use xlink:href="#g"/></g></g>
<g id="text_3"><!-- b --><g transform="translate(25 32)"><use xlink:href="#g"/></g></g>
</svg>"""


def test_the_measure_finds_a_crossing_and_an_overlap(page):
    assert measure(page, BROKEN)["problems"] == [
        'label "crossed" crossed by mlp-edge-0',
        'labels "a" and "b" overlap',
    ]
    clean = BROKEN.replace("translate(100 55)", "translate(100 80)").replace("25 32", "60 32")
    assert measure(page, clean)["problems"] == []


def crowded(gap):
    """A figure drawn and saved as the site's are: two ticks and two texts ``gap`` apart.

    ``gap`` is a fraction of the axes' width (3 inches: 0.1 is about 17 pt).
    """

    def draw(runs, theme):
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.plot([0, 1], [0, 1], color=theme.text)
        ax.set_xticks([0.2, 0.2 + gap], ["tick one", "tick two"])
        ax.text(0.2, 0.5, "left text", transform=ax.transAxes)
        ax.text(0.2 + gap, 0.5, "right", transform=ax.transAxes)
        return fig

    return Figure(draw=draw, alt="Two ticks and two texts.", caption="Crowded.", page="test")


def test_a_figure_whose_labels_overlap_fails(page, tmp_path, monkeypatch):
    """A real matplotlib figure, saved by scripts/generate.py: caught, then clean once spread."""
    overlaps = {
        'labels "tick one" and "tick two" overlap',
        'labels "left text" and "right" overlap',
    }
    for gap, want in ((0.1, overlaps), (0.6, set())):
        monkeypatch.setitem(FIGURES, "crowded", crowded(gap))
        generate.save_figure({"test": None}, tmp_path, "crowded")
        for theme in ("light", "dark"):
            svg = (tmp_path / f"crowded-{theme}.svg").read_text(encoding="utf-8")
            for width in (None, 375):
                result = measure(page, svg, width)
                assert result["labels"] >= 4, result  # the two ticks, the two texts, y's ticks
                assert set(result["problems"]) == want, (gap, theme, width, result)


# The font size, in CSS px, of each "0" of the dead-unit heatmap as the page shows
# it: matplotlib draws a glyph at scale(s) of its 100-unit outline (s * 100 pt),
# and the figure's width in pt (viewBox) is shown at the image's width in px.
HEATMAP_DIGITS = r"""async () => {
  const img = document.querySelector('img[src*="figures/dead_relu-light.svg"]');
  img.scrollIntoView();
  const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), 'image/svg+xml');
  const width = parseFloat(svg.documentElement.getAttribute('viewBox').split(/\s+/)[2]);
  const sizes = [];
  for (const g of svg.querySelectorAll('g[id^="text_"]')) {
    const note = [...g.childNodes].find((c) => c.nodeType === Node.COMMENT_NODE);
    const scale = /scale\(([\d.]+)/.exec(g.innerHTML);
    if (note && note.data.trim() === '0' && scale)
      sizes.push(parseFloat(scale[1]) * 100 * img.getBoundingClientRect().width / width);
  }
  return sizes;
}"""


def test_the_dead_unit_heatmaps_digits_are_12_px_on_a_phone(site, page):
    with serve(site, site_prefix(site)) as base:
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(base + "prediction/")
        sizes = page.evaluate(HEATMAP_DIGITS)
    assert len(sizes) > 20, sizes  # a "0" for each unit that is off on a day, in 3 panels
    assert min(sizes) >= 12, f"the heatmap's digits are {min(sizes):.1f} px at 375 px"
