#!/usr/bin/env node
/* Render every formula of a page to KaTeX HTML at build time (scripts/hooks.py).
 *
 * One node process serves the whole build: scripts/hooks.py starts
 *     node scripts/katex_render.js --serve
 * and writes one JSON line per page, {"page": NAME, "html": PAGE_HTML}; this
 * answers one JSON line, {"html": RENDERED, "count": N, "errors": [{tex, error}]}.
 * `node scripts/katex_render.js FILE.html` renders one file to stdout (to try it).
 *
 * What is rendered, with the vendored KaTeX (docs/assets/katex), the same way
 * the browser renderer docs/assets/katex.js would do it:
 * 1. each pymdownx.arithmatex element (<span|div class="arithmatex">\(..\)</..>):
 *    its TeX is replaced by KaTeX's HTML and MathML;
 * 2. in notebook markdown (.jp-RenderedMarkdown), each $..$, $$..$$, \(..\) and
 *    \[..\] of a text node (never inside <code>, <pre> ...), found by the same
 *    splitMath() as katex.js, becomes <span class="arithmatex">KaTeX</span>.
 * Rendered elements carry data-math-rendered (="notebook" for case 2). A formula KaTeX rejects is an
 * error (throwOnError): the hook fails the build naming page and formula.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");

const ROOT = path.resolve(__dirname, "..");
const katex = require(path.join(ROOT, "docs", "assets", "katex", "katex.min.js"));
const { splitMath, unwrapArithmatex } = require(path.join(ROOT, "docs", "assets", "katex.js"));

const RENDERED = "data-math-rendered";
const ARITHMATEX =
  /<(span|div)(\b[^>]*\bclass\s*=\s*"(?:[^"]*\s)?arithmatex(?:\s[^"]*)?"[^>]*)>([\s\S]*?)<\/\1>/g;
const TAG = /<(\/?)([a-zA-Z][\w-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>/g;
// Elements whose text is never math.
const SKIP = new Set(["code", "pre", "script", "style", "textarea", "svg", "kbd", "samp"]);
const VOID = new Set(["br", "img", "hr", "input", "wbr", "meta", "link", "source"]);

function decodeEntities(s) {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&nbsp;/g, "\u00a0")
    .replace(/&amp;/g, "&");
}

function escapeText(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/* [start, end) of the inner HTML of every <div> whose class list has `cls`. */
function divsWithClass(html, cls) {
  const found = [];
  const open = new RegExp(`<div\\b[^>]*\\bclass\\s*=\\s*"(?:[^"]*\\s)?${cls}(?:\\s[^"]*)?"[^>]*>`, "g");
  let m;
  while ((m = open.exec(html)) !== null) {
    const start = m.index + m[0].length;
    const tags = /<(\/?)div\b[^>]*>/gi;
    tags.lastIndex = start;
    let depth = 1;
    let t;
    while (depth > 0 && (t = tags.exec(html)) !== null) depth += t[1] ? -1 : 1;
    const end = t ? t.index : html.length;
    found.push([start, end]);
    open.lastIndex = end;
  }
  return found;
}

function renderPage(html) {
  const errors = [];
  let count = 0;
  const tex2html = (tex, display) => {
    count += 1;
    try {
      return katex.renderToString(tex, { displayMode: display, throwOnError: true });
    } catch (err) {
      errors.push({ tex, error: err && err.message ? err.message : String(err) });
      return escapeText(tex);
    }
  };

  // 1. arithmatex elements (not yet rendered).
  let out = html.replace(ARITHMATEX, (whole, tag, attrs, inner) => {
    if (attrs.includes(RENDERED)) return whole;
    const math = unwrapArithmatex(decodeEntities(inner), tag.toLowerCase() === "div");
    return `<${tag}${attrs} ${RENDERED}>${tex2html(math.tex, math.display)}</${tag}>`;
  });

  // 2. notebook markdown: text nodes outside code, split like the browser does.
  let result = "";
  let from = 0;
  for (const [start, end] of divsWithClass(out, "jp-RenderedMarkdown")) {
    result += out.slice(from, start) + renderText(out.slice(start, end), tex2html);
    from = end;
  }
  out = result + out.slice(from);
  return { html: out, count, errors };
}

/* Render the math of the text nodes of an HTML fragment. */
function renderText(fragment, tex2html) {
  const stack = []; // open elements that hold no math
  let out = "";
  let from = 0;
  const text = (s) => {
    if (stack.length || !/[$\\]/.test(s)) return s;
    const parts = splitMath(decodeEntities(s));
    if (parts.length === 1 && parts[0].text !== undefined) return s;
    return parts
      .map((p) =>
        p.text !== undefined
          ? escapeText(p.text)
          : `<span class="arithmatex" ${RENDERED}="notebook">${tex2html(p.tex, p.display)}</span>`,
      )
      .join("");
  };
  TAG.lastIndex = 0;
  let m;
  while ((m = TAG.exec(fragment)) !== null) {
    out += text(fragment.slice(from, m.index)) + m[0];
    from = m.index + m[0].length;
    const name = m[2].toLowerCase();
    if (VOID.has(name) || m[0].endsWith("/>")) continue;
    if (m[1]) {
      if (stack.length && stack[stack.length - 1] === name) stack.pop();
    } else if (SKIP.has(name) || /\bdata-math-rendered\b/.test(m[0]) || stack.length) {
      stack.push(name);
    }
  }
  return out + text(fragment.slice(from));
}

function serve() {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let reply;
    try {
      reply = renderPage(JSON.parse(line).html);
    } catch (err) {
      reply = { html: "", count: 0, errors: [{ tex: "", error: String(err && err.stack) }] };
    }
    process.stdout.write(JSON.stringify(reply) + "\n");
  });
}

module.exports = { renderPage, divsWithClass, decodeEntities, version: katex.version };

if (require.main === module) {
  const arg = process.argv[2];
  if (arg === "--serve") serve();
  else if (arg === "--version") console.log(katex.version);
  else if (arg && fs.existsSync(arg)) {
    const r = renderPage(fs.readFileSync(arg, "utf8"));
    process.stdout.write(r.html);
    for (const e of r.errors) console.error(`KaTeX error: ${e.error}\n    TeX: ${e.tex}`);
    process.exitCode = r.errors.length ? 1 : 0;
  } else {
    console.error("usage: node scripts/katex_render.js --serve | FILE.html");
    process.exitCode = 2;
  }
}
