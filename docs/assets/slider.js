/*
 * Training slider of the epochs page: scrub through the guide's training run.
 *
 * Markup: <div class="mlp-slider" data-src="../anim/training.json"></div>
 * The JSON is written by scripts/generate.py (training_frames): the 13 days,
 * and per frame the epoch, loss, accuracy, weights, biases and a grid of
 * probabilities (percent; rows = humidity from low to high, columns =
 * temperature). Nothing is computed here: the page draws what Python computed.
 * The decision plane, the palette and the helpers are widgets.js's.
 *
 * Plain JavaScript, no library, works offline. Material's instant navigation
 * swaps pages without reloading scripts, so set-up runs on every page change
 * through `document$` (and once on load when Material is absent).
 */
(function () {
  "use strict";

  var W = window.mlpWidgets;

  // -- the network -------------------------------------------------------

  function buildNetwork(svg, sizes) {
    var width = 300,
      height = 170,
      pos = [];
    sizes.forEach(function (n, l) {
      var x = 30 + (l * (width - 60)) / (sizes.length - 1);
      pos.push([]);
      for (var i = 0; i < n; i++) pos[l].push([x, height / 2 + (i - (n - 1) / 2) * 52]);
    });
    var edges = [];
    for (var l = 1; l < sizes.length; l++) {
      edges.push([]);
      for (var i = 0; i < sizes[l - 1]; i++) {
        edges[l - 1].push([]);
        for (var j = 0; j < sizes[l]; j++) {
          var p = pos[l - 1][i],
            q = pos[l][j];
          edges[l - 1][i].push(W.s("line", { x1: p[0], y1: p[1], x2: q[0], y2: q[1] }, svg));
        }
      }
    }
    var nodes = [];
    pos.forEach(function (layer) {
      layer.forEach(function (p) {
        nodes.push(W.s("circle", { cx: p[0], cy: p[1], r: 11 }, svg));
      });
    });
    return { edges: edges, nodes: nodes };
  }

  function drawNetwork(net, frame, scale, th) {
    frame.weights.forEach(function (Wl, l) {
      Wl.forEach(function (row, i) {
        row.forEach(function (w, j) {
          var line = net.edges[l][i][j];
          line.setAttribute("stroke", w >= 0 ? th.wpos : th.wneg);
          line.setAttribute(
            "stroke-width",
            (0.6 + 4 * Math.min(Math.abs(w) / scale, 1)).toFixed(2),
          );
        });
      });
    });
    net.nodes.forEach(function (c) {
      c.setAttribute("fill", th.node);
      c.setAttribute("stroke", th.text);
      c.setAttribute("stroke-width", "1.5");
    });
  }

  // -- set-up ------------------------------------------------------------

  /** The largest |weight| of all frames: edge widths are scaled to it. */
  function largestWeight(frames) {
    var scale = 0;
    frames.forEach(function (f) {
      f.weights.forEach(function (Wl) {
        Wl.forEach(function (row) {
          row.forEach(function (w) {
            scale = Math.max(scale, Math.abs(w));
          });
        });
      });
    });
    return scale;
  }

  function build(root, data) {
    root.innerHTML = "";
    var frames = data.frames,
      scale = largestWeight(frames);
    var canvas = W.h("canvas", {
      width: "600", // drawn at 2x, shown at up to 300 CSS px
      height: "600",
      role: "img",
      "aria-label":
        "Decision boundary of the network over temperature and humidity at the chosen epoch",
    });
    var svg = W.s("svg", {
      viewBox: "0 0 300 170",
      role: "img",
      "aria-label":
        "The 2-3-2-1 network; edge colour is the sign of each weight, edge width its size",
    });
    var button = W.h("button", { type: "button", class: "md-button", text: "Play" });
    var range = W.h("input", { type: "range", min: "0", max: String(frames.length - 1) });
    range.step = 1;
    range.value = 0;
    range.setAttribute("aria-label", "Epoch");
    var label = W.h("output", { class: "mlp-slider__label", "aria-live": "polite" });
    root.appendChild(W.h("div", { class: "mlp-slider__figures" }, [canvas, svg]));
    root.appendChild(W.h("div", { class: "mlp-slider__controls" }, [button, range, label]));

    var net = buildNetwork(svg, data.layer_sizes);
    function show() {
      var f = frames[+range.value];
      var P = f.proba.map(function (p) {
        return p / 100;
      });
      W.drawPlane(canvas, P, data.grid, data.days);
      drawNetwork(net, f, scale, W.theme());
      label.textContent =
        "epoch " +
        f.epoch +
        " \u00b7 loss " +
        f.loss.toFixed(4) +
        " \u00b7 accuracy " +
        Math.round(100 * f.accuracy) +
        "%";
    }
    range.addEventListener("input", show);

    var timer = null;
    function reducedMotion() {
      return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    }
    function stop() {
      clearInterval(timer);
      timer = null;
      button.textContent = "Play";
    }
    button.addEventListener("click", function () {
      if (timer) return stop();
      if (reducedMotion()) {
        range.value = frames.length - 1; // no animation: the last epoch at once
        return show();
      }
      if (+range.value === frames.length - 1) range.value = 0;
      button.textContent = "Pause";
      timer = setInterval(function () {
        if (!root.isConnected || +range.value >= frames.length - 1) return stop();
        range.value = +range.value + 1;
        show();
      }, 120);
    });
    W.onPalette(root, show);
    show();
  }

  function init() {
    W.start(".mlp-slider", build);
  }

  if (typeof document$ !== "undefined") document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
