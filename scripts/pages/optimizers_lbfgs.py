"""Tables and sentences on L-BFGS of the page "scikit-learn's solvers" (docs/solvers.md).

They read the runs of the page "Beyond plain SGD" (docs/optimizers.md), an
`scripts.optimizer_runs.Optimizers` (its ``lbfgs``); the figures and the sweeps'
tables are in `scripts.pages.optimizers`.
"""

from scripts import optimizer_runs
from scripts.optimizer_runs import RANDOM_STATES
from scripts.pages.optimizers import claim  # the same page's check
from scripts.registry import table

compute = optimizer_runs.compute  # the page's runs, made once for its two modules


def _rounding(share, ulps, what):
    if not share:
        return f"{what} agree on every one"
    unit = "unit" if round(ulps) == 1 else "units"
    return f"{what} differ for {share:.2%} of them, by at most {ulps:.0f} {unit} in the last place"


def _lbfgs_groups(rows):
    """The fits with numpy's functions: identical; the same decisions; another path.

    A fit takes the same decisions as scikit-learn's when it runs as many
    iterations and as many loss evaluations (the line search and the stopping
    test decided alike at every step); it may still end elsewhere, by drift.
    """
    exact, drift, apart = [], [], []
    for row in rows:
        diff, n_iter, evaluations = row["numpy"]
        if (n_iter, evaluations) != row["scipy"][1:]:
            apart.append(row)
        else:
            (exact if diff == 0.0 else drift).append(row)
    return exact, drift, apart


def _gaps(rows):
    gaps = [row["numpy"][0] for row in rows]
    return f"{_sci(min(gaps))} to {_sci(max(gaps))}" if len(rows) > 1 else _sci(gaps[0])


def _lbfgs_counts(exact, drift, apart):
    """What happened to the fits with numpy's functions, in one sentence's words."""
    n = len(exact) + len(drift) + len(apart)
    if not drift and not apart:
        return f"all {n} are identical too."
    parts = [f"{len(exact)} {'is' if len(exact) == 1 else 'are'} identical"]
    if drift:
        parts.append(
            f"{len(drift)} {_take(drift)} the same decisions (as many iterations and loss "
            f"evaluations) and {_end(drift)} {_gaps(drift)} from scikit-learn's fit"
        )
    if apart:
        moved = f"{len(apart)} {_take(apart)} another path and {_end(apart)} {_gaps(apart)} away"
        paths = [row for row in apart if row["numpy"][1] != row["n_iter"]]
        if paths:
            moved += (
                f", {len(paths)} of them after another number of iterations ("
                + ", ".join(
                    f"`random_state={row['random_state']}`: {row['numpy'][1]} "
                    f"against {row['n_iter']}"
                    for row in paths[:3]
                )
                + (", ...)" if len(paths) > 3 else ")")
            )
        parts.append(moved)
    return ", ".join(parts[:-1]) + ", and " + parts[-1] + "."


def _take(rows):
    return "takes" if len(rows) == 1 else "take"


def _end(rows):
    return "ends" if len(rows) == 1 else "end"


CARRY = (
    "A last-bit difference in one evaluation is carried into every later step, and "
    "L-BFGS, whose steps follow a curvature estimate built from differences of "
    "gradients, can carry it far"
)
DECIDE = (
    "L-BFGS also makes *decisions* on loss values: its line search accepts or shrinks a "
    "step by comparing them, and it stops when the improvement falls below a threshold"
)


def _lbfgs_why(drift, apart):
    """How far the fits with numpy's functions went, and why, as measured."""
    text = []
    if drift:
        worst = max(row["numpy"][0] for row in drift)
        text.append(
            f"{CARRY}: the fits that take every decision alike still end up to {_sci(worst)} apart."
        )
    if apart:
        text.append(
            f"{DECIDE}. In {len(apart)} {'fit' if len(apart) == 1 else 'fits'} such a "
            "comparison came out the other way at some step (they make another number of "
            "loss evaluations); from then on the two runs take different steps."
        )
    if not text:
        text.append(
            "On a machine where numpy's functions round differently, fits with the guide's "
            f"`MLP` could part. {CARRY}. {DECIDE}, so that one comparison of two values a "
            "bit apart can come out the other way. "
            "`fit_like_sklearn` calls scipy's functions, as scikit-learn does, so its fits do "
            "not depend on that."
        )
    return " ".join(text)


