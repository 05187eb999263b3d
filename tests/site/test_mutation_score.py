"""scripts/mutation_score.py: the score, and survivors checked against their explanations."""

from scripts.mutation_score import ROOT, explained_names, report


def test_score_counts_timeouts_as_caught_and_no_tests_as_survivors():
    codes = {"a__mutmut_1": 1, "a__mutmut_2": 36, "a__mutmut_3": 0, "a__mutmut_4": 33}
    lines, ok = report(codes, {"a__mutmut_3", "a__mutmut_4"})
    assert lines[:3] == [
        "mutants: 4, killed 1, timeout 1, other failures 0, survived 1, no tests 1, not run 0",
        "score: 50.0% killed (2 of 4)",
        "survivors explained in tests/lib/mutation_survivors.md: 2",
    ]
    assert ok and len(lines) == 3


def test_unexplained_and_stale_explanations_fail():
    codes = {"a__mutmut_1": 0, "a__mutmut_2": 1, "a__mutmut_3": None}
    lines, ok = report(codes, {"a__mutmut_2", "a__mutmut_3", "a__mutmut_9"})
    assert not ok
    assert lines[3:] == [
        "survived, not explained (see `mutmut show NAME`): 1",
        "  a__mutmut_1",
        "explained, but killed now: remove from the file: 1",
        "  a__mutmut_2",
        "explained, but no such mutant: renamed? remove or rename: 1",
        "  a__mutmut_9",
    ]


def test_the_survivors_file_names_mutants():
    names = explained_names(ROOT / "tests" / "lib" / "mutation_survivors.md")
    assert names and all(name.startswith("micromlp.") for name in names)
