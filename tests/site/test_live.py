"""The live network: docs/assets/micromlp.js in Chromium gives micromlp's numbers.

The fixtures come from scripts/live_data.py (Python's forward and backward
passes on every golf day and on the 8 training days, one step, and training
runs of ``guide.EPOCHS`` epochs by ``MLP.fit``). The engine runs on them in
the built site's live page; each result is compared number by number, and the
share that is bit-identical is printed.

What is asserted, and why:

- every pass and step within 1e-12 (measured: a few 1e-16). How many are
  bit-identical is printed, not asserted: it depends on the machine (which
  OpenBLAS kernels and which exp numpy picks for its CPU);
- the emulated fused multiply-add exact, against rational arithmetic;
- each training run: the same accuracy after every epoch and final parameters
  within ``RUN_TOLERANCE``. Not 1e-12: the browser's Math.exp and Math.tanh are
  not numpy's (numpy has its own SIMD exp on AVX-512 machines), a last-bit
  difference in one of the 8000 updates, and some runs amplify it (the worst
  difference is printed).

A second test drives the page's controls (day 2, Step, an edited weight, 10
epochs of training) and reads the numbers from the page.
"""

import re
from pathlib import Path

import numpy as np
import pytest
from browser_helpers import CHROMIUM_ARGS, INSTALL_HINT, find_browser, serve, site_prefix
from playwright.sync_api import sync_playwright

from micromlp import MLP, guide, load_golf
from scripts import live_data

ROOT = Path(__file__).resolve().parents[2]


TOLERANCE = 1e-12
RUN_TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def site(request):
    import os

    prebuilt = os.environ.get("MICROMLP_SITE_DIR")
    return Path(prebuilt).resolve() if prebuilt else request.getfixturevalue("built_site")


@pytest.fixture(scope="module")
def browser(site):
    """Chromium and the address of the site it serves (tests/site/test_live_widget.py too)."""
    with sync_playwright() as p, serve(site, site_prefix(site)) as base:
        path = find_browser(p)
        assert path is not None, INSTALL_HINT
        chromium = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium, base
        chromium.close()


@pytest.fixture(scope="module")
def browser_page(browser):
    chromium, base = browser
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "live/")
    page.wait_for_selector(".mlp-live[data-ready]", timeout=15000)
    yield page, errors
    context.close()


@pytest.fixture(scope="module")
def fixtures():
    return live_data.fixtures()


@pytest.fixture(scope="module")
def results(browser_page, fixtures):
    """The engine's results in Chromium, by scripts/live_run.js (which the build runs in node)."""
    page, _ = browser_page
    page.add_script_tag(path=str(ROOT / "scripts" / "live_run.js"))
    return page.evaluate("(fix) => runFixtures(fix)", fixtures)


def test_engine_equals_python(results, fixtures, capsys):
    passes, _ = live_data.compare(fixtures, results)
    n, same, worst = passes.total()
    with capsys.disabled():
        print(
            f"\n[live] passes and steps: {n} numbers, {same} bit-identical"
            f" ({100 * same / n:.1f}%), worst difference {worst:.1e}"
        )
    assert n > 4000  # every pass of every fixture network was compared
    assert worst <= TOLERANCE, {k: v for k, v in passes.rows.items() if v[2] > TOLERANCE}


def test_training_runs_equal_python(results, fixtures, capsys):
    _, runs = live_data.compare(fixtures, results)
    lines = []
    for k, (run, got) in enumerate(zip(fixtures["runs"], results["runs"])):
        n, same, worst = runs.total(f"run{k} ")
        net = fixtures["networks"][run["network"]]
        lines.append(
            f"  run {k}: {net['activation']} {net['layer_sizes']} seed {net['seed']}"
            f" batch {run['batch_size']}: worst {worst:.1e}, {same}/{n} bit-identical"
        )
        assert got["accuracy"] == run["accuracy"], f"run {k}: accuracy history differs"
        assert runs.rows[f"run{k} params"][2] <= RUN_TOLERANCE, lines[-1]
    n_all, same_all, worst_all = runs.total()
    with capsys.disabled():
        print(
            f"\n[live] {len(lines)} training runs of {live_data.EPOCHS} epochs: {n_all} numbers,"
            f" {same_all} bit-identical ({100 * same_all / n_all:.1f}%),"
            f" worst difference {worst_all:.1e}\n" + "\n".join(lines)
        )


