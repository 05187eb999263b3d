"""Optimizers: how a gradient becomes a change of the weights.

Each optimizer is one small object with one method, `updates()`, that turns the
gradients of a batch into the amounts to add to the parameters; `MLP.fit` does
not know which optimizer it drives. Two more hooks serve the learning-rate
schedules: `epoch_end()` after every epoch and `stalled()` when the training
loss (or the validation score) stops improving.

The parameters are ``params = weights + biases`` (one list) and ``grads`` the
matching ``dW + db``. In the guide's notation, with ``g = dL/dW`` for any
parameter ``W``, learning rate eta and step count t:

- `SGD`: ``v <- mu v - eta g``, then ``W <- W + v`` (plain SGD when mu = 0),
  or, with Nesterov's momentum, ``W <- W + mu v - eta g``;
- `Adam`: moving averages ``m`` of g and ``s`` of g**2, bias-corrected, and
  ``W <- W - eta_t m / (sqrt(s) + epsilon)``.

They follow scikit-learn's ``_stochastic_optimizers.py`` operation for
operation, so that `micromlp.compat` reproduces its runs to the last digits.

Examples
--------
>>> from micromlp.optimizers import SGD
>>> import numpy as np
>>> W, g = np.array([1.0, 2.0]), np.array([0.5, -0.5])
>>> opt = SGD(0.1)
>>> opt.start([W])
>>> [u.tolist() for u in opt.updates([g])]
[[-0.05, 0.05]]
"""

import numpy as np

from .validation import check_choice, check_positive_float

SCHEDULES = {"constant", "invscaling", "adaptive"}


def _check_fraction(value, name, *, closed):
    value = check_positive_float(value, name, allow_zero=True)
    if value > 1 or (value == 1 and not closed):
        raise ValueError(f"{name} must be in [0, 1{']' if closed else ')'}; got {value!r}")
    return value


class SGD:
    """Stochastic gradient descent, with optional (Nesterov) momentum and schedules.

    The update of every parameter ``W`` with gradient ``g``::

        v <- mu * v - eta * g          (the velocity, 0 at the start)
        W <- W + v                     (classical momentum)
        W <- W + mu * v - eta * g      (nesterov=True: look one step ahead)

    With ``momentum=0`` both are plain SGD, ``W <- W - eta * g``.

    Parameters
    ----------
    learning_rate : float
        eta, the step size (scikit-learn's ``learning_rate_init``).
    momentum : float in [0, 1]
        mu, the share of the last update carried into the next.
    nesterov : bool
        Nesterov's momentum instead of the classical one.
    schedule : {"constant", "invscaling", "adaptive"}
        How eta changes: ``"invscaling"`` sets ``eta = learning_rate /
        (t + 1) ** power_t`` after each epoch, t the number of samples seen so
        far; ``"adaptive"`` divides eta by 5 each time the training stalls
        (see `micromlp.sklearn.Stopping`), and stops it once eta is at most 1e-6.
    power_t : float
        The exponent of ``"invscaling"``.
    """

    def __init__(
        self, learning_rate=0.1, *, momentum=0.0, nesterov=False, schedule="constant", power_t=0.5
    ):
        self.learning_rate_init = check_positive_float(learning_rate, "learning_rate")
        self.momentum = _check_fraction(momentum, "momentum", closed=True)
        self.nesterov = bool(nesterov)
        self.schedule = check_choice(schedule, "schedule", SCHEDULES)
        self.power_t = check_positive_float(power_t, "power_t", allow_zero=True)
        self.learning_rate = self.learning_rate_init
        self.velocities = None

    def __repr__(self):
        return (
            f"SGD({self.learning_rate_init}, momentum={self.momentum}, "
            f"nesterov={self.nesterov}, schedule={self.schedule!r})"
        )

    def start(self, params):
        """Reset the state for a new run on parameters shaped like ``params``."""
        self.learning_rate = self.learning_rate_init
        self.velocities = [np.zeros_like(p) for p in params]

    # --8<-- [start:sgd]
    def updates(self, grads):
        """The amounts to add to the parameters, one array per gradient."""
        eta, mu = self.learning_rate, self.momentum
        if not mu:  # plain SGD: W <- W - eta * g
            return [-eta * g for g in grads]
        self.velocities = [mu * v - eta * g for v, g in zip(self.velocities, grads)]
        if self.nesterov:  # the step the velocity is about to take, and one more
            return [mu * v - eta * g for v, g in zip(self.velocities, grads)]
        return self.velocities

    # --8<-- [end:sgd]

    def epoch_end(self, samples_seen):
        """After each epoch: the ``"invscaling"`` schedule lowers eta."""
        if self.schedule == "invscaling":
            self.learning_rate = self.learning_rate_init / (samples_seen + 1) ** self.power_t

    def stalled(self):
        """The training stopped improving: return True to stop, False to go on slower."""
        if self.schedule != "adaptive" or self.learning_rate <= 1e-6:
            return True
        self.learning_rate /= 5.0
        return False


