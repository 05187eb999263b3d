"""Every formula rendered to KaTeX HTML at build time, by one node process for the whole build.

``scripts/katex_render.js --serve`` renders a page's formulas, so that no page
loads katex.min.js or typesets in the reader's browser. A formula KaTeX
rejects fails the build, naming page and formula. Without node, a build fails
saying what to install; `mkdocs serve` warns and falls back to rendering in
the browser (docs/assets/katex.js).
"""

import json
import logging
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
RENDERER = ROOT / "scripts" / "katex_render.js"
# What the math of a page depends on besides its HTML: the renderer and KaTeX.
MATH_INPUTS = ("scripts/katex_render.js", "docs/assets/katex.js", "docs/assets/katex/katex.min.js")
NODE = shutil.which("node")
NODE_HINT = (
    "node (Node.js 18 or later) is needed to render the formulas at build time: "
    "install it (Debian/Ubuntu: apt-get install nodejs; or https://nodejs.org)"
)
# In-browser rendering, only used by `mkdocs serve` when node is missing.
FALLBACK_JS = ["assets/katex/katex.min.js", "assets/katex.js"]
LOG = logging.getLogger("mkdocs.hooks.micromlp")


class MathRenderer:
    """One ``node scripts/katex_render.js --serve`` for a whole build, page by page."""

    def __init__(self):
        self.process = None

    def render(self, html, page):
        """``html`` with every formula rendered; PluginError naming page and formula."""
        if self.process is None:
            self.process = subprocess.Popen(
                [NODE, str(RENDERER), "--serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                cwd=ROOT,
            )
        self.process.stdin.write(json.dumps({"page": page, "html": html}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.close()
            raise PluginError(f"scripts/katex_render.js stopped while rendering {page}")
        reply = json.loads(line)
        if reply["errors"]:
            raise PluginError(
                f"KaTeX cannot render {len(reply['errors'])} formula(s) of {page}:\n"
                + "\n".join(f"  {e['error']}\n    TeX: {e['tex']}" for e in reply["errors"])
            )
        return reply["html"]

    def close(self):
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=10)
            self.process = None


def check_node(config, node, serving):
    """Without node: fail a build, or warn and render in the browser under serve."""
    if node is not None:
        return
    if not serving:
        raise PluginError(NODE_HINT + ".")
    LOG.warning(NODE_HINT + "; meanwhile the formulas are rendered in the browser.")
    config.extra_javascript.extend(FALLBACK_JS)
