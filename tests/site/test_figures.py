"""Generated figures, tables and slider data: deterministic, present, used, not committed."""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from scripts.generate import figure_block, page_modules
from scripts.registry import AGAIN, DATA, FIGURES, TABLES, Figure

page_modules()  # every page's figures, tables and data, registered
ROOT = Path(__file__).resolve().parents[2]
# A page shows a figure one way: it includes the figure's generated <figure>,
# on a line of its own (indented too: in an admonition or a tab).
FIGURE_INCLUDE = re.compile(r'^[ \t]*--8<-- "figures/(?P<name>[\w-]+)\.md"[ \t]*$', re.M)
# A generated figure written into a page by hand: a Markdown image, an <img>
# (or any src=) of figures/, or a <figure> element of its own.
FIGURE_BY_HAND = re.compile(
    r"(?:\]\(|\bsrc\s*=\s*[\"']?)(?:\.{0,2}/)*figures/(?P<name>[\w-]+)\.svg"
    r"|(?P<tag><figure)\b"
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
    expected |= {f"figures/{n}.md" for n in [*FIGURES, *AGAIN]}
    expected |= {f"tables/{n}.md" for n in TABLES} | {f"anim/{n}.json" for n in DATA}
    assert {"anim/training.json", "anim/live.json"} <= expected
    assert {str(p) for p in files[0]} == expected
    different = [p for p in files[0] if (outs[0] / p).read_bytes() != (outs[1] / p).read_bytes()]
    assert not different, f"files differ between two runs: {different}"


def page_figures():
    """``[(page name, figure name)]`` for every figure included in docs/*.md."""
    return [
        (page.name, m["name"])
        for page in sorted((ROOT / "docs").glob("*.md"))
        for m in FIGURE_INCLUDE.finditer(page.read_text(encoding="utf-8"))
    ]


def figure_problems(found, pages):
    """What is wrong with ``found`` (page_figures()) and the text of ``pages``."""
    shown = {**{n: n for n in FIGURES}, **{n: fig for n, (fig, _) in AGAIN.items()}}
    problems = [f"{page}: figures/{name}.md is not registered" for page, name in found
                if name not in shown]  # fmt: skip
    included = {shown[name] for _, name in found if name in shown}
    problems += [f"figure {name} is shown on no page" for name in FIGURES if name not in included]
    problems += [
        f"{page}: {'<figure>' if m['tag'] else 'figures/' + m['name']} written by hand, "
        "not included"
        for page, text in pages.items()
        for m in FIGURE_BY_HAND.finditer(text)
    ]
    return problems


def test_every_figure_is_included_one_way():
    """Each registered figure is included by a page, and no page writes a figure by hand."""
    pages = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")}
    problems = figure_problems(page_figures(), pages)
    assert not problems, "\n".join(problems)


def test_figure_check_bites(tmp_path, monkeypatch):
    """A figure not registered, not shown, or written into a page by hand is caught."""
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "a.md"
    name, fig = next(iter(FIGURES.items()))
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    page.write_text(f'Text.\n\n--8<-- "figures/{name}.md"\n--8<-- "figures/no_such.md"\n')
    found = page_figures()
    assert found == [("a.md", name), ("a.md", "no_such")]
    problems = figure_problems(found, {"a.md": f"![{fig.alt}](figures/{name}.svg)"})
    assert problems[0] == "a.md: figures/no_such.md is not registered"
    assert f"figure {list(FIGURES)[1]} is shown on no page" in problems
    assert problems[-1] == f"a.md: figures/{name} written by hand, not included"
    by_hand = {
        f'<img alt="{fig.alt}" src="figures/{name}-light.svg">': f"figures/{name}-light",
        f"<img src='../figures/{name}.svg' alt='x'>": f"figures/{name}",
        f"![{fig.alt}](figures/{name}-dark.svg#only-dark)": f"figures/{name}-dark",
        '<figure markdown="span">\n  ![x](elsewhere.png)\n</figure>': "<figure>",
    }
    for text, what in by_hand.items():
        assert figure_problems(found, {"a.md": text})[-1] == (
            f"a.md: {what} written by hand, not included"
        ), text


def test_a_figure_and_a_show_again_of_one_name_fail(monkeypatch):
    """Both would write figures/NAME.md: the generator refuses to start."""
    name = next(iter(FIGURES))
    monkeypatch.setitem(AGAIN, name, (name, "Again."))
    with pytest.raises(ValueError, match=f"share the names \\['{name}'\\]"):
        page_modules()


def test_an_indented_include_counts(tmp_path, monkeypatch):
    """An include inside an admonition or a tab shows the figure: not "shown on no page"."""
    (tmp_path / "docs").mkdir()
    name = next(iter(FIGURES))
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "docs" / "a.md").write_text(f'!!! note\n\n    --8<-- "figures/{name}.md"\n')
    assert page_figures() == [("a.md", name)]
    assert f"figure {name} is shown on no page" not in figure_problems(page_figures(), {})


def test_a_figure_block_holds_its_alt_text_and_caption(tmp_path):
    name = "network"
    (tmp_path / f"{name}-light.svg").write_text('<svg width="300pt" height="150pt">')
    block = figure_block(tmp_path, name, "A caption.")
    attrs = '{ width="400" height="200" loading="lazy" }'
    alt = FIGURES[name].alt
    assert block == (
        '<figure markdown="span" id="fig-network">\n'
        f"  ![{alt}](figures/{name}-light.svg#only-light){attrs}"
        f"![{alt}](figures/{name}-dark.svg#only-dark){attrs}\n"
        "  <figcaption>A caption.</figcaption>\n</figure>\n"
    )
    # shown again under another name, it has that name's id (scripts/hook/numbering.py)
    assert figure_block(tmp_path, name, "Again.", "again").startswith(
        '<figure markdown="span" id="fig-again">'
    )


def test_a_figure_block_states_what_its_run_produced(tmp_path, monkeypatch):
    """An alt text or caption given as a function of the runs is written with the runs' values."""
    (tmp_path / "spread-light.svg").write_text('<svg width="300pt" height="150pt">')
    alt, caption = (lambda r: f"{r['n']} dots,\n  one a seed"), (lambda r: f"{r['n']} runs.")
    monkeypatch.setitem(FIGURES, "spread", Figure(None, alt, caption, "p"))
    block = figure_block(tmp_path, "spread", caption, runs={"p": {"n": 7}})
    assert "![7 dots, one a seed](figures/spread-light.svg#only-light)" in block
    assert "<figcaption>7 runs.</figcaption>" in block
    with pytest.raises(ValueError, match="figure 'spread': .* returned ''"):
        figure_block(tmp_path, "spread", lambda r: "", runs={"p": {"n": 7}})


def test_every_image_resolves_and_has_alt(images):
    assert images, "the built site has no image at all"
    for page, src, alt, path in images:
        short = src if len(src) < 80 else src[:77] + "..."
        # notebook figures too are files (scripts/notebook_outputs.py), none embedded
        assert path is not None, f"{page}: image {short} is not a local file"
        assert path.is_file(), f"{page}: image {short} does not resolve ({path})"
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
