"""Time docs/assets/micromlp.js in Chromium: the guide's training, 1000 epochs.

Usage: ``python scripts/bench_live.py`` (or ``make bench-live``). Runs
``MLP.fit`` of the JavaScript engine on the 8 training days with the guide's
settings (per-example SGD, learning rate 0.1, the orders of ``MLP.fit``'s
shuffling), a few times after a warm-up, in headless Chromium, and prints the
median and the fastest time. The target is at most 50 ms for the run.
"""

import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from micromlp import golf_split, guide
from scripts.live_data import orders
from tests.site.browser_helpers import CHROMIUM_ARGS, find_browser

ROOT = Path(__file__).resolve().parent.parent

REPEATS = 15

TIME_FIT = """([params, X, y, order, epochs, lr, bs, repeats]) => {
  const times = [];
  for (let r = 0; r < repeats + 2; r++) {  // two warm-up runs
    const net = micromlp.MLP.fromParams(params.sizes, params.weights, params.biases, "relu");
    const t0 = performance.now();
    net.fit(X, y, {epochs, learningRate: lr, batchSize: bs, order});
    times.push(performance.now() - t0);
  }
  return times.slice(2);
}"""


def main():
    X, y, _, _ = golf_split()
    net = guide.network()
    params = {
        "sizes": list(guide.LAYER_SIZES),
        "weights": [W.tolist() for W in net.weights],
        "biases": [b.tolist() for b in net.biases],
    }
    order = orders(guide.SHUFFLE_SEED, len(X), guide.EPOCHS)
    with sync_playwright() as p:
        path = find_browser(p)
        if path is None:
            sys.exit("No Chromium found: apt-get install chromium")
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_script_tag(content=(ROOT / "docs" / "assets" / "micromlp.js").read_text())
        args = [params, X.tolist(), y.tolist(), order, guide.EPOCHS]
        args += [guide.LEARNING_RATE, guide.BATCH_SIZE, REPEATS]
        times = page.evaluate(TIME_FIT, args)
        version = browser.version
        browser.close()
    print(
        f"micromlp.js in Chromium {version}: {guide.EPOCHS} epochs of per-example SGD on"
        f" {len(X)} days (loss and accuracy recorded after each epoch), {REPEATS} runs:"
        f" median {statistics.median(times):.1f} ms, fastest {min(times):.1f} ms (target 50 ms)"
    )


if __name__ == "__main__":
    main()
