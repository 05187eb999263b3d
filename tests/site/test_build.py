"""What scripts/hooks.py runs at each build, and what it reuses under `mkdocs serve`.

The figures are generated and the notebooks executed by every new process
(a `mkdocs build`, the start of a `mkdocs serve`); within one serve, they are
reused while their inputs are unchanged: the generated files while the code of
src/micromlp and scripts/ is, a notebook's page while its text and src/micromlp
are. The notebooks run ahead, all at once, and mkdocs-jupyter's call takes the
run (the settings it passes must be the ones the hook expected).
"""

import importlib.util
import re
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs_jupyter import convert

from scripts.hook import generation, html_post

ROOT = Path(__file__).resolve().parents[2]


def load(name):
    """scripts/NAME.py, loaded afresh, as MkDocs loads the hook (a new process's state)."""
    spec = importlib.util.spec_from_file_location(
        f"{name}_build_test", ROOT / "scripts" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_hooks():
    return load("hooks")


class Convert:
    """A stand-in for ``convert.nb2html``: records each call, answers from the file's text."""

    def __init__(self, fail=False, together=None):
        self.calls, self.fail, self.lock = [], fail, threading.Lock()
        # with a number n: each call waits until n calls run at the same time
        self.together = threading.Barrier(together, timeout=30) if together else None

    def __call__(self, path, **kwargs):
        with self.lock:
            self.calls.append((path, kwargs))
        if self.together:
            self.together.wait()  # BrokenBarrierError if the runs do not overlap
        time.sleep(0.05)  # as if a kernel ran: the caller must wait for the run
        if self.fail:
            raise RuntimeError(f"cell failed in {path}")
        return f"<html>{Path(path).read_text()}</html>"


@pytest.fixture
def notebooks(tmp_path):
    paths = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.py"
        path.write_text(f"# %%\nprint({name!r})\n")
        paths.append(path)
    return paths


SETTINGS = {"execute": True, "no_prompt": True}


def test_notebooks_run_once_ahead_and_the_plugin_gets_the_run(notebooks):
    fake = Convert(together=len(notebooks))  # they run at the same time, or this fails
    runs = load("notebook_runs").NotebookRuns(fake, lambda: "library v1")
    runs.start(notebooks, lambda path: SETTINGS)
    html = runs.nb2html(str(notebooks[0]), **SETTINGS)
    assert html == f"<html>{notebooks[0].read_text()}</html>"
    runs.nb2html(str(notebooks[1]), **SETTINGS)
    assert sorted(p for p, _ in fake.calls) == sorted(map(str, notebooks)), "a notebook ran twice"
    assert all(kwargs == SETTINGS for _, kwargs in fake.calls)


def test_serve_reruns_only_an_edited_notebook_and_a_library_change_reruns_all(notebooks):
    library = {"hash": "library v1"}
    fake = Convert()
    runs = load("notebook_runs").NotebookRuns(fake, lambda: library["hash"])
    for _ in range(2):  # two builds, nothing changed
        runs.start(notebooks, lambda path: SETTINGS)
        for path in notebooks:
            runs.nb2html(str(path), **SETTINGS)
        runs.forget_unused()
    assert len(fake.calls) == 2
    notebooks[1].write_text("# %%\nprint('edited')\n")
    runs.start(notebooks, lambda path: SETTINGS)
    assert "edited" in runs.nb2html(str(notebooks[1]), **SETTINGS)
    runs.nb2html(str(notebooks[0]), **SETTINGS)
    runs.forget_unused()
    assert [Path(p).name for p, _ in fake.calls[2:]] == ["b.py"]
    assert len(runs.runs) == 2, "the edited notebook's old run is still kept"
    # src/micromlp changed: every notebook imports it, so every one runs again
    library["hash"] = "library v2"
    runs.start(notebooks, lambda path: SETTINGS)
    for path in notebooks:
        runs.nb2html(str(path), **SETTINGS)
    assert len(fake.calls) == 5


def test_a_notebook_page_is_made_ahead_with_its_contents_and_the_hooks_work(notebooks):
    fake, markdown, prepared = Convert(), Convert(), []
    runs = load("notebook_runs").NotebookRuns(fake, lambda: "library v1", markdown=markdown)
    runs.start(notebooks, lambda path: SETTINGS, prepare=prepared.append)
    html = runs.nb2html(str(notebooks[0]), **SETTINGS)
    assert prepared.count(html) == 1, "the hook's work on the page was not done ahead"
    # the Markdown mkdocs-jupyter takes the table of contents from: each made once, ahead
    assert runs.nb2md(str(notebooks[1])) == f"<html>{notebooks[1].read_text()}</html>"
    runs.nb2md(str(notebooks[0]))
    assert sorted(p for p, _ in markdown.calls) == sorted(map(str, notebooks))
    assert all(kwargs == {} for _, kwargs in markdown.calls)
    assert len(fake.calls) == 2


def test_the_hook_does_its_work_on_a_notebook_page_once(monkeypatch):
    hooks = load_hooks()
    lightened = []

    def lighten_page(html):
        lightened.append(html)
        return html.replace("<style>big</style>", "<style></style>")

    same = lambda html: html  # noqa: E731 (search_math.add_twins, pycon_copy.add_copy_text)
    monkeypatch.setattr(html_post.notebooks, "lighten_page", lighten_page)
    monkeypatch.setattr(html_post.search_math, "add_twins", same)
    monkeypatch.setattr(html_post.pycon_copy, "add_copy_text", same)
    page = '<div class="jupyter-wrapper"><style>big</style><span class="arithmatex">x</span></div>'
    ahead = hooks.page_content(page)  # in the notebook's thread
    assert hooks.on_page_content(page, None, None, None) == ahead
    assert ahead == (
        '<div class="jupyter-wrapper"><style></style>'
        '<span class="arithmatex" data-search-exclude="true">x</span></div>'
    )
    assert len(lightened) == 1


def test_other_settings_than_expected_warn_and_still_run(notebooks, caplog):
    fake = Convert()
    runs = load("notebook_runs").NotebookRuns(fake, lambda: "library v1")
    runs.start(notebooks, lambda path: SETTINGS)
    other = {**SETTINGS, "no_prompt": False}
    assert runs.nb2html(str(notebooks[0]), **other).startswith("<html>")
    assert fake.calls[-1] == (str(notebooks[0]), other)
    assert "was not started ahead" in caplog.text and "a.py" in caplog.text


def test_a_failed_notebook_fails_the_page_and_runs_again_next_build(notebooks):
    fake = Convert(fail=True)
    runs = load("notebook_runs").NotebookRuns(fake, lambda: "library v1")
    for build in (1, 2):
        runs.start(notebooks[:1], lambda path: SETTINGS)
        with pytest.raises(RuntimeError, match="cell failed in .*a.py"):
            runs.nb2html(str(notebooks[0]), **SETTINGS)
        runs.forget_unused()
        assert len(fake.calls) == build, "a failed run was reused instead of run again"


def test_settings_are_the_ones_mkdocs_jupyter_passes(monkeypatch):
    """Render a notebook page through the real plugin; compare its call with the hook's."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["mkdocs-jupyter"]
    src = "notebooks/train.py"
    file = File(src, config.docs_dir, config.site_dir, config.use_directory_urls)
    files = plugin.on_files(Files([file]), config)
    page = Page(None, files.get_file_from_path(src), config)
    seen = []

    def record(path, **kwargs):
        seen.append((path, kwargs))
        return "<p>notebook</p>"

    monkeypatch.setattr(convert, "nb2html", record)
    plugin.on_pre_page(page, config, files)
    page.render(config, files)
    path, kwargs = seen[0]
    assert kwargs == load("notebook_runs").notebook_settings(plugin.config)(path)
    assert kwargs["execute"] is True and kwargs["allow_errors"] is False


def test_markdown_pages_are_not_opened_as_notebooks():
    """mkdocs-jupyter ignores *.md, so it does not read every page with jupytext."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["mkdocs-jupyter"]
    page = SimpleNamespace(abs_src_path=str(ROOT / "docs" / "index.md"))
    assert plugin.should_include(page) is False
    notebook = SimpleNamespace(abs_src_path=str(ROOT / "docs" / "notebooks" / "train.py"))
    assert plugin.should_include(notebook) is True


class Generate:
    """A stand-in for the ``subprocess.Popen`` of scripts/generate.py: records what happens."""

    def __init__(self, events, returncode=0):
        self.events, self.returncode = events, returncode

    def __call__(self, cmd, **kwargs):
        self.events.append(("generate", cmd))
        return self

    def communicate(self):
        self.events.append(("generate done", None))
        return "", "generate: ok" if self.returncode == 0 else "Traceback: boom"

    def kill(self):
        self.events.append(("generate killed", None))

    def wait(self):
        pass


def pre_build_hooks(monkeypatch, events, code, start=None, returncode=0):
    """The hook, with scripts/generate.py, the notebooks and the code hash stood in for."""
    hooks = load_hooks()
    start = start or (lambda paths, settings, prepare: events.append(("notebooks", prepare)))
    monkeypatch.setattr(hooks.STATE, "notebooks", SimpleNamespace(start=start))
    monkeypatch.setattr(generation.subprocess, "Popen", Generate(events, returncode))
    monkeypatch.setattr(generation, "inputs_hash", lambda paths=None: code["hash"])
    return hooks


CONFIG = SimpleNamespace(plugins={"mkdocs-jupyter": SimpleNamespace(config={})})


def test_figures_are_generated_by_each_process_and_again_when_the_code_changes(monkeypatch):
    events, code = [], {"hash": "v1"}
    hooks = pre_build_hooks(monkeypatch, events, code)
    hooks.on_pre_build(CONFIG)  # a new process generates, whatever build/ holds
    hooks.on_pre_build(CONFIG)  # a page was edited: nothing to generate
    runs = [cmd for what, cmd in events if what == "generate"]
    assert len(runs) == 1
    assert runs[0][1:] == ["-m", "scripts.generate", str(generation.OUT)]
    code["hash"] = "v2"  # src/ or scripts/ changed
    hooks.on_pre_build(CONFIG)
    assert len([e for e in events if e[0] == "generate"]) == 2
    assert load_hooks().STATE.generated is None, "a new process must not trust build/generated"


def test_the_figures_start_first_and_the_notebooks_run_meanwhile(monkeypatch):
    events = []
    hooks = pre_build_hooks(monkeypatch, events, {"hash": "v1"})
    hooks.on_pre_build(CONFIG)
    assert [what for what, _ in events] == ["generate", "notebooks", "generate done"]
    # each notebook page gets the hook's own work ahead, in the notebook's thread
    assert events[1][1] is hooks.page_content


def test_a_failed_generate_fails_the_build_and_a_failed_start_stops_it(monkeypatch):
    events = []
    hooks = pre_build_hooks(monkeypatch, events, {"hash": "v1"}, returncode=1)
    with pytest.raises(PluginError, match="scripts/generate.py failed:\n.*boom"):
        hooks.on_pre_build(CONFIG)
    assert hooks.STATE.generated is None, "failed files were taken for generated ones"

    def broken(paths, settings, prepare):
        raise RuntimeError("no kernel")

    events.clear()
    hooks = pre_build_hooks(monkeypatch, events, {"hash": "v1"}, start=broken)
    with pytest.raises(RuntimeError, match="no kernel"):
        hooks.on_pre_build(CONFIG)
    assert [what for what, _ in events] == ["generate", "generate killed"]


def test_inputs_hash_sees_the_code_and_skips_caches(tmp_path, monkeypatch):
    monkeypatch.setattr(generation, "ROOT", tmp_path)
    code = tmp_path / "scripts"
    (code / "__pycache__").mkdir(parents=True)
    (code / "node_modules" / "pkg").mkdir(parents=True)
    (code / "a.py").write_text("x = 1\n")
    (code / "b.js").write_text("let y = 2;\n")
    (code / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (code / "node_modules" / "pkg" / "index.js").write_text("z\n")
    found = [p.relative_to(tmp_path).as_posix() for p in generation.code_files(code)]
    assert found == ["scripts/a.py", "scripts/b.js"]
    before = generation.inputs_hash(("scripts",))
    (code / "node_modules" / "pkg" / "index.js").write_text("changed\n")
    assert generation.inputs_hash(("scripts",)) == before
    (code / "b.js").write_text("let y = 3;\n")
    assert generation.inputs_hash(("scripts",)) != before


def test_a_run_gives_the_page_and_the_files_beside_it(notebooks):
    """The hook's conversion returns (html, files): the plugin gets the HTML, on_files the files."""

    def convert(path, **kwargs):
        return f"<html>{Path(path).stem}</html>", {f"{Path(path).stem}.ipynb": "{}"}

    runs = load("notebook_runs").NotebookRuns(convert, lambda: "library v1")
    runs.start(notebooks, lambda path: SETTINGS)
    assert runs.nb2html(str(notebooks[0]), **SETTINGS) == "<html>a</html>"
    assert runs.files() == {str(p): {f"{p.stem}.ipynb": "{}"} for p in notebooks}


def test_notebook_pages_use_materials_code_blocks_and_no_jupyter_styles(tmp_path):
    """mkdocs-jupyter's real markup of a code cell becomes a fenced block's (pymdownx)."""
    from scripts import notebook_outputs

    notebook = tmp_path / "two.py"
    notebook.write_text("# %%\nx = 1\n\n# %%\ny = 2\n")
    html, files = notebook_outputs.render(convert.nb2html, str(notebook), execute=False)
    fenced = '<div class="language-python highlight"><pre><span></span><code><span class="n">x'
    assert fenced in html and html.count("<code>") == 2
    for jupyter in ("highlight-ipynb", "<style", "clipboard-copy", "<script>"):
        assert jupyter not in html, jupyter
    assert list(files) == ["two.ipynb"]


def test_serve_reuses_compiled_templates_until_one_is_edited(monkeypatch):
    """Each rebuild makes new Jinja environments; the hook's cache spares the compiling."""
    hooks = load_hooks()
    sources = {"page.html": "<p>{{ title }}</p>"}
    compiled = []

    def environment():
        env = jinja2.Environment(loader=jinja2.FunctionLoader(lambda name: sources[name]))
        env.bytecode_cache = hooks.STATE.templates
        compile_ = env.compile
        monkeypatch.setattr(env, "compile", lambda *a, **k: compiled.append(a) or compile_(*a, **k))
        return env

    assert environment().get_template("page.html").render(title="a") == "<p>a</p>"
    assert environment().get_template("page.html").render(title="b") == "<p>b</p>"
    assert len(compiled) == 1, "the second build compiled the template again"
    sources["page.html"] = "<h1>{{ title }}</h1>"  # an edited template
    assert environment().get_template("page.html").render(title="c") == "<h1>c</h1>"
    assert len(compiled) == 2


def test_under_serve_the_theme_and_mkdocstrings_keep_their_compiled_templates(monkeypatch):
    hooks = load_hooks()
    monkeypatch.setattr(hooks.STATE, "serving", True)
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)  # mkdocstrings sets up its handlers
    page = SimpleNamespace(file=SimpleNamespace(src_uri="api/network.md"))
    hooks.on_page_markdown("# API\n\n::: micromlp.MLP\n", page, config, Files([]))
    handler = config.plugins["mkdocstrings"].get_handler("python")
    assert handler.env.bytecode_cache is hooks.STATE.templates
    env = hooks.on_env(jinja2.Environment(), config, Files([]))
    assert env.bytecode_cache is hooks.STATE.templates
    monkeypatch.setattr(hooks.STATE, "serving", False)  # a build compiles each template once anyway
    assert hooks.on_env(jinja2.Environment(), config, Files([])).bytecode_cache is None


def test_notebook_cell_anchors_are_numbered_not_random(tmp_path, built_site):
    """jupytext's random cell ids would make every build of a notebook page differ."""
    runs = load("notebook_runs")
    notebook = tmp_path / "two.py"
    notebook.write_text("# %%\nx = 1\n\n# %% [markdown]\n# Text\n")
    first, second = (convert.nb2html(str(notebook), execute=False) for _ in range(2))
    assert first != second  # random ids: the reason for numbering
    assert runs.number_cell_anchors(first) == runs.number_cell_anchors(second)
    assert re.findall(r'id="cell-id=([^"]*)"', runs.number_cell_anchors(first)) == [
        "cell-1",
        "cell-2",
    ]
    for page in sorted((built_site / "notebooks").glob("*/index.html")):
        anchors = re.findall(r'id="cell-id=([^"]*)"', page.read_text(encoding="utf-8"))
        assert anchors and anchors == [f"cell-{n}" for n in range(1, len(anchors) + 1)], page


def test_printed_outputs_of_a_cell_are_joined_however_the_kernel_cut_them(built_site):
    runs = load("notebook_runs")

    def child(text, mime="text/plain"):
        return (
            '<div class="jp-OutputArea-child">\n<div class="jp-RenderedText '
            f'jp-OutputArea-output" data-mime-type="{mime}" tabindex="0">\n<pre>{text}</pre>\n'
            "</div>\n</div>\n"
        )

    cut = child("a\n") + child("b\n") + child("c\n")
    assert runs.join_printed_outputs(cut) == child("a\nb\nc\n")
    warned = child("a\n") + child("w\n", "application/vnd.jupyter.stderr") + child("b\n")
    assert runs.join_printed_outputs(warned) == warned  # what went to stderr stays apart
    pair = runs.STDOUT_PAIR
    for page in sorted((built_site / "notebooks").glob("*/index.html")):
        assert not pair.search(page.read_text(encoding="utf-8")), page


def test_two_builds_are_byte_identical(built_site, build_site, tmp_path):
    """Every file of a second ``mkdocs build`` equals the first's: pages, figures, data."""
    site = build_site(tmp_path / "again")
    files = sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    differ = [str(f) for f in files if (built_site / f).read_bytes() != (site / f).read_bytes()]
    assert not differ, f"{len(differ)} files differ between two builds: {differ[:10]}"
    assert len(files) > 100
