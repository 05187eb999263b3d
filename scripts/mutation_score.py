"""Print the score of the last ``mutmut run`` and check the survivors against their explanations.

mutmut 3 keeps each mutant's exit code in ``mutants/src/**/*.meta``: 1 (or 3)
means the tests caught the mutant, a timeout code that they hung on it (counted
as caught, as mutmut does), 0 that they passed on it (it survived), 33 or 5
that no test runs its code (as bad as surviving), None that it was not run.

Every survivor must be explained in ``tests/lib/mutation_survivors.md`` (an
equivalent mutant and why): the script lists the survivors the file does not
explain and the names it explains that no longer survive, and exits with 1
when there are any, so that the file cannot go stale. ``mutmut show NAME``
prints a mutant's change.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPLAINED = ROOT / "tests" / "lib" / "mutation_survivors.md"
KILLED = {1, 3}  # a test failed; 3: pytest's internal error, a kill for mutmut too
TIMEOUT = {24, -24, 36, 152, 255}  # the tests hung on the mutant: caught
SURVIVED = {0}
NO_TESTS = {5, 33}  # no test runs the mutated code
NOT_RUN = {None, 2, 34}  # not run yet, interrupted, skipped


def exit_codes(root=ROOT):
    """``{mutant name: exit code}`` of the last run."""
    codes = {}
    for meta in sorted((root / "mutants" / "src").rglob("*.meta")):
        codes.update(json.loads(meta.read_text())["exit_code_by_key"])
    return codes


def explained_names(path=EXPLAINED):
    """The mutant names the file explains: every ``micromlp....__mutmut_N`` in backticks."""
    return set(re.findall(r"`(micromlp\.[^`\s]+__mutmut_\d+)`", path.read_text()))


def report(codes, explained):
    """The lines to print, and whether the explanations match the survivors."""
    groups = {"killed": KILLED, "timeout": TIMEOUT, "survived": SURVIVED, "no tests": NO_TESTS}
    count = {name: sum(code in group for code in codes.values()) for name, group in groups.items()}
    not_run = sum(code in NOT_RUN for code in codes.values())
    other = len(codes) - sum(count.values()) - not_run
    caught = count["killed"] + count["timeout"] + other
    undetected = sorted(n for n, code in codes.items() if code in SURVIVED | NO_TESTS)
    lines = [
        f"mutants: {len(codes)}, killed {count['killed']}, timeout {count['timeout']}, "
        f"other failures {other}, survived {count['survived']}, no tests {count['no tests']}, "
        f"not run {not_run}",
        f"score: {caught / len(codes):.1%} killed ({caught} of {len(codes)})",
    ]
    unexplained = [n for n in undetected if n not in explained]
    stale = sorted(n for n in explained if n in codes and codes[n] not in SURVIVED | NO_TESTS)
    stale = [n for n in stale if codes[n] not in NOT_RUN]
    unknown = sorted(n for n in explained if n not in codes)
    n_explained = len(undetected) - len(unexplained)
    lines.append(f"survivors explained in {EXPLAINED.relative_to(ROOT)}: {n_explained}")
    for title, names in (
        ("survived, not explained (see `mutmut show NAME`)", unexplained),
        ("explained, but killed now: remove from the file", stale),
        ("explained, but no such mutant: renamed? remove or rename", unknown),
    ):
        if names:
            lines.append(f"{title}: {len(names)}")
            lines.extend(f"  {name}" for name in names)
    return lines, not (unexplained or stale or unknown)


def main():
    codes = exit_codes()
    if not codes:
        raise SystemExit("no mutmut results: run `make mutate` first")
    lines, ok = report(codes, explained_names())
    print("\n".join(lines))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
