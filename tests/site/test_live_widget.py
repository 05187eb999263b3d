"""The live network as a reader uses it: watching it learn, pausing, Reset, what it says.

Each test drives the built pages in Chromium and checks what is drawn against
micromlp in Python: training advances frame by frame and Pause stops it,
reduced motion draws only the end, the status line gives the loss of the
network drawn after Step, an edit, Train and Reset, a run that is not the
guide's says so with the guide's loss beside its own, a layer whose units all
died is named, every page with the widget has Reset and the engine, on a
phone every label is at least 12 px, and the palette is scripts/style.py's.
Nothing waits for a duration: each wait is for a condition (an epoch reached,
animation frames drawn).
"""

from pathlib import Path

import numpy as np
import pytest
import test_live
from browser_helpers import FRAMES, LIVE_LABELS

from micromlp import guide, load_golf

# test_live.py's fixtures: the built site, and Chromium serving it.
site, browser = test_live.site, test_live.browser
WIDGET_PAGES = ("live/", "forward/", "backprop/", "update/")
READY = ".mlp-live[data-ready]"
STATUS = "document.querySelector('.mlp-live__status')"
# Animation frames drawn: a condition, not a duration (each resolves after 10 frames).
TEN_FRAMES = """() => new Promise((done) => {
  let n = 0;
  const next = () => (++n >= 10 ? done() : requestAnimationFrame(next));
  requestAnimationFrame(next);
})"""


def open_page(browser, path, width=1280, **options):
    chromium, base = browser
    context = chromium.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + path)
    page.wait_for_selector(READY, timeout=15000)
    return page, errors


def golf_train():
    golf = load_golf()
    return golf.X[golf.train], golf.y[golf.train]


def guide_run(epochs):
    """The guide's network after `epochs` epochs of the guide's training (MLP.fit)."""
    net = guide.network()
    X, y = golf_train()
    if epochs:
        net.fit(
            X,
            y,
            epochs=epochs,
            learning_rate=guide.LEARNING_RATE,
            batch_size=guide.BATCH_SIZE,
            shuffle=True,
            seed=guide.SHUFFLE_SEED,
        )
    return net


def shown(text):
    """A number as the widget prints it (real minus sign)."""
    return text.replace("-", "\u2212")


def status(page):
    s = page.locator(".mlp-live__status")
    return int(s.get_attribute("data-epoch")), float(s.get_attribute("data-loss")), s.inner_text()


def wait_epoch(page, condition):
    page.wait_for_function(f"() => {{ const e = +{STATUS}.dataset.epoch; return {condition}; }}")


def test_training_animates_and_pause_stops_it(browser):
    """Train advances a few epochs per frame (not all at once); Pause freezes the
    network drawn, and the status line gives that network's epoch and loss."""
    page, errors = open_page(browser, "live/")
    speed = page.get_by_label("Speed", exact=True)
    assert speed.input_value() == "25"  # epochs a second, without reduced motion
    page.get_by_role("button", name="Train", exact=True).click()
    wait_epoch(page, "e >= 2")
    first = status(page)[0]
    wait_epoch(page, f"e > {first}")  # it goes on advancing, frame after frame
    assert status(page)[0] < guide.EPOCHS  # and has not jumped to the end
    assert "training\u2026" in status(page)[2]
    page.get_by_role("button", name="Pause", exact=True).click()
    epoch, loss, text = status(page)
    page.evaluate(TEN_FRAMES)
    assert status(page) == (epoch, loss, text)  # nothing moves while paused
    assert "paused" in text
    assert page.get_by_role("button", name="Resume", exact=True).count() == 1
    # What is drawn is the guide's run after `epoch` epochs, number for number.
    net = guide_run(epoch)
    assert loss == pytest.approx(net.history["loss"][-1], abs=1e-9)
    assert shown(f"{loss:.4f}") in text
    drawn = page.locator('input[data-param="W[1] 1\u21921"]').get_attribute("data-value")
    assert float(drawn) == pytest.approx(net.weights[0][0, 0], abs=1e-9)
    # Resume, faster, to the end: the guide's run, so no note.
    speed.select_option("500")
    page.get_by_role("button", name="Resume", exact=True).click()
    wait_epoch(page, f"e === {guide.EPOCHS} && !{STATUS}.textContent.includes('training\u2026')")
    assert page.get_by_role("button", name="Train", exact=True).count() == 1
    assert page.locator(".mlp-live__note").is_hidden()
    page.close()
    assert not errors, errors


