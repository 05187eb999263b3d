"""A new page with a run, a figure and a table takes three files (CONTRIBUTING.md).

The fixture page, tests/site/fixtures/new_page/: a page module (its run, figure and
table) and its Markdown. It is added to a copy of the repository without the
guide's pages (so that only its run is made), with its line in the nav of
mkdocs.yml, and the copy is built with ``mkdocs build --strict``. This shows
that the three files suffice on their own; among the guide's pages, the one
more thing that can go wrong is a name that another page module registers
already, which the registry refuses (scripts/registry.py).
"""

import importlib.util
import re
import shutil

import pytest
from conftest import ROOT, build

from scripts.registry import FIGURES, TABLES

FIXTURE = ROOT / "tests" / "site" / "fixtures" / "new_page"
NAME = "learning_curve"


@pytest.fixture(scope="module")
def page():
    """The fixture's page module, imported here too: ``(module, its registered Figure)``.

    The registries are left as they were: the other tests know the guide's pages only.
    """
    before = {id(r): (r, dict(r)) for r in (FIGURES, TABLES)}
    spec = importlib.util.spec_from_file_location(f"fixture_{NAME}", FIXTURE / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        return module, FIGURES[NAME]
    finally:
        for registry, items in before.values():
            registry.clear()
            registry.update(items)


@pytest.fixture(scope="module")
def new_page(tmp_path_factory):
    """The copy of the repository with the new page, built: its page's HTML and its site."""
    repo = tmp_path_factory.mktemp("repo")
    skip = shutil.ignore_patterns("__pycache__", "node_modules")
    for folder in ("src", "scripts", "docs/assets", "docs/overrides"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=skip)
    for module in (repo / "scripts" / "pages").glob("*.py"):
        if module.name != "__init__.py":
            module.unlink()  # the guide's pages: not needed, and slow to generate
    # The three files of a new page: its module, its Markdown, its line in the nav.
    shutil.copy(FIXTURE / f"{NAME}.py", repo / "scripts" / "pages" / f"{NAME}.py")
    shutil.copy(FIXTURE / f"{NAME}.md", repo / "docs" / f"{NAME}.md")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config, n = re.subn(r"^nav:\n(?:  .*\n)+", f"nav:\n  - 0 Learning curve: {NAME}.md\n", config,
                        flags=re.M)  # fmt: skip
    assert n == 1, "mkdocs.yml has no nav block to replace"
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = build(tmp_path_factory.mktemp("site"), root=repo)
    return (site / NAME / "index.html").read_text(encoding="utf-8"), site


def test_the_new_page_shows_its_figure_in_both_palettes(new_page, page):
    html, site = new_page
    module, figure = page
    assert figure.draw is module.learning_curve
    for theme in ("light", "dark"):
        src = f'src="../figures/{NAME}-{theme}.svg#only-{theme}"'
        assert re.search(rf'<img alt="{re.escape(figure.alt)}" height="\d+" [^>]*{src}', html)
        assert (site / "figures" / f"{NAME}-{theme}.svg").is_file()
    # the page is the nav's only chapter, 0 (scripts/hook/numbering.py): its figure is 0.1
    number = '<span class="mlp-fignum">Figure 0.1.</span> '
    assert f"<figcaption>{number}{figure.caption}</figcaption>" in html


def test_the_new_page_shows_its_run_in_its_table(new_page, page):
    html, _ = new_page
    module, _ = page
    curve = module.train()
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert len(curve.loss) == module.EPOCHS + 1
    assert cells == [str(module.EPOCHS), f"{curve.loss[-1]:.4f}", f"{curve.accuracy:.4f}"]


def test_the_new_page_types_no_number_its_run_makes(page):
    """The example newcomers copy: its epochs come from ``EPOCHS``, never typed again."""
    module, figure = page
    text = (FIXTURE / f"{NAME}.md").read_text(encoding="utf-8")
    # its title's chapter number is the nav's, not a run's (scripts/hook/numbering.py)
    prose = "\n".join(line for line in text.splitlines() if not line.startswith(("--8<--", "# 0 ")))
    assert not re.search(r"\d", prose), f"{NAME}.md types a number: {prose!r}"
    source = (FIXTURE / f"{NAME}.py").read_text(encoding="utf-8")
    typed = re.findall(rf"\b{module.EPOCHS}\b", source)
    assert typed == [str(module.EPOCHS)], f"EPOCHS's value typed {len(typed)} times"
    assert f" {module.EPOCHS} epochs" in figure.alt
