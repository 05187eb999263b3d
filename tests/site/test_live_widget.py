"""The live network as a reader uses it: watching it learn, pausing, Reset, what it says.

Each test drives the built pages in Chromium and checks what is drawn against
micromlp in Python: training advances frame by frame and Pause stops it,
reduced motion draws only the end (the whole loss curve), the status line and
the loss chart give the loss of the network drawn after Step, an edit, Train
and Reset, a run that is not the guide's says so with the guide's loss beside
its own, a layer whose units all died is named (with what Reset gives for the
seed, and a Step that revives it), the days counted come from live.json, every
page with the widget has Reset and the engine, on a phone every label is at
least 12 px, and the palette is scripts/style.py's.
Nothing waits for a duration: each wait is for a condition (an epoch reached,
animation frames drawn).
"""

from pathlib import Path

import numpy as np
import pytest
import test_live
from browser_helpers import FRAMES, LIVE_LABELS

from micromlp import MLP, guide, load_golf
from scripts import live_data

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


def open_page(browser, path, width=1280, ready=READY, **options):
    chromium, base = browser
    context = chromium.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + path)
    page.wait_for_selector(ready, timeout=15000)
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


def train(page, epochs, until, speed=None):
    """Fill "Epochs to run" (and Speed, when given), press Train, wait for epoch ``until``."""
    page.get_by_label("Epochs to run", exact=True).fill(str(epochs))
    if speed is not None:
        page.get_by_label("Speed", exact=True).select_option(speed)
    page.get_by_role("button", name="Train", exact=True).click()
    wait_epoch(page, f"e === {until} && !" + STATUS + ".textContent.includes('training\u2026')")


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


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_the_slider_plays_only_without_reduced_motion(browser, motion):
    """The epochs slider's Play steps through the epochs, or shows the last at once."""
    page, errors = open_page(browser, "epochs/", ready=".mlp-slider button", reduced_motion=motion)
    slider = page.locator(".mlp-slider input[type=range]")
    last = slider.get_attribute("max")
    page.evaluate(
        """() => { window.seen = new Set();
        const range = document.querySelector('.mlp-slider input[type=range]');
        new MutationObserver(() => window.seen.add(range.value))
          .observe(document.querySelector('.mlp-slider output'), {childList: true}); }"""
    )
    page.locator(".mlp-slider button").click()
    page.wait_for_function(
        f"() => document.querySelector('.mlp-slider input[type=range]').value === '{last}'"
    )
    seen = set(page.evaluate("() => [...window.seen]"))
    if motion == "reduce":
        assert seen == {last}, sorted(seen)  # one jump to the last frame
        assert page.locator(".mlp-slider button").text_content() == "Play"
    else:
        assert len(seen) > 3, sorted(seen)  # the frames in between were shown
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
    # Drawn at the end: the whole loss curve, not only its last point.
    columns = page.evaluate(CURVE_COLUMNS)
    print(f"\n[live] reduced motion: the loss curve covers {columns} of 600 pixel columns")
    assert columns > 300
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
    # The chart's first point is the network that training starts from, as in the status line.
    chart = page.locator(".mlp-live__charts canvas").first
    start = shown(f"{loss:.4f} before training")
    assert chart.get_attribute("aria-label").endswith(f"against epochs: {start}")

    train(page, 20, 20, speed="500")
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
    assert shown(f"the guide's run has a training loss of {ours:.4f}, this one {loss:.4f}.") in said
    assert shown(f"{start}, {loss:.4f} after epoch 20") in chart.get_attribute("aria-label")

    # Two Steps after the last epoch: the note keeps the loss after epoch 20 and adds the loss now.
    after20 = loss
    for _ in range(2):
        page.get_by_role("button", name="Step", exact=True).click()
        net.step(net.backward(net.forward(guide.day(guide.DAY)[0]), guide.day(guide.DAY)[1]), 0.1)
    epoch, loss, text = status(page)
    assert text.startswith("epoch 20 + 2 steps \u00b7 ")
    assert loss == pytest.approx(net.loss(X, y), abs=1e-9) and loss != pytest.approx(
        after20, abs=1e-4
    )
    assert (
        shown(f"this one {after20:.4f}; with the 2 Steps since, {loss:.4f}.") in note.inner_text()
    )

    page.get_by_role("button", name="Reset", exact=True).click()
    epoch, loss, text = status(page)
    assert text.startswith("epoch 0 \u00b7 ")
    assert loss == pytest.approx(guide.network().loss(X, y), abs=1e-12)
    assert note.is_hidden()
    page.close()
    assert not errors, errors


