/*
 * Training slider of the epochs page: scrub through the guide's training run.
 *
 * Markup: <div class="mlp-slider" data-src="../anim/training.json"></div>
 * The JSON is written by scripts/generate.py (training_frames): the 13 days,
 * and per frame the epoch, loss, accuracy, weights, biases and a grid of
 * probabilities (percent; rows = humidity from low to high, columns =
 * temperature). Nothing is computed here: the page draws what Python computed.
 *
 * Plain JavaScript, no library, works offline. Material's instant navigation
 * swaps pages without reloading scripts, so set-up runs on every page change
 * through `document$` (and once on load when Material is absent).
 */
(function () {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";
  var THEMES = {
    light: { text: "#1d1f24", muted: "#767b86", bg: [255, 255, 255], pos: [0, 103, 165],
             neg: [194, 78, 0], wpos: "#00805c", wneg: "#b0427f", node: "#ffffff" },
    dark: { text: "#dcdfe6", muted: "#9aa0ad", bg: [30, 33, 41], pos: [91, 184, 240],
            neg: [255, 157, 92], wpos: "#3fd2a0", wneg: "#ee92c6", node: "#2a2e38" }
  };

  function theme() {
    var scheme = document.body.getAttribute("data-md-color-scheme");
    return scheme === "slate" ? THEMES.dark : THEMES.light;
  }

  function rgb(c) { return "rgb(" + c[0] + "," + c[1] + "," + c[2] + ")"; }

  function mix(a, b, k) {
    return [0, 1, 2].map(function (i) { return Math.round(a[i] + k * (b[i] - a[i])); });
  }

  function el(tag, attrs, parent) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  // -- the decision boundary ---------------------------------------------

  // Colour strength by distance from 0.5, as in the figures (scripts/figures.py,
  // BANDS): steep near 0.5, where an untrained network's probabilities all lie,
  // so that even its first frames show which way each region leans.
  var DIST = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5];
  var STRENGTH = [0.08, 0.15, 0.22, 0.28, 0.34, 0.4, 0.46];

  function strength(d) {
    for (var i = 1; i < DIST.length; i++) {
      if (d <= DIST[i]) {
        var t = (d - DIST[i - 1]) / (DIST[i] - DIST[i - 1]);
        return STRENGTH[i - 1] + t * (STRENGTH[i] - STRENGTH[i - 1]);
      }
    }
    return STRENGTH[STRENGTH.length - 1];
  }

  function drawBoundary(canvas, data, frame, th) {
    var ctx = canvas.getContext("2d");
    var size = canvas.width, pad = 40 * (size / 300), area = size - 2 * pad;
    var g = data.grid, n = g.n, span = g.max - g.min;
    var toX = function (t) { return pad + (t - g.min) / span * area; };
    var toY = function (h) { return pad + area - (h - g.min) / span * area; };
    ctx.clearRect(0, 0, size, size);

    // The probability grid as an n x n image, smoothed when scaled up. Pixel
    // centres sit on grid points, so the image overhangs by half a cell.
    var small = document.createElement("canvas");
    small.width = n; small.height = n;
    var sctx = small.getContext("2d"), img = sctx.createImageData(n, n);
    for (var r = 0; r < n; r++) {
      for (var c = 0; c < n; c++) {
        var p = frame.proba[r * n + c] / 100;
        var k = strength(Math.abs(p - 0.5)) * (th === THEMES.dark ? 1.2 : 1);
        var col = mix(th.bg, p < 0.5 ? th.neg : th.pos, k);
        var k = ((n - 1 - r) * n + c) * 4;  // image rows run top-down: high humidity first
        img.data[k] = col[0]; img.data[k + 1] = col[1]; img.data[k + 2] = col[2]; img.data[k + 3] = 255;
      }
    }
    sctx.putImageData(img, 0, 0);
    var cell = area / (n - 1);
    ctx.save();
    ctx.beginPath(); ctx.rect(pad, pad, area, area); ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, pad - cell / 2, pad - cell / 2, n * cell, n * cell);
    ctx.restore();

    // The 0.5 line by marching squares, linear along each cell edge, clipped to
    // the plot (a segment that ends on the frame would poke past it).
    ctx.save();
    ctx.beginPath(); ctx.rect(pad, pad, area, area); ctx.clip();
    ctx.strokeStyle = th.text; ctx.lineWidth = 1.5 * size / 300;
    ctx.beginPath();
    var P = function (r, c) { return frame.proba[r * n + c] / 100 - 0.5; };
    var step = span / (n - 1);
    for (r = 0; r < n - 1; r++) {
      for (c = 0; c < n - 1; c++) {
        var v = [P(r, c), P(r, c + 1), P(r + 1, c + 1), P(r + 1, c)];
        var xy = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1]];
        var pts = [];
        for (var e = 0; e < 4; e++) {
          var a = v[e], b = v[(e + 1) % 4];
          if ((a < 0) !== (b < 0)) {
            var t = a / (a - b), A = xy[e], B = xy[(e + 1) % 4];
            pts.push([g.min + (A[0] + t * (B[0] - A[0])) * step, g.min + (A[1] + t * (B[1] - A[1])) * step]);
          }
        }
        for (var q = 0; q + 1 < pts.length; q += 2) {
          ctx.moveTo(toX(pts[q][0]), toY(pts[q][1]));
          ctx.lineTo(toX(pts[q + 1][0]), toY(pts[q + 1][1]));
        }
      }
    }
    ctx.stroke();
    ctx.restore();

    // Axes and the days: circle = golf, square = no golf; hollow = test day.
    ctx.strokeStyle = th.muted; ctx.lineWidth = 1;
    ctx.strokeRect(pad, pad, area, area);
    ctx.fillStyle = th.text; ctx.font = Math.round(13 * size / 300) + "px sans-serif";
    ctx.textAlign = "center";
    for (var i = 0; i <= 3; i++) {
      ctx.fillText(String(i), toX(i), size - pad + 16 * size / 300);
      ctx.fillText(String(i), pad - 12 * size / 300, toY(i) + 4 * size / 300);
    }
    ctx.fillText("temperature", pad + area / 2, size - 3 * size / 300);
    ctx.save(); ctx.translate(13 * size / 300, pad + area / 2); ctx.rotate(-Math.PI / 2);
    ctx.fillText("humidity", 0, 0); ctx.restore();
    var m = 5 * size / 300;
    data.days.forEach(function (d) {
      var x = toX(d.x[0]), y = toY(d.x[1]), colour = rgb(d.y ? th.pos : th.neg);
      ctx.beginPath();
      if (d.y) ctx.arc(x, y, d.train ? m : m * 1.6, 0, 2 * Math.PI);
      else { var s = d.train ? m : m * 1.5; ctx.rect(x - s, y - s, 2 * s, 2 * s); }
      if (d.train) { ctx.fillStyle = colour; ctx.fill(); }
      else { ctx.strokeStyle = colour; ctx.lineWidth = 2 * size / 300; ctx.stroke(); }
    });
  }

  // -- the network -------------------------------------------------------

  function buildNetwork(svg, sizes) {
    var W = 300, H = 170, pos = [];
    sizes.forEach(function (n, l) {
      var x = 30 + l * (W - 60) / (sizes.length - 1);
      pos.push([]);
      for (var i = 0; i < n; i++) pos[l].push([x, H / 2 + (i - (n - 1) / 2) * 52]);
    });
    var edges = [];
    for (var l = 1; l < sizes.length; l++) {
      edges.push([]);
      for (var i = 0; i < sizes[l - 1]; i++) {
        edges[l - 1].push([]);
        for (var j = 0; j < sizes[l]; j++) {
          var p = pos[l - 1][i], q = pos[l][j];
          edges[l - 1][i].push(el("line", { x1: p[0], y1: p[1], x2: q[0], y2: q[1] }, svg));
        }
      }
    }
    var nodes = [];
    pos.forEach(function (layer) {
      layer.forEach(function (p) { nodes.push(el("circle", { cx: p[0], cy: p[1], r: 11 }, svg)); });
    });
    return { edges: edges, nodes: nodes };
  }

  function drawNetwork(net, frame, scale, th) {
    frame.weights.forEach(function (W, l) {
      W.forEach(function (row, i) {
        row.forEach(function (w, j) {
          var line = net.edges[l][i][j];
          line.setAttribute("stroke", w >= 0 ? th.wpos : th.wneg);
          line.setAttribute("stroke-width", (0.6 + 4 * Math.min(Math.abs(w) / scale, 1)).toFixed(2));
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

  function build(root, data) {
    root.innerHTML = "";
    var frames = data.frames;
    var scale = 0;
    frames.forEach(function (f) {
      f.weights.forEach(function (W) {
        W.forEach(function (row) { row.forEach(function (w) { scale = Math.max(scale, Math.abs(w)); }); });
      });
    });

    var figures = document.createElement("div");
    figures.className = "mlp-slider__figures";
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = 600;  // drawn at 2x, shown at up to 300 CSS px
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", "Decision boundary of the network over temperature and humidity at the chosen epoch");
    var svg = el("svg", { viewBox: "0 0 300 170", role: "img",
                          "aria-label": "The 2-3-2-1 network; edge colour is the sign of each weight, edge width its size" });
    figures.appendChild(canvas); figures.appendChild(svg);

    var controls = document.createElement("div");
    controls.className = "mlp-slider__controls";
    var button = document.createElement("button");
    button.type = "button"; button.className = "md-button"; button.textContent = "Play";
    var range = document.createElement("input");
    range.type = "range"; range.min = 0; range.max = frames.length - 1; range.step = 1; range.value = 0;
    range.setAttribute("aria-label", "Epoch");
    var label = document.createElement("output");
    label.className = "mlp-slider__label";
    label.setAttribute("aria-live", "polite");
    controls.appendChild(button); controls.appendChild(range); controls.appendChild(label);
    root.appendChild(figures); root.appendChild(controls);

    var net = buildNetwork(svg, data.layer_sizes);
    function show() {
      var f = frames[+range.value], th = theme();
      drawBoundary(canvas, data, f, th);
      drawNetwork(net, f, scale, th);
      label.textContent = "epoch " + f.epoch + " \u00b7 loss " + f.loss.toFixed(4) +
        " \u00b7 accuracy " + Math.round(100 * f.accuracy) + "%";
    }
    range.addEventListener("input", show);

    var timer = null;
    function stop() { clearInterval(timer); timer = null; button.textContent = "Play"; }
    button.addEventListener("click", function () {
      if (timer) return stop();
      if (+range.value === frames.length - 1) range.value = 0;
      button.textContent = "Pause";
      timer = setInterval(function () {
        if (!root.isConnected || +range.value >= frames.length - 1) return stop();
        range.value = +range.value + 1; show();
      }, 120);
    });
    // Redraw in the other colours when the reader switches light/dark.
    new MutationObserver(function () { if (root.isConnected) show(); })
      .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    show();
  }

  function init() {
    document.querySelectorAll(".mlp-slider").forEach(function (root) {
      if (root.getAttribute("data-ready")) return;
      root.setAttribute("data-ready", "1");
      var src = root.getAttribute("data-src");
      fetch(src)
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) { build(root, data); })
        .catch(function (err) { root.textContent = "Could not load " + src + " (" + err + ")."; });
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
