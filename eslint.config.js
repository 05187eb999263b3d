// ESLint for the site's JavaScript (make check): the widgets in docs/assets and
// the build's node scripts in scripts/. It looks for mistakes (js.configs.recommended)
// and keeps one layout (ESLint's style rules, @stylistic; `npx eslint --fix`
// applies them). Not Prettier: it puts each of a `var a, b` list on its own
// line, and micromlp.js, written to be read beside numpy, would grow by a third.
"use strict";
const js = require("@eslint/js");
const globals = require("globals");
const stylistic = require("@stylistic/eslint-plugin");

module.exports = [
  { ignores: ["docs/assets/katex/**", "node_modules/**", "site/**", ".venv/**", "mutants/**"] },
  js.configs.recommended,
  {
    // Browser scripts: one IIFE per file, Material's document$.
    files: ["docs/assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, document$: "readonly", katex: "readonly", module: "writable" },
    },
  },
  {
    // The build's scripts run under Node.js; live_run.js also runs in the page.
    files: ["scripts/*.js", "eslint.config.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "commonjs",
      globals: { ...globals.node, ...globals.browser },
    },
  },
  {
    plugins: { "@stylistic": stylistic },
    rules: {
      "no-unused-vars": ["error", { args: "none" }],
      "@stylistic/indent": ["error", 2, {
        SwitchCase: 1, flatTernaryExpressions: true, ignoreComments: true,
        ArrayExpression: "first", ObjectExpression: "first", CallExpression: { arguments: "first" },
      }],
      "@stylistic/quotes": ["error", "double", { avoidEscape: true }],
      "@stylistic/semi": ["error", "always"],
      "@stylistic/brace-style": ["error", "1tbs", { allowSingleLine: true }],
      "@stylistic/comma-dangle": ["error", "only-multiline"],
      "@stylistic/comma-spacing": "error",
      "@stylistic/key-spacing": "error",
      "@stylistic/keyword-spacing": "error",
      "@stylistic/space-before-blocks": "error",
      "@stylistic/space-infix-ops": "error",
      "@stylistic/object-curly-spacing": ["error", "always"],
      "@stylistic/array-bracket-spacing": ["error", "never"],
      "@stylistic/no-trailing-spaces": "error",
      "@stylistic/no-multiple-empty-lines": ["error", { max: 1 }],
      "@stylistic/eol-last": "error",
      "@stylistic/max-len": ["error", { code: 120, ignoreStrings: true, ignoreComments: true, ignoreRegExpLiterals: true }],
    },
  },
];
