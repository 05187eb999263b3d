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
 * One widget is one object `w`: its data, its state (w.st) and its parts. Each
 * function below makes one part (controls, table, training) or does one thing
 * (show, step, train); widgets.js draws the diagram, the loss and the plane.
 *
 * Plain JavaScript, nothing fetched but live.json from this site. Material's
 * instant navigation swaps pages without reloading scripts, so set-up runs on
 * every page change through `document$`.
 */
(function () {
  "use strict";

  var W = window.mlpWidgets, h = W.h, fmt = W.fmt, short = W.short;
  var GRID = { n: 41, min: -0.5, max: 3.5 }; // scripts/runs.py GRID
  // Training speeds in epochs a second; 0: no animation, drawn once when the epochs end.
  var SPEEDS = [0, 2, 5, 25, 100, 500];
  var SPEED = 25; // the default: the guide's 1000 epochs in 40 s, the boundary moving smoothly
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var field = W.field, button = W.button, select = W.select;

  // -- the parts of the widget ---------------------------------------------------

  function inputControls(w) {
    var days = w.data.days;
    var c = {
      day: select(days.map(function (d) { return d.id; }).concat(["custom"]), function (id) {
        if (id === "custom") return "Your own values";
        var d = days[id - 1];
        return "Day " + id + ": " + d.x[0] + ", " + d.x[1] + (d.y ? ", golf" : ", no golf") + (d.train ? "" : " (test)");
      }),
      temp: h("input", { type: "number", step: "0.1", inputmode: "decimal" }),
      hum: h("input", { type: "number", step: "0.1", inputmode: "decimal" }),
      target: select([1, 0], function (v) { return v ? "golf (1)" : "no golf (0)"; })
    };
    c.box = h("fieldset", { "class": "mlp-live__group" }, [
      h("legend", { text: "Input" }), field("Day", c.day), field("Temperature", c.temp),
      field("Humidity", c.hum), field("Target y", c.target)
    ]);
    return c;
  }

  function passControls(w) {
    var c = {
      back: button("Backward"), step: button("Step"), reset: button("Reset"),
      lr: h("input", { type: "number", step: "0.01", min: "0.001", value: String(w.data.learning_rate), inputmode: "decimal" })
    };
    c.back.setAttribute("aria-pressed", String(w.st.back));
    c.box = h("div", { "class": "mlp-live__buttons" }, [c.back, c.step, c.reset, field("Learning rate", c.lr)]);
    return c;
  }

  /** One row per parameter: value (editable), gradient, change at the last step. */
  function paramRows(sizes) {
    var rows = [];
    for (var l = 1; l < sizes.length; l++) {
      for (var i = 0; i < sizes[l - 1]; i++) {
        for (var j = 0; j < sizes[l]; j++) rows.push({ kind: "W", l: l, i: i, j: j, k: i * sizes[l] + j });
      }
      for (j = 0; j < sizes[l]; j++) rows.push({ kind: "b", l: l, j: j, k: j });
    }
    rows.forEach(function (r) {
      var unit = " unit " + (r.j + 1) + " of layer " + r.l;
      r.name = r.kind === "W" ? "W[" + r.l + "] " + (r.i + 1) + "\u2192" + (r.j + 1) : "b[" + r.l + "] " + (r.j + 1);
      var label = r.kind === "W"
        ? "Weight W[" + r.l + "] from unit " + (r.i + 1) + " of layer " + (r.l - 1) + " to" + unit
        : "Bias b[" + r.l + "] of" + unit;
      r.input = h("input", { type: "number", step: "0.01", inputmode: "decimal", "aria-label": label, "data-param": r.name });
      r.grad = h("td", { "class": "num" });
      r.delta = h("td", { "class": "num" });
      r.tr = h("tr", { "class": "layer-" + r.l }, [h("th", { scope: "row", text: r.name }), h("td", {}, [r.input]), r.grad, r.delta]);
    });
    return rows;
  }

  function paramTable(w) {
    var rows = paramRows(w.sizes);
    var head = ["parameter", "value", "gradient", "change"].map(function (t) { return h("th", { scope: "col", text: t }); });
    var table = h("table", {
      "class": "mlp-live__params",
      "aria-label": "Weights and biases, their gradients for this input, and the change made by the last step"
    }, [h("thead", {}, [h("tr", {}, head)]), h("tbody", {}, rows.map(function (r) { return r.tr; }))]);
    var box = h("details", { "class": "mlp-live__tablebox" }, [
      h("summary", { text: "Weights, biases and their gradients" }),
      h("p", { "class": "mlp-live__hint", text: "Type a value to change a parameter. Gradients show after Backward, changes after Step." }),
      table]);
    box.open = w.view === "full";
    return { rows: rows, table: table, box: box };
  }

  function trainingControls(w) {
    var data = w.data;
    var c = {
      seed: select(Object.keys(data.seeds), function (k) { return k + (+k === data.seed ? " (the guide's)" : ""); }),
      batch: select([1, 2, 4, 8], String),
      epochs: h("input", { type: "number", min: "1", step: "1", value: String(data.epochs), inputmode: "numeric" }),
      speed: select(SPEEDS, function (v) { return v ? v + " epochs a second" : "no animation"; }),
      train: button("Train", true),
      status: h("p", { "class": "mlp-live__status", "aria-live": "polite" }),
      note: h("p", { "class": "mlp-live__note", hidden: "" }),
      loss: h("canvas", { width: "600", height: "440", role: "img" }),
      plane: h("canvas", { width: "600", height: "600", role: "img" })
    };
    c.seed.value = String(data.seed);
    c.batch.value = String(data.batch_size);
    c.speed.value = String(reducedMotion ? 0 : SPEED);
    c.box = h("fieldset", { "class": "mlp-live__group mlp-live__training" }, [
      h("legend", { text: "Training on days " + W.range(w.trainIds) }),
      h("div", { "class": "mlp-live__row" }, [
        field("Seed", c.seed), field("Batch size", c.batch), field("Epochs to run", c.epochs), field("Speed", c.speed)]),
      h("div", { "class": "mlp-live__buttons" }, [c.train]),
      c.status, c.note,
      h("div", { "class": "mlp-live__charts" }, [c.loss, c.plane])
    ]);
    return c;
  }

  // -- reading and drawing ---------------------------------------------------------

  function readInput(w) {
    var c = w.input, st = w.st;
    if (c.day.value !== "custom") {
      var d = w.data.days[+c.day.value - 1];
      c.temp.value = d.x[0]; c.hum.value = d.x[1]; c.target.value = String(d.y);
    }
    c.target.disabled = c.day.value !== "custom";
    var t = parseFloat(c.temp.value), u = parseFloat(c.hum.value);
    st.x = [isFinite(t) ? t : 0, isFinite(u) ? u : 0];
    st.y = +c.target.value;
  }

  function showNodes(w, trace, grads) {
    var st = w.st, change = st.change;
    for (var l = 0; l <= w.L; l++) {
      for (var i = 0; i < w.sizes[l]; i++) {
        var node = w.diagram.nodes[l][i], a = trace.a[l][i];
        node.inside.textContent = l === 0 ? String(st.x[i]) : short(a);
        node.inside.setAttribute("data-value", String(a));
        W.setLabel(node.z, l ? "z " + short(trace.z[l - 1][i]) : (i ? "humidity" : "temperature"));
        W.setLabel(node.delta, l && st.back ? "\u03b4 " + short(grads.delta[l - 1][i]) : "");
        if (l) node.z.setAttribute("data-value", String(trace.z[l - 1][i]));
        if (l) node.delta.setAttribute("data-value", String(grads.delta[l - 1][i]));
        node.circle.classList.toggle("changed", !!(change && l && change.b[l - 1][i] !== 0));
      }
    }
  }

  function showEdges(w) {
    var net = w.st.net, change = w.st.change;
    for (var l = 1; l <= w.L; l++) {
      for (var i = 0; i < w.sizes[l - 1]; i++) {
        for (var j = 0; j < w.sizes[l]; j++) {
          var k = i * w.sizes[l] + j, v = net.weights[l - 1][k], line = w.diagram.edges[l - 1][i][j];
          line.setAttribute("class", v >= 0 ? "w-pos" : "w-neg");
          line.setAttribute("stroke-width", (0.8 + 2.6 * Math.min(Math.abs(v) / 0.5, 1)).toFixed(2));
          w.diagram.halos[l - 1][i][j].classList.toggle("on", !!(change && change.W[l - 1][k] !== 0));
        }
      }
    }
  }

  function showTable(w, grads) {
    var st = w.st;
    w.table.rows.forEach(function (r) {
      var v = st.net[r.kind === "W" ? "weights" : "biases"][r.l - 1][r.k];
      if (document.activeElement !== r.input) r.input.value = v.toFixed(4);
      r.input.setAttribute("data-value", String(v));
      var g = (r.kind === "W" ? grads.dW : grads.db)[r.l - 1][r.k];
      r.grad.textContent = st.back ? fmt(g, 4) : "";
      r.grad.setAttribute("data-value", String(g));
      var c = st.change && st.change[r.kind][r.l - 1][r.k];
      r.delta.textContent = c ? (c > 0 ? "+" : "") + fmt(c, 4) : "";
      r.tr.classList.toggle("changed", !!c);
    });
    w.table.table.classList.toggle("mlp-live__params--back", st.back);
  }

  /** The hidden layers of `net` whose units all give 0 on every training day (ReLU only), measured. */
  function deadLayers(w, net) {
    if (w.data.activation !== "relu") return [];
    var trace = net.forwardFlat(w.Xtrain, w.ntrain), dead = [];
    for (var l = 1; l < w.L; l++) {
      if (trace.a[l].every(function (v) { return v === 0; })) dead.push(l);
    }
    return dead;
  }

  /** What Reset gives for the chosen seed, measured on its initial weights. */
  function resetText(w) {
    var s = w.st.seed, d = w.deadAtStart, seeds = Object.keys(d);
    if (!d[s].length) return "Reset restores the initial weights of seed " + s + ", in which no hidden layer is dead. ";
    var starts = seeds.filter(function (k) { return d[k].length; });
    var alive = d[w.data.seed].length ? seeds.find(function (k) { return !d[k].length; }) : String(w.data.seed);
    return "Seed " + s + " starts with hidden layer " + d[s][0] + " dead, so Reset does not bring back a live " +
      "network: of seeds " + W.range(seeds) + ", " + W.and(starts) + (starts.length === 1 ? " starts" : " start") +
      " with a dead hidden layer" + (alive === undefined ? ". " : "; seed " + alive +
      (+alive === w.data.seed ? " (the guide's)" : "") + " does not. ");
  }

  function showDead(w) {
    var dead = deadLayers(w, w.st.net), l = dead[0], n = l && w.sizes[l];
    w.dead.hidden = !dead.length;
    w.dead.setAttribute("data-layers", dead.join(","));
    w.dead.textContent = "";
    if (!dead.length) return;
    var p = w.st.net.forwardFlat(w.Xtrain, w.ntrain).a[w.L][0];
    w.dead.append((n === 2 ? "Both units" : "All " + n + " units") + " of hidden layer " + l +
      " are dead: their ReLU gives 0 on every training day. The layers after it get the same input on every " +
      "training day, so the network predicts the same, " + fmt(p, 4) + ", for all of them, and no gradient " +
      "reaches this layer or the weights before it: epochs on the training days cannot bring these units back " +
      "(a Step on an input where one of them is active can). " + resetText(w) + "See ",
                  h("a", { href: "../prediction/#dead-relus", text: "Dead ReLUs" }), " on the prediction page.");
  }

  function statusText(w, score) {
    var st = w.st, t = "epoch " + st.epoch;
    if (st.stepsSince) t += " + " + st.stepsSince + (st.stepsSince === 1 ? " step" : " steps");
    if (st.editedSince) t += " + your edits";
    t += " \u00b7 training loss " + fmt(score.loss, 4) + " \u00b7 training accuracy " + Math.round(100 * score.accuracy) + "%";
    if (st.running) t += " \u00b7 training\u2026";
    else if (st.target > st.epoch) t += " \u00b7 paused";
    return t;
  }

  /** The status line, the note and the charts, all from the network drawn. */
  function showTraining(w) {
    var st = w.st, c = w.training, score = st.net.scoreFlat(w.Xtrain, w.ytrain, w.ntrain);
    c.status.textContent = statusText(w, score);
    c.status.setAttribute("data-epoch", String(st.epoch));
    c.status.setAttribute("data-loss", String(score.loss));
    c.status.setAttribute("data-accuracy", String(score.accuracy));
    // The epoch axis runs to the end of the run under way, or of the next one.
    W.drawLoss(c.loss, st.loss, st.target > st.epoch ? st.target : st.epoch || parseInt(c.epochs.value, 10) || 1);
    W.drawPlane(c.plane, st.net.forwardFlat(w.grid, GRID.n * GRID.n).a[w.L], GRID, w.data.days);
    c.loss.setAttribute("aria-label", "Training loss on the " + w.ntrain + " training days against epochs: " +
      fmt(st.loss[0], 4) + " before training" + (st.epoch ? ", " + fmt(st.loss[st.epoch], 4) + " after epoch " + st.epoch : ""));
    c.plane.setAttribute("aria-label", "Decision boundary of the network drawn: probability of golf over " +
      "temperature and humidity, with the " + w.data.days.length + " days; the line marks probability 0.5; filled " +
      "marks are the " + w.ntrain + " training days, outlined the " + (w.data.days.length - w.ntrain) + " test days, " +
      "circles golf, squares no golf; training accuracy " + Math.round(100 * score.accuracy) + "%");
    showNote(w, score);
  }

  function show(w) {
    var st = w.st, net = st.net;
    var trace = net.forwardFlat(Float64Array.from(st.x), 1);
    var grads = net.backwardFlat(trace, Float64Array.from([st.y]));
    var yHat = trace.a[w.L][0], loss = window.micromlp.binaryCrossEntropy([st.y], [yHat]);
    w.diagram.svg.setAttribute("aria-label", "The network on input (" + st.x.join(", ") + "): prediction " + fmt(yHat, 4));
    showNodes(w, trace, grads);
    showEdges(w);
    w.summary.textContent = "\u0177 = " + fmt(yHat, 4) + (yHat > 0.5 ? " (golf)" : " (no golf)") +
      " \u00b7 y = " + st.y + " \u00b7 loss " + fmt(loss, 4);
    w.summary.setAttribute("data-y-hat", String(yHat));
    if (w.table) showTable(w, grads);
    showDead(w);
    if (w.training) showTraining(w);
  }

  // -- the guide's run, and how far this one is from it ------------------------------

  /** Why training from here does not repeat the guide's run ([] if it does). */
  function departures(w) {
    var st = w.st, data = w.data, out = [];
    if (st.steps) out.push(st.steps + (st.steps === 1 ? " Step" : " Steps") + " changed the weights");
    if (st.edited) out.push("you edited the weights");
    if (st.seed !== data.seed) out.push("seed " + st.seed + " is not the guide's " + data.seed);
    if (st.otherRate) out.push("epochs ran with a learning rate other than the guide's " + data.learning_rate);
    if (st.otherBatch) out.push("epochs ran with a batch size other than the guide's " + data.batch_size);
    return out;
  }

  /** The training loss of the guide's run (its seed, orders and settings) after `epoch` epochs. */
  function guideLoss(w, epoch) {
    var g = w.guide, data = w.data;
    if (!g || epoch < g.epoch) g = w.guide = { net: seedNet(w, data.seed), epoch: 0 };
    for (; g.epoch < epoch; g.epoch++) {
      var order = data.orders[g.epoch % data.orders.length];
      g.net.epochFlat(w.Xtrain, w.ytrain, order, data.batch_size, data.learning_rate);
    }
    return g.net.scoreFlat(w.Xtrain, w.ytrain, w.ntrain).loss;
  }

  /** After training that is not the guide's run: say so, with the guide's loss at this epoch. */
  function showNote(w, score) {
    var st = w.st, note = w.training.note, why = st.trained && !st.running ? departures(w) : [];
    note.hidden = !why.length;
    if (note.hidden) return;
    var since = [st.stepsSince ? (st.stepsSince === 1 ? "the Step" : "the " + st.stepsSince + " Steps") : "",
                 st.editedSince ? "your edits" : ""].filter(Boolean).join(" and ");
    var n = w.data.orders.length;
    note.textContent = "Not the guide's run: " + why.join("; ") + ". After " + st.epoch +
      (st.epoch === 1 ? " epoch" : " epochs") + " the guide's run" + (st.epoch > n ? ", its " + n + " orders repeated," : "") +
      " has a training loss of " + fmt(guideLoss(w, st.epoch), 4) + ", this one " + fmt(st.loss[st.epoch], 4) +
      (since ? "; with " + since + " since, " + fmt(score.loss, 4) : "") +
      ". Reset, then Train with the guide's seed and settings, to repeat the guide's run.";
  }

  // -- actions ---------------------------------------------------------------------

  /** The initial network of seed `s`. */
  function seedNet(w, s) {
    var p = w.data.seeds[String(s)];
    return window.micromlp.MLP.fromParams(w.sizes, p.weights, p.biases, w.data.activation);
  }

  function reset(w) {
    var st = w.st;
    st.net = seedNet(w, st.seed);
    st.running = st.edited = st.editedSince = st.trained = st.otherRate = st.otherBatch = false;
    st.epoch = st.target = st.steps = st.stepsSince = 0;
    st.change = null;
    st.loss = [st.net.scoreFlat(w.Xtrain, w.ytrain, w.ntrain).loss];
    if (w.training) w.training.train.textContent = "Train";
  }

  function rate(w) {
    var lr = w.pass.lr, v = parseFloat(lr.value);
    if (v > 0) lr.removeAttribute("aria-invalid"); else lr.setAttribute("aria-invalid", "true");
    return v > 0 ? v : null;
  }

  function stepOnce(w) {
    var st = w.st, lr = rate(w);
    if (lr === null) return;
    var before = st.net.copy(), trace = st.net.forwardFlat(Float64Array.from(st.x), 1);
    st.net.stepFlat(st.net.backwardFlat(trace, Float64Array.from([st.y])), lr);
    var minus = function (now, was) { return now.map(function (v, k) { return v - was[k]; }); };
    st.change = {
      W: st.net.weights.map(function (Wl, l) { return minus(Wl, before.weights[l]); }),
      b: st.net.biases.map(function (b, l) { return minus(b, before.biases[l]); })
    };
    st.steps += 1; st.stepsSince += 1;
    restart(w);
    show(w);
  }

  function editParam(w, r) {
    var v = parseFloat(r.input.value), st = w.st;
    if (isFinite(v)) {
      st.net[r.kind === "W" ? "weights" : "biases"][r.l - 1][r.k] = v;
      st.change = null;
      st.edited = st.editedSince = true;
      restart(w);
    }
    show(w);
  }

  /** Before the first epoch, the loss chart's first point is the network that training starts from. */
  function restart(w) {
    if (!w.st.epoch) w.st.loss = [w.st.net.scoreFlat(w.Xtrain, w.ytrain, w.ntrain).loss];
  }

  /** One epoch of the guide's loop, taking the days in the guide's order for this epoch. */
  function epoch(w, lr) {
    var st = w.st, bs = +w.training.batch.value;
    st.net.epochFlat(w.Xtrain, w.ytrain, w.data.orders[st.epoch % w.data.orders.length], bs, lr);
    st.epoch += 1;
    st.stepsSince = 0; st.editedSince = false;
    st.otherRate = st.otherRate || lr !== w.data.learning_rate;
    st.otherBatch = st.otherBatch || bs !== w.data.batch_size;
    st.loss.push(st.net.scoreFlat(w.Xtrain, w.ytrain, w.ntrain).loss);
  }

  // Each frame runs the epochs that the clock says are due at the chosen speed,
  // then draws them; "no animation" runs epochs in slices of 50 ms and draws the end.
  function tick(w, now) {
    var st = w.st, speed = +w.training.speed.value, lr = rate(w);
    if (!st.running || !w.root.isConnected || lr === null) return pause(w);
    if (!st.clock || st.clock.speed !== speed) st.clock = { t0: now, e0: st.epoch, speed: speed };
    var due = Math.min(st.target, speed ? st.clock.e0 + Math.floor((now - st.clock.t0) * speed / 1000) : st.target);
    var t0 = performance.now(), from = st.epoch;
    while (st.epoch < due && performance.now() - t0 < (speed ? 30 : 50)) epoch(w, lr);
    if (st.epoch >= st.target) return pause(w);
    if (speed && st.epoch > from) show(w); // a frame with no epoch due draws nothing new
    window.requestAnimationFrame(function (t) { tick(w, t); });
  }

  function pause(w) {
    w.st.running = false;
    w.training.train.textContent = w.st.target > w.st.epoch ? "Resume" : "Train";
    show(w);
  }

  function trainOrPause(w) {
    var st = w.st, c = w.training;
    if (st.running) return pause(w);
    if (st.target <= st.epoch) {
      var more = parseInt(c.epochs.value, 10);
      if (!(more >= 1)) return c.epochs.setAttribute("aria-invalid", "true");
      c.epochs.removeAttribute("aria-invalid");
      st.target = st.epoch + more;
    }
    if (rate(w) === null) return;
    st.running = st.trained = true;
    st.change = st.clock = null;
    c.train.textContent = "Pause";
    show(w);
    window.requestAnimationFrame(function (t) { tick(w, t); });
  }

  // -- set-up -----------------------------------------------------------------------

  function listen(w) {
    var c = w.input, again = function () { readInput(w); show(w); };
    c.day.addEventListener("change", again);
    c.target.addEventListener("change", again);
    [c.temp, c.hum].forEach(function (box) {
      box.addEventListener("input", function () { c.day.value = "custom"; again(); });
    });
    w.pass.back.addEventListener("click", function () {
      w.st.back = !w.st.back;
      w.pass.back.setAttribute("aria-pressed", String(w.st.back));
      show(w);
    });
    w.pass.step.addEventListener("click", function () { stepOnce(w); });
    w.pass.reset.addEventListener("click", function () { reset(w); show(w); });
    (w.table ? w.table.rows : []).forEach(function (r) {
      r.input.addEventListener("change", function () { editParam(w, r); });
    });
    if (w.training) {
      w.training.seed.addEventListener("change", function () { w.st.seed = +w.training.seed.value; reset(w); show(w); });
      w.training.train.addEventListener("click", function () { trainOrPause(w); });
      w.training.epochs.addEventListener("change", function () { if (!w.st.running) show(w); });
    }
    W.onPalette(w.root, function () { show(w); });
  }

  /** The diagram for the width it has: narrow where the wide one's labels would be under 12 px. */
  function fitDiagram(w) {
    var narrow = w.diagramBox.clientWidth * 13 / 420 < 12;
    if (w.diagram && w.diagram.narrow === narrow) return;
    var old = w.diagram && w.diagram.svg;
    w.diagram = W.buildDiagram(w.sizes, narrow);
    if (old) w.diagramBox.replaceChild(w.diagram.svg, old); else w.diagramBox.prepend(w.diagram.svg);
    if (w.st.net) show(w);
  }

  function build(root, data) {
    var view = root.getAttribute("data-view") || "full";
    var train = data.days.filter(function (d) { return d.train; });
    var w = {
      root: root, data: data, view: view, sizes: data.layer_sizes, L: data.layer_sizes.length - 1,
      Xtrain: Float64Array.from([].concat.apply([], train.map(function (d) { return d.x; }))),
      ytrain: Float64Array.from(train.map(function (d) { return d.y; })),
      ntrain: train.length, trainIds: train.map(function (d) { return d.id; }),
      grid: W.gridInputs(GRID), deadAtStart: {},
      st: { seed: data.seed, back: view === "backward", clock: null }
    };
    Object.keys(data.seeds).forEach(function (s) { w.deadAtStart[s] = deadLayers(w, seedNet(w, s)); });
    w.input = inputControls(w);
    w.pass = passControls(w);
    w.summary = h("p", { "class": "mlp-live__summary", "aria-live": "polite" });
    w.dead = h("p", { "class": "mlp-live__dead", "aria-live": "polite", hidden: "" });
    w.diagramBox = h("div", { "class": "mlp-live__diagram" }, [w.summary]);
    if (view !== "forward") w.table = paramTable(w);
    if (view === "full") w.training = trainingControls(w);
    root.innerHTML = "";
    root.appendChild(h("div", { "class": "mlp-live__top" }, [
      w.diagramBox, h("div", { "class": "mlp-live__side" }, [w.input.box, w.pass.box])]));
    root.appendChild(w.dead);
    if (w.table) root.appendChild(w.table.box);
    if (w.training) root.appendChild(w.training.box);
    fitDiagram(w);
    new ResizeObserver(function () { fitDiagram(w); }).observe(w.diagramBox);
    w.input.day.value = String(data.day);
    listen(w);
    reset(w);
    readInput(w);
    show(w);
    if (view === "full") window.micromlp.live = w.st; // for the console: micromlp.live.net
  }

  function init() {
    W.start(".mlp-live", build);
  }

  if (typeof document$ !== "undefined") document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