def test_reduced_motion_draws_only_the_end(browser):
    """With prefers-reduced-motion, Train draws no intermediate epoch, only the last."""
    page, errors = open_page(browser, "live/", reduced_motion="reduce")
    assert page.get_by_label("Speed", exact=True).input_value() == "0"  # no animation
    page.get_by_label("Epochs to run", exact=True).fill("300")
    page.evaluate(
        f"""() => {{ window.seen = new Set();
        new MutationObserver(() => window.seen.add({STATUS}.dataset.epoch))
          .observe({STATUS}, {{attributes: true, childList: true, characterData: true}}); }}"""
    )
    page.get_by_role("button", name="Train", exact=True).click()
    wait_epoch(page, "e === 300 && !" + STATUS + ".textContent.includes('training\u2026')")
    assert set(page.evaluate("() => [...window.seen]")) <= {"0", "300"}
    page.close()
    assert not errors, errors


def test_status_follows_step_edit_train_and_reset(browser):
    """After each action the status line gives the epoch, Steps and edits, and the
    loss of the network drawn; a run from stepped weights says it is not the guide's."""
    page, errors = open_page(browser, "live/")
    X, y = golf_train()
    net = guide.network()
    page.get_by_role("button", name="Step", exact=True).click()  # on the guide's day
    net.step(net.backward(net.forward(guide.day(guide.DAY)[0]), guide.day(guide.DAY)[1]), 0.1)
    epoch, loss, text = status(page)
    assert (epoch, text.split(" \u00b7 ")[0]) == (0, "epoch 0 + 1 step")
    assert loss == pytest.approx(net.loss(X, y), abs=1e-12)

    box = page.get_by_label("Bias b[3] of unit 1 of layer 3")
    box.fill("0.5")
    box.press("Enter")
    box.blur()
    net.biases[2][0] = 0.5
    epoch, loss, text = status(page)
    assert text.startswith("epoch 0 + 1 step + your edits \u00b7 ")
    assert loss == pytest.approx(net.loss(X, y), abs=1e-12)

    page.get_by_label("Epochs to run", exact=True).fill("20")
    page.get_by_label("Speed", exact=True).select_option("500")
    page.get_by_role("button", name="Train", exact=True).click()
    wait_epoch(page, "e === 20 && !" + STATUS + ".textContent.includes('training\u2026')")
    net.fit(X, y, epochs=20, learning_rate=0.1, batch_size=1, shuffle=True, seed=guide.SHUFFLE_SEED)
    epoch, loss, text = status(page)
    assert text.startswith("epoch 20 \u00b7 ")
    assert loss == pytest.approx(net.history["loss"][-1], abs=1e-9)
    note = page.locator(".mlp-live__note")
    assert note.is_visible()
    said = note.inner_text()
    assert said.startswith(
        "Not the guide's run: 1 Step changed the weights; you edited the weights. After 20 epochs"
    )
    ours = guide_run(20).history["loss"][-1]
    assert shown(f"the guide's run has a training loss of {ours:.4f}, this one {loss:.4f}") in said

    page.get_by_role("button", name="Reset", exact=True).click()
    epoch, loss, text = status(page)
    assert text.startswith("epoch 0 \u00b7 ")
    assert loss == pytest.approx(guide.network().loss(X, y), abs=1e-12)
    assert note.is_hidden()
    page.close()
    assert not errors, errors


def test_a_dead_layer_is_named(browser):
    """Biases that switch off every unit of hidden layer 1: the sentence appears
    (and Python agrees the layer gives 0 on every training day); Reset removes it."""
    page, errors = open_page(browser, "live/")
    dead = page.locator(".mlp-live__dead")
    assert dead.is_hidden()
    net = guide.network()
    for j in range(3):
        box = page.get_by_label(f"Bias b[1] of unit {j + 1} of layer 1")
        box.fill("-20")
        box.press("Enter")
        box.blur()
        net.biases[0][j] = -20
    X, _ = golf_train()
    assert not np.any(net.forward(X).a[1])  # measured in Python too: all dead
    assert dead.is_visible()
    assert dead.get_attribute("data-layers") == "1"
    assert dead.inner_text().startswith("All 3 units of hidden layer 1 are dead")
    page.get_by_role("button", name="Reset", exact=True).click()
    assert dead.is_hidden()
    page.close()
    assert not errors, errors


