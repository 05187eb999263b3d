"""Lighthouse report of every page of the built site, as a phone sees it.

Usage: ``make lighthouse`` (or ``python scripts/lighthouse.py [--site DIR] [PAGE ...]``).

1. Builds the site (``mkdocs build --strict``) into ``build/lighthouse/site``,
   unless ``--site DIR`` names a site built beforehand.
2. Serves it on 127.0.0.1 as GitHub Pages does: under the path of ``site_url``,
   text files (HTML, CSS, JS, JSON, SVG, XML) gzip-compressed when the browser
   asks for it, 404.html for a missing path.
3. Runs Lighthouse 12.2.3 (pinned in scripts/lighthouse/package.json; ``npm ci``
   there on first use) with Debian's Chromium on every page of sitemap.xml, one
   after the other, with its defaults: mobile form factor, simulated throttling
   (slow 4G, 4x CPU slowdown).
4. Prints one row per page: the four category scores, then first and largest
   contentful paint, total blocking time, cumulative layout shift, speed index
   and the bytes transferred. The JSON reports stay in ``build/lighthouse/``.

A report, not a test: the scores depend on the machine's speed and load (the
simulated throttling is calibrated on it), so nothing is asserted.
"""

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "scripts" / "lighthouse"
CLI = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
OUT = ROOT / "build" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# What GitHub Pages compresses (and browsers ask for): text, not images or fonts.
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TIMINGS = {  # audit id: (column, scale, format)
    "first-contentful-paint": ("FCP s", 1e-3, "{:.1f}"),
    "largest-contentful-paint": ("LCP s", 1e-3, "{:.1f}"),
    "total-blocking-time": ("TBT ms", 1, "{:.0f}"),
    "cumulative-layout-shift": ("CLS", 1, "{:.3f}"),
    "speed-index": ("SI s", 1e-3, "{:.1f}"),
    "total-byte-weight": ("KiB", 1 / 1024, "{:.0f}"),
}
# Lighthouse's benchmark of this machine's CPU during the run (BenchmarkIndex):
# the simulated 4x slowdown is calibrated for about 1000-2000; a busy machine
# scores lower and its timings come out longer than a phone's would be.


def fail(message):
    sys.exit(f"lighthouse: {message}")


def build(site):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"mkdocs build failed:\n{result.stdout}{result.stderr}")


def pages(site):
    """(prefix, [page path]) from sitemap.xml: prefix is site_url's path."""
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        fail(f"{sitemap} not found: is {site} a built site?")
    locs = [el.text.strip() for el in ET.parse(sitemap).iter() if el.tag.endswith("loc")]
    paths = [urlsplit(loc).path for loc in locs]
    prefix = min(paths, key=len)
    return prefix, [p[len(prefix) :] for p in paths]


class Handler(http.server.SimpleHTTPRequestHandler):
    """GitHub Pages, roughly: gzip for text, 404.html for what is missing."""

    prefix = "/"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        local = None
        if path.startswith(self.prefix):
            local = Path(self.directory) / path[len(self.prefix) :]
            if local.is_dir():
                local = local / "index.html"
        status = 200
        if local is None or not local.is_file():
            local, status = Path(self.directory) / "404.html", 404
        body = local.read_bytes()
        kind = self.guess_type(str(local))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if kind.startswith(GZIP_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(site, prefix):
    handler = functools.partial(type("H", (Handler,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def install():
    """npm ci in scripts/lighthouse on first use (the pinned Lighthouse)."""
    if CLI.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        fail("npm not found: install Node.js 18 or 20 with npm (apt-get install nodejs npm)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=TOOL, check=True)


def lighthouse(url, report):
    command = [
        shutil.which("node") or "node",
        str(CLI),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not report.exists():
        fail(f"Lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def row(page, data):
    cells = [page or "/"]
    for name in CATEGORIES:
        score = data["categories"][name]["score"]
        cells.append("-" if score is None else f"{round(score * 100)}")
    for audit, (_, scale, fmt) in TIMINGS.items():
        value = data["audits"][audit].get("numericValue")
        cells.append("-" if value is None else fmt.format(value * scale))
    cells.append(f"{data['environment']['benchmarkIndex']:.0f}")
    return cells


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a site built beforehand (skips the build)")
    parser.add_argument("pages", nargs="*", help="only these pages (e.g. backprop/)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        fail(f"{CHROMIUM} not found: apt-get install chromium (or set CHROMIUM_PATH)")
    install()
    site = args.site
    if site is None:
        site = OUT / "site"
        shutil.rmtree(site, ignore_errors=True)
        print("building the site ...", flush=True)
        build(site)
    OUT.mkdir(parents=True, exist_ok=True)
    prefix, found = pages(site)
    chosen = args.pages or found
    header = ["page", "perf", "a11y", "bp", "seo"] + [c for c, _, _ in TIMINGS.values()] + ["cpu"]
    widths = [max(len(p or "/") for p in chosen + ["page"])] + [max(len(h), 4) for h in header[1:]]
    line = lambda cells: "  ".join(  # noqa: E731
        c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))
    )
    print(f"Lighthouse 12.2.3, mobile, simulated throttling; reports in {OUT}")
    print(line(header), flush=True)
    with serve(site, prefix) as base:
        for page in chosen:
            report = OUT / f"{page.strip('/').replace('/', '-') or 'index'}.json"
            print(line(row(page, lighthouse(base + page, report))), flush=True)


if __name__ == "__main__":
    main()
