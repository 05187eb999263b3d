#!/usr/bin/env node
/* Check every formula of a built site with the vendored KaTeX.
 *
 * Usage: node scripts/check_math.js SITE_DIR
 *
 * The site renders its math at build time (scripts/hooks.py with
 * scripts/katex_render.js). For each .html file under SITE_DIR:
 * - every pymdownx.arithmatex element (<span|div class="arithmatex">) must hold
 *   KaTeX's HTML (data-math-rendered, a .katex, no .katex-error); one that still
 *   holds TeX fails as "not rendered at build time", and its TeX is also
 *   unwrapped from \( \) or \[ \] and rendered with throwOnError: true to say
 *   whether KaTeX could render it;
 * - every formula left as text in a notebook markdown cell (.jp-RenderedMarkdown)
 *   is found with the same splitMath() as the browser (docs/assets/katex.js):
 *   it fails the same way;
 * - no page loads katex.min.js (nothing is left for it to render);
 * - the page text must hold no raw math delimiter ($$, \( or \[) left outside
 *   those containers: text nodes of <body>, ignoring <code>, <pre>, <script>,
 *   <style>, <textarea>, <svg> and notebook code cells (a delimiter there
 *   would show up unrendered, in the article or in the navigation and the
 *   table of contents).
 * Exits 1 listing file, TeX and error for each failure; prints a summary.
 * Only node built-ins and the vendored katex.min.js: no npm install needed.
 */
"use strict";

const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const katex = require(path.join(ROOT, "docs", "assets", "katex", "katex.min.js"));
const { splitMath, unwrapArithmatex } = require(path.join(ROOT, "docs", "assets", "katex.js"));
// One HTML walker for the build-time renderer and this check.
const { decodeEntities, divsWithClass } = require(path.join(__dirname, "katex_render.js"));

const TAG = /<(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const ARITHMATEX_OPEN = /<(span|div)\b[^>]*\bclass\s*=\s*"(?:[^"]*\s)?arithmatex(?:\s[^"]*)?"[^>]*>/g;
const KATEX_SCRIPT = /<script\b[^>]*\bsrc\s*=\s*"[^"]*katex(?:\.min)?\.js"/;
const NOT_TEXT = ["script", "style", "pre", "code", "textarea", "svg", "kbd", "samp"];
const RAW_DELIMITERS = ["$$", "\\(", "\\["];

/* Blank out elements whose text is never math (keeps offsets irrelevant). */
function dropNonText(html) {
  let out = html.replace(/<!--[\s\S]*?-->/g, " ");
  // Notebook code cells: the editor area holds the source twice (highlighted
  // in <pre>, and as plain text for the copy button).
  out = dropDivs(out, "jp-CodeMirrorEditor");
  for (const name of NOT_TEXT) {
    out = out.replace(new RegExp(`<${name}\\b[\\s\\S]*?<\\/${name}\\s*>`, "gi"), " ");
  }
  return out;
}

/* Text nodes of an HTML fragment, entities decoded. */
function textNodes(html) {
  return html
    .split(TAG)
    .map(decodeEntities)
    .filter((t) => t.trim() !== "");
}

/* Blank out the given divs (e.g. a notebook code cell's hidden copy of its source). */
function dropDivs(html, cls) {
  let out = "";
  let from = 0;
  for (const [start, end] of divsWithClass(html, cls)) {
    out += html.slice(from, start) + " ";
    from = end;
  }
  return out + html.slice(from);
}

/* Replace each arithmatex element (nested tags included) by what fn returns. */
function replaceArithmatex(html, fn) {
  let out = "";
  let from = 0;
  ARITHMATEX_OPEN.lastIndex = 0;
  let m;
  while ((m = ARITHMATEX_OPEN.exec(html)) !== null) {
    const tag = m[1].toLowerCase();
    const start = m.index + m[0].length;
    const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, "gi");
    tags.lastIndex = start;
    let depth = 1;
    let t;
    while (depth > 0 && (t = tags.exec(html)) !== null) depth += t[1] ? -1 : 1;
    const end = t ? t.index : html.length;
    out += html.slice(from, m.index) + fn(tag, m[0], html.slice(start, end));
    from = t ? end + t[0].length : html.length;
    ARITHMATEX_OPEN.lastIndex = from;
  }
  return out + html.slice(from);
}

function body(html) {
  const m = /<body\b[^>]*>([\s\S]*)<\/body>/i.exec(html);
  return m ? m[1] : html;
}

