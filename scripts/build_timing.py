"""How long the site takes to build, to reload after one page is edited, and to run each notebook.

Usage: ``make build-timing`` (or ``python -m scripts.build_timing [--builds N]
[--edits N] [--page docs/NAME.md] [--no-notebooks]``).

1. Cold build: ``mkdocs build --strict`` in a fresh process into a temporary
   folder, ``--builds`` times. Every build generates the figures and runs the
   notebooks afresh (scripts/hooks.py keeps nothing between processes), so
   each one is cold. Prints the wall time, the CPU time of the build and all
   its child processes (the generator's pool, the notebooks' kernels, node),
   and the time scripts/generate.py reports for its runs and its files.
2. Reload: starts ``mkdocs serve`` on a free port, waits until it serves, then
   ``--edits`` times appends a new paragraph to ``--page`` and times, from the
   write, its log line "Reloading browsers" (the browser is told to reload),
   the moment it then returns the page with the new paragraph, and the CPU time the
   server used meanwhile (on Linux: less sensitive to other load than the
   wall time). The page is restored afterwards, whatever happens.
3. Notebooks: each ``docs/notebooks/*.py`` run in a fresh Jupyter kernel, as
   tests/site/test_notebooks.py runs it; prints the seconds its cells took
   (kernel start-up excluded, from the times the kernel records per cell).
   A report, so that no test fails on a slow or busy machine.

A report, not a test: the times depend on the machine and on what else runs.
Each line ends with the load averages (1, 5 and 15 minutes) before and after;
on a busy machine a time is an upper bound.
"""

import argparse
import datetime
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
TIMEOUT = 300  # s: a build or a reload that takes longer has failed


def load():
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold_build():
    """Wall and CPU seconds of one ``mkdocs build --strict``, and generate's own line."""
    with tempfile.TemporaryDirectory() as site:
        before, cpu, start = load(), children_cpu(), time.perf_counter()
        result = subprocess.run(
            [*MKDOCS, "build", "--strict", "--site-dir", site],
            cwd=ROOT,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        wall, cpu = time.perf_counter() - start, children_cpu() - cpu
    if result.returncode != 0:
        sys.exit(f"build_timing: mkdocs build failed:\n{result.stdout}{result.stderr}")
    generate = re.search(r"generate: (.*)", result.stderr)
    return wall, cpu, f"generate: {generate[1]}" if generate else "", f"{before} -> {load()}"


class Server:
    """``mkdocs serve`` on a free port, its log lines time-stamped as they arrive."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        site_url = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)
        path = urllib.parse.urlsplit(site_url[1]).path if site_url else "/"
        self.url = f"http://127.0.0.1:{self.port}{path}"
        self.lines, self.lock = [], threading.Lock()
        self.process = subprocess.Popen(
            [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            with self.lock:
                self.lines.append((time.perf_counter(), line.rstrip()))

    def wait_for_line(self, pattern, since):
        """Time of the first log line after ``since`` that matches ``pattern``."""
        while time.perf_counter() - since < TIMEOUT:
            with self.lock:
                for t, line in self.lines:
                    if t >= since and re.search(pattern, line):
                        return t
            if self.process.poll() is not None:
                sys.exit("build_timing: mkdocs serve stopped:\n" + self.log())
            time.sleep(0.01)
        sys.exit(f"build_timing: no {pattern!r} after {TIMEOUT} s:\n" + self.log())

    def wait_for_text(self, page_url, text, since):
        """Time at which the server first returns ``page_url`` containing ``text``."""
        while time.perf_counter() - since < TIMEOUT:
            try:
                with urllib.request.urlopen(self.url + page_url, timeout=5) as reply:
                    if text in reply.read().decode():
                        return time.perf_counter()
            except OSError:
                pass
            time.sleep(0.01)
        sys.exit(f"build_timing: {page_url} never showed {text!r}:\n" + self.log())

    def cpu(self):
        """CPU seconds of the server and its finished children so far (Linux; else None)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def log(self):
        with self.lock:
            return "\n".join(line for _, line in self.lines)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def reloads(page, edits):
    """[(seconds to "Reloading browsers", seconds to the new text served)] per edit."""
    source = ROOT / page
    original = source.read_bytes()
    page_url = source.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/"
    server = Server()
    times = []
    try:
        start = time.perf_counter()
        ready = server.wait_for_line("Serving on", start)
        print(f"serve: first build served after {ready - start:.1f} s  ({load()})")
        for i in range(edits):
            time.sleep(1.5)  # the server is idle again
            probe = f"build-timing-probe-{i}-{time.time_ns()}"
            before, cpu, written = load(), server.cpu(), time.perf_counter()
            source.write_bytes(original + f"\n\n{probe}\n".encode())
            # the log first: requests during the rebuild would slow it down (GIL)
            reloaded = server.wait_for_line("Reloading browsers", written)
            served = server.wait_for_text(page_url, probe, written)
            times.append((reloaded - written, served - written))
            used = f", {server.cpu() - cpu:.2f} s CPU" if cpu is not None else ""
            print(
                f"reload {i + 1}: new text served {served - written:.2f} s, "
                f"'Reloading browsers' {reloaded - written:.2f} s{used}  ({before} -> {load()})"
            )
    finally:
        source.write_bytes(original)
        server.stop()
    return times


def cell_seconds(nb):
    """Seconds the cells of executed notebook ``nb`` took (the kernel's times per cell)."""
    total = 0.0
    for cell in nb.cells:
        timing = cell.metadata.get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            start, end = (
                datetime.datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                for k in ("iopub.execute_input", "shell.execute_reply")
            )
            total += (end - start).total_seconds()
    return total


def notebooks():
    """``[(name, seconds of its cells)]`` for each notebook, run once in a fresh kernel."""
    import jupytext
    from nbclient import NotebookClient

    times = []
    for source in sorted((ROOT / "docs" / "notebooks").glob("*.py")):
        nb = jupytext.read(source)
        before = load()
        NotebookClient(
            nb, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": ROOT}}
        ).execute()
        times.append((source.stem, cell_seconds(nb)))
        print(f"notebook {source.stem}: cells {times[-1][1]:.1f} s  ({before} -> {load()})")
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=1, help="cold builds to time")
    parser.add_argument("--edits", type=int, default=5, help="page edits to time under serve")
    parser.add_argument("--page", default="docs/recap.md", help="the page to edit")
    parser.add_argument(
        "--notebooks",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time each notebook's cells in a fresh kernel",
    )
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} CPUs; {load()}")
    walls = []
    for i in range(args.builds):
        wall, cpu, generate, loads = cold_build()
        walls.append(wall)
        print(f"cold build {i + 1}: {wall:.1f} s wall, {cpu:.1f} s CPU; {generate}  ({loads})")
    if args.edits:
        served = [s for _, s in reloads(args.page, args.edits)]
        print(f"reload: median {statistics.median(served):.2f} s from the edit to the new text")
    if args.notebooks:
        notebooks()
    if walls:
        print(f"cold build: median {statistics.median(walls):.1f} s")


if __name__ == "__main__":
    main()
