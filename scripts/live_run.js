/*
 * live_run.js: runs docs/assets/micromlp.js on the fixtures of scripts/live_data.py.
 *
 * runFixtures(fix) does, for each fixture network, the forward and backward pass
 * of every day and one step, and trains each fixture run, returning the results
 * in the fixture's layout. tests/site/test_live.py calls it in Chromium (loaded into
 * the live page); the build calls it under Node.js (`node scripts/live_run.js`,
 * fixtures on stdin, results on stdout) to state on the live page how closely
 * the engine agrees with Python (scripts/live_data.py, agreement()).
 */
(function (root) {
  "use strict";

  function runFixtures(fix) {
    const mm = root.micromlp;
    const make = (c) =>
      mm.MLP.fromParams(c.layer_sizes, c.params.weights, c.params.biases, c.activation);
    const networks = fix.networks.map((c) => {
      const passes = c.passes.map((p) => {
        const net = make(c);
        const t = net.forward(p.X);
        const g = net.backward(t, p.y);
        return { z: t.z, a: t.a, delta: g.delta, dW: g.dW, db: g.db };
      });
      const net = make(c);
      const day = c.passes[c.step.day - 1];
      net.step(net.backward(net.forward(day.X), day.y), c.step.learning_rate);
      return { passes, step: net.params() };
    });
    const runs = fix.runs.map((r) => {
      const net = make(fix.networks[r.network]);
      net.fit(fix.X_train, fix.y_train, {
        epochs: r.epochs,
        learningRate: r.learning_rate,
        batchSize: r.batch_size,
        order: r.order,
      });
      return { ...net.params(), loss: net.history.loss, accuracy: net.history.accuracy };
    });
    return { networks, runs };
  }

  root.runFixtures = runFixtures;

  if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
    require("../docs/assets/micromlp.js");
    const fix = JSON.parse(require("fs").readFileSync(0, "utf8"));
    process.stdout.write(JSON.stringify({ node: process.version, ...runFixtures(fix) }));
  }
})(typeof window !== "undefined" ? window : globalThis);
