"""The library's layout, read from the files: its two floors, module sizes, the port's coverage.

Not among the library's fast tests (``make check``, ``make mutate``): these read
the repository's files (``docs/api/index.md``, the sources), which mutation testing
runs without (it copies ``src`` and ``tests`` only, and instruments ``src``).
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_core_never_imports_the_scikit_learn_floor():
    # compat is the floor's public name (it re-exports micromlp.sklearn); the rest is the core
    src = ROOT / "src" / "micromlp"
    core = sorted(p for p in src.glob("*.py") if p.name != "compat.py")
    assert len(core) >= 15
    for path in core:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module] if node.module else [a.name for a in node.names]
                if node.level:  # from .x import y: within micromlp
                    modules = [f"micromlp.{m}" for m in modules]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                assert parts[0] not in ("sklearn", "scipy"), f"{path.name} imports {module}"
                assert parts[:2] != ["micromlp", "sklearn"], f"{path.name} imports {module}"


def line_counts(folder):
    """``{path from the root: lines}`` of every Python module under ``folder``."""
    return {str(p.relative_to(ROOT)): len(p.read_text().splitlines()) for p in folder.rglob("*.py")}


def test_no_module_of_the_library_is_over_400_lines():
    sizes = line_counts(ROOT / "src" / "micromlp")
    assert len(sizes) >= 20 and max(sizes.values()) <= 400, sizes


def test_no_build_module_is_over_400_lines_and_the_hook_is_thin():
    sizes = line_counts(ROOT / "scripts")
    assert len(sizes) >= 30 and max(sizes.values()) <= 400, sizes
    assert sizes["scripts/hooks.py"] < 100


# -- every case of scikit-learn's test_mlp.py has a counterpart here, or is listed ------------

# scikit-learn's name -> ours, where they differ
COUNTERPARTS = {
    "test_fit": "test_fit_worked_example",
    "test_lbfgs_classification_maxfun": "test_lbfgs_maxfun",
    "test_lbfgs_regression_maxfun": "test_lbfgs_maxfun",
    "test_warm_start": "test_warm_start_lbfgs_and_its_rule_on_classes",
    "test_mlp_early_stopping_string_labels": "test_early_stopping_string_labels",
    "test_mlp_classifier_dtypes_casting": "test_mlp_dtypes_casting",
    "test_mlp_regressor_dtypes_casting": "test_mlp_dtypes_casting",
    "test_mlp_warm_start_with_early_stopping": "test_warm_start_with_early_stopping",
    "test_mlp_warm_start_no_convergence": "test_warm_start_no_convergence",
    "test_mlp_partial_fit_after_fit": "test_partial_fit_after_fit_with_early_stopping",
    "test_mlp_sample_weight_with_early_stopping": "test_sample_weight_with_early_stopping",
    "test_mlp_vs_poisson_glm_equivalent": "test_poisson_loss_equals_the_glm",
}
NOT_OFFERED = {
    "test_sparse_matrices",
    "test_verbose_sgd",
    "test_mlp_loading_from_joblib_partial_fit",
}


def test_every_case_of_scikit_learns_tests_has_a_counterpart_or_is_listed():
    import sklearn

    source = Path(sklearn.__file__).parent / "neural_network" / "tests" / "test_mlp.py"
    theirs = [
        node.name
        for node in ast.parse(source.read_text()).body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]
    assert len(theirs) == 43  # scikit-learn 1.9.1's
    api = (ROOT / "docs" / "api" / "index.md").read_text()
    table = api.split("{ #not-offered }")[1].split("\n\n|")[1].split("\n\n")[0]
    listed = set(re.findall(r"^\| `(test_\w+)`", "|" + table, flags=re.M))
    assert listed == NOT_OFFERED
    ours = {
        node.name
        for node in ast.parse((ROOT / "tests" / "lib" / "test_sklearn_replica.py").read_text()).body
        if isinstance(node, ast.FunctionDef)
    }
    missing = [n for n in theirs if n not in listed and COUNTERPARTS.get(n, n) not in ours]
    assert missing == []
