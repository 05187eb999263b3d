"""One BLAS thread for a training loop whose matrix products are small.

numpy hands each matrix product to its BLAS library (OpenBLAS, in numpy's
wheels), which splits a product between threads when it is larger than a
threshold of its own. The products of a training loop are those of one batch:
``batch_size * n_in * n_out`` multiply-adds for a layer of ``n_in`` inputs and
``n_out`` units. `fit` runs on one BLAS thread when no product of a batch has
more than `SMALL` multiply-adds (the loss it records on all of ``X`` after each
epoch included), and leaves the BLAS as it is otherwise. The values do not
change: OpenBLAS splits a product by rows and columns, not along its sums (the
bench checks that micromlp's weights equal scikit-learn's either way).

Why: a second thread has little work to share in a small product, and is handed
it anew for every product. ``make bench``'s last table times micromlp's fits
with the BLAS's threads and on one thread, for products below and above
`SMALL`; the README gives its runs and what they showed.

The limit is threadpoolctl's (scikit-learn's KMeans limits its BLAS the same
way): it holds for the whole process while the fit runs, other threads of the
program included, and is undone when the fit ends or raises.

Examples
--------
>>> from micromlp import MLP
>>> from micromlp.threads import largest_product
>>> largest_product(MLP([2, 64, 64, 1]), batch_size=200)  # 200 * 64 * 64
819200
"""

from contextlib import nullcontext
from functools import cache

# Multiply-adds: between the bench's (64, 64) layers at batch 200 (819,200, where OpenBLAS's
# second thread saved nothing) and its (128, 128) layers at batch 200 (3,276,800).
SMALL = 10**6


def largest_product(net, batch_size):
    """Multiply-adds of the largest matrix product of one batch (forward or backward)."""
    return batch_size * max(W.size for W in net.weights)


def blas_threads_for(net, batch_size):
    """A context that keeps the BLAS on one thread if the batch's products are small."""
    if largest_product(net, batch_size) > SMALL:
        return nullcontext()
    return _blas().limit(limits=1)


@cache
def _blas():
    """The BLAS libraries loaded at the first fit (numpy's; scipy's if it was imported by then)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController().select(user_api="blas")
