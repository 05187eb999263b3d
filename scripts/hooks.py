"""MkDocs hook: the build's events, each handed to the module that does the job (scripts/hook/).

1. ``on_pre_build`` starts ``scripts.generate`` (:mod:`scripts.hook.generation`), the
   longest part of a build (`make build-timing` times both), and meanwhile every notebook
   in its own kernel (:mod:`scripts.hook.notebook_pages`): its page is made ahead.
2. ``on_files`` adds the generated figures, data and palette, and the notebooks' files.
3. ``on_page_content`` (before the search plugin indexes the page) edits the page's HTML
   (:mod:`scripts.hook.html_post`); ``on_env`` (all pages rendered) numbers figures and
   equations and fills in the references to them (:mod:`scripts.hook.numbering`).
4. ``on_post_page`` removes the formulas' search twins (scripts/search_math.py), renders
   every formula (:mod:`scripts.hook.katex`), preloads first fonts (:mod:`scripts.hook.speed`).

MkDocs loads this file once per process (`mkdocs build`, a whole `mkdocs serve`): :data:`STATE`
is what a rebuild of `mkdocs serve` reuses. Every process of the build uses one BLAS thread
unless OPENBLAS_NUM_THREADS is set: the processes share the cores.
"""

import logging
import os
import sys
from pathlib import Path

# The repository, so that the hook's modules import as the package scripts
# (MkDocs puts only this file's folder on sys.path while it loads a hook).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts import search_math  # noqa: E402
from scripts.hook import generation, html_post, katex, notebook_pages, numbering, speed  # noqa: E402
from scripts.hook.state import State  # noqa: E402

LOG = logging.getLogger("mkdocs.hooks.micromlp")
STATE = State()


def on_startup(command, dirty):
    STATE.serving = command == "serve"
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # inherited by generate and the kernels
    notebook_pages.install(STATE)


def on_config(config):
    katex.check_node(config, katex.NODE, STATE.serving)
    return config


def on_pre_build(config):
    generate = generation.start(STATE)  # the longest part of the build: started first
    try:
        STATE.memo.code["math"] = generation.inputs_hash(katex.MATH_INPUTS)
        notebook_pages.start(STATE, config, prepare=page_content)
    except BaseException:
        if generate is not None:
            generation.stop(generate)
        raise
    if generate is not None:
        LOG.info(generation.finish(STATE, generate))


def on_files(files, config):
    for file in generation.asset_files(config) + notebook_pages.files(STATE, config):
        files.append(file)  # Files has no extend
    return files


def on_env(env, config, files):
    numbering.number_site(config, files)  # every page rendered: their numbers are known
    env.bytecode_cache = STATE.templates if STATE.serving else env.bytecode_cache
    return env


def on_page_markdown(markdown, page, config, files):
    speed.keep_templates(STATE, markdown, config)
    return markdown


def on_page_content(html, page, config, files):
    return page_content(html)


def page_content(html):  # for a notebook page, made ahead in its thread (see on_pre_build)
    return html_post.page_content(html, STATE.memo)


def on_post_page(output, page, config):
    output = search_math.strip(output)
    if katex.NODE is None:
        return output
    src = page.file.src_uri
    output = STATE.memo.once("math", output, lambda html: STATE.math.render(html, src))
    return speed.preload_fonts(output, page.url)


def on_post_build(config):
    STATE.math.close()
    STATE.notebooks.forget_unused()
    STATE.memo.keep_used()


def on_build_error(error):
    STATE.math.close()