def test_the_note_after_one_epoch_and_past_the_guides_orders(browser):
    """ "After 1 epoch" (singular); past the guide's epochs the note says its orders repeat."""
    page, errors = open_page(browser, "live/")
    page.get_by_label("Seed", exact=True).select_option("3")
    train(page, 1, 1, speed="0")
    note = page.locator(".mlp-live__note")
    ours = guide_run(1).history["loss"][-1]
    assert (
        shown(f"After 1 epoch the guide's run has a training loss of {ours:.4f}, this one ")
        in note.inner_text()
    )
    train(page, guide.EPOCHS, guide.EPOCHS + 1)
    said = note.inner_text()
    assert (
        f"After {guide.EPOCHS + 1} epochs the guide's run, its {guide.EPOCHS} orders repeated, has"
        in said
    )
    page.close()
    assert not errors, errors


def test_the_widget_reads_the_days_from_its_data(browser):
    """The legend and the alt texts count the days of live.json: given a live.json
    with day 9 moved into training, they say days 1-9, 9 training and 4 test days."""
    chromium, base = browser
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def moved(route):
        data = route.fetch().json()
        data["days"][8]["train"] = True
        route.fulfill(json=data)

    page.route("**/anim/live.json", moved)
    page.goto(base + "live/")
    page.wait_for_selector(READY, timeout=15000)
    assert page.locator(".mlp-live__training legend").inner_text() == "Training on days 1-9"
    loss, plane = page.locator(".mlp-live__charts canvas").all()
    assert loss.get_attribute("aria-label").startswith(
        "Training loss on the 9 training days against epochs"
    )
    assert (
        "with the 13 days; the line marks probability 0.5; filled marks are the 9 training days, "
        "outlined the 4 test days, circles golf, squares no golf; training accuracy "
    ) in plane.get_attribute("aria-label")
    context.close()


def test_a_dead_layer_is_named(browser, site):
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
    said = dead.inner_text()
    assert said.startswith("All 3 units of hidden layer 1 are dead")
    p = net.forward(X).y_hat[:, 0]
    assert np.all(p == p[0])  # the same prediction on every training day, as the sentence says
    assert shown(f"predicts the same, {p[0]:.4f}, for all of them") in said
    assert "epochs on the training days cannot bring these units back" in said
    assert (
        f"Reset restores the initial weights of seed {guide.SEED}, "
        "in which no hidden layer is dead." in said
    )
    # The link leads to the prediction page's section, which the built site has.
    href = dead.get_by_role("link", name="Dead ReLUs").evaluate("(a) => a.href")
    assert href == page.url.split("live/")[0] + "prediction/#dead-relus"
    assert 'id="dead-relus"' in (site / "prediction" / "index.html").read_text(encoding="utf-8")
    page.get_by_role("button", name="Reset", exact=True).click()
    assert dead.is_hidden()
    page.close()
    assert not errors, errors


def dead_at_start():
    """{seed: its hidden layers that give 0 on every training day} for the seeds that have one."""
    X, _ = golf_train()
    out = {}
    for s in live_data.SEEDS:
        a = MLP(guide.LAYER_SIZES, init="uniform", seed=s).forward(X).a
        layers = [layer for layer in range(1, len(guide.LAYER_SIZES) - 1) if not a[layer].any()]
        if layers:
            out[s] = layers
    return out


