"""A book's layout, measured in Chromium: equation numbers, errata, controls.

- An equation's number (scripts/hook/numbering.py) never overlaps its equation,
  at 1280 px (on its right) and at 375 px (under it).
- Errata about the source are ``??? erratum`` admonitions (docs/assets/book.css):
  from 1220 px on, open notes floated at the right of the text column, ending
  above the next section's heading; on a phone, closed (only their title
  shows). Checked on every page of the built site that has one; every
  admonition of docs/ (pages and notebooks, sub-folders too) whose title says
  "erratum", in any case, is of that type.
- Every control of the article (buttons, inputs, selects, a details' summary,
  Material's buttons) has text at 4.5:1 or more on what is under it, in both
  palettes, on every page.
"""

import os
import re
from pathlib import Path

import pytest
from browser_helpers import CHROMIUM_ARGS, INSTALL_HINT, find_browser, serve, site_prefix
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(request):
    """The built site; MICROMLP_SITE_DIR=path reuses one built beforehand."""
    prebuilt = os.environ.get("MICROMLP_SITE_DIR")
    return Path(prebuilt).resolve() if prebuilt else request.getfixturevalue("built_site")


@pytest.fixture(scope="module")
def browser(site):
    with sync_playwright() as p, serve(site, site_prefix(site)) as base:
        path = find_browser(p)
        assert path is not None, INSTALL_HINT
        chromium = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium, base
        chromium.close()


def pages(site):
    return sorted(
        str(p.parent.relative_to(site)) + "/"
        for p in site.glob("*/index.html")
        if (p.parent / "index.html").read_text(encoding="utf-8").find("<article") >= 0
    )


# Each numbered display equation: does its number's box overlap a box of the formula?
TAG_OVERLAP = r"""() => [...document.querySelectorAll('.katex-display .katex-tag')]
  .filter((t) => t.getClientRects().length)
  .flatMap((t) => {
    const tag = [...t.querySelectorAll('.mord')].map((m) => m.getBoundingClientRect())
      .filter((b) => b.width);
    const html = t.closest('.katex-html');
    const ink = [...html.querySelectorAll(':scope > .base .mord, :scope > .base .mrel, '
      + ':scope > .base .mbin, :scope > .base .mopen, :scope > .base .mclose')]
      .map((m) => m.getBoundingClientRect()).filter((b) => b.width && b.height);
    const hit = ink.some((a) => tag.some((b) => a.left < b.right - 1 && b.left < a.right - 1
      && a.top < b.bottom - 1 && b.top < a.bottom - 1));
    return [[t.textContent, hit]];
  })"""


def test_equation_numbers_never_overlap_their_equation(site, browser):
    chromium, base = browser
    found, tags = [], 0
    for width in (1280, 375):
        page = chromium.new_page(viewport={"width": width, "height": 900})
        for path in pages(site):
            page.goto(base + path)
            for tag, hit in page.evaluate(TAG_OVERLAP):
                tags += 1
                if hit:
                    found.append(f"{path} at {width} px: {tag}")
        page.close()
    assert tags > 2 * 40, f"only {tags} numbered equations seen"
    assert not found, "\n".join(found)


def errata_pages(site):
    """Every page of the built site with an erratum, sub-folders included."""
    return sorted(
        str(p.parent.relative_to(site)) + "/"
        for p in site.rglob("index.html")
        if re.search(r'<details class="erratum"', p.read_text(encoding="utf-8"))
    )


def test_the_errata_pages_are_found(site):
    assert {"dataset/", "forward/", "derivatives/"} <= set(errata_pages(site))


ERRATA = r"""() => [...document.querySelectorAll('details.erratum')].map((d) => {
  const column = d.closest('.md-typeset').getBoundingClientRect();
  const body = [...d.children].find((c) => c.tagName !== 'SUMMARY');
  const box = d.getBoundingClientRect();
  let next = d.nextElementSibling;
  while (next && next.tagName !== 'H2') next = next.nextElementSibling;
  return {float: getComputedStyle(d).float, right: column.right - box.right,
          share: box.width / column.width, open: d.open,
          above: next ? next.getBoundingClientRect().top - box.bottom : 0,
          shown: body.checkVisibility() && body.getBoundingClientRect().height > 0};
})"""


