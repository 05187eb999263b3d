"""Markdown and TeX that the pages' tables and fragments are made of."""

from scripts.style import dec4


def md_table(header, rows, align=None):
    """A Markdown table in a ``<div class="mlp-table">`` (md_in_html).

    The class lets docs/assets/extra.css style the generated numeric tables
    (no wrapping inside a cell, tabular figures) and leave prose tables alone.
    ``align``: one Markdown alignment a column (``"---:"``, right, by default).
    """
    align = align or ["---:"] * len(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return '<div class="mlp-table" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"


def tex_block(tex):
    """A display-math block for pymdownx.arithmatex (generic)."""
    return "$$\n" + tex.strip() + "\n$$\n"


def tex_number(v):
    """A number for TeX: 4 decimals."""
    return dec4(v)


def tex_operand(v):
    """A number for TeX after an operator: 4 decimals, a negative one in parentheses."""
    s = dec4(v)
    return f"({s})" if s.startswith("-") else s


def param_value(net, l, kind, idx):
    """The parameter of ``net`` at ``(l, kind, idx)`` of ``runs.param_names``."""
    return (net.weights if kind == "W" else net.biases)[l - 1][idx]
