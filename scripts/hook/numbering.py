"""Numbered figures and display equations, and the cross-references to them, as in a book.

The chapters are the pages of the nav from the first step on, but the notation
and the API reference: ``0 Structure`` ... ``10 Recap``, then the pages beyond
the steps, the notebooks and the live network, counted from 0 in nav order. A
page whose title starts with a number and a letter (``3a The rules, derived``)
is a part of the chapter before it: its label is that number and letter, and
it takes no number of its own. Every chapter's title, in the nav and in its
``<h1>``, starts with its label (``11 Beyond two classes``); a title without
it, or with another, fails the build. Home, the dataset (it comes before step
0), the notation and the pages of the API reference are not numbered
(:data:`UNNUMBERED`).

On a chapter N (or 3a), every ``<figure>`` with a caption is Figure N.k (k in page
order; the caption starts with it) and every display equation is (N.k), on its
right (KaTeX's ``\\tag``). Cross-references, in Markdown:

- ``[](#fig-NAME)`` or ``[](page.md#fig-NAME)``: "Figure N.k", a link to the
  figure; ``NAME`` is the generated figure's (``--8<-- "figures/NAME.md"``,
  whose ``<figure>`` has the id ``fig-NAME``);
- ``[](#eq-NAME)``: "(N.k)", a link to the equation that carries
  ``\\label{eq-NAME}`` in its ``$$`` block (the label is taken out of the TeX).

A reference to a name that no page numbers, a label on a page that is not a
chapter, or a name given twice fails the build, saying which page and name.
It runs in ``on_env``: every page is rendered by then (so a page can refer to
a later one), and the search plugin indexes the pages after it.
"""

import re
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError

# Pages without a number; a name ending in "/" stands for every page of that folder.
UNNUMBERED = ("index.md", "dataset.md", "notation.md", "api/")
FIGURE = re.compile(r"<figure\b([^>]*)>(.*?)</figure>", re.S)
CAPTION = re.compile(r"<figcaption\b[^>]*>")
DISPLAY = re.compile(r'<div class="arithmatex"([^>]*)>(.*?)</div>', re.S)
LABEL = re.compile(r"\\label\{([^}]*)\}")
ID = re.compile(r'\bid="([^"]*)"')
NOTEBOOK_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)  # in a notebook's Markdown cells
PRE = re.compile(r"<pre\b.*?</pre>", re.S)
REF = re.compile(r'<a href="([^"#]*)#((?:fig|eq)-[^"]*)"></a>')


PART = re.compile(r"(\d+)([a-z]) ")  # "3a The rules, derived": a part of chapter 3
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
TAGS = re.compile(r"<[^>]+>")


def pages_in_nav(nav, title=""):
    """``(title, src_uri)`` of every page of mkdocs.yml's ``nav``, in order."""
    if isinstance(nav, str):
        return [(title, nav)]
    if isinstance(nav, dict):
        return [page for key, item in nav.items() for page in pages_in_nav(item, key)]
    return [page for item in nav or [] for page in pages_in_nav(item)]


def unnumbered(uri):
    """Whether the page ``uri`` (``api/network.md``) is one of :data:`UNNUMBERED`."""
    return any(uri == u or (u.endswith("/") and uri.startswith(u)) for u in UNNUMBERED)


def chapters(nav):
    """``{src_uri: label}`` for the numbered pages of ``nav`` (see the module docstring).

    The label is a string: ``"0"`` ... ``"17"``, or ``"3a"`` for a part of chapter 3.
    """
    labels, n = {}, -1
    for title, uri in pages_in_nav(nav):
        if unnumbered(uri) or "://" in uri:
            continue
        part = PART.match(title)
        if part and int(part[1]) == n:
            labels[uri] = f"{n}{part[2]}"
        else:
            n += 1
            labels[uri] = str(n)
    return labels


def check_title(uri, label, title, html):
    """Fail unless the page's title and its ``<h1>`` start with its chapter label."""
    h1 = H1.search(html)
    for what, text in (("title", title or ""), ("<h1>", TAGS.sub("", h1[1]) if h1 else None)):
        if text is not None and not text.startswith(f"{label} "):
            raise PluginError(
                f"{uri} is chapter {label} (its place in the nav) but its {what} {text!r} "
                f"does not start with {label!r}: number the title, in the nav and in the page"
            )