def test_errata_are_margin_notes_on_a_wide_screen_and_closed_on_a_phone(site, browser):
    chromium, base = browser
    for width in (1280, 375):
        page = chromium.new_page(viewport={"width": width, "height": 900})
        for path in errata_pages(site):
            page.goto(base + path)
            notes = page.evaluate(ERRATA)
            assert notes, f"{path}: no erratum"
            for note in notes:
                if width == 1280:
                    assert note["float"] == "right" and note["shown"], (path, note)
                    assert abs(note["right"]) < 1 and note["share"] < 0.5, (path, note)
                    assert note["above"] >= 0, (path, note)  # ends before the next h2
                else:
                    assert note["float"] == "none" and not note["shown"], (path, note)
                    assert not note["open"], (path, note)
        page.close()


# An admonition (also in a notebook's Markdown cell, after "# ") whose title says erratum.
WRONG_TYPE = re.compile(r'^[#\s]*(?:!!!|\?\?\?\+?) (?!erratum\b)[\w-]+[^"\n]*"[^"\n]*erratum', re.I)


def test_every_erratum_of_the_pages_is_one():
    """An admonition whose title says "erratum", in any case, is of the type erratum."""
    sources = [p for p in (ROOT / "docs").rglob("*") if p.suffix in (".md", ".py")]
    assert any(p.parent.name == "notebooks" for p in sources)
    wrong = [
        f"{page.relative_to(ROOT)}: {line.strip()}"
        for page in sources
        for line in page.read_text(encoding="utf-8").splitlines()
        if WRONG_TYPE.match(line)
    ]
    assert not wrong, wrong


@pytest.mark.parametrize(
    "line",
    ['!!! note "An erratum: x"', '??? warning "erratum"', '# ???+ danger "ERRATUM: x"'],
)
def test_the_erratum_type_check_bites(line):
    assert WRONG_TYPE.match(line)
    assert not WRONG_TYPE.match('??? erratum "Erratum: x"')


# Text colour against the colour under it (the first opaque background up the tree).
CONTRAST = r"""() => {
  const parse = (c) => (/rgba?\(([^)]+)\)/.exec(c) || [0, '0,0,0,0'])[1]
    .split(/[\s,\/]+/).filter(Boolean).map(Number);
  const lum = (rgb) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const under = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] >= 1) return c;
    }
    return parse(getComputedStyle(document.body).backgroundColor);
  };
  const out = [];
  for (const el of document.querySelectorAll('article :is(button, select, input, summary, '
      + 'label, .md-button)')) {
    const text = (el.textContent || el.value || '').trim();
    if (!el.getClientRects().length || !text) continue;
    const fg = parse(getComputedStyle(el).color), bg = under(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    out.push([el.tagName.toLowerCase() + ' ' + JSON.stringify(text.slice(0, 30)),
              (a + 0.05) / (b + 0.05)]);
  }
  return out;
}"""


def test_every_control_has_contrast_in_both_palettes(site, browser):
    chromium, base = browser
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => {"
        "const s = document.createElement('style');"
        "s.textContent = '* { transition: none !important; }';"
        "document.head.append(s); });"
    )
    low, seen = [], 0
    for path in pages(site):
        page.goto(base + path)
        page.wait_for_timeout(300)  # the widgets draw their controls
        for scheme in ("default", "slate"):
            page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            page.wait_for_timeout(50)
            found = page.evaluate(CONTRAST)
            seen += len(found)
            low += [f"{path} [{scheme}] {what}: {r:.2f}:1" for what, r in found if r < 4.5]
    page.close()
    assert seen > 200, f"only {seen} controls found"
    assert not low, "\n".join(low)


def test_the_contrast_check_finds_a_faint_control(browser):
    chromium, base = browser
    page = chromium.new_page()
    page.goto(base + "epochs/")
    page.add_style_tag(content="article summary { color: #bbb !important; }")
    faint = [r for what, r in page.evaluate(CONTRAST) if what.startswith("summary")]
    page.close()
    assert faint and max(faint) < 4.5, faint