def test_fma_is_exact(browser_page):
    """The emulated fused multiply-add against exact rational arithmetic."""
    from fractions import Fraction

    rng = np.random.default_rng(0)
    a, b = rng.normal(size=2000) * 10.0 ** rng.integers(-8, 8, 2000), rng.normal(size=2000)
    c = np.where(np.arange(2000) % 2 == 0, -a * b, rng.normal(size=2000))  # cancellations
    want = [float(Fraction(x) * Fraction(y) + Fraction(z)) for x, y, z in zip(a, b, c)]
    page, _ = browser_page
    got = page.evaluate(
        "([a, b, c]) => a.map((x, i) => micromlp.fma(x, b[i], c[i]))",
        [a.tolist(), b.tolist(), c.tolist()],
    )
    assert [live_data.bits(v) for v in got] == [live_data.bits(v) for v in want]
    assert any(live_data.bits(x * y + z) != live_data.bits(w) for x, y, z, w in zip(a, b, c, want))


def test_console_example_runs(browser_page):
    """The "In your console" code block of docs/live.md runs as printed."""
    page, errors = browser_page
    text = (ROOT / "docs" / "live.md").read_text()
    blocks = re.findall(r"```js\n(.*?)```", text, re.S)
    assert len(blocks) == 1
    loss = page.evaluate(
        "(code) => new Function(code + '; return net.history.loss.at(-1);')()", blocks[0]
    )
    assert 0 < loss < 0.7
    assert not errors, errors


def _num(text):
    return float(text.replace("\u2212", "-"))


def test_page_controls_match_python(browser_page):
    """Day 2, Step, an edited weight, 10 epochs (Step and Train by keyboard): Python's numbers."""
    page, errors = browser_page
    golf = load_golf()
    live = page.locator(".mlp-live").first
    live.get_by_label("Day", exact=True).select_option("2")
    net = guide.network()
    x, y = guide.day(2)
    trace = net.forward(x)
    shown = live.locator(".mlp-live__summary")
    assert float(shown.get_attribute("data-y-hat")) == pytest.approx(trace.y_hat[0, 0], abs=1e-15)
    assert f"{trace.y_hat[0, 0]:.4f}" in shown.inner_text()
    for l in range(1, net.n_layers + 1):
        for i in range(net.layer_sizes[l]):
            node = live.locator(f'text[data-node="{l}-{i}"]')
            assert float(node.get_attribute("data-value")) == pytest.approx(
                trace.a[l][0, i], abs=1e-15
            )

    # Backward: the gradients in the table.
    live.get_by_role("button", name="Backward", exact=True).click()
    grads = net.backward(trace, y)
    cell = live.locator('input[data-param="W[1] 1\u21922"]').locator("xpath=../../td[2]")
    assert _num(cell.inner_text()) == pytest.approx(round(grads.dW[0][0, 1], 4), abs=1e-12)

    # Step with the learning rate shown (the guide's).
    rate = live.get_by_label("Learning rate", exact=True)
    assert float(rate.input_value()) == guide.LEARNING_RATE
    live.get_by_role("button", name="Step", exact=True).focus()
    page.keyboard.press("Enter")  # by keyboard
    net.step(grads, guide.LEARNING_RATE)
    assert live.locator("tr.changed").count() > 0

    def params_on_page():
        values = live.locator("input[data-param]").evaluate_all(
            "(els) => els.map((e) => [e.dataset.param, +e.dataset.value])"
        )
        return dict(values)

    def params_in_python():
        out = {}
        for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
            for i in range(W.shape[0]):
                for j in range(W.shape[1]):
                    out[f"W[{l}] {i + 1}\u2192{j + 1}"] = W[i, j]
            for j in range(b.shape[0]):
                out[f"b[{l}] {j + 1}"] = b[j]
        return out

    def assert_same(tolerance):
        page_values, py = params_on_page(), params_in_python()
        assert page_values.keys() == py.keys()
        worst = max(abs(page_values[k] - py[k]) for k in py)
        assert worst <= tolerance, worst

    assert_same(0.0)

    # Edit a weight by typing it: everything downstream follows.
    box = live.get_by_label("Weight W[1] from unit 1 of layer 0 to unit 1 of layer 1")
    box.fill("0.25")
    box.press("Enter")
    box.blur()
    net.weights[0][0, 0] = 0.25
    assert float(shown.get_attribute("data-y-hat")) == pytest.approx(
        net.forward(x).y_hat[0, 0], abs=1e-15
    )
    assert_same(0.0)

    # Train 10 epochs, in the guide's order of the days.
    live.get_by_label("Epochs to run", exact=True).fill("10")
    live.get_by_role("button", name="Train", exact=True).focus()
    page.keyboard.press("Space")  # by keyboard
    page.wait_for_function(
        "() => document.querySelector('.mlp-live__status').dataset.epoch === '10'"
        " && !document.querySelector('.mlp-live__status').textContent.includes('training\u2026')",
        timeout=10000,
    )
    net.fit(
        golf.X[golf.train],
        golf.y[golf.train],
        epochs=10,
        learning_rate=guide.LEARNING_RATE,
        batch_size=guide.BATCH_SIZE,
        shuffle=True,
        seed=guide.SHUFFLE_SEED,
    )
    assert_same(1e-12)
    status = live.locator(".mlp-live__status")
    assert float(status.get_attribute("data-loss")) == pytest.approx(
        net.history["loss"][-1], abs=1e-12
    )

    # Reset: back to the guide's initial weights.
    live.get_by_role("button", name="Reset", exact=True).click()
    net = MLP(guide.LAYER_SIZES, init="uniform", seed=guide.SEED)
    assert_same(0.0)
    assert not errors, errors


