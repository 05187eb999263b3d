"""What the hook keeps from one build to the next, in one object.

MkDocs loads scripts/hooks.py once per process (`mkdocs build`, or a whole
`mkdocs serve`), and the hook makes one :class:`State`: everything a rebuild of
`mkdocs serve` reuses lives there. What a build writes on disk
(build/generated/) a new process never trusts: it generates again, so no other
process can take a stale result.
"""

import hashlib
from dataclasses import dataclass, field

from scripts.hook.katex import MathRenderer
from scripts.hook.speed import CompiledTemplates


class Memo:
    """Results of the page work, by input and by the code that makes them.

    Under `mkdocs serve` a page whose HTML is the same as at the last build is
    not processed again (editing one page re-renders the math of that page
    only), nor is an unchanged notebook turned into an .ipynb again. Keys are
    hashes of the input and, for the math, of the code that renders it
    (:attr:`code`, hashed once per build: node reads it afresh at each build;
    the hook's Python is loaded once per process). A build keeps only what it used.
    """

    def __init__(self):
        self.code = {}  # kind of result -> hash of the code that makes it, if it can change
        self.done, self.done_now = {}, {}

    def once(self, kind, text, make):
        """``make(text)``, or the result kept from an earlier call with the same key."""
        key = (kind, self.code.get(kind), hashlib.sha256(text.encode()).hexdigest())
        if key not in self.done:
            self.done[key] = make(text)
        self.done_now[key] = self.done[key]
        return self.done[key]

    def keep_used(self):
        """Forget what the last build did not use."""
        self.done, self.done_now = self.done_now, {}


@dataclass
class State:
    """The hook's state for one process."""

    serving: bool = False  # `mkdocs serve` (set by on_startup)
    generated: str | None = None  # inputs_hash() of the files this process generated
    notebooks: object = None  # notebook_runs.NotebookRuns, made by on_startup
    math: MathRenderer = field(default_factory=MathRenderer)
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    memo: Memo = field(default_factory=Memo)
