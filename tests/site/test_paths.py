"""Every test file that the repository names exists: no stale path after a move.

Pages, comments and scripts name test files (``tests/site/test_live.py``) and
import test helpers (``from tests.site.browser_helpers import ...``). When the
tests move, a name left behind points nowhere; ruff does not see an import of
a missing module of this repository, and a page's prose is not checked at all.
"""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A test file named by its path from the root (not sklearn/neural_network/tests/...).
TEST_PATH = re.compile(r"(?<![\w/.-])tests/[\w/]+\.py\b")
# A module of tests/ imported by its dotted name.
TEST_IMPORT = re.compile(r"^\s*(?:from|import)\s+(tests\.[\w.]+)", re.M)


def tracked_texts():
    """``{path: text}`` of every tracked text file."""
    result = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    texts = {}
    for name in result.stdout.splitlines():
        path = ROOT / name
        if not path.is_file():
            continue
        try:
            texts[name] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # fonts, images
    return texts


def missing_paths(texts, root=ROOT):
    """``["file: named path"]`` for each test file or test module named but absent."""
    missing = [
        f"{name}: {m[0]}"
        for name, text in texts.items()
        for m in TEST_PATH.finditer(text)
        if not (root / m[0]).is_file()
    ]
    missing += [
        f"{name}: import {m[1]}"
        for name, text in texts.items()
        if name.endswith(".py")
        for m in TEST_IMPORT.finditer(text)
        if not (root / (m[1].replace(".", "/") + ".py")).is_file()
    ]
    return missing


def test_every_named_test_file_exists():
    texts = tracked_texts()
    texts.pop(Path(__file__).relative_to(ROOT).as_posix())  # its stale examples, below
    missing = missing_paths(texts)
    assert not missing, "\n".join(missing)


def test_a_stale_test_path_is_caught():
    texts = {
        "a.md": "`tests/test_site.py` and `sklearn/neural_network/tests/test_mlp.py`",
        "b.py": "from tests.browser_helpers import find_browser\n",
        "c.css": "/* tests/site/test_page_speed.py checks it */",
    }
    assert missing_paths(texts) == [
        "a.md: tests/test_site.py",
        "b.py: import tests.browser_helpers",
    ]
