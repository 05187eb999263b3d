"""Build scripts of the guide: figures, tables, the MkDocs hook, benchmarks.

A package, run from the repository root: ``python -m scripts.generate OUT``,
``python -m scripts.bench``. It builds on ``micromlp``; nothing in ``src/``
imports it.
"""
