"""How long each page's main line is, in phone screens (issue 23, item 6).

The *main line* of a page is what a reader who opens no collapsible block
reads. Its length in *phone screens* is measured in headless Chromium at a
375 x 667 viewport (a small phone, CSS pixels): every ``<details>`` of the page
closed (derivations, errata, exercise answers), every block laid out
(``LOAD_SHOWN``: no height guessed by ``content-visibility``), every image
loaded, then the height of the page's ``<article>`` divided by 667.

The test fails when the backpropagation page's main line is 12 screens or
more, or any other page's 20 or more: fold derivations and checks into
collapsed ``??? note`` blocks, or split the page (CONTRIBUTING.md, "Keep the
main line short"). The API reference is split the same way, a few modules to
a page (docs/api/). The test prints every page's length, longest first.
"""

import os
from pathlib import Path

import pytest
from browser_helpers import (
    CHROMIUM_ARGS,
    FRAMES,
    IMAGES_DONE,
    INSTALL_HINT,
    LOAD_SHOWN,
    MATH_DONE,
    discover_pages,
    find_browser,
    serve,
    site_prefix,
)
from playwright.sync_api import sync_playwright

PHONE = {"width": 375, "height": 667}
# Limits, in phone screens: a page at or over its limit fails.
LIMITS = {"backprop/": 12}
DEFAULT_LIMIT = 20

# Close every <details>, then the height of the article in CSS pixels.
ARTICLE_HEIGHT = """() => {
  for (const d of document.querySelectorAll('details')) d.open = false;
  const article = document.querySelector('article');
  return article ? article.getBoundingClientRect().height : 0;
}"""


@pytest.fixture(scope="module")
def site(request):
    prebuilt = os.environ.get("MICROMLP_SITE_DIR")
    return Path(prebuilt).resolve() if prebuilt else request.getfixturevalue("built_site")


def measure(site):
    """Every page of ``site`` (a built site folder): its main line in phone screens."""
    screens = {}
    with sync_playwright() as p, serve(site, site_prefix(site)) as base:
        path = find_browser(p)
        assert path is not None, INSTALL_HINT
        chromium = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        context = chromium.new_context(viewport=PHONE)
        page = context.new_page()
        for name in discover_pages(site):
            page.goto(base + name)
            page.wait_for_function(MATH_DONE, timeout=15000)
            page.evaluate(LOAD_SHOWN)
            page.wait_for_function(IMAGES_DONE, timeout=15000)
            page.evaluate(FRAMES)
            height = page.evaluate(ARTICLE_HEIGHT)
            page.evaluate(FRAMES)
            height = page.evaluate(ARTICLE_HEIGHT)  # again, once the closed blocks are laid out
            screens[name] = height / PHONE["height"]
        chromium.close()
    return screens


def test_main_line_fits_in_phone_screens(site, capsys):
    screens = measure(site)
    with capsys.disabled():
        print("\n[page length] main line in 375 x 667 phone screens, all <details> closed:")
        for name, n in sorted(screens.items(), key=lambda item: -item[1]):
            print(f"  {n:5.1f}  {name or '/'}")
    assert len(screens) > 15, sorted(screens)  # every page was found and measured
    assert set(LIMITS) <= set(screens), sorted(set(LIMITS) - set(screens))  # a renamed page
    assert all(n > 1 for n in screens.values()), screens  # each article was there
    too_long = {
        name: round(n, 1) for name, n in screens.items() if n >= LIMITS.get(name, DEFAULT_LIMIT)
    }
    assert not too_long, (
        f"main line too long (phone screens; limits {LIMITS}, else {DEFAULT_LIMIT}): {too_long}"
    )
