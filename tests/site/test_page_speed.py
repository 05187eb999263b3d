"""The built pages avoid the start-up work that made them slow on a phone.

Each test pins one fix that `make lighthouse` (scripts/lighthouse.py) measured:
Material's JavaScript styling the whole page again at start-up, for a table it
moves, a palette it sets or stylesheets it re-links. The times themselves are a
report, not a test (rule 8); these tests fail when a fix is undone.
"""

import re
from pathlib import Path

import pytest

from scripts.hook import html_post, speed

ROOT = Path(__file__).resolve().parents[2]

# Every <table ...> tag, and the opening of Material's wrapper just before it.
TABLE_TAG = re.compile(r"<table\b[^>]*>")
WRAPPER = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
# The widgets' scripts (docs/assets/).
WIDGET_SCRIPTS = {"widgets.js", "micromlp.js", "live.js", "slider.js"}
# One CSS rule, "selectors{declarations}", inside or outside an @media block.
RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")


def pages(site):
    return sorted(site.rglob("*.html"))


def rules(css):
    """``{(selector, declarations)}`` of every rule, whitespace removed."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s*([{}:;,>+])\s*", r"\1", css)
    return {(sel.strip(), body.strip().rstrip(";")) for sel, body in RULE.findall(css)}


def test_markdown_tables_are_wrapped_at_build_time(built_site):
    """No page leaves Material a table to move: each sits in its wrapper already."""
    checked = 0
    for page in pages(built_site):
        html = page.read_text(encoding="utf-8")
        for match in TABLE_TAG.finditer(html):
            tag = match.group()
            assert tag != "<table>", f"{page.relative_to(built_site)}: a table without a class"
            if "mlp-prewrapped" in tag:
                checked += 1
                assert html[: match.start()].endswith(WRAPPER), (
                    f"{page.relative_to(built_site)}: {tag} is not in Material's wrapper"
                )
    assert checked >= 10  # the guide's tables (notation, recap, the generated ones)


def test_the_wrapping_hook_wraps_only_plain_tables():
    html = '<p>x</p><table>\n<tr><td>1</td></tr>\n</table><table class="other"></table>'
    out = html_post.splice(html, html_post._edits(html))
    assert out == (
        "<p>x</p>" + WRAPPER + '<table class="mlp-prewrapped">\n<tr><td>1</td></tr>\n'
        '</table></div></div><table class="other"></table>'
    )


def test_wrapped_tables_get_materials_table_style(built_site):
    """layout.css gives table.mlp-prewrapped every rule Material has for table:not([class])."""
    (main,) = (built_site / "assets" / "stylesheets").glob("main.*.min.css")
    material = {
        (sel.replace("table:not([class])", "table.mlp-prewrapped"), body)
        for sel, body in rules(main.read_text(encoding="utf-8"))
        if "table:not([class])" in sel
    }
    ours = rules((built_site / "assets" / "layout.css").read_text(encoding="utf-8"))
    assert len(material) >= 10
    missing = sorted(material - ours)
    assert not missing, f"layout.css lacks or differs from Material's table rules: {missing}"


@pytest.mark.parametrize(
    "name", ["index.html", "backprop/index.html", "notebooks/train/index.html"]
)
def test_palette_is_ours_not_materials_component(built_site, name):
    html = (built_site / name).read_text(encoding="utf-8")
    assert 'data-md-component="palette"' not in html
    form = html.index('<form class="md-header__option" data-mlp-palette>')
    script = html.index('document.querySelector("form[data-mlp-palette]")')
    article = html.index("<article")
    assert form < script < article  # set up before the article is parsed


def test_head_links_are_made_absolute_after_the_last_one(built_site):
    """The script that turns <head>'s links absolute comes after every one of them."""
    marker = 'document.querySelectorAll("head link[href]")'
    for page in pages(built_site):
        html = page.read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        assert head.count(marker) == 1, page.relative_to(built_site)
        links = [m.start() for m in re.finditer(r"<link\b", head)]
        assert links and max(links) < head.index(marker), page.relative_to(built_site)


def test_widget_scripts_are_not_loaded_by_every_page(built_site):
    """Only the pages with a widget load its scripts (docs/overrides/main.html)."""
    for page in pages(built_site):
        html = page.read_text(encoding="utf-8")
        sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
        assert not [s for s in sources if s.rsplit("/", 1)[-1] in WIDGET_SCRIPTS], page
    loader = (built_site / "live" / "index.html").read_text(encoding="utf-8")
    assert 'Promise.all([load("widgets.js"), load("micromlp.js")])' in loader
    assert '.then(function () { return load("live.js"); })' in loader
    assert 'load("widgets.js").then(function () { return load("slider.js"); })' in loader


def test_materials_bundle_is_deferred_and_what_uses_it_runs_after(built_site):
    """The bundle does not hold up the first paint; the scripts that use document$ follow it.

    A classic inline script after a deferred one would run first, before document$ exists
    (a console error the browser tests report); a module runs after it, in order.
    """
    for page in pages(built_site):
        html = page.read_text(encoding="utf-8")
        bundle = re.search(
            r'<script\b([^>]*)\bsrc="[^"]*/javascripts/bundle\.[0-9a-f]+\.min\.js"', html
        )
        assert bundle and "defer" in bundle.group(1).split(), page.relative_to(built_site)
        after = re.findall(r"<script\b([^>]*)>(.*?)</script>", html[bundle.end() :], re.S)
        users = [attrs for attrs, code in after if "document$" in code]
        assert len(users) == 2, page.relative_to(built_site)
        assert all('type="module"' in attrs for attrs in users), page.relative_to(built_site)


def test_the_first_blocks_end_where_the_css_starts_deferring():
    html = '<article><p>a<br>b</p><div><span class="katex">x</span></div><img src=a><p/>c</article>'
    start = html.index(">") + 1
    ends = [html[start : html_post.end_of_blocks(html, start, n)] for n in (1, 2, 3, 4, 5)]
    assert ends == [
        "<p>a<br>b</p>",
        '<p>a<br>b</p><div><span class="katex">x</span></div>',
        '<p>a<br>b</p><div><span class="katex">x</span></div><img src=a>',
        '<p>a<br>b</p><div><span class="katex">x</span></div><img src=a><p/>',
        '<p>a<br>b</p><div><span class="katex">x</span></div><img src=a><p/>c',  # then </article>
    ]
    css = (ROOT / "docs" / "assets" / "layout.css").read_text(encoding="utf-8")
    assert f":nth-child(n+{speed.FIRST_BLOCKS + 1})" in css


def test_only_the_first_screens_fonts_are_preloaded(built_site):
    """backprop preloads the fonts of its first blocks, not those only used further down."""
    html = (built_site / "backprop" / "index.html").read_text(encoding="utf-8")
    preloaded = set(re.findall(r'rel="preload" href="[^"]*/(KaTeX_[\w-]+)\.woff2"', html))
    used = html_post.class_names(html)
    fonts = {font for cls, font in speed.FONT_CLASSES.items() if cls in used}
    # The first blocks: the intro, the five local rules (bold 1, \bigl) and the output error.
    first = {"KaTeX_Main-Regular", "KaTeX_Math-Italic", "KaTeX_Size3-Regular"}
    assert preloaded == first | {"KaTeX_Main-Bold", "KaTeX_Size1-Regular"}
    assert fonts - preloaded == {"KaTeX_Size2-Regular"}
