/* Render the guide's math with the vendored KaTeX (assets/katex/), offline.
 *
 * Two sources of math:
 * 1. Markdown pages: pymdownx.arithmatex (generic mode) leaves each formula in
 *    <span class="arithmatex">\( ... \)</span> (inline) or
 *    <div class="arithmatex">\[ ... \]</div> (display).
 * 2. Notebook pages (mkdocs-jupyter): markdown cells keep $...$ and $$...$$
 *    (also \(...\) and \[...\]) as plain text inside .jp-RenderedMarkdown.
 *    splitMath() finds them in text nodes, never inside <code> or <pre>.
 *
 * The same file is loaded by scripts/check_math.js under node, so the checker
 * finds exactly the formulas that the browser renders: the browser part only
 * runs where there is a document.
 *
 * A formula KaTeX cannot parse stays visible: KaTeX shows its source in red
 * with the error as tooltip (throwOnError: false), and the console says why.
 */
(function () {
  "use strict";

  var RENDERED = "data-math-rendered";
  // Markdown cells, and Markdown outputs (IPython.display.Markdown) alike.
  var NOTEBOOK_MARKDOWN = ".jp-RenderedMarkdown";
  // Elements whose text is never math.
  var SKIP = { CODE: 1, PRE: 1, SCRIPT: 1, STYLE: 1, TEXTAREA: 1, SVG: 1, KBD: 1, SAMP: 1 };

  /* Strip the arithmatex wrapper: returns {tex, display}. */
  function unwrapArithmatex(source, isBlock) {
    var s = source.trim();
    var open = s.slice(0, 2);
    var close = s.slice(-2);
    if (s.length >= 4 && open === "\\(" && close === "\\)") {
      return { tex: s.slice(2, -2), display: false };
    }
    if (s.length >= 4 && open === "\\[" && close === "\\]") {
      return { tex: s.slice(2, -2), display: true };
    }
    return { tex: s, display: isBlock }; // e.g. a bare \begin{align}...\end{align}
  }

  /* True when the "$" at i is escaped by an odd number of backslashes. */
  function escaped(text, i) {
    var n = 0;
    while (i - 1 - n >= 0 && text.charAt(i - 1 - n) === "\\") n += 1;
    return n % 2 === 1;
  }

  /* Split notebook-markdown text into [{text}|{tex, display, source}] segments.
   *
   * Delimiters: $$...$$ and \[...\] (display), $...$ and \(...\) (inline).
   * A single $ opens only if the next character is not a space and closes only
   * if the previous character is not a space and the next is not a digit (so
   * "costs $5 and $6" stays text, as in Pandoc). \$ is a literal dollar.
   * An opening delimiter without its closer stays text.
   */
  function splitMath(text) {
    var out = [];
    var plain = "";
    var i = 0;
    function flush() {
      if (plain) out.push({ text: plain });
      plain = "";
    }
    function emit(tex, display, source) {
      flush();
      out.push({ tex: tex, display: display, source: source });
    }
    while (i < text.length) {
      var c = text.charAt(i);
      var two = text.substr(i, 2);
      var end;
      if (two === "$$" && !escaped(text, i)) {
        end = text.indexOf("$$", i + 2);
        while (end !== -1 && escaped(text, end)) end = text.indexOf("$$", end + 1);
        if (end > i + 2) {
          emit(text.slice(i + 2, end), true, text.slice(i, end + 2));
          i = end + 2;
          continue;
        }
        plain += two; // unclosed: text (the checker reports it)
        i += 2;
        continue;
      } else if ((two === "\\[" || two === "\\(") && !escaped(text, i)) {
        var closer = two === "\\[" ? "\\]" : "\\)";
        end = text.indexOf(closer, i + 2);
        if (end > i + 2) {
          emit(text.slice(i + 2, end), two === "\\[", text.slice(i, end + 2));
          i = end + 2;
          continue;
        }
        plain += two;
        i += 2;
        continue;
      } else if (c === "$" && !escaped(text, i) && /\S/.test(text.charAt(i + 1))) {
        end = i + 1;
        for (;;) {
          end = text.indexOf("$", end);
          if (end === -1) break;
          if (
            !escaped(text, end) &&
            text.charAt(end + 1) !== "$" &&
            /\S/.test(text.charAt(end - 1)) &&
            !/[0-9]/.test(text.charAt(end + 1))
          ) {
            break;
          }
          end += 1;
        }
        if (end > i + 1) {
          emit(text.slice(i + 1, end), false, text.slice(i, end + 1));
          i = end + 1;
          continue;
        }
      } else if (two === "\\$") {
        plain += "$"; // an escaped dollar is a dollar
        i += 2;
        continue;
      }
      plain += c;
      i += 1;
    }
    flush();
    return out;
  }

  var api = { splitMath: splitMath, unwrapArithmatex: unwrapArithmatex };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  }
  if (typeof document === "undefined") return; // node: the checker only needs the API

  function render(tex, element, display) {
    window.katex.render(tex, element, { displayMode: display, throwOnError: false });
    var error = element.querySelector(".katex-error");
    if (error) console.error("KaTeX:", error.getAttribute("title"), "in", tex);
  }

  function renderArithmatex(root) {
    var nodes = root.querySelectorAll(".arithmatex:not([" + RENDERED + "])");
    for (var k = 0; k < nodes.length; k++) {
      var el = nodes[k];
      var math = unwrapArithmatex(el.textContent, el.tagName === "DIV");
      render(math.tex, el, math.display);
      el.setAttribute(RENDERED, "");
    }
  }

  function skipped(node, cell) {
    for (var p = node.parentNode; p && p !== cell; p = p.parentNode) {
      if (SKIP[p.nodeName.toUpperCase()] || (p.hasAttribute && p.hasAttribute(RENDERED))) {
        return true;
      }
    }
    return false;
  }

  function renderNotebookMarkdown(root) {
    var cells = root.querySelectorAll(NOTEBOOK_MARKDOWN);
    for (var k = 0; k < cells.length; k++) {
      var cell = cells[k];
      var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      var texts = [];
      while (walker.nextNode()) texts.push(walker.currentNode);
      texts.forEach(function (node) {
        if (skipped(node, cell)) return;
        var parts = splitMath(node.nodeValue);
        if (parts.length === 1 && parts[0].text !== undefined) return;
        var fragment = document.createDocumentFragment();
        parts.forEach(function (part) {
          if (part.text !== undefined) {
            fragment.appendChild(document.createTextNode(part.text));
            return;
          }
          // Same containers as arithmatex, so Material styles them alike.
          var el = document.createElement(part.display ? "div" : "span");
          el.className = "arithmatex";
          el.setAttribute(RENDERED, "");
          render(part.tex, el, part.display);
          fragment.appendChild(el);
        });
        node.parentNode.replaceChild(fragment, node);
      });
    }
  }

  function renderAll() {
    if (!window.katex) {
      console.error("KaTeX: assets/katex/katex.min.js is not loaded");
      return;
    }
    renderArithmatex(document.body);
    renderNotebookMarkdown(document.body);
  }

  // Material's instant navigation swaps the page without reloading scripts:
  // document$ emits on the first load and after each navigation.
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(renderAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
