"""What the copy button of a ``>>>`` block copies: its code, without prompts or output.

Material's copy button copies a code block's text, or else the ``data-copy``
attribute of the closest element that has one (its bundle:
``e.closest("[data-copy]")``). Each ``>>>`` block gets that attribute at build
time (``scripts/hooks.py``): the lines after ``>>> `` and ``... ``, as the
Python documentation's ">>>" toggle gives them, and none of the output, so that
a copied example runs when pasted. A blank line ends every statement that runs
over several lines: the interactive interpreter ends a ``def`` or ``for`` at a
blank line and rejects the next ``>>>`` line without one (a script does not
mind). tests/site/test_copy.py pastes what the buttons copy into ``python -i``.
"""

import html
import re

# A highlighted code block (pymdownx.highlight), with its <code> content.
BLOCK = re.compile(
    r'(?P<open><div class="(?:[\w-]+ )?highlight")(?P<head>>(?:<span class="filename">'
    r"[^<]*</span>)?<pre><span></span><code>)(?P<code>.*?)(?P<close></code>)",
    re.S,
)
# Pygments' prompt of a console line: ">>> " or "... " (or a bare ">>>" on an empty line).
PROMPT = re.compile(r'^<span class="gp">(?P<prompt>&gt;&gt;&gt;|\.\.\.) ?</span>')
LINE_ANCHOR = re.compile(r'^<a id="__codelineno-[^"]*"[^>]*></a>')
TAG = re.compile(r"<[^>]+>")


def code_of(console_html):
    """The source lines of a highlighted console session (its <code> content).

    Lines without a prompt are output and are dropped. A blank line follows
    each continued statement (a ``...`` line followed by a ``>>>`` one, or last).
    """
    lines, continued = [], False
    for line in console_html.split("\n"):
        line = LINE_ANCHOR.sub("", line)
        prompt = PROMPT.match(line)
        if prompt is None:
            continue
        is_continuation = prompt["prompt"] == "..."
        if continued and not is_continuation:
            lines.append("")
        lines.append(html.unescape(TAG.sub("", line[prompt.end() :])).rstrip())
        continued = is_continuation
    if continued:
        lines.append("")
    return "\n".join(lines)


def add_copy_text(page_html):
    """``page_html`` with a ``data-copy`` attribute on every ``>>>`` block."""

    def copy_text(match):
        if not PROMPT.match(LINE_ANCHOR.sub("", match["code"])):
            return match[0]
        text = html.escape(code_of(match["code"]), quote=True).replace("\n", "&#10;")
        return f'{match["open"]} data-copy="{text}"{match["head"]}{match["code"]}{match["close"]}'

    return BLOCK.sub(copy_text, page_html)
