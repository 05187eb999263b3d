"""What the hook does to each page's HTML before the search plugin indexes it.

The HTML is read with Python's own HTML parser (:mod:`html.parser`), which
tells where each tag starts and ends; the page is edited at those places only
(the list below), and every other byte stays as the Markdown made it.

- The TeX of a formula is noise to the search index (``\\frac``, ``^{[l]}`` ...):
  it gets a text twin instead (``∂L/∂W[l]``, scripts/search_math.py), and the
  formula is kept out of the index (``data-search-exclude``); the twin is
  removed again from the finished page.
- Tables come wrapped as Material's JavaScript would wrap them at start-up:
  moving a table that is already styled into its wrapper styles it again, on
  the browser's main thread.
- A ``>>>`` block's copy button copies its code alone (scripts/pycon_copy.py).
- A notebook page is made lighter (scripts/notebooks.py).
"""

from html.parser import HTMLParser
from typing import NamedTuple

from scripts import notebooks, pycon_copy, search_math

# Elements that have no content and no end tag.
VOID = frozenset(
    ("area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)
# Material's own wrapper of a table (its JavaScript: renderTable), and a class so
# that its JavaScript does not wrap the table again (it wraps table:not([class])).
WRAPPER_OPEN = (
    '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
    '<table class="mlp-prewrapped">'
)
WRAPPER_CLOSE = "</table></div></div>"


class Tag(NamedTuple):
    kind: str  # "start", "end" or "empty" (<x/>)
    name: str  # lower case
    attrs: list  # [(name, value)]
    start: int  # where the tag's text starts in the page ...
    end: int  # ... and ends


class _Scanner(HTMLParser):
    def __init__(self, html, base):
        super().__init__(convert_charrefs=False)
        self.html, self.base, self.tags = html, base, []
        self.lines = [0]  # where each line starts
        for line in html.split("\n")[:-1]:
            self.lines.append(self.lines[-1] + len(line) + 1)

    def _at(self):
        line, column = self.getpos()
        return self.base + self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs, kind="start"):
        start = self._at()
        self.tags.append(Tag(kind, tag, attrs, start, start + len(self.get_starttag_text())))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, kind="empty")

    def handle_endtag(self, tag):
        start = self._at()
        end = self.base + self.html.index(">", start - self.base) + 1
        self.tags.append(Tag("end", tag, [], start, end))


def tags(html, start=0):
    """Every tag of ``html`` from ``start`` on, in order, as :class:`Tag`."""
    scanner = _Scanner(html[start:], start)
    scanner.feed(html[start:])
    scanner.close()
    return scanner.tags


def splice(html, edits):
    """``html`` with each ``(start, end, text)`` of ``edits`` (in order, apart) put in."""
    out, at = [], 0
    for start, end, text in edits:
        out += [html[at:start], text]
        at = end
    return "".join(out + [html[at:]])


def _edits(html):
    """Formulas out of the search index; each bare table in Material's wrapper."""
    edits, table = [], None
    for tag in tags(html):
        raw = html[tag.start : tag.end]
        if tag.kind == "start" and raw in ('<span class="arithmatex">', '<div class="arithmatex">'):
            edits.append((tag.end - 1, tag.end - 1, ' data-search-exclude="true"'))
        elif tag.kind == "start" and raw == "<table>" and table is None:
            table = tag
        elif tag.kind == "end" and tag.name == "table" and table is not None:
            edits += [(table.start, table.end, WRAPPER_OPEN), (tag.start, tag.end, WRAPPER_CLOSE)]
            table = None
    return edits


def page_content(html, memo):
    """What ``on_page_content`` makes of a page's HTML (``memo``: a state.Memo)."""
    html = search_math.add_twins(html)
    html = splice(html, sorted(_edits(html)))
    html = pycon_copy.add_copy_text(html)
    if "jupyter-wrapper" in html:
        html = memo.once("notebook", html, notebooks.lighten_page)
    return html


def end_of_blocks(html, start, count):
    """Where the ``count``-th element opened at depth 0 from ``start`` closes (or the end)."""
    depth = blocks = 0
    for tag in tags(html, start):
        if tag.kind == "end":
            depth -= 1
            if depth < 0:  # the container itself closes
                return tag.start
        elif tag.kind == "start" and tag.name not in VOID:
            depth += 1
            continue
        if depth == 0:  # a block closed, or one with no content, such as <img>
            blocks += 1
            if blocks == count:
                return tag.end
    return len(html)


def class_names(html):
    """Every class name used by an element of ``html``."""
    return {
        name
        for tag in tags(html)
        for attr, value in tag.attrs
        if attr == "class" and value
        for name in value.split()
    }
