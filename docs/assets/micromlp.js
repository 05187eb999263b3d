/*
 * micromlp.js: the guide's multi-layer perceptron in the browser, written to be read.
 *
 * A port of src/micromlp (network.py, activations.py, losses.py), function for
 * function and in the same order of floating-point operations, so that the live
 * page computes the same numbers as the Python library (tests/site/test_live.py
 * checks it against fixtures written by scripts/live_data.py).
 *
 * One convention, as in Python: a batch is a matrix whose rows are samples, and
 * layer l computes  z[l] = a[l-1] W[l] + b[l],  a[l] = f(z[l]),  W[l] of shape
 * (n_in, n_out). Indices follow network.py: weights[l - 1] is W[l], z[l - 1] is
 * z[l], delta[l - 1] is delta[l], and a[l] is a[l] (a[0] is the input X).
 *
 * The same order of operations. numpy's `@` on float64 calls OpenBLAS, whose
 * kernels (on x86-64 with FMA, as measured on the build machine) use fused
 * multiply-adds: fma(x, y, s) = x*y + s rounded once. JavaScript has no fma, so
 * `fma` below computes it exactly from error-free transformations (Dekker's
 * product, Knuth's sum, Boldo and Melquiond's rounding to odd). The `mm*`
 * functions then follow the path numpy takes for each shape: a dot product
 * (ddot), a matrix-vector product (dgemv "n" or "t", for 1-3 rows as OpenBLAS
 * writes them in C) or a matrix product (dgemm, one fma chain per entry).
 * `sumRows` sums like numpy's add.reduce (pairwise in blocks of 8 along a
 * contiguous column, row by row otherwise). What cannot match to the last bit:
 * Math.exp, Math.log and Math.tanh are V8's, not glibc's (both within an ulp or
 * so), and matrix-vector products with 4 or more rows use OpenBLAS's assembly
 * kernels, which are approximated by an fma chain.
 *
 * Plain JavaScript, no library, nothing fetched. Exposed as window.micromlp.
 */
