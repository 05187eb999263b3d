"""Shared fixtures: the site is built once per test session, strictly.

tests/lib holds the library's tests (seconds, no site: `make check`, `make mutate`),
tests/site the site's (the build, the pages, the browser).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from micromlp import validation

ROOT = Path(__file__).resolve().parent.parent
if "mutmut" in sys.modules:  # `make mutate`: its wrappers run between micromlp's frames
    validation.INTERNAL_PACKAGES += ("mutmut",)
# Files that tests copy into a build (tests/site/test_new_page.py), not tests or
# doctests: importing the page module there would register its figure with the guide's.
collect_ignore = ["site/fixtures"]


def build(site, root=ROOT):
    """Build the site of ``root`` with ``mkdocs build --strict`` into ``site``; return it.

    The build must print no warning at all (not even ones --strict lets through).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    warnings = [
        line for line in log.splitlines() if "WARNING" in line and "Kernel is running" not in line
    ]
    assert not warnings, "mkdocs build printed warnings:\n" + "\n".join(warnings)
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site, built once per test session (see :func:`build`)."""
    return build(tmp_path_factory.mktemp("site"))


@pytest.fixture
def build_site():
    """:func:`build`, for a test that needs a build of its own."""
    return build
