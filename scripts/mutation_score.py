"""Print the score of the last ``mutmut run``: killed / total, and every survivor by name.

mutmut 3 keeps each mutant's test exit code in ``mutants/src/**/*.meta``: 0 means
the tests passed on the mutant (it survived), anything else that they caught it.
Survivors are listed by name; `mutmut show NAME` prints the change.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    codes = {}
    for meta in sorted((ROOT / "mutants" / "src").rglob("*.meta")):
        codes.update(json.loads(meta.read_text())["exit_code_by_key"])
    if not codes:
        raise SystemExit("no mutmut results: run `make mutate` first")
    survived = sorted(name for name, code in codes.items() if code == 0)
    untested = sorted(name for name, code in codes.items() if code is None)
    killed = len(codes) - len(survived) - len(untested)
    print(
        f"mutants: {len(codes)}, killed {killed}, survived {len(survived)}, not run {len(untested)}"
    )
    print(f"score: {killed / len(codes):.1%} killed")
    for name in survived:
        print("  survived:", name)


if __name__ == "__main__":
    main()
