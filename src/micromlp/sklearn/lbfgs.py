"""L-BFGS as scikit-learn runs it: ``scipy.optimize.minimize`` on all of the data.

Not a training loop of micromlp's: scipy's optimizer drives it, and asks for the
loss and the gradient at the parameters it chooses; `MLP.forward`, `MLP.backward`
and `MLP.loss_from` answer (unchecked, see `micromlp.network`).
"""

import numpy as np

from ..divergence import DivergedError
from ..run import Run
from ..validation import warn_at_caller


def fit_lbfgs(replica, X, Y, sample_weight, p):
    """Minimise the loss of ``replica.net`` on ``(X, Y)`` (0/1 targets or values)."""
    import scipy.optimize

    net = replica.net
    if replica.classifier:  # 0/1 in the weights' precision, as scikit-learn's boolean targets
        net.classes_ = replica.classes_
        Y = Y.astype(net.weights[0].dtype, copy=False)
    alpha = p["alpha"]

    def loss_and_gradient(theta):  # coefficients first, then intercepts, as scikit-learn's
        net.use_vector(theta)
        trace = net.forward(X, check=False)
        grads = net.backward(trace, Y, alpha=alpha, sample_weight=sample_weight, check=False)
        gradient = np.concatenate([g.ravel() for g in grads.dW + grads.db])
        return net.loss_from(trace, Y, alpha, sample_weight=sample_weight), gradient

    theta = net.as_vector().copy()
    with np.errstate(all="ignore"):
        result = scipy.optimize.minimize(
            loss_and_gradient,
            theta,
            method="L-BFGS-B",
            jac=True,
            options={"maxfun": p["max_fun"], "maxiter": p["max_iter"], "gtol": p["tol"]},
        )
    net.use_vector(result.x.copy())
    net.dtype = result.x.dtype.name  # float64 (scipy's) even for float32 data, as scikit-learn's
    if not np.isfinite(result.fun) or not np.isfinite(result.x).all():
        raise DivergedError(
            f"L-BFGS ended with an infinite or NaN loss or weights (loss {result.fun}); "
            "scale the features of X (standardise them, for example)"
        )
    net.run_ = Run(net.classes_)
    net.run_.loss_curve_ = None  # as scikit-learn's: no loss curve from L-BFGS
    net.run_.n_iter_ = min(result.nit, p["max_iter"])
    net.run_.loss_ = replica.loss_ = float(result.fun)
    if result.status != 0:
        from sklearn.exceptions import ConvergenceWarning

        message = f"lbfgs failed to converge after {net.n_iter_} iteration(s): {result.message}"
        warn_at_caller(message, ConvergenceWarning)