@pytest.mark.parametrize("path", WIDGET_PAGES)
def test_every_widget_has_reset_and_the_engine(browser, path):
    """Each page with the widget loads micromlp.js (the live page says so) and has
    Reset, which brings back the guide's initial network after a Step."""
    page, errors = open_page(browser, path)
    assert page.evaluate("() => typeof window.micromlp.MLP.fromParams") == "function"
    live = page.locator(".mlp-live").first
    summary = live.locator(".mlp-live__summary")
    start = float(summary.get_attribute("data-y-hat"))
    live.get_by_role("button", name="Step", exact=True).click()
    assert float(summary.get_attribute("data-y-hat")) != start
    live.get_by_role("button", name="Reset", exact=True).click()
    assert float(summary.get_attribute("data-y-hat")) == start
    x = guide.day(guide.DAY)[0]
    assert start == pytest.approx(guide.network().forward(x).y_hat[0, 0], abs=1e-15)
    page.close()
    assert not errors, errors


# Every piece of text in the widgets, in CSS px as drawn (SVG text scaled by its viewBox).
TEXT_SIZES = r"""() => {
  const out = [];
  for (const root of document.querySelectorAll('.mlp-live, .mlp-slider')) {
    for (const t of root.querySelectorAll('svg text'))
      if (t.textContent.trim())
        out.push([t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a]);
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || el.closest('svg') || !el.getClientRects().length) continue;
      out.push([n.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(el).fontSize)]);
    }
    // Canvas text is drawn at 13 px of a 300-px-wide chart (widgets.js, live.js),
    // shown at the canvas's width on the page.
    for (const c of root.querySelectorAll('canvas'))
      if (c.getClientRects().length) out.push(['canvas text', 13 * c.clientWidth / 300]);
    for (const c of root.querySelectorAll('input, select'))
      if (c.getClientRects().length)
        out.push([c.outerHTML.slice(0, 40), parseFloat(getComputedStyle(c).fontSize)]);
  }
  return out;
}"""


@pytest.mark.parametrize("path", (*WIDGET_PAGES, "epochs/"))
def test_widget_labels_are_12px_on_a_phone(browser, path):
    """At 375 px every label of the widgets is at least 12 px, and the narrow
    diagram's labels run under no node and into no other label."""
    chromium, base = browser
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_selector(".mlp-live[data-ready], .mlp-slider button", timeout=15000)
    if path != "epochs/":  # the deltas shown too
        page.locator(".mlp-live").first.get_by_role("button", name="Backward").click()
    page.evaluate(FRAMES)
    sizes = page.evaluate(TEXT_SIZES)
    assert len(sizes) > (3 if path == "epochs/" else 20)
    small = [f"{text!r}: {px:.1f} px" for text, px in sizes if px < 12 - 1e-6]
    assert not small, "\n".join(small)
    assert page.evaluate(LIVE_LABELS) == []
    context.close()


def test_the_loss_chart_is_never_empty(browser):
    """Before any training the loss chart shows the first loss as a dot."""
    page, errors = open_page(browser, "live/")
    drawn = page.evaluate(
        """() => {
      const c = document.querySelector('.mlp-live__charts canvas');
      const hex = getComputedStyle(document.body).getPropertyValue('--mlp-pos').trim();
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (d[i + 3] === 255 && want.every((v, k) => Math.abs(d[i + k] - v) < 3)) n++;
      return n;
    }"""
    )
    assert drawn > 20  # the dot: pixels in the loss curve's colour
    page.close()
    assert not errors, errors


def test_the_widgets_palette_is_the_style_modules(site):
    """assets/palette.css, which the widgets and live.css read, is scripts/style.py's
    two themes, written by the build (nothing in docs/assets repeats a colour)."""
    from scripts import style

    css = (site / "assets" / "palette.css").read_text(encoding="utf-8")
    assert css == style.css()
    light, dark = css.split('[data-md-color-scheme="slate"]')
    for theme, block in ((style.LIGHT, light), (style.DARK, dark)):
        for name in ("text", "muted", "bg", "node", "pos", "neg", "wpos", "wneg", "accent"):
            assert f"--mlp-{name}: {getattr(theme, name)};" in block
        for i, colour in enumerate(theme.layers):
            assert f"--mlp-layer{i}: {colour};" in block
    assets = Path(__file__).resolve().parent.parent / "docs" / "assets"
    for path in (*assets.glob("*.js"), assets / "live.css"):
        text = path.read_text(encoding="utf-8")
        assert style.LIGHT.wneg not in text and style.DARK.wneg not in text, path.name