class Adam:
    """Adam (Kingma and Ba, 2015): a step size per parameter, from gradient averages.

    For every parameter ``W`` with gradient ``g``, at step t = 1, 2, ...::

        m <- beta_1 * m + (1 - beta_1) * g          (mean of g, 0 at the start)
        s <- beta_2 * s + (1 - beta_2) * g**2       (mean of g**2)
        eta_t = eta * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        W <- W - eta_t * m / (sqrt(s) + epsilon)

    ``m`` and ``s`` start at 0, so early on they underestimate the averages by
    the factors ``1 - beta**t``; ``eta_t`` corrects both at once. At t = 1 the
    step is ``eta * g / (|g| + epsilon / sqrt(1 - beta_2))``: about eta times
    the sign of g.

    Parameters
    ----------
    learning_rate : float
        eta (scikit-learn's ``learning_rate_init``).
    beta_1, beta_2 : float in [0, 1)
        Decay rates of the two averages.
    epsilon : float
        Keeps the division finite where ``s`` is 0.
    """

    def __init__(self, learning_rate=0.001, *, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        self.learning_rate_init = check_positive_float(learning_rate, "learning_rate")
        self.beta_1 = _check_fraction(beta_1, "beta_1", closed=False)
        self.beta_2 = _check_fraction(beta_2, "beta_2", closed=False)
        self.epsilon = check_positive_float(epsilon, "epsilon")
        self.learning_rate = self.learning_rate_init
        self.t, self.m, self.s = 0, None, None

    def __repr__(self):
        return (
            f"Adam({self.learning_rate_init}, beta_1={self.beta_1}, beta_2={self.beta_2}, "
            f"epsilon={self.epsilon})"
        )

    def start(self, params):
        """Reset the state for a new run on parameters shaped like ``params``."""
        self.learning_rate = self.learning_rate_init
        self.t = 0
        self.m = [np.zeros_like(p) for p in params]
        self.s = [np.zeros_like(p) for p in params]

    # --8<-- [start:adam]
    def updates(self, grads):
        """The amounts to add to the parameters, one array per gradient."""
        b1, b2 = self.beta_1, self.beta_2
        self.t += 1
        self.m = [b1 * m + (1 - b1) * g for m, g in zip(self.m, grads)]
        self.s = [b2 * s + (1 - b2) * (g**2) for s, g in zip(self.s, grads)]
        # the bias correction of m and s, folded into the step size (a numpy float64, as
        # scikit-learn's: by numpy's promotion rules, float32 m and s give float64 updates)
        self.learning_rate = self.learning_rate_init * np.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        return [
            -self.learning_rate * m / (np.sqrt(s) + self.epsilon) for m, s in zip(self.m, self.s)
        ]

    # --8<-- [end:adam]

    def epoch_end(self, samples_seen):
        """Adam has no schedule."""

    def stalled(self):
        """The training stopped improving: Adam stops."""
        return True


OPTIMIZERS = {"sgd": SGD, "adam": Adam}
