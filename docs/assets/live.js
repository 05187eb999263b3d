/*
 * The live network (docs/live.md, and one block on the forward, backprop and
 * update pages): the guide's 2-3-2-1 network computed in the browser by
 * micromlp.js, from the guide's initial weights.
 *
 * Markup: <div class="mlp-live" data-src="../anim/live.json" data-view="full"></div>
 * with data-view one of "full" (everything, training included), "forward",
 * "backward" (deltas and gradients shown from the start) or "step".
 * live.json is written at build time by scripts/live_data.py: the days, the
 * guide's settings, the initial weights of seeds 0-19, and the order of the
 * training days in each of the guide's epochs (Python's MLP.fit shuffles with
 * numpy's generator; the page replays its orders, so that training with the
 * guide's settings repeats the guide's run).
 *
 * Plain JavaScript, nothing fetched but live.json from this site. Material's
 * instant navigation swaps pages without reloading scripts, so set-up runs on
 * every page change through `document$`.
 */
(function () {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";
  var LAYER_NAMES = ["input", "hidden 1", "hidden 2", "output"];
  // Canvas colours (SVG and HTML take theirs from live.css): scripts/style.py.
  var THEMES = {
    light: { text: "#1d1f24", muted: "#767b86", bg: [255, 255, 255], pos: [0, 103, 165],
             neg: [194, 78, 0], line: "#0067a5" },
    dark: { text: "#dcdfe6", muted: "#9aa0ad", bg: [30, 33, 41], pos: [91, 184, 240],
            neg: [255, 157, 92], line: "#5bb8f0" }
  };
  var GRID_N = 41, GRID_MIN = -0.5, GRID_MAX = 3.5; // scripts/runs.py GRID
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function theme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? THEMES.dark : THEMES.light;
  }

  // -- small helpers -------------------------------------------------------

  function h(tag, attrs, kids) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (kid) { if (kid) node.appendChild(kid); });
    return node;
  }

  function s(tag, attrs, parent) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  /** A number as the figures print it: `digits` decimals, a real minus sign. */
  function fmt(v, digits) {
    var t = v.toFixed(digits);
    if (/^-0\.?0*$/.test(t)) t = t.slice(1);
    return t.replace("-", "\u2212");
  }

  /** Compact, for the diagram: 2 decimals, or 2 significant digits under 0.1. */
  function short(v) {
    if (v === 0) return "0";
    var t = Math.abs(v) >= 0.0995 ? v.toFixed(2) : v.toPrecision(2);
    if (t.indexOf("e") >= 0) t = v.toExponential(1);
    return t.replace("-", "\u2212");
  }

  var uid = 0;

  function field(label, control) {
    var id = "mlp-live-" + (++uid);
    control.id = id;
    return h("div", { "class": "mlp-live__field" }, [h("label", { "for": id, text: label }), control]);
  }

  // -- the network diagram (drawn as scripts/draw.py lays it out, top to bottom) --

  // Nodes far enough apart that a node's "z" and "δ" labels, on its right, end
  // before the next node (up to 10 characters: "δ −0.00012"), at any width.
  function layout(sizes) {
    var W = 420, pos = [];
    sizes.forEach(function (n, l) {
      var step = n === 2 ? 150 : 118;
      pos.push([]);
      for (var i = 0; i < n; i++) pos[l].push([204 + (i - (n - 1) / 2) * step, 34 + l * 92]);
    });
    return { width: W, height: 34 + (sizes.length - 1) * 92 + 46, pos: pos };
  }

  function buildDiagram(sizes) {
    var g = layout(sizes);
    var svg = s("svg", { viewBox: "0 0 " + g.width + " " + g.height, role: "img", "class": "mlp-live__net" });
    var halos = s("g", {}, svg), edges = s("g", {}, svg), nodes = s("g", {}, svg);
    var labels = s("g", {}, svg); // on top: a label is never under a node or a line
    var out = { svg: svg, edges: [], halos: [], nodes: [], pos: g.pos };
    for (var l = 1; l < sizes.length; l++) {
      out.edges.push([]); out.halos.push([]);
      for (var i = 0; i < sizes[l - 1]; i++) {
        out.edges[l - 1].push([]); out.halos[l - 1].push([]);
        for (var j = 0; j < sizes[l]; j++) {
          var p = g.pos[l - 1][i], q = g.pos[l][j], c = { x1: p[0], y1: p[1], x2: q[0], y2: q[1] };
          out.halos[l - 1][i].push(s("line", Object.assign({ "class": "halo" }, c), halos));
          out.edges[l - 1][i].push(s("line", c, edges));
        }
      }
    }
    sizes.forEach(function (n, l) {
      out.nodes.push([]);
      s("text", { x: 2, y: g.pos[l][0][1] + 4, "class": "name" }, labels).textContent = LAYER_NAMES[l] || "layer " + l;
      for (var i = 0; i < n; i++) {
        var p = g.pos[l][i];
        var circle = s("circle", { cx: p[0], cy: p[1], r: 19, "class": "node layer-" + l }, nodes);
        var inside = s("text", { x: p[0], y: p[1] + 4, "class": "value", "text-anchor": "middle" }, nodes);
        var z = s("text", { x: p[0] + 23, y: p[1] - 3, "class": "z" }, labels);
        var d = s("text", { x: p[0] + 23, y: p[1] + 11, "class": "delta" }, labels);
        inside.setAttribute("data-node", l + "-" + i);
        out.nodes[l].push({ circle: circle, inside: inside, z: z, delta: d });
      }
    });
    return out;
  }

  // -- the decision boundary and the loss curve (canvas) ------------------------

  var DIST = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5];
  var STRENGTH = [0.08, 0.15, 0.22, 0.28, 0.34, 0.4, 0.46]; // as slider.js and figures.py

  function strength(d) {
    for (var i = 1; i < DIST.length; i++) {
      if (d <= DIST[i]) return STRENGTH[i - 1] + (d - DIST[i - 1]) / (DIST[i] - DIST[i - 1]) * (STRENGTH[i] - STRENGTH[i - 1]);
    }
    return STRENGTH[STRENGTH.length - 1];
  }

  function mix(a, b, k) { return [0, 1, 2].map(function (i) { return Math.round(a[i] + k * (b[i] - a[i])); }); }

  var GRID_X = (function () { // rows: humidity low to high; columns: temperature
    var X = new Float64Array(GRID_N * GRID_N * 2), step = (GRID_MAX - GRID_MIN) / (GRID_N - 1);
    for (var r = 0; r < GRID_N; r++) {
      for (var c = 0; c < GRID_N; c++) {
        X[2 * (r * GRID_N + c)] = GRID_MIN + c * step;
        X[2 * (r * GRID_N + c) + 1] = GRID_MIN + r * step;
      }
    }
    return X;
  })();

  function drawBoundary(canvas, net, days) {
    var th = theme(), ctx = canvas.getContext("2d"), size = canvas.width, k = size / 300;
    var pad = 40 * k, area = size - 2 * pad, n = GRID_N, span = GRID_MAX - GRID_MIN;
    var P = net.forwardFlat(GRID_X, n * n).a[net.nLayers];
    var toX = function (t) { return pad + (t - GRID_MIN) / span * area; };
    var toY = function (v) { return pad + area - (v - GRID_MIN) / span * area; };
    ctx.clearRect(0, 0, size, size);
    var small = document.createElement("canvas");
    small.width = small.height = n;
    var sctx = small.getContext("2d"), img = sctx.createImageData(n, n);
    for (var r = 0; r < n; r++) {
      for (var c = 0; c < n; c++) {
        var p = P[r * n + c], col = mix(th.bg, p < 0.5 ? th.neg : th.pos, strength(Math.abs(p - 0.5)) * (th === THEMES.dark ? 1.2 : 1));
        var o = ((n - 1 - r) * n + c) * 4;
        img.data[o] = col[0]; img.data[o + 1] = col[1]; img.data[o + 2] = col[2]; img.data[o + 3] = 255;
      }
    }
    sctx.putImageData(img, 0, 0);
    var cell = area / (n - 1);
    ctx.save();
    ctx.beginPath(); ctx.rect(pad, pad, area, area); ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, pad - cell / 2, pad - cell / 2, n * cell, n * cell);
    ctx.restore();
    // The 0.5 line by marching squares, clipped to the plot (a segment that ends
    // on the frame would otherwise poke half a line width past it).
    ctx.save();
    ctx.beginPath(); ctx.rect(pad, pad, area, area); ctx.clip();
    ctx.strokeStyle = th.text; ctx.lineWidth = 1.5 * k;
    ctx.beginPath();
    var step = span / (n - 1);
    for (r = 0; r < n - 1; r++) {
      for (c = 0; c < n - 1; c++) {
        var v = [P[r * n + c] - 0.5, P[r * n + c + 1] - 0.5, P[(r + 1) * n + c + 1] - 0.5, P[(r + 1) * n + c] - 0.5];
        var xy = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1]], pts = [];
        for (var e = 0; e < 4; e++) {
          var a = v[e], b = v[(e + 1) % 4];
          if ((a < 0) !== (b < 0)) {
            var t = a / (a - b), A = xy[e], B = xy[(e + 1) % 4];
            pts.push([GRID_MIN + (A[0] + t * (B[0] - A[0])) * step, GRID_MIN + (A[1] + t * (B[1] - A[1])) * step]);
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
    ctx.strokeStyle = th.muted; ctx.lineWidth = 1;
    ctx.strokeRect(pad, pad, area, area);
    ctx.fillStyle = th.text; ctx.font = Math.round(13 * k) + "px sans-serif"; ctx.textAlign = "center";
    for (var i = 0; i <= 3; i++) {
      ctx.fillText(String(i), toX(i), size - pad + 16 * k);
      ctx.fillText(String(i), pad - 12 * k, toY(i) + 4 * k);
    }
    ctx.fillText("temperature", pad + area / 2, size - 3 * k);
    ctx.save(); ctx.translate(13 * k, pad + area / 2); ctx.rotate(-Math.PI / 2);
    ctx.fillText("humidity", 0, 0); ctx.restore();
    var m = 5 * k;
    days.forEach(function (d) { // circle = golf, square = no golf; hollow = test day
      var x = toX(d.x[0]), y = toY(d.x[1]), colour = "rgb(" + (d.y ? th.pos : th.neg).join(",") + ")";
      ctx.beginPath();
      if (d.y) ctx.arc(x, y, d.train ? m : m * 1.6, 0, 2 * Math.PI);
      else { var w = d.train ? m : m * 1.5; ctx.rect(x - w, y - w, 2 * w, 2 * w); }
      if (d.train) { ctx.fillStyle = colour; ctx.fill(); }
      else { ctx.strokeStyle = colour; ctx.lineWidth = 2 * k; ctx.stroke(); }
    });
  }

  function drawLoss(canvas, loss) {
    var th = theme(), ctx = canvas.getContext("2d"), size = canvas.width, k = size / 300;
    var left = 44 * k, right = 22 * k, top = 12 * k, bottom = 40 * k;
    var w = size - left - right, hgt = canvas.height - top - bottom;
    var n = Math.max(loss.length - 1, 1), top_ = Math.max(0.8, Math.max.apply(null, loss.length ? loss : [0]));
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = th.muted; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(left, top); ctx.lineTo(left, top + hgt); ctx.lineTo(left + w, top + hgt); ctx.stroke();
    ctx.fillStyle = th.text; ctx.font = Math.round(13 * k) + "px sans-serif";
    ctx.textAlign = "right";
    ctx.fillText(top_.toFixed(1), left - 5 * k, top + 10 * k);
    ctx.fillText("0", left - 5 * k, top + hgt);
    ctx.textAlign = "center";
    ctx.fillText("0", left, top + hgt + 16 * k);
    ctx.fillText(String(n), left + w, top + hgt + 16 * k); // the axis spans at least 0 to 1
    ctx.fillText("epoch", left + w / 2, canvas.height - 3 * k);
    ctx.save(); ctx.translate(13 * k, top + hgt / 2); ctx.rotate(-Math.PI / 2);
    ctx.fillText("training loss", 0, 0); ctx.restore();
    if (!loss.length) return;
    ctx.strokeStyle = th.line; ctx.lineWidth = 2 * k;
    ctx.beginPath();
    var every = Math.max(1, Math.floor(loss.length / (2 * w))); // about 2 points per pixel
    for (var i = 0; i < loss.length; i += every) {
      var x = left + i / n * w, y = top + hgt - Math.min(loss[i] / top_, 1) * hgt;
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }

  // -- the live network ----------------------------------------------------------

  function build(root, data) {
    var mm = window.micromlp, view = root.getAttribute("data-view") || "full";
    var sizes = data.layer_sizes, L = sizes.length - 1;
    var days = data.days, train = days.filter(function (d) { return d.train; });
    var Xtrain = train.map(function (d) { return d.x; }), ytrain = train.map(function (d) { return d.y; });
    var XtrainFlat = Float64Array.from([].concat.apply([], Xtrain)), ytrainFlat = Float64Array.from(ytrain);
    var st = {
      seed: data.seed, net: null, day: data.day, x: null, y: null, back: view === "backward",
      change: null, epoch: 0, loss: [], running: false, target: 0, lastBoundary: 0
    };

    function reset() {
      var p = data.seeds[String(st.seed)];
      st.net = mm.MLP.fromParams(sizes, p.weights, p.biases, data.activation);
      st.epoch = 0; st.change = null;
      st.loss = [st.net.scoreFlat(XtrainFlat, ytrainFlat, train.length).loss];
    }

    // Controls ------------------------------------------------------------
    var daySelect = h("select", {}, days.map(function (d) {
      return h("option", { value: d.id, text: "Day " + d.id + ": " + d.x[0] + ", " + d.x[1] +
                           (d.y ? ", golf" : ", no golf") + (d.train ? "" : " (test)") });
    }).concat([h("option", { value: "custom", text: "Your own values" })]));
    var temp = h("input", { type: "number", step: "0.1", inputmode: "decimal" });
    var hum = h("input", { type: "number", step: "0.1", inputmode: "decimal" });
    var target = h("select", {}, [h("option", { value: "1", text: "golf (1)" }), h("option", { value: "0", text: "no golf (0)" })]);
    var inputs = h("fieldset", { "class": "mlp-live__group" }, [
      h("legend", { text: "Input" }), field("Day", daySelect), field("Temperature", temp),
      field("Humidity", hum), field("Target y", target)
    ]);

    var diagram = buildDiagram(sizes);
    var summary = h("p", { "class": "mlp-live__summary", "aria-live": "polite" });
    var backButton = h("button", { type: "button", "class": "md-button", "aria-pressed": "false", text: "Backward" });
    var stepButton = h("button", { type: "button", "class": "md-button", text: "Step" });
    var lr = h("input", { type: "number", step: "0.01", min: "0.001", value: String(data.learning_rate), inputmode: "decimal" });
    var pass = h("div", { "class": "mlp-live__buttons" }, [backButton, stepButton, field("Learning rate", lr)]);

    // Parameter table: value (editable), gradient, change at the last step.
    var rows = [];
    var tbody = h("tbody");
    for (var l = 1; l <= L; l++) {
      for (var i = 0; i < sizes[l - 1]; i++) for (var j = 0; j < sizes[l]; j++) rows.push({ kind: "W", l: l, i: i, j: j });
      for (j = 0; j < sizes[l]; j++) rows.push({ kind: "b", l: l, j: j });
    }
    rows.forEach(function (r) {
      r.name = r.kind === "W" ? "W[" + r.l + "] " + (r.i + 1) + "\u2192" + (r.j + 1) : "b[" + r.l + "] " + (r.j + 1);
      var label = r.kind === "W"
        ? "Weight W[" + r.l + "] from unit " + (r.i + 1) + " of layer " + (r.l - 1) + " to unit " + (r.j + 1) + " of layer " + r.l
        : "Bias b[" + r.l + "] of unit " + (r.j + 1) + " of layer " + r.l;
      r.input = h("input", { type: "number", step: "0.01", inputmode: "decimal", "aria-label": label, "data-param": r.name });
      r.grad = h("td", { "class": "num" });
      r.delta = h("td", { "class": "num" });
      r.tr = h("tr", { "class": "layer-" + r.l }, [h("th", { scope: "row", text: r.name }), h("td", {}, [r.input]), r.grad, r.delta]);
      tbody.appendChild(r.tr);
      r.input.addEventListener("change", function () {
        var v = parseFloat(r.input.value);
        if (!isFinite(v)) { show(); return; }
        if (r.kind === "W") st.net.weights[r.l - 1][r.i * sizes[r.l] + r.j] = v;
        else st.net.biases[r.l - 1][r.j] = v;
        st.change = null;
        show(true);
      });
    });
    var table = h("table", { "class": "mlp-live__params", "aria-label": "Weights and biases, their gradients for this input, and the change made by the last step" }, [
      h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: "parameter" }), h("th", { scope: "col", text: "value" }),
                                  h("th", { scope: "col", text: "gradient" }), h("th", { scope: "col", text: "change" })])]),
      tbody
    ]);
    var tableBox = h("details", { "class": "mlp-live__tablebox" }, [
      h("summary", { text: "Weights, biases and their gradients" }),
      h("p", { "class": "mlp-live__hint", text: "Type a value to change a parameter. Gradients show after Backward, changes after Step." }),
      table]);
    if (view === "full") tableBox.open = true;

    // Training (full view only).
    var seedSelect = h("select", {}, Object.keys(data.seeds).map(function (k) {
      return h("option", { value: k, text: k + (+k === data.seed ? " (the guide's)" : "") });
    }));
    var batch = h("select", {}, [1, 2, 4, 8].map(function (b) { return h("option", { value: b, text: String(b) }); }));
    var epochsIn = h("input", { type: "number", min: "1", step: "1", value: String(data.epochs), inputmode: "numeric" });
    var trainButton = h("button", { type: "button", "class": "md-button md-button--primary", text: "Train" });
    var resetButton = h("button", { type: "button", "class": "md-button", text: "Reset" });
    var status = h("p", { "class": "mlp-live__status", "aria-live": "polite" });
    var lossCanvas = h("canvas", { width: "600", height: "440", role: "img",
                                    "aria-label": "Training loss on the 8 training days against epochs" });
    var boundary = h("canvas", { width: "600", height: "600", role: "img",
                                 "aria-label": "Decision boundary: probability of golf over temperature and humidity, with the 13 days" });
    var training = h("fieldset", { "class": "mlp-live__group mlp-live__training" }, [
      h("legend", { text: "Training on days 1-8" }),
      h("div", { "class": "mlp-live__row" }, [field("Seed", seedSelect), field("Batch size", batch), field("Epochs to run", epochsIn)]),
      h("div", { "class": "mlp-live__buttons" }, [trainButton, resetButton]),
      status,
      h("div", { "class": "mlp-live__charts" }, [lossCanvas, boundary])
    ]);

    root.innerHTML = "";
    root.appendChild(h("div", { "class": "mlp-live__top" }, [h("div", { "class": "mlp-live__diagram" }, [diagram.svg, summary]),
                                                               h("div", { "class": "mlp-live__side" }, [inputs, pass])]));
    if (view !== "forward") root.appendChild(tableBox);
    if (view === "full") root.appendChild(training);

    // Drawing ------------------------------------------------------------
    function readInput() {
      if (daySelect.value !== "custom") {
        var d = days[+daySelect.value - 1];
        temp.value = d.x[0]; hum.value = d.x[1]; target.value = String(d.y);
        target.disabled = true;
      } else target.disabled = false;
      var t = parseFloat(temp.value), u = parseFloat(hum.value);
      st.x = [isFinite(t) ? t : 0, isFinite(u) ? u : 0];
      st.y = +target.value;
    }

    function param(r) {
      return r.kind === "W" ? st.net.weights[r.l - 1][r.i * sizes[r.l] + r.j] : st.net.biases[r.l - 1][r.j];
    }

    function show(boundaryToo) {
      var net = st.net, trace = net.forwardFlat(Float64Array.from(st.x), 1);
      var grads = net.backwardFlat(trace, Float64Array.from([st.y]));
      var yHat = trace.a[L][0];
      var lossValue = mm.binaryCrossEntropy([st.y], [yHat]);
      diagram.svg.setAttribute("aria-label", "The network on input (" + st.x.join(", ") + "): prediction " + fmt(yHat, 4));
      for (var l = 0; l <= L; l++) {
        for (var i = 0; i < sizes[l]; i++) {
          var node = diagram.nodes[l][i], a = trace.a[l][i];
          node.inside.textContent = l === 0 ? String(st.x[i]) : short(a);
          node.inside.setAttribute("data-value", String(a));
          node.z.textContent = l ? "z " + short(trace.z[l - 1][i]) : (i ? "humidity" : "temperature");
          if (l) node.z.setAttribute("data-value", String(trace.z[l - 1][i]));
          node.delta.textContent = l && st.back ? "\u03b4 " + short(grads.delta[l - 1][i]) : "";
          if (l) node.delta.setAttribute("data-value", String(grads.delta[l - 1][i]));
          node.circle.classList.toggle("changed", !!(st.change && l && st.change.b[l - 1][i] !== 0));
        }
      }
      for (l = 1; l <= L; l++) {
        for (i = 0; i < sizes[l - 1]; i++) {
          for (var j = 0; j < sizes[l]; j++) {
            var w = net.weights[l - 1][i * sizes[l] + j], line = diagram.edges[l - 1][i][j];
            line.setAttribute("class", w >= 0 ? "w-pos" : "w-neg");
            line.setAttribute("stroke-width", (0.8 + 2.6 * Math.min(Math.abs(w) / 0.5, 1)).toFixed(2));
            diagram.halos[l - 1][i][j].classList.toggle("on", !!(st.change && st.change.W[l - 1][i * sizes[l] + j] !== 0));
          }
        }
      }
      summary.textContent = "\u0177 = " + fmt(yHat, 4) + (yHat > 0.5 ? " (golf)" : " (no golf)") +
        " \u00b7 y = " + st.y + " \u00b7 loss " + fmt(lossValue, 4);
      summary.setAttribute("data-y-hat", String(yHat));
      rows.forEach(function (r) {
        var v = param(r);
        if (document.activeElement !== r.input) r.input.value = v.toFixed(4);
        r.input.setAttribute("data-value", String(v));
        var g = r.kind === "W" ? grads.dW[r.l - 1][r.i * sizes[r.l] + r.j] : grads.db[r.l - 1][r.j];
        r.grad.textContent = st.back ? fmt(g, 4) : "";
        r.grad.setAttribute("data-value", String(g));
        var c = st.change && (r.kind === "W" ? st.change.W[r.l - 1][r.i * sizes[r.l] + r.j] : st.change.b[r.l - 1][r.j]);
        r.delta.textContent = c ? (c > 0 ? "+" : "") + fmt(c, 4) : "";
        r.tr.classList.toggle("changed", !!c);
      });
      table.classList.toggle("mlp-live__params--back", st.back);
      if (view === "full") {
        // The loss and accuracy of the network drawn, after a Step or an edit too
        // (the loss curve keeps the losses at the ends of epochs).
        var score = st.net.scoreFlat(XtrainFlat, ytrainFlat, train.length), last = score.loss;
        status.textContent = "epoch " + st.epoch + " \u00b7 training loss " + fmt(last, 4) +
          " \u00b7 training accuracy " + Math.round(100 * score.accuracy) + "%" + (st.running ? " \u00b7 training\u2026" : "");
        status.setAttribute("data-epoch", String(st.epoch));
        status.setAttribute("data-loss", String(last));
        drawLoss(lossCanvas, st.loss);
        var now = performance.now();
        if (boundaryToo || now - st.lastBoundary > 150) { drawBoundary(boundary, net, days); st.lastBoundary = now; }
      }
    }

    // Actions --------------------------------------------------------------
    function stepOnce() {
      var rate = parseFloat(lr.value);
      if (!(rate > 0)) { lr.setAttribute("aria-invalid", "true"); return; }
      lr.removeAttribute("aria-invalid");
      var before = st.net.copy();
      var trace = st.net.forwardFlat(Float64Array.from(st.x), 1);
      st.net.stepFlat(st.net.backwardFlat(trace, Float64Array.from([st.y])), rate);
      st.change = {
        W: st.net.weights.map(function (W, l) { return W.map(function (v, k) { return v - before.weights[l][k]; }); }),
        b: st.net.biases.map(function (b, l) { return b.map(function (v, k) { return v - before.biases[l][k]; }); })
      };
      show(true);
    }

    function trainChunk() {
      if (!st.running || !root.isConnected) { st.running = false; return; }
      var rate = parseFloat(lr.value), bs = +batch.value, t0 = performance.now();
      // Without animation (reduced motion) run to the end in slices of ~50 ms;
      // otherwise about 12 ms of epochs per frame, then redraw.
      var budget = reducedMotion ? 50 : 12;
      while (st.epoch < st.target && performance.now() - t0 < budget) {
        var order = data.orders[st.epoch % data.orders.length];
        st.net.epochFlat(XtrainFlat, ytrainFlat, order, bs, rate);
        st.epoch += 1;
        st.loss.push(st.net.scoreFlat(XtrainFlat, ytrainFlat, train.length).loss);
      }
      if (st.epoch >= st.target) stop();
      if (!reducedMotion || !st.running) show(!st.running);
      if (st.running) window.requestAnimationFrame(trainChunk);
    }

    function stop() {
      st.running = false;
      trainButton.textContent = "Train";
      show(true);
    }

    daySelect.addEventListener("change", function () { readInput(); show(); });
    [temp, hum].forEach(function (inp) {
      inp.addEventListener("input", function () { daySelect.value = "custom"; readInput(); show(); });
    });
    target.addEventListener("change", function () { readInput(); show(); });
    backButton.addEventListener("click", function () {
      st.back = !st.back;
      backButton.setAttribute("aria-pressed", String(st.back));
      show();
    });
    stepButton.addEventListener("click", stepOnce);
    seedSelect.addEventListener("change", function () { st.seed = +seedSelect.value; st.running = false; trainButton.textContent = "Train"; reset(); show(true); });
    resetButton.addEventListener("click", function () { st.running = false; trainButton.textContent = "Train"; reset(); show(true); });
    trainButton.addEventListener("click", function () {
      if (st.running) { stop(); return; }
      var more = parseInt(epochsIn.value, 10);
      var rate = parseFloat(lr.value);
      if (!(more >= 1) || !(rate > 0)) { (more >= 1 ? lr : epochsIn).setAttribute("aria-invalid", "true"); return; }
      epochsIn.removeAttribute("aria-invalid"); lr.removeAttribute("aria-invalid");
      st.target = st.epoch + more; st.running = true; st.change = null;
      trainButton.textContent = "Pause";
      window.requestAnimationFrame(trainChunk);
    });
    new MutationObserver(function () { if (root.isConnected) show(true); })
      .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

    seedSelect.value = String(st.seed);
    daySelect.value = String(st.day);
    backButton.setAttribute("aria-pressed", String(st.back));
    reset();
    readInput();
    show(true);
    root.setAttribute("data-ready", "1");
    if (view === "full") window.micromlp.live = st; // for the console: micromlp.live.net
  }

  function init() {
    document.querySelectorAll(".mlp-live").forEach(function (root) {
      if (root.getAttribute("data-started")) return;
      root.setAttribute("data-started", "1");
      var src = root.getAttribute("data-src");
      fetch(src)
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (data) { build(root, data); })
        .catch(function (err) { root.textContent = "Could not load " + src + " (" + err + ")."; });
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
