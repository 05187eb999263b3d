/*
 * widgets.js: what the widgets draw (the live network, live.js, and the
 * training slider, slider.js): the palette, the decision plane both show, the
 * live network's diagram and loss curve, and small helpers to make elements
 * and print numbers. Exposed as window.mlpWidgets;
 * docs/overrides/main.html loads it before either widget.
 *
 * The palette is scripts/style.py's: the build writes its two themes as CSS
 * variables (assets/palette.css, scripts/hooks.py), and `theme()` reads the
 * ones in force, so that the widgets, live.css and the figures share one
 * source of colours.
 */
(function (root) {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";
  var KEYS = ["text", "muted", "bg", "node", "pos", "neg", "wpos", "wneg", "accent"];

  function hexRgb(hex) {
    var v = parseInt(hex.trim().slice(1), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }

  /** The palette in force, from assets/palette.css: {text: "#1d1f24", ..., dark}. */
  function theme() {
    var style = getComputedStyle(document.body),
      out = {};
    KEYS.forEach(function (k) {
      out[k] = style.getPropertyValue("--mlp-" + k).trim();
    });
    out.dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    return out;
  }

  function rgb(c) {
    return "rgb(" + c.join(",") + ")";
  }

  function mix(a, b, k) {
    return [0, 1, 2].map(function (i) {
      return Math.round(a[i] + k * (b[i] - a[i]));
    });
  }

  // -- elements ------------------------------------------------------------

  /** An HTML element: h("p", {class: "x", text: "hi"}, [children]). */
  function h(tag, attrs, kids) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (kid) {
      if (kid) node.appendChild(kid);
    });
    return node;
  }

  var uid = 0;

  /** A labelled control (the label names it by id). */
  function field(label, control) {
    control.id = "mlp-live-" + ++uid;
    return h("div", { class: "mlp-live__field" }, [h("label", { for: control.id, text: label }), control]);
  }

  function button(text, primary) {
    return h("button", { type: "button", class: "md-button" + (primary ? " md-button--primary" : ""), text: text });
  }

  /** A menu of `values`, each shown as text(value). */
  function select(values, text) {
    return h(
      "select",
      {},
      values.map(function (v) {
        return h("option", { value: v, text: text(v) });
      }),
    );
  }

  /** An SVG element, appended to `parent` if given. */
  function s(tag, attrs, parent) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    if (parent) parent.appendChild(node);
    return node;
  }

  /** Run `draw` again whenever the reader switches light/dark, while `el` is on the page. */
  function onPalette(el, draw) {
    new MutationObserver(function () {
      if (el.isConnected) draw();
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  /**
   * Fetch each `selector` widget's data-src once, then build(root, data). The root then
   * carries data-ready (built) or data-failed (its data could not be loaded or the widget
   * could not be built, said on the page and in the console), so that a test can wait for
   * every widget to be done.
   */
  function start(selector, build) {
    document.querySelectorAll(selector).forEach(function (el) {
      if (el.getAttribute("data-started")) return;
      el.setAttribute("data-started", "1");
      var src = el.getAttribute("data-src");
      fetch(src)
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          build(el, data);
          el.setAttribute("data-ready", "1");
        })
        .catch(function (err) {
          el.textContent = "Could not show this widget (" + src + ": " + err + ").";
          el.setAttribute("data-failed", "1");
          console.error("micromlp widget " + src + ": " + err);
        });
    });
  }

  // -- numbers (as scripts/style.py prints them) -----------------------------

  /** `digits` decimals, a real minus sign, no "-0". */
  function fmt(v, digits) {
    var t = v.toFixed(digits);
    if (/^-0\.?0*$/.test(t)) t = t.slice(1);
    return t.replace("-", "\u2212");
  }

  /** Compact, for diagrams: 2 decimals, or 2 significant digits under 0.1 (style.short). */
  function short(v) {
    if (v === 0) return "0";
    var t = Math.abs(v) >= 0.0995 ? v.toFixed(2) : v.toPrecision(2);
    if (t.indexOf("e") >= 0) t = v.toExponential(1);
    return t.replace("-", "\u2212");
  }

  /** Numbers as words: [1, ..., 8] as "1-8" when they run on, else "1, 3 and 5". */
  function range(ids) {
    var v = ids.map(Number);
    var run = v.every(function (x, i) {
      return x === v[0] + i;
    });
    return run && v.length > 2 ? v[0] + "-" + v[v.length - 1] : and(v);
  }

  /** "8", "8 and 12", "1, 3 and 5". */
  function and(items) {
    var v = items.map(String);
    return v.length < 2 ? v.join("") : v.slice(0, -1).join(", ") + " and " + v[v.length - 1];
  }

  // -- the decision plane ------------------------------------------------------

  /** The plane's inputs, (temperature, humidity) row by row: rows humidity low to high, columns temperature. */
  function gridInputs(grid) {
    var n = grid.n,
      X = new Float64Array(n * n * 2),
      step = (grid.max - grid.min) / (n - 1);
    for (var r = 0; r < n; r++) {
      for (var c = 0; c < n; c++) {
        X[2 * (r * n + c)] = grid.min + c * step;
        X[2 * (r * n + c) + 1] = grid.min + r * step;
      }
    }
    return X;
  }

  // Colour strength by distance from 0.5, as in the figures (scripts/figures.py,
  // BANDS): steep near 0.5, where an untrained network's probabilities all lie,
  // so that even its first epochs show which way each region leans.
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

  /** The grid's probabilities as an n x n image (rows top-down: high humidity first). */
  function shade(P, n, th) {
    var small = document.createElement("canvas");
    small.width = small.height = n;
    var sctx = small.getContext("2d"),
      img = sctx.createImageData(n, n);
    var bg = hexRgb(th.bg),
      pos = hexRgb(th.pos),
      neg = hexRgb(th.neg);
    for (var r = 0; r < n; r++) {
      for (var c = 0; c < n; c++) {
        var p = P[r * n + c];
        var col = mix(bg, p < 0.5 ? neg : pos, strength(Math.abs(p - 0.5)) * (th.dark ? 1.2 : 1));
        var o = ((n - 1 - r) * n + c) * 4;
        img.data.set([col[0], col[1], col[2], 255], o);
      }
    }
    sctx.putImageData(img, 0, 0);
    return small;
  }

  /** The segments of the 0.5 line by marching squares, in grid units ([c, r] pairs). */
  function contour(P, n) {
    var out = [];
    for (var r = 0; r < n - 1; r++) {
      for (var c = 0; c < n - 1; c++) {
        var v = [P[r * n + c], P[r * n + c + 1], P[(r + 1) * n + c + 1], P[(r + 1) * n + c]];
        var xy = [
          [c, r],
          [c + 1, r],
          [c + 1, r + 1],
          [c, r + 1],
        ];
        var pts = [];
        for (var e = 0; e < 4; e++) {
          var a = v[e] - 0.5,
            b = v[(e + 1) % 4] - 0.5;
          if (a < 0 !== b < 0) {
            var t = a / (a - b),
              A = xy[e],
              B = xy[(e + 1) % 4];
            pts.push([A[0] + t * (B[0] - A[0]), A[1] + t * (B[1] - A[1])]);
          }
        }
        for (var q = 0; q + 1 < pts.length; q += 2) out.push([pts[q], pts[q + 1]]);
      }
    }
    return out;
  }

  function clipTo(ctx, pad, area) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(pad, pad, area, area);
    ctx.clip();
  }

  function axes(ctx, size, pad, area, toX, toY, th) {
    var k = size / 300;
    ctx.strokeStyle = th.muted;
    ctx.lineWidth = 1;
    ctx.strokeRect(pad, pad, area, area);
    ctx.fillStyle = th.text;
    ctx.font = Math.round(13 * k) + "px sans-serif";
    ctx.textAlign = "center";
    for (var i = 0; i <= 3; i++) {
      ctx.fillText(String(i), toX(i), size - pad + 16 * k);
      ctx.fillText(String(i), pad - 12 * k, toY(i) + 4 * k);
    }
    ctx.fillText("temperature", pad + area / 2, size - 3 * k);
    ctx.save();
    ctx.translate(13 * k, pad + area / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText("humidity", 0, 0);
    ctx.restore();
  }

  /** The days: circle = golf, square = no golf; filled = training day, hollow = test day. */
  function markDays(ctx, days, toX, toY, k, th) {
    var m = 5 * k;
    days.forEach(function (d) {
      var x = toX(d.x[0]),
        y = toY(d.x[1]),
        colour = d.y ? th.pos : th.neg;
      ctx.beginPath();
      if (d.y) ctx.arc(x, y, d.train ? m : m * 1.6, 0, 2 * Math.PI);
      else {
        var w = d.train ? m : m * 1.5;
        ctx.rect(x - w, y - w, 2 * w, 2 * w);
      }
      if (d.train) {
        ctx.fillStyle = colour;
        ctx.fill();
      } else {
        ctx.strokeStyle = colour;
        ctx.lineWidth = 2 * k;
        ctx.stroke();
      }
    });
  }

  /**
   * The decision plane on a square canvas: P[r * n + c] is the probability of
   * golf at temperature grid.min + c * step and humidity grid.min + r * step
   * (grid = {n, min, max}); the 0.5 line; axes; the days.
   */
  function drawPlane(canvas, P, grid, days) {
    var th = theme(),
      ctx = canvas.getContext("2d"),
      size = canvas.width,
      k = size / 300;
    var pad = 40 * k,
      area = size - 2 * pad,
      n = grid.n,
      span = grid.max - grid.min,
      cell = area / (n - 1);
    var toX = function (t) {
      return pad + ((t - grid.min) / span) * area;
    };
    var toY = function (v) {
      return pad + area - ((v - grid.min) / span) * area;
    };
    ctx.clearRect(0, 0, size, size);
    // Pixel centres sit on grid points: the image overhangs the plot by half a cell.
    clipTo(ctx, pad, area);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(shade(P, n, th), pad - cell / 2, pad - cell / 2, n * cell, n * cell);
    // Clipped: a segment that ends on the frame would poke past it.
    ctx.strokeStyle = th.text;
    ctx.lineWidth = 1.5 * k;
    ctx.beginPath();
    contour(P, n).forEach(function (seg) {
      ctx.moveTo(pad + seg[0][0] * cell, pad + area - seg[0][1] * cell);
      ctx.lineTo(pad + seg[1][0] * cell, pad + area - seg[1][1] * cell);
    });
    ctx.stroke();
    ctx.restore();
    axes(ctx, size, pad, area, toX, toY, th);
    markDays(ctx, days, toX, toY, k, th);
  }

  var LAYER_NAMES = ["input", "hidden 1", "hidden 2", "output"];

  // -- the network diagram (drawn as scripts/draw.py lays it out, top to bottom) --

  // Wide: 420 units, a node's "z" and "δ" labels on its right, ending before
  // the next node (up to 10 characters: "δ −0.00012"). Narrow (a phone, where
  // the wide one would print its 13-unit labels under 12 px): 300 units, the
  // labels under each node on a plate of the page colour, edges behind them.
  function layout(sizes, narrow) {
    var pos = [], dy = narrow ? 100 : 92, mid = narrow ? 172 : 204;
    sizes.forEach(function (n, l) {
      var step = n === 2 ? (narrow ? 120 : 150) : (narrow ? 88 : 118);
      pos.push([]);
      for (var i = 0; i < n; i++) pos[l].push([mid + (i - (n - 1) / 2) * step, 34 + l * dy]);
    });
    return { width: narrow ? 300 : 420, height: 34 + (sizes.length - 1) * dy + (narrow ? 60 : 46), pos: pos };
  }

  function edgeLines(sizes, pos, halos, edges) {
    var out = { edges: [], halos: [] };
    for (var l = 1; l < sizes.length; l++) {
      out.edges.push([]); out.halos.push([]);
      for (var i = 0; i < sizes[l - 1]; i++) {
        out.edges[l - 1].push([]); out.halos[l - 1].push([]);
        for (var j = 0; j < sizes[l]; j++) {
          var p = pos[l - 1][i], q = pos[l][j], c = { x1: p[0], y1: p[1], x2: q[0], y2: q[1] };
          out.halos[l - 1][i].push(s("line", Object.assign({ "class": "halo" }, c), halos));
          out.edges[l - 1][i].push(s("line", c, edges));
        }
      }
    }
    return out;
  }

  /** A node's label at (x, y): left-aligned (wide), or centred on a plate (narrow). */
  function nodeLabel(cls, x, y, narrow, parent) {
    var plate = narrow ? s("rect", { "class": "plate", rx: 3, width: 0, height: 0 }, parent) : null;
    var text = s("text", narrow ? { x: x, y: y, "class": cls, "text-anchor": "middle" } : { x: x, y: y, "class": cls }, parent);
    text.plate = plate;
    return text;
  }

  function buildDiagram(sizes, narrow) {
    var g = layout(sizes, narrow);
    var svg = s("svg", { viewBox: "0 0 " + g.width + " " + g.height, role: "img", "class": "mlp-live__net" });
    var halos = s("g", {}, svg), edges = s("g", {}, svg), nodes = s("g", {}, svg);
    var labels = s("g", {}, svg); // on top: a label is never under a node or a line
    var out = Object.assign({ svg: svg, nodes: [], narrow: narrow }, edgeLines(sizes, g.pos, halos, edges));
    sizes.forEach(function (n, l) {
      out.nodes.push([]);
      s("text", { x: 2, y: g.pos[l][0][1] + 4, "class": "name" }, labels).textContent = LAYER_NAMES[l] || "layer " + l;
      for (var i = 0; i < n; i++) {
        var x = g.pos[l][i][0], y = g.pos[l][i][1];
        var node = {
          circle: s("circle", { cx: x, cy: y, r: 19, "class": "node layer-" + l }, nodes),
          inside: s("text", { x: x, y: y + 4, "class": "value", "text-anchor": "middle", "data-node": l + "-" + i }, nodes),
          z: narrow ? nodeLabel("z", x, y + 34, true, labels) : nodeLabel("z", x + 23, y - 3, false, labels),
          delta: narrow ? nodeLabel("delta", x, y + 49, true, labels) : nodeLabel("delta", x + 23, y + 11, false, labels)
        };
        out.nodes[l].push(node);
      }
    });
    return out;
  }

  /** A label's text, and its plate (narrow layout) fitted to it. */
  function setLabel(text, value) {
    if (text.textContent === value) return;
    text.textContent = value;
    if (!text.plate) return;
    var b = value ? text.getBBox() : { x: 0, y: 0, width: -4, height: 0 };
    ["x", "y", "width", "height"].forEach(function (k, i) {
      text.plate.setAttribute(k, [b.x - 2, b.y, b.width + 4, b.height][i]);
    });
  }

  // -- the loss curve (canvas) -------------------------------------------------

  /** The training loss at the end of each epoch, on an epoch axis from 0 to `last`. */
  function drawLoss(canvas, loss, last) {
    var th = theme(), ctx = canvas.getContext("2d"), size = canvas.width, k = size / 300;
    var left = 44 * k, right = 22 * k, top = 12 * k, bottom = 40 * k;
    var w = size - left - right, hgt = canvas.height - top - bottom;
    var n = Math.max(last, loss.length - 1, 1), top_ = Math.max(0.8, Math.max.apply(null, loss));
    var at = function (i) { return [left + i / n * w, top + hgt - Math.min(loss[i] / top_, 1) * hgt]; };
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = th.muted; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(left, top); ctx.lineTo(left, top + hgt); ctx.lineTo(left + w, top + hgt); ctx.stroke();
    ctx.fillStyle = th.text; ctx.font = Math.round(13 * k) + "px sans-serif";
    ctx.textAlign = "right";
    ctx.fillText(top_.toFixed(1), left - 5 * k, top + 10 * k);
    ctx.fillText("0", left - 5 * k, top + hgt);
    ctx.textAlign = "center";
    ctx.fillText("0", left, top + hgt + 16 * k);
    ctx.fillText(String(n), left + w, top + hgt + 16 * k);
    ctx.fillText("epoch", left + w / 2, canvas.height - 3 * k);
    ctx.save(); ctx.translate(13 * k, top + hgt / 2); ctx.rotate(-Math.PI / 2);
    ctx.fillText("training loss", 0, 0); ctx.restore();
    // The loss before training as a dot: the chart is never empty axes.
    var p = at(0);
    ctx.fillStyle = th.pos;
    ctx.beginPath(); ctx.arc(p[0], p[1], 3.5 * k, 0, 2 * Math.PI); ctx.fill();
    if (loss.length === 1) {
      ctx.fillStyle = th.text; ctx.textAlign = "left";
      ctx.fillText("before training", p[0] + 8 * k, p[1] - 8 * k);
      return;
    }
    ctx.strokeStyle = th.pos; ctx.lineWidth = 2 * k;
    ctx.beginPath();
    var every = Math.max(1, Math.floor(loss.length / (2 * w))); // about 2 points per pixel
    for (var i = 0; i < loss.length; i += every) {
      p = at(i);
      if (i === 0) ctx.moveTo(p[0], p[1]); else ctx.lineTo(p[0], p[1]);
    }
    p = at(loss.length - 1);
    ctx.lineTo(p[0], p[1]);
    ctx.stroke();
  }

  root.mlpWidgets = {
    theme: theme,
    rgb: rgb,
    h: h,
    field: field,
    button: button,
    select: select,
    s: s,
    onPalette: onPalette,
    start: start,
    fmt: fmt,
    short: short,
    range: range,
    and: and,
    gridInputs: gridInputs,
    drawPlane: drawPlane,
    buildDiagram: buildDiagram,
    setLabel: setLabel,
    drawLoss: drawLoss,
  };
})(window);
