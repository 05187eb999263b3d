"""Checks for the public entry points.

Each check raises a ``TypeError`` or ``ValueError`` whose message names the
argument, what was expected and what was received, so that bad input never
turns into a silent NaN or a traceback from deep inside numpy. A warning of
micromlp's (`warn_at_caller`) is reported at the line of the user's code that led to it.
"""

import numbers
import sys
import warnings

import numpy as np

# The packages whose frames a warning passes over to reach the user's line: micromlp's own
# (tests/conftest.py adds mutmut's, whose wrappers sit between micromlp's frames in its runs).
INTERNAL_PACKAGES = ("micromlp",)


def warn_at_caller(message, category):
    """``warnings.warn``, reported at the first line outside `INTERNAL_PACKAGES`: the caller's."""
    frame, level = sys._getframe(1), 1
    while frame is not None and _internal(frame):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level + 1)


def _internal(frame):
    return frame.f_globals.get("__name__", "").partition(".")[0] in INTERNAL_PACKAGES


def check_features(X, n_features=None, name="X"):
    """Return ``X`` as a finite float array of shape ``(n_samples, n_features)``.

    float32 stays float32 (scikit-learn keeps float32 data and parameters
    float32, except that L-BFGS returns float64 parameters); any other numbers
    become float64.
    """
    arr = np.asarray(X)
    if not (np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)):
        raise TypeError(f"{name} must hold numbers; got an array of dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must hold real numbers; got dtype {arr.dtype}")
    expected = f"(n_samples, {n_features if n_features is not None else 'n_features'})"
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D of shape {expected}; got shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must not be empty; got shape {arr.shape}")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(f"{name} must have shape {expected}; got shape {arr.shape}")
    arr = as_float(arr)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite; got NaN or inf at {_first_bad(arr)}")
    return arr


def as_float(arr):
    """``arr`` itself if it is float32, else ``arr`` as float64."""
    return arr if arr.dtype == np.float32 else arr.astype(np.float64)


def check_targets(y, n_samples, name):
    """Return 0/1 targets of shape ``(n_samples, 1)``; +1/-1 labels map to 1/0."""
    arr = np.asarray(y)
    if not (np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)):
        raise TypeError(f"{name} must hold numbers; got an array of dtype {arr.dtype}")
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} must have shape ({n_samples},); got shape {arr.shape}")
    if arr.shape[0] != n_samples:
        raise ValueError(
            f"{name} must have one label per sample, shape ({n_samples},); got shape {arr.shape}"
        )
    arr = arr.astype(np.float64)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite; got NaN or inf at {_first_bad(arr)}")
    values = set(np.unique(arr).tolist())
    if values <= {0.0, 1.0}:
        return arr.reshape(-1, 1)
    if values <= {-1.0, 1.0}:
        return ((arr + 1.0) / 2.0).reshape(-1, 1)
    raise ValueError(
        f"{name} must hold labels in {{0, 1}} or in {{-1, +1}}; got values {sorted(values)}"
    )


def check_sample_weight(sample_weight, n_samples, name="sample_weight"):
    """Return None, or the weights as a float array of shape ``(n_samples,)`` with a positive sum.

    A number weighs every sample alike. Single weights may be negative or 0, as in
    scikit-learn; their sum, which every mean divides by, must be positive.
    float32 weights stay float32, as in scikit-learn.
    """
    if sample_weight is None:
        return None
    arr = np.asarray(sample_weight)
    if not (np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)):
        raise TypeError(f"{name} must hold numbers; got an array of dtype {arr.dtype}")
    if arr.ndim == 0:
        arr = np.full(n_samples, arr)
    if arr.shape != (n_samples,):
        raise ValueError(
            f"{name} must have one weight per sample, shape ({n_samples},); got shape {arr.shape}"
        )
    arr = as_float(arr)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite; got NaN or inf at {_first_bad(arr)}")
    if not arr.sum() > 0:
        raise ValueError(f"{name} must have a positive sum; got {float(arr.sum())!r}")
    return arr


def check_positive_int(value, name):
    """Return ``value`` if it is an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer; got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def check_positive_float(value, name, allow_zero=False):
    """Return ``value`` as a float if it is finite and > 0 (or >= 0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {value!r}")
    bound = "non-negative" if allow_zero else "positive"
    ok = value >= 0 if allow_zero else value > 0
    if not (np.isfinite(value) and ok):
        raise ValueError(f"{name} must be a finite {bound} number; got {value!r}")
    return float(value)


def check_layer_sizes(layer_sizes):
    """Return the layer sizes as a list of at least two positive ints."""
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__iter__"):
        raise TypeError(
            f"layer_sizes must be a sequence of positive integers such as [2, 3, 2, 1]; "
            f"got {layer_sizes!r}"
        )
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"layer_sizes must list at least an input and an output size; got {sizes!r}"
        )
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(
                f"layer_sizes must hold positive integers such as [2, 3, 2, 1]; got {sizes!r}"
            )
    return [int(n) for n in sizes]


def check_bool(value, name):
    """Return ``value`` if it is a bool (numpy's included)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def check_choice(value, name, choices):
    """Return ``value`` if it is one of ``choices``."""
    if isinstance(value, np.ndarray) or value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}; got {value!r}")
    return value


def _first_bad(arr):
    index = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
    return f"index {index if len(index) > 1 else index[0]}"


def check_seed(seed, name="seed"):
    """Return a random generator: a new ``Generator`` for an int >= 0, else ``seed`` itself.

    A ``numpy.random.Generator`` or ``numpy.random.RandomState`` is used as
    given (and advanced), so that a run can continue another's stream, as
    `micromlp.compat` does with scikit-learn's ``RandomState``.
    """
    if isinstance(seed, (np.random.Generator, np.random.RandomState)):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(
            f"{name} must be an integer >= 0, a numpy.random.Generator or a "
            f"numpy.random.RandomState; got {seed!r}"
        )
    return np.random.default_rng(int(seed))


def check_probability(value, name):
    """Return ``value`` as a float if it is a real number in [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number in [0, 1]; got {value!r}")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1]; got {value!r}")
    return float(value)


def check_params(new, old, name):
    """Check that the arrays ``new`` match the shapes of ``old`` and are finite numbers."""
    shapes = [p.shape for p in old]
    if len(new) != len(old):
        raise ValueError(f"{name} must hold {len(old)} arrays {shapes}; got {len(new)}")
    for i, (p, q) in enumerate(zip(new, old)):
        if np.shape(p) != q.shape:
            raise ValueError(f"{name}[{i}] must have shape {q.shape}; got shape {np.shape(p)}")
        check_features(np.reshape(p, (1, -1)), name=f"{name}[{i}]")


def check_grads(grads, weights, biases, kind):
    """Check that ``grads`` is a ``kind`` (`Grads`) shaped like the parameters."""
    if not isinstance(grads, kind):
        raise TypeError(f"grads must be the Grads returned by backward(); got {grads!r}")
    for name, got, params in (("dW", grads.dW, weights), ("db", grads.db, biases)):
        want = [p.shape for p in params]
        have = [np.shape(g) for g in got]
        if have != want:
            raise ValueError(f"grads.{name} must have this network's shapes {want}; got {have}")
