"""The parameters of a network, which it owns: copies, replacement, one vector, files.

`Parameters` is the part of `micromlp.network.MLP` that handles its weights and
biases as a whole; `MLP` inherits it.
"""

import numpy as np

from . import storage
from .validation import check_params


class Parameters:
    """Copies of the weights and biases, their replacement, one vector of them, files.

    For a class with ``weights``, ``biases``, ``n_layers`` and ``dtype``: `MLP`.
    """

    def get_params(self):
        """Copies of ``(weights, biases)``."""
        return [W.copy() for W in self.weights], [b.copy() for b in self.biases]

    def set_params(self, weights, biases):
        """Replace the parameters with copies of ``weights`` and ``biases`` (shapes must match)."""
        check_params(weights, self.weights, "weights")
        check_params(biases, self.biases, "biases")
        self.weights = [np.array(W, dtype=self.dtype) for W in weights]
        self.biases = [np.array(b, dtype=self.dtype) for b in biases]
        return self

    def as_vector(self):
        """All the parameters in one new vector theta, of which the network's become views.

        ``theta`` holds ``W[1], ..., W[L], b[1], ..., b[L]``, each flattened. The
        training loop updates them with a few operations on theta (on its two
        parts, the weights and the biases, for float32 parameters) instead of a
        few per array: the same elementwise operations in the same types, so the
        same bits as scikit-learn's per-array updates.
        """
        theta = np.concatenate([p.ravel() for p in self.weights + self.biases])
        self.use_vector(theta)
        return theta

    def use_vector(self, theta):
        """Make the weights and biases views of ``theta`` (laid out as by `as_vector()`)."""
        params, start = [], 0
        for p in self.weights + self.biases:
            params.append(theta[start : start + p.size].reshape(p.shape))
            start += p.size
        self.weights, self.biases = params[: self.n_layers], params[self.n_layers :]

    def save(self, path):
        """Write the network to an ``.npz`` file (plain arrays, no pickle); return its path.

        ``.npz`` is added to ``path`` when it has another suffix, as numpy does.
        """
        return storage.save(self, path)

    @classmethod
    def load(cls, path):
        """Read a network written by `save()`; ``path`` as given to `save()` or as it returned."""
        return storage.load(cls, path)
