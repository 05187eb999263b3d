"""The same guide on every machine: the site generated and tested as CPUs without AVX-512 or AVX2.

numpy picks its ``exp`` and ``log`` code by CPU, and OpenBLAS a kernel for matrix
products; both can change the last bits of a run. For each level of
`scripts.machine.LEVELS` that this machine runs above (a machine without AVX-512
has nothing to switch off for "no AVX-512"), this module

- generates the site's figures, tables and data as that level (numpy's
  ``NPY_DISABLE_CPU_FEATURES`` and ``OPENBLAS_CORETYPE``) and compares them with
  what the default build generated: the same bytes, but for the files named
  ``*_machine.md``, the sentences that report what the machine measured; and the
  figures, which may differ by at most `TOLERANCE` in a coordinate (a long run
  can amplify a last-bit difference to 1e-7 of a loss: real, and far below a
  pixel);
- runs the library's tests and every page's code and doctests as that level.

No browser: the pages are the same files, and the extra time stays near two minutes.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scripts import machine

ROOT = Path(__file__).resolve().parents[2]
TOLERANCE = 0.01  # SVG units (points): a hundredth of a point
FOLDERS = ("figures", "tables", "anim")
# The library's tests, as the Makefile lists them for `make check` (one list).
LIB_TESTS = subprocess.run(
    ["make", "-s", "print-lib-tests"], cwd=ROOT, capture_output=True, text=True, check=True
).stdout.split()


def env(level):
    disabled, kernel = machine.LEVELS[level]
    return {**os.environ, "NPY_DISABLE_CPU_FEATURES": disabled, "OPENBLAS_CORETYPE": kernel}


def run(args, level):
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env(level), capture_output=True, text=True
    )
    assert done.returncode == 0, f"{' '.join(args)} as {level} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def default(built_site, tmp_path_factory):
    """What the default build (the session's site) generated, copied before anything else builds."""
    out = tmp_path_factory.mktemp("default")
    for name in FOLDERS:
        shutil.copytree(ROOT / "build" / "generated" / name, out / name)
    return out


_ID = re.compile(r'id="([^"]+)"')
# A coordinate: a number that starts a token. Digits inside a word or a colour ("#1e2129",
# which would read as 1e2129, infinity) are part of the drawing, compared as text.
_NUMBER = re.compile(r"(?<![\w#.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def svg_differences(a, b):
    """Where two SVG texts differ beyond `TOLERANCE`, ids renumbered: a list of strings."""

    def parts(text):
        for k, name in enumerate(dict.fromkeys(_ID.findall(text))):
            text = re.sub(rf"(?<=[\"#]){re.escape(name)}(?=[\")])", f"id{k}", text)
        return _NUMBER.split(text), [float(v) for v in _NUMBER.findall(text)]

    (words_a, nums_a), (words_b, nums_b) = parts(a), parts(b)
    if words_a != words_b or len(nums_a) != len(nums_b):
        first = next((i for i, (u, v) in enumerate(zip(words_a, words_b)) if u != v), None)
        at = f"{words_a[first][:60]!r} against {words_b[first][:60]!r}" if first else "length"
        return [f"the drawing differs, not only its coordinates: {at}"]
    gaps = np.abs(np.subtract(nums_a, nums_b))
    return [f"a coordinate moves by {gap:.3g}" for gap in gaps[gaps > TOLERANCE][:3]]


def compare(default, other):
    """Every difference between two generated folders, as readable lines."""
    found = []
    names = {p.relative_to(d) for d in (default, other) for p in d.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = default / name, other / name
        if not (a.exists() and b.exists()):
            found.append(f"{name}: only in {'the default build' if a.exists() else 'the level'}")
        elif a.read_bytes() == b.read_bytes() or name.name.endswith("_machine.md"):
            continue
        elif name.suffix == ".svg":
            found += [f"{name}: {d}" for d in svg_differences(a.read_text(), b.read_text())]
        else:
            found.append(f"{name}: differs")
    return found


@pytest.mark.parametrize("level", machine.available())
def test_generated_files_are_the_same(level, default, tmp_path):
    out = tmp_path / "generated"
    run(["-m", "scripts.generate", str(out)], level)
    assert compare(default, out) == []
    named = "highest dispatch target, X86_V3" if level == "no AVX-512" else "baseline, X86_V2"
    assert f"(its {named})" in (out / "tables" / "lbfgs_machine.md").read_text()


@pytest.mark.parametrize("level", machine.available())
def test_library_and_pages_pass(level):
    out = run(
        ["-m", "pytest", "-q", "-p", "no:randomly", *LIB_TESTS, "tests/site/test_docs.py"], level
    )
    assert re.search(r"\d+ passed", out) and "failed" not in out


def test_svg_comparison_tolerates_ids_and_noise_only():
    a = '<path id="m1a" d="M 1.000001 2"/><use xlink:href="#m1a"/>'
    assert svg_differences(a, a.replace("m1a", "zz9").replace("1.000001", "1.000002")) == []
    assert svg_differences(a, a.replace("2", "2.5")) == ["a coordinate moves by 0.5"]
    assert svg_differences(a, a.replace("M 1", "L 1"))[0].startswith("the drawing differs")
    dark = '<path d="M 1 2" style="stroke: #1e2129"/>'
    assert svg_differences(dark, dark) == []  # not the number 1e2129
    assert svg_differences(dark, dark.replace("1e2129", "1e2130"))[0].startswith("the drawing")


def test_comparison_names_every_kind_of_difference(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d, text in ((a, "one"), (b, "two")):
        (d / "tables").mkdir(parents=True)
        (d / "tables" / "x.md").write_text(text)
        (d / "tables" / "y_machine.md").write_text(text)
    (a / "tables" / "only.md").write_text("")
    assert compare(a, b) == [
        "tables/only.md: only in the default build",
        "tables/x.md: differs",
    ]


def test_levels_follow_the_cpu():
    """A level is built only where the CPU runs above it; under it, numpy reports the level."""
    _, enabled = machine._cpu()
    assert ("no AVX-512" in machine.available()) == ("X86_V4" in enabled)
    assert ("no AVX2" in machine.available()) == ("X86_V3" in enabled)
    for level in machine.available():
        code = "from scripts.machine import describe as d; print(d()['simd'], d()['blas_kernel'])"
        simd, kernel = run(["-c", code], level).split()
        assert simd == ("X86_V3" if level == "no AVX-512" else "X86_V2")
        assert kernel == machine.LEVELS[level][1]
