"""The network diagrams: no label crossed by an edge, no two labels on each other.

Every static figure of the built site that draws the network (scripts/draw.py
marks its edges ``mlp-edge-K`` and its nodes ``mlp-node-L-I`` in the SVG) is
measured in Chromium, in both palettes: the box of each label's glyphs (the
text as drawn, not the patch behind it), and points every 0.5 px along each
edge, leaving out the parts under a node (a node is drawn over its edges).

- An edge crosses a label when its ink reaches into the label's box: a point
  of its line lies inside the box grown by half the stroke's width (less
  0.5 px). A weight is written on its own edge, on a patch of page colour
  (scripts/draw.py marks it ``mlp-label-K``, the label of edge K): that edge
  may run under it, any other is a crossing.
- Two labels overlap when their boxes do, by more than 0.5 px either way.

The dead-unit heatmap's digits are measured too, as a phone shows them.
"""

import os
from pathlib import Path

import pytest
from browser_helpers import CHROMIUM_ARGS, INSTALL_HINT, find_browser, serve, site_prefix
from playwright.sync_api import sync_playwright

MEASURE = r"""() => {
  const svg = document.querySelector('svg');
  const edges = [...svg.querySelectorAll('[id^="mlp-edge-"]')];
  if (!edges.length) return null;
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
def page():
    with sync_playwright() as p:
        path = find_browser(p)
        assert path is not None, INSTALL_HINT
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser.new_page()
        browser.close()


def measure(page, svg):
    page.set_content(f"<!doctype html><html><body style='margin:0'>{svg}</body></html>")
    return page.evaluate(MEASURE)


def test_no_label_of_a_network_diagram_is_crossed_by_an_edge_or_another_label(site, page):
    found, problems = [], []
    for svg in sorted((site / "figures").glob("*.svg")):
        result = measure(page, svg.read_text(encoding="utf-8"))
        if result is None:
            continue
        found.append(svg.stem)
        assert result["labels"] > 0 and result["edges"] > 0, (svg.name, result)
        problems += [f"{svg.name}: {p}" for p in result["problems"]]
    # every diagram of the network: structure (3), forward (3), backprop (4), prediction (2), home
    assert len(found) >= 2 * 13, found
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