def number_figures(html, chapter, page, targets):
    """``html`` with each captioned figure's caption starting "Figure N.k"."""
    k = 0

    def one(match):
        nonlocal k
        caption = CAPTION.search(match[2])
        if caption is None:
            return match[0]
        k += 1
        number = f"{chapter}.{k}"
        name = ID.search(match[1])
        if name:
            _target(targets, name[1], page, f"Figure {number}")
        start = match.start(2) - match.start(0) + caption.end()
        label = f'<span class="mlp-fignum">Figure {number}.</span> '
        return match[0][:start] + label + match[0][start:]

    return FIGURE.sub(one, html)


def number_equations(html, chapter, page, targets):
    """``html`` with each display equation tagged (N.k), its ``\\label`` made its id."""
    k = 0

    def one(match):
        nonlocal k
        k += 1
        number = f"{chapter}.{k}"
        tex, attrs = match[2], match[1]
        labels = LABEL.findall(tex)
        if len(labels) > 1:
            raise PluginError(f"{page}: one equation has {len(labels)} labels {labels}; give one")
        if labels:
            if not labels[0].startswith("eq-"):
                raise PluginError(f"{page}: \\label{{{labels[0]}}}: a label starts with eq-")
            _target(targets, labels[0], page, f"({number})")
            attrs = f' id="{labels[0]}"' + attrs
        end = tex.rindex("\\]")
        tex = LABEL.sub("", tex[:end]) + f"\\tag{{{number}}}" + tex[end:]
        return f'<div class="arithmatex"{attrs}>{tex}</div>'

    html = DISPLAY.sub(one, html)
    if "jupyter-wrapper" not in html:
        return html
    return number_notebook_equations(html, chapter, page, k)


def number_notebook_equations(html, chapter, page, k):
    """A notebook's ``$$ .. $$`` (rendered after the hook, scripts/katex_render.js) tagged too."""

    def one(match):
        nonlocal k
        if LABEL.search(match[1]):
            raise PluginError(
                f"{page}: \\label in a notebook: refer to a notebook's equation by words"
            )
        k += 1
        return f"$${match[1]}\\tag{{{chapter}.{k}}}$$"

    out, at = [], 0
    for pre in PRE.finditer(html):  # code and its output are never math
        out += [NOTEBOOK_DISPLAY.sub(one, html[at : pre.start()]), pre[0]]
        at = pre.end()
    return "".join(out + [NOTEBOOK_DISPLAY.sub(one, html[at:])])


def _target(targets, name, page, text):
    if name in targets:
        raise PluginError(f"{page}: the name {name!r} is given twice (also on {targets[name][0]})")
    targets[name] = (page, text)


def unnumbered_labels(html, page):
    """Fail if an unnumbered page labels an equation: nothing could refer to it."""
    for match in DISPLAY.finditer(html):
        labels = LABEL.findall(match[2])
        if labels:
            raise PluginError(
                f"{page}: \\label{{{labels[0]}}} on a page that is not a chapter "
                f"(scripts/hook/numbering.py UNNUMBERED); it has no number to refer to"
            )


def resolve(html, page, url, targets, urls):
    """``html`` with each empty link to ``#fig-NAME`` or ``#eq-NAME`` given its number."""

    def one(match):
        path, name = match[1], match[2]
        if name not in targets:
            raise PluginError(
                f"{page}: the reference [](#{name}) names no numbered figure or equation "
                f"(figures: the NAME of a figures/NAME.md on a chapter; equations: "
                f"\\label{{eq-NAME}} in a $$ block of a chapter)"
            )
        where, text = targets[name]
        linked = urljoin("/" + url, path)[1:] if path else url
        if urls.get(where) != linked:
            raise PluginError(f"{page}: the reference #{name} links to {path!r}; it is on {where}")
        return f'<a class="mlp-ref" href="{match[1]}#{name}">{text}</a>'

    return REF.sub(one, html)


def number_site(config, files):
    """Number every page's figures and equations, then fill in every cross-reference."""
    numbers = chapters(config["nav"])
    pages = [f.page for f in files.documentation_pages() if f.page and f.page.content is not None]
    targets, urls = {}, {p.file.src_uri: p.url for p in pages}
    for p in pages:
        uri = p.file.src_uri
        if uri not in numbers:
            unnumbered_labels(p.content, uri)
            continue
        check_title(uri, numbers[uri], p.title, p.content)
        before = len(targets)
        p.content = number_figures(p.content, numbers[uri], uri, targets)
        p.content = number_equations(p.content, numbers[uri], uri, targets)
        if p.present_anchor_ids is not None:  # for MkDocs' own check of links to anchors
            p.present_anchor_ids |= {n for n in list(targets)[before:]}
    for p in pages:
        p.content = resolve(p.content, p.file.src_uri, p.url, targets, urls)