def test_status_line_follows_a_step(browser_page):
    """After Step, the status line gives the training loss of the network drawn,
    not the loss of the last epoch (issue 23: it kept epoch 0's loss)."""
    page, errors = browser_page
    live = page.locator(".mlp-live").first
    live.get_by_role("button", name="Reset", exact=True).click()
    live.get_by_label("Day", exact=True).select_option(str(guide.DAY))
    status = live.locator(".mlp-live__status")
    net = guide.network()
    X, y = load_golf().X, load_golf().y
    train = load_golf().train
    before = float(status.get_attribute("data-loss"))
    assert before == pytest.approx(net.loss(X[train], y[train]), abs=1e-12)
    live.get_by_role("button", name="Step", exact=True).click()
    x, y_day = guide.day(guide.DAY)
    net.step(net.backward(net.forward(x), y_day), guide.LEARNING_RATE)
    after = float(status.get_attribute("data-loss"))
    assert after == pytest.approx(net.loss(X[train], y[train]), abs=1e-12)
    assert after != before
    assert f"{after:.4f}".replace("-", "\u2212") in status.inner_text()
    live.get_by_role("button", name="Reset", exact=True).click()
    assert not errors, errors


# Text colour against the colour under it (the first opaque background up the
# tree), for every control of the live network and the training slider.
CONTROL_CONTRAST = r"""() => {
  const parse = (c) => (/rgba?\(([^)]+)\)/.exec(c) || [0, '0,0,0,0'])[1]
    .split(/[\s,\/]+/).filter(Boolean).map(Number);
  const lum = (rgb) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const under = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] >= 1) return c;
    }
    return [255, 255, 255];
  };
  const out = [];
  const controls = document.querySelectorAll(':is(.mlp-live, .mlp-slider) '
    + ':is(button, select, input, label, summary, legend, .mlp-live__status)');
  for (const el of controls) {
    if (!el.getClientRects().length) continue;
    const fg = parse(getComputedStyle(el).color), bg = under(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    out.push([el.tagName.toLowerCase() + ' ' + JSON.stringify((el.textContent || el.value
      || el.getAttribute('aria-label') || '').trim().slice(0, 30)), (a + 0.05) / (b + 0.05)]);
  }
  return out;
}"""


def test_controls_contrast_in_both_palettes(browser_page):
    """Every control of the live network (live page) and the training slider
    (epochs page): text at least 4.5:1 on its background, light and dark."""
    live, _ = browser_page
    base = live.url.split("live/")[0]
    low, seen = [], 0
    page = live.context.new_page()
    try:
        for path, ready in (("live/", ".mlp-live[data-ready]"), ("epochs/", ".mlp-slider button")):
            page.goto(base + path)
            page.wait_for_selector(ready, timeout=15000)
            # Colours as they end, not midway through a button's transition.
            page.add_style_tag(content="* { transition: none !important; }")
            for scheme in ("default", "slate"):
                page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
                page.wait_for_timeout(100)
                found = page.evaluate(CONTROL_CONTRAST)
                seen += len(found)
                low += [f"{path} [{scheme}] {w}: {r:.2f}:1" for w, r in found if r < 4.5]
    finally:
        page.close()
    assert seen > 40, f"only {seen} controls found"
    assert not low, "\n".join(low)
