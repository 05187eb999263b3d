"""What computed the numbers: numpy's SIMD level and the BLAS kernel, in words for the pages.

numpy picks, when it starts, the fastest code its CPU allows for its vectorised
functions (its dispatch targets: AVX-512 on recent x86 CPUs, AVX2 on most
laptops, SSE4.2 at least; for float64 ``exp`` and ``log`` numpy has its own code
only for AVX-512, and calls the C library's elsewhere), and OpenBLAS picks a
kernel for matrix products. Both can change the last bit of a result. A page that states a
last-bit fact names what ran, with `describe()`; the facts themselves are
measured by the build (see `scripts.beyond_sgd` and `scripts.determinism`).

Each level is switched off, to build as another machine would, with
``NPY_DISABLE_CPU_FEATURES`` (numpy) and ``OPENBLAS_CORETYPE`` (OpenBLAS): see
`LEVELS`, which `tests/site/test_levels.py` runs.

Examples
--------
>>> machine = describe()
>>> machine["numpy"] == __import__("numpy").__version__
True
"""

import platform

import numpy as np

# The levels CI builds at: name -> (numpy's dispatch targets to switch off, OpenBLAS kernel).
# numpy 2.4 groups x86 targets by micro-architecture level: X86_V3 is AVX2 and FMA,
# X86_V4 and AVX512_* are AVX-512. A machine without a level's features simply runs
# at the level below, so a level is only built where the machine has it (`available`).
LEVELS = {
    "no AVX-512": ("X86_V4 AVX512_ICL AVX512_SPR", "Haswell"),
    "no AVX2": ("X86_V3 X86_V4 AVX512_ICL AVX512_SPR", "Sandybridge"),
}


# numpy's names for its x86 targets, in words.
SIMD_NAMES = {
    "X86_V2": "SSE4.2",
    "X86_V3": "AVX2",
    "X86_V4": "AVX-512",
    "AVX512_ICL": "AVX-512 (Ice Lake)",
    "AVX512_SPR": "AVX-512 (Sapphire Rapids)",
}


def _cpu():
    # numpy.show_runtime() prints these; numpy offers no public function that returns them.
    from numpy._core._multiarray_umath import (
        __cpu_baseline__,
        __cpu_dispatch__,
        __cpu_features__,
    )

    return __cpu_baseline__, [t for t in __cpu_dispatch__ if __cpu_features__.get(t)]


def available():
    """The names of `LEVELS` that differ from this machine's own: it runs a higher one."""
    _, enabled = _cpu()
    names = []
    if "X86_V4" in enabled:
        names.append("no AVX-512")
    if "X86_V3" in enabled:
        names.append("no AVX2")
    return names


def describe():
    """numpy's version and SIMD level, and the BLAS library and kernel, as a dict."""
    from threadpoolctl import threadpool_info

    baseline, enabled = _cpu()
    # numpy's own BLAS, which its matrix products call (scipy may load another one)
    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    blas = next((i for i in blas if "numpy" in i["filepath"]), blas[0] if blas else {})
    return {
        "numpy": np.__version__,
        "cpu": platform.machine(),
        # the highest target numpy dispatches to, else the baseline it was built for
        "simd": enabled[-1] if enabled else baseline[-1] if baseline else "none",
        "simd_kind": "highest dispatch target" if enabled else "baseline",
        "blas": blas.get("internal_api", "unknown"),
        "blas_version": blas.get("version", "?"),
        "blas_kernel": blas.get("architecture", "?"),
    }


def sentence():
    """The machine in a few words, for a page: what ran when the build measured."""
    m = describe()
    simd = SIMD_NAMES.get(m["simd"], m["simd"])
    return (
        f"numpy {m['numpy']} on {m['cpu']} with {simd} enabled (its {m['simd_kind']}, "
        f"{m['simd']}), {_blas_name(m['blas'])} {m['blas_version']} with its "
        f"{m['blas_kernel']} kernels"
    )


def _blas_name(api):
    return {"openblas": "OpenBLAS", "mkl": "MKL", "blis": "BLIS"}.get(api, api)


def numpy_vs_scipy(n=1_000_000):
    """How often numpy's sigmoid and log round differently from scipy's ``expit`` and ``xlogy``.

    The guide's `MLP` computes ``1 / (1 + exp(-z))`` and ``log(p)`` with numpy;
    scikit-learn calls scipy's ``expit(z)`` and ``xlogy(y, p)``. On ``n`` seeded
    z ~ N(0, 3^2) and p ~ U(0, 1): for each pair, the share of inputs where they
    differ and the largest difference in units in the last place (0 when none).
    """
    from scipy.special import expit, xlogy

    from micromlp import sigmoid

    z = np.random.default_rng(0).normal(0.0, 3.0, n)
    p = np.random.default_rng(0).uniform(0.0, 1.0, n)
    return {
        "sigmoid": _compare(sigmoid(z), expit(z)),
        "log": _compare(np.log(p), xlogy(1.0, p)),
    }


def _compare(a, b):
    """``(share of elements that differ, largest difference in ulps)`` of two arrays."""
    differ = a != b
    ulps = np.abs(a - b)[differ] / np.spacing(np.maximum(np.abs(a), np.abs(b)))[differ]
    return float(differ.mean()), float(ulps.max(initial=0.0))
