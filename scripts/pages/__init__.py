"""The pages that the build generates figures, tables and data for: one module a page.

A module here is a page of docs/: its ``compute(pool)`` (optional) returns the
runs the page needs, typed (a dataclass), and it registers each figure (with
alt text and caption), table and data file of the page with the decorators of
:mod:`scripts.registry`. ``scripts.generate`` imports every module here and
runs it; CONTRIBUTING.md shows how to add one.
"""
