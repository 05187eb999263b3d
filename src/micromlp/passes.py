"""What a forward and a backward pass hand on: a `Trace` and `Grads`.

Indices follow `micromlp.network`: ``[l - 1]`` is layer l of the guide, except
``Trace.a``, which starts with the input, so that ``a[l]`` is a[l].
"""

from typing import NamedTuple


class Trace(NamedTuple):
    """Everything the forward pass computed, kept for the backward pass.

    ``z[l - 1]`` is z[l], of shape ``(n_samples, n_l)``; ``a[l]`` is a[l],
    with ``a[0]`` the input and ``a[-1]`` the prediction ``y_hat``.
    """

    z: list
    a: list

    @property
    def y_hat(self):
        """The prediction, the last ``a``, of shape ``(n_samples, n_outputs)``."""
        return self.a[-1]


class Grads(NamedTuple):
    """What the backward pass computed, one entry per layer (``[l - 1]`` is layer l).

    ``delta`` is dL/dz per sample, of shape ``(n_samples, n_l)``; ``dW`` and
    ``db`` are the gradients averaged over the batch, shaped like ``W`` and ``b``.
    """

    delta: list
    dW: list
    db: list
