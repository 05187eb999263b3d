""".ci/run installs the system packages that are missing, npm included, and only those.

Run in a sandbox: a copy of .ci/run, and a PATH holding only bash, dirname and
stubs (chromium, node, npm as asked; apt-get and make record their arguments).
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def ci_run(tmp_path, present):
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for tool in ("bash", "dirname"):
        (bin_ / tool).symlink_to(shutil.which(tool))
    log = tmp_path / "log"
    stubs = {name: "exit 0" for name in present}
    stubs["apt-get"] = stubs["make"] = f'echo "$(basename "$0") $*" >> {log}'
    for name, body in stubs.items():
        (bin_ / name).write_text(f"#!{shutil.which('bash')}\n{body}\n")
        (bin_ / name).chmod(0o755)
    (bin_ / "basename").symlink_to(shutil.which("basename"))
    done = subprocess.run(
        [shutil.which("bash"), str(tmp_path / ".ci" / "run")],
        env={"PATH": str(bin_)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return log.read_text().splitlines()


@pytest.mark.parametrize(
    ("present", "installed"),
    [
        (("chromium", "node"), ["npm"]),  # Debian's nodejs, which does not bring npm
        (("chromium",), ["nodejs", "npm"]),
        ((), ["chromium", "fonts-dejavu-core", "nodejs", "npm"]),
    ],
)
def test_missing_packages_are_installed(tmp_path, present, installed):
    lines = ci_run(tmp_path, present)
    assert lines[0] == "apt-get update -qq"
    assert lines[1] == "apt-get install -y -qq --no-install-recommends " + " ".join(installed)
    assert lines[2:] == ["make test"]


def test_nothing_is_installed_when_all_are_there(tmp_path):
    assert ci_run(tmp_path, ("chromium", "node", "npm")) == ["make test"]
