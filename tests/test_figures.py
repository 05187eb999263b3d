"""Generated figures, tables and slider data: deterministic, present, used, not committed."""

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402
import runs  # noqa: E402
from generate import FIGURES, TABLES  # noqa: E402  (every registry generate.py writes)


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
            [sys.executable, str(ROOT / "scripts" / "generate.py"), str(out)],
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
    expected |= {f"tables/{n}.md" for n in TABLES} | {"anim/training.json"}
    assert {str(p) for p in files[0]} == expected
    different = [p for p in files[0] if (outs[0] / p).read_bytes() != (outs[1] / p).read_bytes()]
    assert not different, f"files differ between two runs: {different}"


def test_train_together_is_fit_to_the_last_bit():
    """The vectorised runs of scripts/runs.py end exactly where MLP.fit ends."""
    cases = [(0, 0.1), (7, 0.1), (14, 5.0)]
    nets = runs.train_together(*zip(*cases), history=[2])
    for net, (seed, lr) in zip(nets, cases):
        ref = runs.train(seed=seed, learning_rate=lr)
        for got, want in zip(net.weights + net.biases, ref.weights + ref.biases):
            np.testing.assert_array_equal(got, want)
    assert nets[2].history["loss"] == ref.history["loss"]


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
    pages = [p for p in built_site.rglob("*.html") if "mlp-slider" in p.read_text()]
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
