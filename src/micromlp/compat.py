"""Train a micromlp `MLP` exactly as scikit-learn would: the public entry point.

`fit_like_sklearn` takes an unfitted ``MLPClassifier`` or ``MLPRegressor`` and
repeats its ``fit``; `Replica` repeats ``fit``, warm starts and ``partial_fit``;
`SklearnMLP` is the network they train. They live in `micromlp.sklearn`, the
floor of scikit-learn's rules built on the core; this module is where the pages
and the tests import them from.

scikit-learn is imported only when a function is called; scipy, which it needs,
when this module is.
"""

try:
    import scipy.special  # noqa: F401
except ImportError as error:  # pragma: no cover - scipy comes with scikit-learn
    raise ImportError(
        "micromlp.compat needs scikit-learn (and scipy): pip install 'micromlp[sklearn]'"
    ) from error

from .sklearn import *  # noqa: F403 - the floor's public names, listed once in its __all__
from .sklearn import __all__  # noqa: F401