def test_a_seed_that_starts_dead_says_reset_does_not_help(browser):
    """A seed whose initial weights have a dead layer: the sentence shows before any
    training, does not promise that Reset revives it, and lists the seeds that start
    dead and one that does not, as Python measures them."""
    starts = dead_at_start()
    assert starts and guide.SEED not in starts
    seed, layers = next(iter(starts.items()))
    page, errors = open_page(browser, "live/")
    page.get_by_label("Seed", exact=True).select_option(str(seed))
    dead = page.locator(".mlp-live__dead")
    assert dead.is_visible()
    assert dead.get_attribute("data-layers") == ",".join(map(str, layers))
    said = dead.inner_text()
    n = guide.LAYER_SIZES[layers[0]]
    assert said.startswith(
        ("Both units" if n == 2 else f"All {n} units") + f" of hidden layer {layers[0]}"
    )
    listed = list(starts)
    listed = " and ".join(
        [", ".join(map(str, listed[:-1])), str(listed[-1])] if len(listed) > 1 else listed
    )
    seeds = live_data.SEEDS
    assert (
        f"Seed {seed} starts with hidden layer {layers[0]} dead, "
        "so Reset does not bring back a live network: "
        f"of seeds {seeds[0]}-{seeds[-1]}, {listed} start with a dead hidden layer; "
        f"seed {guide.SEED} (the guide's) does not."
    ) in said
    assert "Reset restores" not in said and "back." not in said
    page.get_by_role("button", name="Reset", exact=True).click()
    assert dead.is_visible()  # Reset gives the same dead network
    page.get_by_label("Seed", exact=True).select_option(str(guide.SEED))
    assert dead.is_hidden()
    page.close()
    assert not errors, errors


def test_a_step_can_revive_a_layer_that_training_killed(browser):
    """The guide's seed with learning rate 0.5 kills hidden layer 2 in epoch 162
    (Python agrees); Train cannot revive it, one Step at (3.5, 3.5) with target
    golf does, in Python and on the page."""
    X, y = golf_train()
    net = guide.network()
    net.fit(
        X, y, epochs=162, learning_rate=0.5, batch_size=1, shuffle=True, seed=guide.SHUFFLE_SEED
    )
    assert not net.forward(X).a[2].any()
    page, errors = open_page(browser, "live/")
    page.get_by_label("Learning rate", exact=True).fill("0.5")
    train(page, 162, 162, speed="0")
    dead = page.locator(".mlp-live__dead")
    assert dead.get_attribute("data-layers") == "2"
    train(page, 50, 212)
    assert dead.get_attribute("data-layers") == "2"  # 50 more epochs: still dead
    net = guide.network()  # the page's run: the guide's orders for epochs 1-212
    net.fit(
        X, y, epochs=212, learning_rate=0.5, batch_size=1, shuffle=True, seed=guide.SHUFFLE_SEED
    )
    assert not net.forward(X).a[2].any()
    x = np.array([[3.5, 3.5]])
    assert net.forward(x).a[2].any()  # a unit of layer 2 is active at this input
    net.step(net.backward(net.forward(x), np.array([1.0])), 0.5)
    assert net.forward(X).a[2].any()  # revived on the training days
    page.get_by_label("Temperature", exact=True).fill("3.5")
    page.get_by_label("Humidity", exact=True).fill("3.5")
    page.get_by_label("Target y", exact=True).select_option("1")
    page.get_by_role("button", name="Step", exact=True).click()
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


# The loss chart's pixels in the curve's colour: how many, and in how many pixel columns.
CURVE_PIXELS = """() => {
  const c = document.querySelector('.mlp-live__charts canvas');
  const hex = getComputedStyle(document.body).getPropertyValue('--mlp-pos').trim();
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const columns = new Set();
  let n = 0;
  for (let i = 0; i < d.length; i += 4)
    if (d[i + 3] === 255 && want.every((v, k) => Math.abs(d[i + k] - v) < 3)) {
      n++;
      columns.add((i / 4) % c.width);
    }
  return [n, columns.size];
}"""
CURVE_COLUMNS = f"() => ({CURVE_PIXELS})()[1]"


def test_the_loss_chart_is_never_empty(browser):
    """Before any training the loss chart shows the first loss as a dot."""
    page, errors = open_page(browser, "live/")
    drawn, columns = page.evaluate(CURVE_PIXELS)
    assert drawn > 20  # the dot: pixels in the loss curve's colour
    assert columns < 50  # a dot, not a curve
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
    assets = Path(__file__).resolve().parents[2] / "docs" / "assets"
    for path in (*assets.glob("*.js"), assets / "live.css"):
        text = path.read_text(encoding="utf-8")
        assert style.LIGHT.wneg not in text and style.DARK.wneg not in text, path.name
