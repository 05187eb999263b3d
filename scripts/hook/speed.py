"""What makes pages load fast and `mkdocs serve` rebuild fast.

- :func:`preload_fonts`: each page preloads the KaTeX fonts of its first screen.
- :class:`CompiledTemplates`: a rebuild of `mkdocs serve` reuses the Jinja
  templates compiled by the build before.
"""

import re

import jinja2
from mkdocs.utils import get_relative_url

from scripts.hook.html_post import class_names, end_of_blocks

# The blocks of an article laid out at first (assets/layout.css defers the others).
FIRST_BLOCKS = 11
# KaTeX font of each class that KaTeX's HTML uses (katex.min.css), to preload
# the fonts a page needs; "katex" stands for the text font of every formula.
FONT_CLASSES = {
    "katex": "KaTeX_Main-Regular",
    "mathnormal": "KaTeX_Math-Italic",
    "mathbf": "KaTeX_Main-Bold",
    "boldsymbol": "KaTeX_Math-BoldItalic",
    "mathit": "KaTeX_Main-Italic",
    "amsrm": "KaTeX_AMS-Regular",
    "mathcal": "KaTeX_Caligraphic-Regular",
    "mathsf": "KaTeX_SansSerif-Regular",
    "mathtt": "KaTeX_Typewriter-Regular",
    "size1": "KaTeX_Size1-Regular",
    "size2": "KaTeX_Size2-Regular",
    "size3": "KaTeX_Size3-Regular",
    "size4": "KaTeX_Size4-Regular",
}
AUTODOC = re.compile(r"^::: ", re.M)  # a mkdocstrings block: the API reference


def preload_fonts(output, url):
    """Preload, in <head>, the KaTeX fonts of the formulas on the page's first screen.

    The first screen is the article's first ``FIRST_BLOCKS`` blocks: the ones
    assets/layout.css does not defer. A font only the later blocks use is fetched
    when its block is laid out (when the page is idle, or the reader scrolls
    there), so that the first paint does not wait for fonts it does not show.
    ``url`` is the page's.
    """
    start = output.find("<article")
    if start < 0:
        return output
    shown = output[start : end_of_blocks(output, output.index(">", start) + 1, FIRST_BLOCKS)]
    used = class_names(shown)
    fonts = sorted({font for cls, font in FONT_CLASSES.items() if cls in used})
    if not fonts:
        return output
    hrefs = [get_relative_url(f"assets/katex/fonts/{font}.woff2", url) for font in fonts]
    links = "".join(
        f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'
        for href in hrefs
    )
    # Before the stylesheets: the script at the end of <head> (overrides/main.html)
    # turns every link of <head> absolute, so Material's navigation leaves them alone.
    first = output.index('<link rel="stylesheet"')
    return output[:first] + links + output[first:]


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja templates compiled by an earlier build of this `mkdocs serve`, in memory.

    Each rebuild makes new Jinja environments (the theme's, mkdocstrings'), which
    would compile every template again. Jinja checks
    each template's source against the checksum stored with its code, so an
    edited template is compiled afresh.
    """

    def __init__(self):
        self.code = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


def keep_templates(state, markdown, config):
    """Under serve, mkdocstrings' templates (the API reference) go in the cache too."""
    if state.serving and AUTODOC.search(markdown):
        config.plugins["mkdocstrings"].get_handler("python").env.bytecode_cache = state.templates
