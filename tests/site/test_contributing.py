"""What CONTRIBUTING.md quotes is still in the repository, verbatim.

CONTRIBUTING.md is not built and its blocks do not run: it quotes a page module,
a page's includes, a doctest and an exercise, outputs included. Each quoted
block (but the shell commands) must occur, character for character, in a
tracked file, so that a quote goes stale only with a failing test.
"""

import re

from test_paths import ROOT, tracked_texts

# An opening fence (3 or more backticks, a language) up to its closing fence.
FENCE = re.compile(r"^(?P<fence>`{3,})(?P<lang>\w*)\n(?P<body>.*?)^(?P=fence)\n", re.M | re.S)


def quoted_blocks(text):
    """``[(language, body)]`` of the outermost fenced blocks of ``text``, shell ones left out."""
    return [(m["lang"], m["body"]) for m in FENCE.finditer(text) if m["lang"] != "sh"]


def stale_quotes(text, texts):
    """The first line of each block of ``text`` that no text of ``texts`` holds verbatim."""
    return [
        f"{lang} block: {body.splitlines()[0]}"
        for lang, body in quoted_blocks(text)
        if not any(body in other for other in texts.values())
    ]


def test_contributing_quotes_the_repository_verbatim():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    texts = {n: t for n, t in tracked_texts().items() if n != "CONTRIBUTING.md"}
    assert len(quoted_blocks(text)) >= 4  # a module, includes, a doctest, an exercise
    stale = stale_quotes(text, texts)
    assert not stale, "CONTRIBUTING.md quotes what the repository no longer holds:\n" + "\n".join(
        stale
    )


def test_a_stale_quote_is_caught():
    text = "```sh\nmake check\n```\n\n````markdown\n```pycon\n>>> 1 + 1\n3\n```\n````\n"
    assert quoted_blocks(text) == [("markdown", "```pycon\n>>> 1 + 1\n3\n```\n")]
    assert stale_quotes(text, {"a.md": "```pycon\n>>> 1 + 1\n2\n```\n"}) == [
        "markdown block: ```pycon"
    ]
    assert stale_quotes(text, {"a.md": "x\n```pycon\n>>> 1 + 1\n3\n```\ny"}) == []
