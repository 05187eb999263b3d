"""Every code block of the guide runs, so prose and code cannot drift apart.

For each page of ``docs/``, top to bottom, in one namespace per page:

- a ```` ```python ```` fence is executed (whatever attributes follow the
  language: ``hl_lines``, ``linenums`` ...);
- a ```` ```pycon ```` fence, or a python fence that starts with ``>>>``, is a
  doctest: its expected output must match;
- a python fence with a ``title="name.py"`` is a *copyable snippet*: it runs
  on its own, in a fresh interpreter whose only packages are micromlp and its
  dependencies (numpy, and scikit-learn for the ``sklearn`` extra), so that
  what a reader copies from the site runs as shown.

Fences are found by Sybil's Markdown lexer, which also sees fences nested in
admonitions and content tabs. Sybil's stock Python parser matches the info
string ``python`` exactly and silently skips ``python title="x"``: the parser
below matches the language and keeps the attributes.
"""

import doctest
import importlib.metadata
import re
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from sybil import Document, Region
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]
INFO = re.compile(r"(?P<language>[\w-]*)(?P<attributes>[^\n]*)$\n", re.MULTILINE)
TITLE = re.compile(r'title="([^"]+)"')
PYTHON = {"python", "py", "pycon"}
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
# A reader installs `micromlp[sklearn]`: the snippets may use it and what it requires.
SNIPPET_EXTRA = "sklearn"


def run_block(example):
    """Execute a plain python fence in the page namespace."""
    code = compile(example.parsed, f"{example.path}:{example.line}", "exec")
    exec(code, example.namespace)


def run_doctest(example):
    """Run a fence of ``>>>`` examples as a doctest in the page namespace."""
    test = doctest.DocTestParser().get_doctest(
        example.parsed, example.namespace, Path(example.path).name, example.path, example.line
    )
    report = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test, out=report.append, clear_globs=False)
    # DocTest works on a copy of the globals: hand its names back to the page.
    example.namespace.update(test.globs)
    if runner.failures:
        return "".join(report)
    return None


def run_alone(example):
    """Run a copyable snippet in a fresh interpreter with only micromlp and its dependencies."""
    result = subprocess.run(
        [str(example.namespace["__snippet_python__"]), "-I", "-c", example.parsed],
        capture_output=True,
        text=True,
        cwd=example.namespace["__snippet_cwd__"],
        timeout=120,
    )
    if result.returncode != 0:
        return f"snippet at {example.path}:{example.line} failed on its own:\n{result.stderr}"
    return None


def parse_python_fences(document):
    """Yield a Region for every python/pycon fence, with the evaluator it needs."""
    lexer = RawFencedCodeBlockLexer(info_pattern=INFO)
    for region in lexer(document):
        language = region.lexemes["language"]
        if language not in PYTHON:
            continue
        source = textwrap.dedent(str(region.lexemes["source"]))
        if all(line.startswith("--8<--") for line in source.splitlines() if line.strip()):
            continue  # a pymdownx.snippets include of src/ code, tested where it lives
        if TITLE.search(region.lexemes["attributes"]):
            evaluator = run_alone
        elif language == "pycon" or source.lstrip().startswith(">>>"):
            evaluator = run_doctest
        else:
            evaluator = run_block
        yield Region(region.start, region.end, source, evaluator)


def page_examples(path, snippet_env):
    document = Document.parse(str(path), parse_python_fences)
    document.namespace["__snippet_python__"], document.namespace["__snippet_cwd__"] = snippet_env
    return document, list(document)


def dependency_closure(name, extra=None):
    """The installed distributions that ``pip install name[extra]`` brings, without ``name``."""
    seen, todo, found = {name}, [(name, extra)], []
    while todo:
        current, current_extra = todo.pop()
        for spec in importlib.metadata.distribution(current).requires or []:
            req = Requirement(spec)
            if req.marker and not req.marker.evaluate({"extra": current_extra or ""}):
                continue
            key = req.name.lower().replace("_", "-")
            if key not in seen:
                seen.add(key)
                found.append(importlib.metadata.distribution(req.name))
                todo.append((req.name, None))
    return found