(function (root) {
  "use strict";

  // -- exact fused multiply-add --------------------------------------------

  var SPLIT = 134217729; // 2^27 + 1, Dekker's splitter for 53-bit doubles
  var bits = new Float64Array(1);
  var words = new Uint32Array(bits.buffer); // words[0]: low 32 bits (little-endian)

  /** x*y + s with a single rounding (IEEE fma), for finite, not tiny operands. */
  function fma(x, y, s) {
    var p = x * y;
    if (!isFinite(p) || !isFinite(s)) return p + s;
    // Dekker: p + e = x*y exactly.
    var t = SPLIT * x, xh = t - (t - x), xl = x - xh;
    t = SPLIT * y;
    var yh = t - (t - y), yl = y - yh;
    var e = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
    if (e === 0) return p + s;
    // Knuth's TwoSum: h + l = p + s exactly.
    var h = p + s, bv = h - p, l = (p - (h - bv)) + (s - bv);
    // v = l + e rounded to odd, then h + v rounded to nearest is fma(x, y, s)
    // (Boldo & Melquiond, IEEE Trans. Computers 57(4), 2008, "emulated FMA").
    var v = l + e;
    var bw = v - l, r = (l - (v - bw)) + (e - bw);
    if (r !== 0) {
      bits[0] = v;
      if ((words[0] & 1) === 0) { // even: step one ulp toward the exact value
        if ((v > 0) === (r > 0)) {
          words[0] = words[0] + 1;
          if (words[0] === 0) words[1] = words[1] + 1;
        } else {
          if (words[0] === 0) words[1] = words[1] - 1;
          words[0] = words[0] - 1;
        }
        v = bits[0];
      }
    }
    return h + v;
  }

  // -- matrix products in numpy's order --------------------------------------
  // Matrices are Float64Array, row-major; A is (m, k), B is (k, n), out is (m, n).
  // aT / bT: the operand is the transpose of a stored row-major array (A = S^T,
  // S of shape (k, m)), which changes the BLAS routine numpy picks.

  function at(S, trans, rows, cols, i, j) { // element (i, j) of a (rows, cols) operand
    return trans ? S[j * rows + i] : S[i * cols + j];
  }

  /** Dot product as OpenBLAS's ddot for short vectors: one fma chain from 0. */
  function dotChain(A, aT, B, bT, m, k, n, i, j) {
    var s = 0;
    for (var t = 0; t < k; t++) s = fma(at(A, aT, m, k, i, t), at(B, bT, k, n, t, j), s);
    return s;
  }

  /** OpenBLAS dgemv_t, one output: a dot product of length len (x times column c). */
  function gemvT(len, a, x) { // a(t), x(t): accessors
    if (len === 2) return 0 + fma(a(0), x(0), a(1) * x(1));
    if (len === 3) return 0 + fma(a(2), x(2), fma(a(0), x(0), a(1) * x(1)));
    var s = 0; // len 1 (exact product), or 4+ (OpenBLAS assembly: approximated)
    for (var t = 0; t < len; t++) s = fma(a(t), x(t), s);
    return s;
  }

  /** OpenBLAS dgemv_n with `rows` (1-3) outputs, one of them: inner length len. */
  function gemvN(rows, len, a, x) {
    var s = 0, t = 0;
    if (rows === 1) {
      for (; t + 4 <= len; t += 4) {
        s = s + fma(a(t + 3), x(t + 3), fma(a(t + 2), x(t + 2), fma(a(t), x(t), a(t + 1) * x(t + 1))));
      }
    } else if (rows <= 3) {
      for (; t + 4 <= len; t += 4) {
        s = s + fma(a(t), x(t), a(t + 1) * x(t + 1));
        s = s + fma(a(t + 2), x(t + 2), a(t + 3) * x(t + 3));
      }
    }
    for (; t < len; t++) s = fma(a(t), x(t), s);
    return s;
  }

  /**
   * out = A @ B, A of shape (m, k), B of shape (k, n), as numpy's matmul does it
   * (numpy/_core/src/umath/matmul.c.src): a dot product when m = n = 1, a
   * matrix-vector product when m = 1 or n = 1 (dgemv "t" when the matrix is
   * stored row-major, "n" when column-major), else a matrix product (dgemm).
   */
  function matmul(A, aT, B, bT, m, k, n, out) {
    var i, j;
    if (k === 1) { // one product per entry, added to 0 as BLAS does (a -0 product gives +0)
      for (i = 0; i < m; i++) {
        for (j = 0; j < n; j++) out[i * n + j] = 0 + at(A, aT, m, 1, i, 0) * at(B, bT, 1, n, 0, j);
      }
    } else if (m === 1 && n === 1) {
      out[0] = dotChain(A, aT, B, bT, 1, k, 1, 0, 0);
    } else if (m === 1) { // vector @ matrix: the matrix is B^T, (n, k)
      for (j = 0; j < n; j++) {
        var bj = function (t) { return at(B, bT, k, n, t, j); };
        var av = function (t) { return at(A, aT, 1, k, 0, t); };
        out[j] = bT ? gemvT(k, bj, av) : (n <= 3 ? gemvN(n, k, bj, av) : dotChain(A, aT, B, bT, 1, k, n, 0, j));
      }
    } else if (n === 1) { // matrix @ vector
      for (i = 0; i < m; i++) {
        var ai = function (t) { return at(A, aT, m, k, i, t); };
        var bv = function (t) { return at(B, bT, k, 1, t, 0); };
        out[i] = !aT ? gemvT(k, ai, bv) : (m <= 3 ? gemvN(m, k, ai, bv) : dotChain(A, aT, B, bT, m, k, 1, i, 0));
      }
    } else { // dgemm: each entry one fma chain over k, from 0
      for (i = 0; i < m; i++) for (j = 0; j < n; j++) out[i * n + j] = dotChain(A, aT, B, bT, m, k, n, i, j);
    }
    return out;
  }

  /** Column sums of D (rows, cols), as numpy's D.sum(axis=0). */
  function sumRows(D, rows, cols, out) {
    var i, j;
    if (cols === 1 && rows >= 8) { // one contiguous column: numpy's pairwise sum
      out[0] = pairwise(D, 0, rows);
      return out;
    }
    for (j = 0; j < cols; j++) out[j] = 0;
    for (i = 0; i < rows; i++) for (j = 0; j < cols; j++) out[j] += D[i * cols + j];
    return out;
  }

  /** numpy's pairwise_sum (numpy/_core/src/umath/loops_utils.h.src). */
  function pairwise(v, start, n) {
    var i, s;
    if (n < 8) {
      s = 0;
      for (i = 0; i < n; i++) s += v[start + i];
      return s;
    }
    if (n <= 128) {
      var r = [v[start], v[start + 1], v[start + 2], v[start + 3],
               v[start + 4], v[start + 5], v[start + 6], v[start + 7]];
      for (i = 8; i < n - (n % 8); i += 8) for (var j = 0; j < 8; j++) r[j] += v[start + i + j];
      s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) s += v[start + i];
      return s;
    }
    var n2 = n >> 1;
    n2 -= n2 % 8;
    return pairwise(v, start, n2) + pairwise(v, start + n2, n - n2);
  }

  // -- activations (activations.py) ---------------------------------------------
  // Each maps z to a in place of `out`. Each derivative takes a = f(z) and the error
  // d that reaches the layer (1 when left out) and returns d * f'(z), multiplied in
  // the order of activations.py (scikit-learn's): (d * a) * (1 - a) for the sigmoid.

  function relu(z) { return z >= 0 ? z : 0; } // np.maximum(z, 0.0) keeps -0.0, as here
  function reluDerivative(a, d) { return a > 0 ? (d === undefined ? 1 : d) : 0; }
  function sigmoid(z) { return 1 / (1 + Math.exp(-(z >= -709 ? z : -709))); }
  function sigmoidDerivative(a, d) { return (d === undefined ? 1 : d) * a * (1 - a); }
  function tanh(z) { return Math.tanh(z); }
  function tanhDerivative(a, d) { return (d === undefined ? 1 : d) * (1 - a * a); }
  function identity(z) { return z; }
  function identityDerivative(a, d) { return d === undefined ? 1 : d; }

  var ACTIVATIONS = { relu: relu, logistic: sigmoid, tanh: tanh, identity: identity };
  var DERIVATIVES = {
    relu: reluDerivative, logistic: sigmoidDerivative, tanh: tanhDerivative, identity: identityDerivative
  };

  // -- losses (losses.py) -------------------------------------------------------

  var EPS = Math.pow(2, -52); // np.finfo(np.float64).eps

  /** Mean binary cross-entropy of y_hat (n) against targets y (n), as numpy. */
  function binaryCrossEntropy(y, yHat, n) {
    var terms = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      var p = Math.min(Math.max(yHat[i], EPS), 1 - EPS);
      terms[i] = -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
    }
    return pairwise(terms, 0, n) / n;
  }

  // -- checks (validation.py): clear errors naming argument, expected, received --

  function fail(name, expected, got) {
    throw new TypeError("micromlp: " + name + " must be " + expected + "; got " + describe(got));
  }

  function describe(v) {
    try { return JSON.stringify(v).slice(0, 80); } catch { return String(v); }
  }

  function checkMatrix(X, cols, name) {
    if (!Array.isArray(X) || !X.length) fail(name, "a non-empty array of rows", X);
    var n = X.length, flat = new Float64Array(n * cols);
    for (var i = 0; i < n; i++) {
      var row = X[i];
      if (!row || row.length !== cols) fail(name + "[" + i + "]", "a row of " + cols + " numbers", row);
      for (var j = 0; j < cols; j++) {
        var v = row[j];
        if (typeof v !== "number" || !isFinite(v)) fail(name + "[" + i + "][" + j + "]", "a finite number", v);
        flat[i * cols + j] = v;
      }
    }
    return flat;
  }

  /** Targets as 0/1 (labels -1/+1 map to 0/1, as check_targets does). */
  function checkTargets(y, n, name) {
    name = name || "y";
    if (!Array.isArray(y) || y.length !== n) fail(name, "an array of " + n + " labels", y);
    var flat = new Float64Array(n), pm = false, zo = false;
    for (var i = 0; i < n; i++) {
      var v = Array.isArray(y[i]) ? y[i][0] : y[i];
      if (v !== 0 && v !== 1 && v !== -1) fail(name + "[" + i + "]", "a label 0/1 or -1/+1", y[i]);
      if (v === -1) pm = true;
      if (v === 0) zo = true;
      flat[i] = v;
    }
    if (pm && zo) fail(name, "labels in {0, 1} or in {-1, +1}, not both", y);
    if (pm) for (i = 0; i < n; i++) flat[i] = (flat[i] + 1) / 2;
    return flat;
  }

  function checkPositive(v, name, integer) {
    if (typeof v !== "number" || !isFinite(v) || v <= 0 || (integer && v !== Math.floor(v))) {
      fail(name, integer ? "a positive integer" : "a finite positive number", v);
    }
    return v;
  }

  function nested(flat, rows, cols) {
    var out = [];
    for (var i = 0; i < rows; i++) out.push(Array.prototype.slice.call(flat, i * cols, (i + 1) * cols));
    return out;
  }

  // -- the network (network.py) -------------------------------------------------

  /**
   * A fully connected network: hidden layers with `activation`, a sigmoid output.
   * weights[l - 1] is W[l], a Float64Array of shape (n_in, n_out), row-major;
   * biases[l - 1] is b[l], of shape (n_out).
   */
  function MLP(layerSizes, weights, biases, activation) {
    this.layerSizes = layerSizes.slice();
    this.activation = activation;
    this.weights = weights;
    this.biases = biases;
    this.history = { loss: [], accuracy: [] };
  }

  /** A network from nested arrays, as Python's get_params() gives them. */
  MLP.fromParams = function (layerSizes, weights, biases, activation) {
    if (!Array.isArray(layerSizes) || layerSizes.length < 2 ||
        layerSizes.some(function (s) { return !(s >= 1 && s === Math.floor(s)); })) {
      fail("layerSizes", "an array of at least two positive integers such as [2, 3, 2, 1]", layerSizes);
    }
    if (layerSizes[layerSizes.length - 1] !== 1) fail("layerSizes", "an array ending with 1 (one output unit)", layerSizes);
    activation = activation === undefined ? "relu" : activation;
    if (!ACTIVATIONS[activation]) fail("activation", "one of " + Object.keys(ACTIVATIONS).join(", "), activation);
    var L = layerSizes.length - 1;
    if (!Array.isArray(weights) || weights.length !== L) fail("weights", "an array of " + L + " matrices", weights);
    if (!Array.isArray(biases) || biases.length !== L) fail("biases", "an array of " + L + " vectors", biases);
    var Ws = [], bs = [];
    for (var l = 0; l < L; l++) {
      var nIn = layerSizes[l], nOut = layerSizes[l + 1];
      if (weights[l].length !== nIn) fail("weights[" + l + "]", "a matrix of shape (" + nIn + ", " + nOut + ")", weights[l]);
      Ws.push(checkMatrix(weights[l], nOut, "weights[" + l + "]"));
      bs.push(checkMatrix([biases[l]], nOut, "biases[" + l + "]"));
    }
    return new MLP(layerSizes, Ws, bs, activation);
  };

  Object.defineProperty(MLP.prototype, "nLayers", { get: function () { return this.weights.length; } });

  /** A copy with its own parameter arrays. */
  MLP.prototype.copy = function () {
    return new MLP(this.layerSizes, this.weights.map(function (W) { return W.slice(); }),
                   this.biases.map(function (b) { return b.slice(); }), this.activation);
  };

  /** Forward pass on the flat batch X (n rows): {z, a} of flat arrays (see _forward in Python). */
  MLP.prototype.forwardFlat = function (X, n) {
    var f = ACTIVATIONS[this.activation], L = this.nLayers, sizes = this.layerSizes;
    var z = [], a = [X];
    for (var l = 1; l <= L; l++) {
      var nIn = sizes[l - 1], nOut = sizes[l], b = this.biases[l - 1];
      var Z = matmul(a[l - 1], false, this.weights[l - 1], false, n, nIn, nOut, new Float64Array(n * nOut));
      var A = new Float64Array(n * nOut);
      for (var i = 0; i < n * nOut; i++) {
        Z[i] = Z[i] + b[i % nOut]; // z[l] = a[l-1] W[l] + b[l]
        A[i] = l === L ? sigmoid(Z[i]) : f(Z[i]);
      }
      z.push(Z);
      a.push(A);
    }
    return { z: z, a: a, n: n };
  };

  /** Backward pass from a flat trace and 0/1 targets y (Float64Array of n). */
  MLP.prototype.backwardFlat = function (trace, y) {
    var n = trace.n, df = DERIVATIVES[this.activation], sizes = this.layerSizes;
    var last = this.nLayers - 1; // index of the output layer
    var delta = new Array(last + 1), dW = new Array(last + 1), db = new Array(last + 1);
    for (var i = last; i >= 0; i--) { // i = l - 1: layer l of the guide is index l - 1
      var nIn = sizes[i], nOut = sizes[i + 1], j;
      if (i === last) { // y_hat - y: sigmoid and cross-entropy's factors cancel
        var yHat = trace.a[last + 1];
        delta[i] = new Float64Array(n);
        for (j = 0; j < n; j++) delta[i][j] = yHat[j] - y[j];
      } else { // delta[l] = (delta[l+1] W[l+1]^T) * f'(z[l])
        var next = sizes[i + 2];
        delta[i] = matmul(delta[i + 1], false, this.weights[i + 1], true, n, next, nOut, new Float64Array(n * nOut));
        var a = trace.a[i + 1];
        for (j = 0; j < n * nOut; j++) delta[i][j] = df(a[j], delta[i][j]);
      }
      // dL/dW[l] = a[l-1]^T delta[l]: summed over the batch, then averaged
      dW[i] = matmul(trace.a[i], true, delta[i], false, nIn, n, nOut, new Float64Array(nIn * nOut));
      for (j = 0; j < dW[i].length; j++) dW[i][j] = dW[i][j] / n;
      db[i] = sumRows(delta[i], n, nOut, new Float64Array(nOut));
      for (j = 0; j < nOut; j++) db[i][j] = db[i][j] / n;
    }
    return { delta: delta, dW: dW, db: db, n: n };
  };

  /** W <- W - learning_rate * dW (and b), in place. */
  MLP.prototype.stepFlat = function (grads, learningRate) {
    for (var l = 0; l < this.nLayers; l++) {
      var W = this.weights[l], b = this.biases[l], dW = grads.dW[l], db = grads.db[l], j;
      for (j = 0; j < W.length; j++) W[j] = W[j] - learningRate * dW[j];
      for (j = 0; j < b.length; j++) b[j] = b[j] - learningRate * db[j];
    }
  };

  // Public methods take and return nested arrays, shaped as in Python.

  /** Forward pass on X (rows of n_0 numbers): {z, a}, nested arrays as Python's Trace. */
  MLP.prototype.forward = function (X) {
    var n = Array.isArray(X) ? X.length : 0;
    var t = this.forwardFlat(checkMatrix(X, this.layerSizes[0], "X"), n), sizes = this.layerSizes;
    var out = {
      z: t.z.map(function (Z, l) { return nested(Z, n, sizes[l + 1]); }),
      a: t.a.map(function (A, l) { return nested(A, n, sizes[l]); })
    };
    Object.defineProperty(out, "flat", { value: t }); // for backward(), without a copy
    return out;
  };

  /** Backward pass from forward()'s trace and targets y: {delta, dW, db}, nested. */
  MLP.prototype.backward = function (trace, y) {
    if (!trace || !trace.flat) fail("trace", "the object returned by forward()", trace);
    var g = this.backwardFlat(trace.flat, checkTargets(y, trace.flat.n)), sizes = this.layerSizes, n = g.n;
    var out = {
      delta: g.delta.map(function (D, i) { return nested(D, n, sizes[i + 1]); }),
      dW: g.dW.map(function (D, i) { return nested(D, sizes[i], sizes[i + 1]); }),
      db: g.db.map(function (d) { return Array.prototype.slice.call(d); })
    };
    Object.defineProperty(out, "flat", { value: g });
    return out;
  };

  /** One update with the gradients returned by backward(). */
  MLP.prototype.step = function (grads, learningRate) {
    if (!grads || !grads.flat) fail("grads", "the object returned by backward()", grads);
    this.stepFlat(grads.flat, checkPositive(learningRate, "learningRate"));
    return this;
  };

  /** Loss and accuracy on (X, y), flat: what fit() records after each epoch. */
  MLP.prototype.scoreFlat = function (X, y, n) {
    var yHat = this.forwardFlat(X, n).a[this.nLayers], right = 0;
    for (var i = 0; i < n; i++) right += (yHat[i] > 0.5) === (y[i] > 0.5) ? 1 : 0;
    return { loss: binaryCrossEntropy(y, yHat, n), accuracy: right / n };
  };

  /** One epoch of mini-batch SGD over the samples in `order`. */
  MLP.prototype.epochFlat = function (X, y, order, batchSize, learningRate) {
    var n0 = this.layerSizes[0], n = order.length;
    for (var start = 0; start < n; start += batchSize) {
      var m = Math.min(batchSize, n - start), Xb = new Float64Array(m * n0), yb = new Float64Array(m);
      for (var r = 0; r < m; r++) {
        var s = order[start + r];
        for (var c = 0; c < n0; c++) Xb[r * n0 + c] = X[s * n0 + c];
        yb[r] = y[s];
      }
      this.stepFlat(this.backwardFlat(this.forwardFlat(Xb, m), yb), learningRate);
    }
  };

  /**
   * Train as MLP.fit does; return this. options: epochs, learningRate, batchSize,
   * order (optional: one array of sample indices per epoch, e.g. Python's
   * np.random.default_rng(seed).permutation(n) for each epoch; without it the
   * samples are taken in order). this.history gets the loss and the accuracy
   * before training and after each epoch.
   */
  MLP.prototype.fit = function (X, y, options) {
    options = options || {};
    var n = Array.isArray(X) ? X.length : 0;
    var Xf = checkMatrix(X, this.layerSizes[0], "X"), yf = checkTargets(y, n);
    var epochs = checkPositive(options.epochs === undefined ? 100 : options.epochs, "epochs", true);
    var lr = checkPositive(options.learningRate === undefined ? 0.1 : options.learningRate, "learningRate");
    var bs = checkPositive(options.batchSize === undefined ? 1 : options.batchSize, "batchSize", true);
    var orders = options.order, inOrder = [];
    for (var i = 0; i < n; i++) inOrder.push(i);
    if (orders !== undefined && (!Array.isArray(orders) || orders.length < epochs)) {
      fail("order", "an array of " + epochs + " sample orders (one per epoch)", orders);
    }
    this.history = { loss: [], accuracy: [] };
    var record = function (net) {
      var s = net.scoreFlat(Xf, yf, n);
      net.history.loss.push(s.loss);
      net.history.accuracy.push(s.accuracy);
    };
    record(this);
    for (var e = 0; e < epochs; e++) {
      var order = orders ? orders[e] : inOrder;
      if (!Array.isArray(order) || order.length !== n ||
          order.some(function (k) { return !(k >= 0 && k < n && k === Math.floor(k)); })) {
        fail("order[" + e + "]", "a permutation of 0.." + (n - 1), order);
      }
      this.epochFlat(Xf, yf, order, bs, lr);
      record(this);
    }
    return this;
  };

  /** Probability of class 1 for each row of X. */
  MLP.prototype.predictProba = function (X) {
    var n = Array.isArray(X) ? X.length : 0;
    return Array.prototype.slice.call(this.forwardFlat(checkMatrix(X, this.layerSizes[0], "X"), n).a[this.nLayers]);
  };

  /** Copies of the parameters as nested arrays: {weights, biases}. */
  MLP.prototype.params = function () {
    var sizes = this.layerSizes;
    return {
      weights: this.weights.map(function (W, l) { return nested(W, sizes[l], sizes[l + 1]); }),
      biases: this.biases.map(function (b) { return Array.prototype.slice.call(b); })
    };
  };

  root.micromlp = {
    MLP: MLP,
    ACTIVATIONS: ACTIVATIONS,
    DERIVATIVES: DERIVATIVES,
    binaryCrossEntropy: function (y, yHat) {
      return binaryCrossEntropy(Float64Array.from(y), Float64Array.from(yHat), y.length);
    },
    fma: fma,
    matmul: matmul,
    sumRows: sumRows
  };
})(typeof window !== "undefined" ? window : globalThis);