@table
def lbfgs_machine(r):
    """The L-BFGS section: its heading and text follow what this machine measured."""
    lb = r.lbfgs
    rows, (sig, sig_ulps), (log, log_ulps) = lb["rows"], *lb["rounding"].values()
    scipy_bad = [row["random_state"] for row in rows if row["scipy"][:2] != (0.0, row["n_iter"])]
    claim(not scipy_bad, f"fit_like_sklearn's L-BFGS identical; differs for {scipy_bad}")
    exact, drift, apart = _lbfgs_groups(rows)
    differ = len(drift) + len(apart)
    heading = "identical here too" if not differ else f"{differ} of {len(rows)} fits differ here"
    # The measured counts stay in the main line; how numpy's functions round and
    # why a last-bit difference carries are folded (a collapsed ??? note block).
    explain = (
        "`fit_like_sklearn` trains a `SklearnMLP`: an `MLP` that calls scipy's `expit` for "
        "the logistic function and `xlogy` in the log losses, as scikit-learn does. The "
        "guide's `MLP` writes the same functions with numpy, $1 / (1 + e^{-z})$ and "
        "$y \\log \\hat y$: the same values, rounded by other code. numpy has its own "
        "vectorised float64 `exp` and `log` for CPUs with AVX-512, and calls the C "
        "library's on others, as scipy does; so whether the two agree to the last bit "
        "depends on the machine. Measured by the build of this page, on "
        f"{lb['machine']}: on a million $z \\sim \\mathcal{{N}}(0, 3^2)$, "
        + _rounding(sig, sig_ulps, "numpy's sigmoid and scipy's `expit`")
        + "; on a million $p \\sim \\mathcal{U}(0, 1)$, "
        + _rounding(log, log_ulps, "numpy's `log(p)` and scipy's `xlogy(1, p)`")
        + "."
    )
    return "\n".join(
        [
            f"### L-BFGS with numpy's functions: {heading} {{ #lbfgs }}\n",
            f"Over `random_state` {RANDOM_STATES[0]} to {RANDOM_STATES[-1]}, with "
            f"`hidden_layer_sizes=(3, 2)` on the 8 golf days, all {len(rows)} L-BFGS fits of "
            "`fit_like_sklearn` are identical to scikit-learn's. With numpy's functions "
            "instead (`fit_like_sklearn(..., network=MLP)`), "
            + _lbfgs_counts(exact, drift, apart)
            + "\n",
            '??? note "Why numpy\'s functions can make a difference, measured"\n',
            "    " + explain + "\n",
            "    " + _lbfgs_why(drift, apart) + "\n",
        ]
    )


@table
def lbfgs_takeaway_machine(r):
    """The takeaway of the L-BFGS section, as measured on this machine."""
    lb = r.lbfgs
    rows = lb["rows"]
    exact, _, _ = _lbfgs_groups(rows)
    other = len(rows) - len(exact)
    if other:
        return (
            f"- On the machine that built this page, numpy's `exp` and `log` round differently "
            f"from scipy's, and {other} of {len(rows)} L-BFGS fits with the guide's numpy "
            "functions differ from scikit-learn's; with scipy's, as `fit_like_sklearn` "
            "calls them, none does.\n"
        )
    return (
        "- On the machine that built this page, the guide's numpy functions reproduce all "
        f"{len(rows)} L-BFGS fits as well; `fit_like_sklearn` calls scipy's, as scikit-learn, "
        "so that it does not depend on the machine.\n"
    )


def _sci(v):
    """A difference in TeX, 2 significant digits: 3.7, 0.25, or 4.8 x 10^-12 below 0.01."""
    mantissa, exponent = f"{v:.1e}".split("e")
    if 0.01 <= float(f"{v:.1e}") < 1000:
        return f"{float(f'{v:.1e}'):g}"
    return f"${mantissa} \\times 10^{{{int(exponent)}}}$"