function check(tex, display, strictWarnings) {
  try {
    katex.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      strict: (code, message) => {
        strictWarnings.push(`${code}: ${message}`);
        return "ignore";
      },
    });
    return null;
  } catch (err) {
    return err && err.message ? err.message : String(err);
  }
}

function walk(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(p));
    else if (entry.name.endsWith(".html")) files.push(p);
  }
  return files.sort();
}

function checkFile(file, site, counts, failures, warnings) {
  const rel = path.relative(site, file);
  const page = fs.readFileSync(file, "utf8");
  const html = body(page);
  const fail = (kind, tex, error) => failures.push({ file: rel, kind, tex, error });
  const formula = (kind, tex, display) => {
    counts[kind] += 1;
    const strict = [];
    const error = check(tex, display, strict);
    if (error) fail(kind, tex, error);
    for (const w of strict) warnings.push({ file: rel, tex, warning: w });
  };

  const unrendered = (kind, tex, display) => {
    formula(kind, tex, display);
    fail(kind, tex, "not rendered at build time");
  };
  if (KATEX_SCRIPT.test(page)) {
    fail("script", "katex.min.js", "the page loads KaTeX's script: its math should be rendered at build time");
  }

  // 1. arithmatex elements; then remove them so their \( \[ are not "raw".
  const visible = replaceArithmatex(dropNonText(html), (tag, open, inner) => {
    if (/\bdata-math-rendered\b/.test(open)) {
      counts[/data-math-rendered="notebook"/.test(open) ? "notebook" : "arithmatex"] += 1;
      const tex = /<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/.exec(inner);
      const source = tex ? decodeEntities(tex[1]) : inner.slice(0, 200);
      if (!/class="katex/.test(inner)) fail("arithmatex", source, "no KaTeX HTML in a rendered formula");
      if (/katex-error/.test(inner)) fail("arithmatex", source, "KaTeX error in a rendered formula");
      return " ";
    }
    const math = unwrapArithmatex(decodeEntities(inner), tag === "div");
    unrendered("arithmatex", math.tex, math.display);
    return " ";
  });

  // 2. notebook markdown cells: the same split as the browser, per text node.
  let outside = "";
  let from = 0;
  for (const [start, end] of divsWithClass(visible, "jp-RenderedMarkdown")) {
    outside += visible.slice(from, start) + " ";
    from = end;
    for (const text of textNodes(visible.slice(start, end))) {
      const rest = [];
      for (const part of splitMath(text)) {
        if (part.text !== undefined) rest.push(part.text);
        else unrendered("notebook", part.tex, part.display);
      }
      rawDelimiters(rest.join(" "), text);
    }
  }
  outside += visible.slice(from);

  // 3. raw delimiters anywhere else in the page text.
  for (const text of textNodes(outside)) rawDelimiters(text, text);

  function rawDelimiters(text, context) {
    for (const d of RAW_DELIMITERS) {
      if (text.includes(d)) {
        counts.raw += 1;
        fail("raw delimiter", context.trim().slice(0, 200), `raw ${d} outside a math container`);
      }
    }
  }
}

function main(argv) {
  const site = argv[2];
  if (!site || !fs.existsSync(site) || !fs.statSync(site).isDirectory()) {
    console.error("usage: node scripts/check_math.js SITE_DIR");
    return 2;
  }
  const counts = { arithmatex: 0, notebook: 0, raw: 0 };
  const failures = [];
  const warnings = [];
  const files = walk(site);
  for (const file of files) checkFile(file, site, counts, failures, warnings);

  for (const w of warnings) {
    console.log(`warning: ${w.file}: KaTeX strict mode: ${w.warning}\n    TeX: ${w.tex}`);
  }
  for (const f of failures) {
    console.log(`FAIL ${f.file}: ${f.kind}: ${f.error}\n    TeX: ${f.tex}`);
  }
  if (counts.raw) {
    console.log(
      "hint: a raw delimiter in the navigation or table of contents comes from math in a " +
        "heading (Material shows heading titles as plain text): keep math out of headings.",
    );
  }
  console.log(
    `check_math: KaTeX ${katex.version}: ${files.length} HTML files, ` +
      `${counts.arithmatex} arithmatex formulas, ${counts.notebook} notebook formulas, ` +
      `${failures.length} failures, ${warnings.length} warnings`,
  );
  return failures.length ? 1 : 0;
}

process.exitCode = main(process.argv);