@pytest.fixture(scope="session")
def snippet_env(tmp_path_factory):
    """A fresh virtual environment holding only micromlp and its dependencies.

    Built without pip in a fraction of a second: the venv's site-packages gets
    links to the installed distributions a reader would install, and a .pth
    file pointing at src/ (what `pip install -e .` does).
    """
    env = tmp_path_factory.mktemp("snippet-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    ours = Path(sysconfig.get_paths()["purelib"])
    for dist in dependency_closure("micromlp", SNIPPET_EXTRA):
        tops = {Path(str(f)).parts[0] for f in dist.files if not str(f).startswith("..")}
        for top in tops:
            if (ours / top).exists() and not (site / top).exists():
                (site / top).symlink_to(ours / top)
    (site / "micromlp.pth").write_text(str(ROOT / "src") + "\n")
    work = tmp_path_factory.mktemp("snippet-cwd")
    return python, work


@pytest.mark.parametrize(
    "page", PAGES, ids=[p.relative_to(ROOT).with_suffix("").as_posix() for p in PAGES]
)
def test_page_code_runs(page, snippet_env):
    _, examples = page_examples(page, snippet_env)
    for example in examples:
        example.evaluate()


# The step pages: the pages of the nav's "Steps" section, but the recap (a summary of
# them, with no exercises). A new step page is checked once it is in the nav.
NAV_STEPS = re.search(r"^  - Steps:\n((?:      - .*\n)+)", (ROOT / "mkdocs.yml").read_text(), re.M)
STEP_PAGES = [s for s in re.findall(r": (\w+)\.md$", NAV_STEPS[1], re.M) if s != "recap"]
ANSWER = re.compile(r'^\?\?\? success "Answer"\n((?:\n|    .*\n)+)', re.MULTILINE)


def sections(text):
    """``{heading: body}`` of the ``## `` sections of a page (anchors dropped)."""
    parts = re.split(r"^## (.+?)(?: \{ #[\w-]+ \})?\n", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2]))


@pytest.mark.parametrize("stem", STEP_PAGES)
def test_step_pages_end_with_takeaways_and_exercises(stem):
    """3 to 5 key takeaways, then exercises whose answers are collapsed and hold running code."""
    path = ROOT / "docs" / f"{stem}.md"
    text = path.read_text(encoding="utf-8")
    found = sections(text)
    takeaways = re.findall(r"^- ", found.get("Key takeaways", ""), flags=re.MULTILINE)
    assert 3 <= len(takeaways) <= 5, f"docs/{stem}.md: {len(takeaways)} key takeaways"
    assert list(found)[-1] == "Exercises", f"docs/{stem}.md does not end with its exercises"
    answers = ANSWER.findall(found["Exercises"])
    questions = re.findall(r"^\*\*Exercise \d+\.\*\*", found["Exercises"], flags=re.MULTILINE)
    assert answers and len(answers) == len(questions), (
        f"docs/{stem}.md: an exercise lacks its answer"
    )
    # Every answer holds a fence that the page test runs (found by the same parser).
    start = text.index("\n## Exercises")
    document = Document.parse(str(path), parse_python_fences)
    in_exercises = [e.region for e in document if e.region.start > start]
    blocks = [m.start() + start for m in ANSWER.finditer(text[start:])]
    ends = blocks[1:] + [len(text)]
    for k, (a, b) in enumerate(zip(blocks, ends), start=1):
        assert any(a < r.start < b for r in in_exercises), (
            f"docs/{stem}.md: answer {k} runs no code"
        )


def test_pages_have_code():
    """The guide's step pages each carry code that runs; the parser really finds it."""
    steps = ["structure", "forward", "loss", "backprop", "update", "step", "epochs"]
    for stem in steps:
        document = Document.parse(str(ROOT / "docs" / f"{stem}.md"), parse_python_fences)
        assert len(list(document)) >= 1, f"docs/{stem}.md has no python example"


WRONG = """# A page with mistakes

```python title="alone.py"
print(shared)  # the page namespace is not visible to a copyable snippet
```

```pycon
>>> 1 + 1
3
```

```python hl_lines="1"
raise RuntimeError("a fence with attributes runs too")
```

=== "In a tab"

    ```python linenums="1"
    raise RuntimeError("a fence inside a content tab runs too")
    ```

**Exercise 1.** What is 2 + 2?

??? success "Answer"

    A wrong answer fails the tests:

    ```pycon
    >>> 2 + 2
    5
    ```
"""


def test_wrong_examples_fail(tmp_path, snippet_env):
    """Each kind of fence really runs: a deliberately wrong one fails the test."""
    page = tmp_path / "wrong.md"
    page.write_text(WRONG)
    document, examples = page_examples(page, snippet_env)
    document.namespace["shared"] = 1
    kinds = [run_alone, run_doctest, run_block, run_block, run_doctest]
    assert [e.region.evaluator for e in examples] == kinds
    snippet, doctest_example, attributed, tabbed, answer = examples
    with pytest.raises(Exception, match="NameError: name 'shared'"):
        snippet.evaluate()
    with pytest.raises(Exception, match=r"Expected:\s+3\s+Got:\s+2"):
        doctest_example.evaluate()
    with pytest.raises(RuntimeError, match="attributes"):
        attributed.evaluate()
    with pytest.raises(RuntimeError, match="content tab"):
        tabbed.evaluate()
    with pytest.raises(Exception, match=r"Expected:\s+5\s+Got:\s+4"):
        answer.evaluate()


def test_snippet_env_has_only_micromlp_and_dependencies(snippet_env):
    python, cwd = snippet_env
    code = "import micromlp, numpy, sklearn\nimport matplotlib"
    result = subprocess.run([str(python), "-I", "-c", code], capture_output=True, text=True)
    assert "No module named 'matplotlib'" in result.stderr
