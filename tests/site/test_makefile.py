"""The Makefile checks the Python version before anything else, and says what to do."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def make(tmp_path, python):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return subprocess.run(
        ["make", "serve", f"PYTHON={python}"], cwd=tmp_path, capture_output=True, text=True
    )


def test_an_old_python_is_named_before_pip_runs(tmp_path):
    old = tmp_path / "python3.10"
    old.write_text('#!/bin/sh\n[ "$1" = "--version" ] && echo "Python 3.10.12" && exit 0\nexit 1\n')
    old.chmod(0o755)
    done = make(tmp_path, old)
    assert done.returncode != 0
    assert f"Micro MLP needs Python 3.11 or later; '{old}' is Python 3.10.12." in done.stdout
    assert "make PYTHON=python3.11 serve" in done.stdout
    assert not (tmp_path / ".venv").exists()  # nothing created, pip never ran


def test_a_missing_python_is_named(tmp_path):
    done = make(tmp_path, "no-such-python")
    assert "'no-such-python' is not found." in done.stdout
    assert not (tmp_path / ".venv").exists()
