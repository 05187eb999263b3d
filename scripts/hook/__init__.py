"""The MkDocs hook's jobs, one module each (scripts/hooks.py calls them).

- :mod:`~scripts.hook.generation`: the generated files and their cache;
- :mod:`~scripts.hook.notebook_pages`: the notebooks, run ahead, and their ``.ipynb``;
- :mod:`~scripts.hook.html_post`: what is done to each page's HTML, with an HTML parser;
- :mod:`~scripts.hook.katex`: every formula rendered at build time;
- :mod:`~scripts.hook.speed`: what makes pages and rebuilds fast;
- :mod:`~scripts.hook.state`: what the hook keeps from one build to the next, in one object.
"""
