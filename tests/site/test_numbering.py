"""Numbered figures and equations, and the cross-references to them (scripts/hook/numbering.py).

The hook's functions are checked on small pages made here (fast), and the
built site: every figure of a chapter captioned "Figure N.k" in page order,
every display equation tagged (N.k), every reference filled in.
"""

import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.exceptions import PluginError

from scripts.hook import numbering

ROOT = Path(__file__).resolve().parents[2]


def nav():
    class Loader(yaml.SafeLoader):  # mkdocs.yml has !!python/name tags in places
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader)["nav"]


def test_chapters_are_the_steps_and_what_follows_them_counted_from_0():
    chapters = numbering.chapters(nav())
    assert chapters["structure.md"] == "0"
    assert chapters["backprop.md"] == "3" and chapters["derivatives.md"] == "3a"
    assert chapters["update.md"] == "4" and chapters["recap.md"] == "10"
    assert chapters["classes.md"] == "11" and chapters["optimizers.md"] == "12"
    assert chapters["notebooks/train.py"] == "14" and chapters["live.md"] == "17"
    for page in ("index.md", "dataset.md", "notation.md", "api/index.md", "api/sklearn.md"):
        assert page not in chapters
    whole = [label for label in chapters.values() if label.isdigit()]
    assert whole == [str(n) for n in range(len(whole))]


def test_every_chapters_nav_title_starts_with_its_label():
    chapters = numbering.chapters(nav())
    titles = dict((uri, title) for title, uri in numbering.pages_in_nav(nav()))
    wrong = [
        titles[uri] for uri, label in chapters.items() if not titles[uri].startswith(label + " ")
    ]
    assert not wrong, wrong


FIGURE = '<figure id="fig-{}"><img src="x.svg"/><figcaption>{}</figcaption></figure>'
EQUATION = '<div class="arithmatex">\\[ {} \\]</div>'


def page(uri, url, content, title=None):
    return SimpleNamespace(
        file=SimpleNamespace(src_uri=uri),
        url=url,
        title=title if title is not None else {"a.md": "0 A", "b.md": "1 B"}.get(uri, "Home"),
        content=content,
        present_anchor_ids=set(),
    )


def number(*pages, nav_=None):
    files = SimpleNamespace(documentation_pages=lambda: [SimpleNamespace(page=p) for p in pages])
    config = {"nav": nav_ or [{"Home": "index.md"}, {"A": "a.md"}, {"B": "b.md"}]}
    numbering.number_site(config, files)
    return pages


def test_figures_and_equations_are_numbered_in_page_order_and_referenced_across_pages():
    a = page(
        "a.md",
        "a/",
        FIGURE.format("one", "First.")
        + EQUATION.format("x = 1")
        + "<figure><img/></figure>"  # no caption: no number
        + FIGURE.format("two", "Second.")
        + EQUATION.format("\\label{eq-sum} y = x + 1")
        + '<p>See <a href="#fig-two"></a>, <a href="#eq-sum"></a> and '
        '<a href="../b/#fig-three"></a>.</p>',
    )
    b = page("b.md", "b/", FIGURE.format("three", "Third.") + '<a href="../a/#eq-sum"></a>')
    number(a, b)
    assert '<figcaption><span class="mlp-fignum">Figure 0.1.</span> First.' in a.content
    assert '<figcaption><span class="mlp-fignum">Figure 0.2.</span> Second.' in a.content
    assert "\\[ x = 1 \\tag{0.1}\\]" in a.content
    assert '<div class="arithmatex" id="eq-sum">\\[  y = x + 1 \\tag{0.2}\\]' in a.content
    assert "label" not in a.content
    assert '<a class="mlp-ref" href="#fig-two">Figure 0.2</a>' in a.content
    assert '<a class="mlp-ref" href="#eq-sum">(0.2)</a>' in a.content
    assert '<a class="mlp-ref" href="../b/#fig-three">Figure 1.1</a>' in a.content
    assert '<a class="mlp-ref" href="../a/#eq-sum">(0.2)</a>' in b.content
    assert {"fig-one", "fig-two", "eq-sum"} <= a.present_anchor_ids


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('<a href="#fig-nowhere"></a>', "a.md: the reference [](#fig-nowhere) names no numbered"),
        ('<a href="#eq-nowhere"></a>', "a.md: the reference [](#eq-nowhere) names no numbered"),
        (
            FIGURE.format("x", "X.") + '<a href="../b/#fig-x"></a>',
            "links to '../b/'; it is on a.md",
        ),
        (EQUATION.format("\\label{sum} y"), "a label starts with eq-"),
        (EQUATION.format("\\label{eq-a} y") + EQUATION.format("\\label{eq-a} z"), "given twice"),
        (FIGURE.format("x", "X.") + FIGURE.format("x", "X."), "'fig-x' is given twice"),
    ],
)
def test_a_broken_reference_or_label_fails_the_build_and_says_where(content, message):
    with pytest.raises(PluginError, match=re.escape(message)):
        number(page("a.md", "a/", content), page("b.md", "b/", ""))


