"""`identity_derivative` is ``delta`` times 1: ``delta`` comes back as it went in."""

import numpy as np

from micromlp.activations import identity_derivative


def test_identity_derivative_keeps_integer_deltas_exact():
    # 2**53 + 1 has no float64: a product by an integer 1 keeps it, a division would round it
    delta = np.array([2**53 + 1, -7], dtype=np.int64)
    out = identity_derivative(np.array([0, 5]), delta)
    assert out.dtype == np.int64
    assert out.tolist() == [9007199254740993, -7]
