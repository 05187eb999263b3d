"""micromlp.threads: one BLAS thread in a fit exactly when a batch's products are small."""

from unittest import mock

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from micromlp import MLP, DivergedError, make_dataset, threads


def blas_threads():
    """The number of threads of every BLAS library loaded, as threadpoolctl reads them."""
    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


class Watch:
    """A stopping rule that only records the BLAS's threads after each epoch."""

    validated = False

    def __init__(self):
        self.seen = []

    def start(self, net, classes=None):
        pass

    def after_epoch(self, net, run):
        self.seen.append(blas_threads())
        return False

    def end(self, net):
        pass


X, y = make_dataset(60, kind="circles", seed=0)


@pytest.mark.parametrize(
    ("sizes", "batch_size", "product"),
    [([2, 64, 64, 1], 200, 819_200), ([3, 5, 1], 7, 105), ([2, 500, 1], 1001, 1_001_000)],
)
def test_largest_product_is_the_batch_times_the_largest_weight_matrix(sizes, batch_size, product):
    assert threads.largest_product(MLP(sizes), batch_size) == product


@pytest.mark.parametrize(
    ("sizes", "n", "batch_size", "during"),
    [
        ([2, 64, 64, 1], 1001, 200, 1),  # 819,200 multiply-adds: one thread
        ([2, 500, 1], 1001, 1000, 1),  # 1,000,000, SMALL itself: one thread
        ([2, 500, 1], 1001, 1001, 2),  # 1,001,000: the BLAS as it was set
        ([2, 64, 64, 1], 60, 10**6, 1),  # a batch larger than the data is the data: 60 * 4096
    ],
)
def test_a_fit_runs_on_one_blas_thread_exactly_when_its_products_are_small(
    sizes, n, batch_size, during
):
    rule = Watch()
    with threadpool_limits(limits=2, user_api="blas"):
        MLP(sizes, seed=0).fit(*make_dataset(n, seed=0), epochs=2, batch_size=batch_size, stop=rule)
        after = blas_threads()
    assert rule.seen == [[during] * len(after)] * 2
    assert after == [2] * len(after)  # undone when the fit ends


def test_the_limit_is_undone_when_the_fit_raises():
    rule = Watch()
    with threadpool_limits(limits=2, user_api="blas"):
        with pytest.raises(
            DivergedError, match="lower the learning rate"
        ):  # raised inside the loop
            MLP([2, 8, 1], seed=0).fit(X, y, epochs=3, learning_rate=1e6, stop=rule)
        after = blas_threads()
    assert rule.seen == []  # it diverged in its first epoch
    assert after == [2] * len(after)


def test_one_thread_gives_the_same_weights_as_the_blas_threads():
    data = make_dataset(2_000, kind="circles", seed=1)
    nets = []
    for small in (threads.SMALL, 0):  # 0: every product left to the BLAS's threads
        with mock.patch.object(threads, "SMALL", small), threadpool_limits(2, user_api="blas"):
            net = MLP([2, 64, 64, 1], init="glorot", seed=0)
            nets.append(net.fit(*data, epochs=2, batch_size=200, learning_rate=0.01))
    for a, b in zip(nets[0].weights + nets[0].biases, nets[1].weights + nets[1].biases):
        assert np.array_equal(a, b)