def test_a_label_on_an_unnumbered_page_fails():
    with pytest.raises(PluginError, match=re.escape("index.md: \\label{eq-a} on a page that")):
        number(page("index.md", "", EQUATION.format("\\label{eq-a} y")))


def test_a_title_whose_number_is_not_the_chapters_fails():
    with pytest.raises(PluginError, match="b.md is chapter 1 .* title '3 Backpropagation'"):
        number(page("b.md", "b/", "", title="3 Backpropagation"))
    with pytest.raises(PluginError, match="b.md is chapter 1 .* title 'Backpropagation'"):
        number(page("b.md", "b/", "", title="Backpropagation"))  # no number at all
    with pytest.raises(
        PluginError, match=re.escape("b.md is chapter 1 (its place in the nav) but its <h1>")
    ):
        number(page("b.md", "b/", '<h1 id="x">Backprop<a href="#x">¶</a></h1>', title="1 Backprop"))
    number(page("b.md", "b/", '<h1 id="x">1 Backprop<a href="#x">¶</a></h1>', title="1 Backprop"))


def test_a_part_of_a_chapter_takes_its_label_and_no_number():
    pages = [{"0 A": "a.md"}, {"0a A, more": "b.md"}, {"1 C": "c.md"}, {"2a Orphan": "d.md"}]
    assert numbering.chapters(pages) == {"a.md": "0", "b.md": "0a", "c.md": "1", "d.md": "2"}
    b = page("b.md", "b/", FIGURE.format("x", "X.") + EQUATION.format("y"), title="0a A, more")
    number(page("a.md", "a/", "", title="0 A"), b, nav_=pages[:2])
    assert "Figure 0a.1." in b.content and "\\tag{0a.1}" in b.content


# -- the built site -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(request):
    """The built site; MICROMLP_SITE_DIR=path reuses one built beforehand."""
    prebuilt = os.environ.get("MICROMLP_SITE_DIR")
    return Path(prebuilt).resolve() if prebuilt else request.getfixturevalue("built_site")


def chapter_pages(site_dir):
    for uri, n in numbering.chapters(nav()).items():
        path = site_dir / re.sub(r"(index)?\.(md|py)$", "", uri) / "index.html"
        yield uri, n, path.read_text(encoding="utf-8")


def test_every_figure_and_equation_of_a_chapter_has_its_number(site):
    figures = equations = 0
    for uri, n, html in chapter_pages(site):
        article = html[html.index("<article") : html.index("</article>")]
        captions = re.findall(r"<figcaption>(.*?)</figcaption>", article, re.S)
        numbers = [
            re.match(r'<span class="mlp-fignum">Figure (\d+[a-z]?\.\d+)\.</span> ', c)
            for c in captions
        ]
        assert all(numbers), f"{uri}: a caption without its number: {captions}"
        assert [m[1] for m in numbers] == [f"{n}.{k}" for k in range(1, len(numbers) + 1)], uri
        displays = article.count('class="katex-display"')
        tags = re.findall(r"\\tag\{(\d+[a-z]?\.\d+)\}</annotation>", article)
        assert tags == [f"{n}.{k}" for k in range(1, displays + 1)], f"{uri}: {tags}"
        figures, equations = figures + len(numbers), equations + len(tags)
    assert figures > 20 and equations > 40, (figures, equations)


def test_every_reference_is_filled_in(site):
    refs = 0
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r'<a href="[^"]*#(fig|eq)-[^"]*"></a>', html), path
        for text in re.findall(r'<a class="mlp-ref" href="[^"]*">([^<]*)</a>', html):
            assert re.fullmatch(r"Figure \d+[a-z]?\.\d+|\(\d+[a-z]?\.\d+\)", text), (path, text)
            refs += 1
    assert refs >= 6


def test_a_notebooks_display_equations_are_numbered_but_not_its_code():
    html = (
        '<div class="jupyter-wrapper"><div class="jp-RenderedMarkdown"><p>$$a = 1$$ and '
        "$b$</p><p>$$\nc = 2\n$$</p></div><pre>x = '$$no$$'</pre></div>"
    )
    nb = page("b.md", "b/", html)
    number(nb)
    assert "$$a = 1\\tag{1.1}$$" in nb.content
    assert "$$\nc = 2\n\\tag{1.2}$$" in nb.content
    assert "<pre>x = '$$no$$'</pre>" in nb.content
