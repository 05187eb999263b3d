"""Generated figures, tables and slider data: deterministic, present, used, not committed."""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from scripts import beyond_classes
from scripts.generate import FIGURES, TABLES  # every page's registries, merged

ROOT = Path(__file__).resolve().parent.parent
# ![alt](figures/NAME.svg) in a page; the alt text may hold brackets, as in "W[1]".
FIGURE_REF = re.compile(
    r"!\[(?P<alt>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:\.\./)*figures/(?P<name>[\w-]+)\.svg\)"
)


class Images(HTMLParser):
    """Collect the ``src`` and ``alt`` of every ``<img>`` of a page."""

    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def site_images(site):
    """``[(page, src, alt, resolved path)]`` for every image of the built site."""
    found = []
    for page in sorted(site.rglob("*.html")):
        parser = Images()
        parser.feed(page.read_text(encoding="utf-8"))
        for img in parser.images:
            src = img.get("src", "")
            url = urlsplit(src)
            path = None
            if not url.scheme and not url.netloc:
                path = (page.parent / unquote(url.path)).resolve()
            found.append((page.relative_to(site), src, img.get("alt"), path))
    return found


@pytest.fixture(scope="module")
def images(built_site):
    return site_images(built_site)


def test_generate_is_deterministic(tmp_path):
    """Two runs of scripts/generate.py write byte-identical files."""
    outs = [tmp_path / "a", tmp_path / "b"]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "scripts.generate", str(out)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for out in outs
    ]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err.decode()
    files = [sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) for out in outs]
    assert files[0] == files[1]
    expected = {f"figures/{n}-{t}.svg" for n in FIGURES for t in ("light", "dark")}
    expected |= {f"tables/{n}.md" for n in TABLES} | {"anim/training.json", "anim/live.json"}
    assert {str(p) for p in files[0]} == expected
    different = [p for p in files[0] if (outs[0] / p).read_bytes() != (outs[1] / p).read_bytes()]
    assert not different, f"files differ between two runs: {different}"


def page_figures():
    """``[(page name, figure name, alt text)]`` for every figure shown in docs/*.md."""
    return [
        (page.name, m["name"], m["alt"])
        for page in sorted((ROOT / "docs").glob("*.md"))
        for m in FIGURE_REF.finditer(page.read_text(encoding="utf-8"))
    ]


def alt_problems(found):
    """What is wrong with ``[(page, figure, alt)]``: unknown figures, alt texts not registered."""
    problems = [f"{page}: figures/{name}.svg is not registered" for page, name, _ in found
                if name not in FIGURES]  # fmt: skip
    problems += [
        f"{page}: figures/{name}.svg has alt {' '.join(alt.split())!r}, "
        f"registered: {FIGURES[name].alt!r}"
        for page, name, alt in found
        if name in FIGURES and " ".join(alt.split()) != FIGURES[name].alt
    ]
    return problems


def test_alt_text_is_the_registered_one():
    """A page shows each figure with the alt text registered beside the code that draws it."""
    found = page_figures()
    # The "Beyond two classes" page includes its figures from generated blocks whose
    # alt text and caption come from the registry itself (tests/test_beyond_classes.py).
    in_pages = set(FIGURES) - set(beyond_classes.FIGURES)
    assert {name for _, name, _ in found} == in_pages, "figures registered but not shown"
    problems = alt_problems(found)
    assert not problems, "alt text differs from the figure registry:\n" + "\n".join(problems)


def test_alt_text_check_bites(tmp_path, monkeypatch):
    """An alt text changed on one side only (page or registry) is caught."""
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "a.md"
    name, fig = next(iter(FIGURES.items()))
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    page.write_text(f"Text.\n\n  ![{fig.alt}](../figures/{name}.svg)\n")
    assert page_figures() == [("a.md", name, fig.alt)] and not alt_problems(page_figures())
    page.write_text(f"![An old description of it](figures/{name}.svg)\n")
    assert alt_problems(page_figures()) == [
        f"a.md: figures/{name}.svg has alt 'An old description of it', registered: {fig.alt!r}"
    ]
    page.write_text(f"![{fig.alt}](figures/no_such_figure.svg)\n")
    assert alt_problems(page_figures()) == ["a.md: figures/no_such_figure.svg is not registered"]


def test_every_image_resolves_and_has_alt(images):
    assert images, "the built site has no image at all"
    for page, src, alt, path in images:
        short = src if len(src) < 80 else src[:77] + "..."
        inline = src.startswith("data:image/")  # notebook outputs are embedded
        assert inline or path is not None, f"{page}: image {short} is not a local file"
        assert inline or path.is_file(), f"{page}: image {short} does not resolve ({path})"
        assert alt and alt.strip(), f"{page}: image {short} has no alt text"


def test_every_figure_is_used_in_both_themes(images):
    used = {path.name for *_, path in images if path is not None}
    missing = [
        f"{name}-{theme}.svg"
        for name in FIGURES
        for theme in ("light", "dark")
        if f"{name}-{theme}.svg" not in used
    ]
    assert not missing, f"figures generated but shown on no page: {missing}"


def test_slider_data(built_site):
    data = json.loads((built_site / "anim" / "training.json").read_text())
    n = data["grid"]["n"]
    assert len(data["days"]) == 13
    epochs = [f["epoch"] for f in data["frames"]]
    assert epochs == sorted(epochs) and epochs[0] == 0 and len(epochs) > 10
    for frame in data["frames"]:
        assert len(frame["proba"]) == n * n
        assert all(0 <= p <= 100 for p in frame["proba"])
        assert [len(W) for W in frame["weights"]] == data["layer_sizes"][:-1]
    pages = [p for p in built_site.rglob("*.html") if 'class="mlp-slider"' in p.read_text()]
    assert pages, "no page holds the training slider"
    for page in pages:
        assert 'data-src="../anim/training.json"' in page.read_text()
        assert (page.parent / "../anim/training.json").resolve().is_file()


def test_no_generated_file_is_committed():
    result = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.skip("not a git checkout")
    committed = [
        path
        for path in result.stdout.splitlines()
        if path.startswith(("build/", "site/")) or (path.endswith(".svg") and "figures/" in path)
    ]
    assert not committed, f"generated files are committed: {committed}"
