"""Formulas as plain text for the search index: ``\\frac{\\partial L}{\\partial W}`` -> ``∂L/∂W``.

Formulas are rendered to KaTeX HTML after the search plugin has read the page
(scripts/hooks.py), so the index would get their TeX source, which
``data-search-exclude`` keeps out, and a result's snippet then has a hole where
the formula was ("turns a derivative of with respect to anything"). Each
formula gets a search-only twin instead: its TeX turned into the text a reader
would type or read aloud, with Unicode symbols (∂, δ, η, ŷ, Σ, ×) and
superscript layer indices kept in brackets (``W[l]``, as the code names them).
The twin is removed again before the page is written (``strip``).
"""

import html
import re
import unicodedata

SYMBOLS = {
    "partial": "∂", "delta": "δ", "Delta": "Δ", "eta": "η", "sigma": "σ", "Sigma": "Σ",
    "alpha": "α", "beta": "β", "gamma": "γ", "epsilon": "ε", "varepsilon": "ε", "theta": "θ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "pi": "π", "rho": "ρ", "tau": "τ", "phi": "φ",
    "varphi": "φ", "psi": "ψ", "omega": "ω", "nabla": "∇", "sum": "Σ", "prod": "Π",
    "times": "×", "cdot": "·", "odot": "⊙", "top": "⊤", "leftarrow": "←", "gets": "←",
    "rightarrow": "→", "to": "→", "mapsto": "↦", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "ne": "≠", "neq": "≠", "approx": "≈", "infty": "∞", "in": "∈", "pm": "±", "ldots": "…",
    "dots": "…", "cdots": "…", "lVert": "‖", "rVert": "‖", "Vert": "‖", "mid": "|",
}  # fmt: skip
# Drawn with space around them; after any other command, spaces are skipped (as TeX does).
OPERATORS = set("×·⊙←→↦≤≥≠≈∈±|")
SPACES = {",", ";", ":", "!", " ", "quad", "qquad", "enspace"}
DROP = {"left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "displaystyle",
        "textstyle", "limits", "nolimits"}  # fmt: skip
ACCENTS = {"hat": "\u0302", "tilde": "\u0303", "bar": "\u0304", "dot": "\u0307"}
COMMAND = re.compile(r"\\([A-Za-z]+|.)")
SUPERSCRIPT = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")


def _group(tex, i):
    """The argument starting at ``tex[i]`` (a {group} or one character) and where it ends."""
    while i < len(tex) and tex[i] == " ":
        i += 1
    if i >= len(tex):
        return "", i
    if tex[i] != "{":
        match = COMMAND.match(tex, i)
        end = match.end() if match else i + 1
        return tex[i:end], end
    depth = 0
    for j in range(i, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[j], 0)
        if depth == 0:
            return tex[i + 1 : j], j + 1
    return tex[i + 1 :], len(tex)


def _wrap(text):
    """Parentheses around a fraction's part that holds more than one term."""
    return f"({text})" if re.search(r"[\s+\-−×·]", text.strip()) else text.strip()


def text(tex):
    """A readable text form of one formula's TeX."""
    tex = re.sub(r"\\(begin|end)\{[a-z*]+\}", " ", tex)
    out, i = [], 0
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            match = COMMAND.match(tex, i)
            name, i = match[1], match.end()
            while name.isalpha() and i < len(tex) and tex[i] == " ":
                i += 1
            if name == "\\":
                out.append("; ")
            elif name == "frac" or name == "dfrac" or name == "tfrac":
                top, i = _group(tex, i)
                bottom, i = _group(tex, i)
                out.append(f"{_wrap(text(top))}/{_wrap(text(bottom))}")
            elif name in ("underbrace", "overbrace"):  # the brace's label is left out
                arg, i = _group(tex, i)
                out.append(text(arg))
                if i < len(tex) and tex[i] in "_^":
                    _, i = _group(tex, i + 1)
            elif name in ("label", "tag"):  # a cross-reference's name, an equation's number
                _, i = _group(tex, i)
            elif name in ACCENTS:
                arg, i = _group(tex, i)
                out.append(text(arg) + ACCENTS[name])
            elif name in ("mathbf", "mathrm", "mathit", "boldsymbol", "operatorname", "text",
                          "textrm", "mathsf", "mathtt", "mathcal", "mathbb"):  # fmt: skip
                arg, i = _group(tex, i)
                out.append(text(arg) if name not in ("text", "textrm") else arg)
            elif name in SYMBOLS:
                symbol = SYMBOLS[name]
                out.append(f" {symbol} " if symbol in OPERATORS else symbol)
            elif name in SPACES:
                out.append(" ")
            elif name not in DROP:
                out.append(name + " ")  # \log, \exp, \max, \min ...
        elif c in "^_":
            arg, i = _group(tex, i + 1)
            arg = text(arg)
            if c == "^" and arg.startswith("[") or c == "_" and arg.startswith("("):
                out.append(arg)
            elif c == "^" and re.fullmatch(r"[0-9+\-]+", arg):
                out.append(arg.translate(SUPERSCRIPT))
            else:
                out.append(c + (arg if len(arg) == 1 else f"{{{arg}}}"))
        elif c in "{}&":
            i += 1
        else:
            out.append(c)
            i += 1
    words = re.sub(r"\s+", " ", "".join(out)).strip()
    words = re.sub(r"\s+([)\]])|([(\[])\s+", r"\1\2", words)
    return unicodedata.normalize("NFC", words)  # ŷ as one character, as a reader types it


# A formula as pymdownx.arithmatex (generic) writes it: \( ... \) inline, \[ ... \] display.
FORMULA = re.compile(
    r'(<(span|div) class="arithmatex"[^>]*>)\s*\\[(\[](?P<tex>.*?)\\[)\]]\s*(</\2>)', re.S
)
TWIN = re.compile(r'<span class="mlp-search-math">[^<]*</span>')


def add_twins(page_html):
    """``page_html`` with each formula followed by its text form, for the search index."""

    def twin(match):
        words = text(html.unescape(match["tex"]))
        return f'{match[0]}<span class="mlp-search-math">{html.escape(words)}</span>'

    return FORMULA.sub(twin, page_html)


def strip(page_html):
    """``page_html`` without the search-only twins."""
    return TWIN.sub("", page_html)
