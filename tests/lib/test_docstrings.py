"""Every example in micromlp's docstrings runs as a reader would paste it: alone.

pytest's own doctests (``--doctest-modules``) run each example with its module's
names in scope, so an example may use ``relu`` without importing it. The API
reference shows the same examples with a copy button, and a reader pastes them
into a fresh interpreter: here each docstring's examples run with nothing in
scope, and must import what they use.
"""

import doctest
import importlib
import pkgutil

import pytest

import micromlp

MODULES = ["micromlp"] + [
    f"{package}.{m.name}"
    for package in ("micromlp", "micromlp.sklearn")
    for m in pkgutil.iter_modules(importlib.import_module(package).__path__)
]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def examples():
    for name in MODULES:
        for test in doctest.DocTestFinder().find(importlib.import_module(name), name):
            if test.examples:
                yield pytest.param(test, id=test.name)


@pytest.mark.parametrize("test", list(examples()))
def test_example_runs_alone(test):
    test.globs = {}  # a fresh interpreter: nothing of the module in scope
    failures = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    result = runner.run(test, out=failures.append)
    assert result.failed == 0, "".join(failures)


def test_every_public_module_has_examples():
    documented = {t.values[0].name.split(".")[1] for t in examples() if "." in t.values[0].name}
    assert {"activations", "losses", "network", "training", "optimizers"} <= documented
    assert micromlp.__doc__ and ">>>" in micromlp.__doc__
