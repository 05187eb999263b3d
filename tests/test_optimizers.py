"""Each optimizer's update rule, worked out by hand."""

import numpy as np
import pytest

from micromlp import SGD, Adam

W = np.array([1.0, -2.0, 0.5])
G = np.array([0.4, -0.1, 0.0])


def run(opt, grads):
    opt.start([W])
    return [opt.updates([g])[0] for g in grads]


def test_plain_sgd_is_minus_eta_g():
    (u,) = run(SGD(0.1), [G])
    np.testing.assert_array_equal(u, -0.1 * G)


def test_classical_momentum_accumulates():
    u1, u2 = run(SGD(0.1, momentum=0.9), [G, G])
    np.testing.assert_allclose(u1, -0.1 * G, rtol=1e-15)
    np.testing.assert_allclose(u2, 0.9 * (-0.1 * G) - 0.1 * G, rtol=1e-15)  # v2 = mu v1 - eta g


def test_nesterov_looks_one_step_ahead():
    u1, u2 = run(SGD(0.1, momentum=0.9, nesterov=True), [G, G])
    v1 = -0.1 * G
    np.testing.assert_allclose(u1, 0.9 * v1 - 0.1 * G, rtol=1e-15)
    v2 = 0.9 * v1 - 0.1 * G
    np.testing.assert_allclose(u2, 0.9 * v2 - 0.1 * G, rtol=1e-15)


def test_invscaling_and_adaptive_schedules():
    opt = SGD(0.5, schedule="invscaling", power_t=0.5)
    opt.start([W])
    opt.epoch_end(99)  # 99 samples seen: eta = 0.5 / (99 + 1) ** 0.5
    assert opt.learning_rate == pytest.approx(0.05, rel=1e-15)
    assert opt.stalled() is True  # not adaptive: stop
    adaptive = SGD(0.5, schedule="adaptive")
    adaptive.start([W])
    assert adaptive.stalled() is False and adaptive.learning_rate == 0.1  # divided by 5
    adaptive.learning_rate = 1e-6
    assert adaptive.stalled() is True  # too small to go on
    constant = SGD(0.5)
    constant.start([W])
    constant.epoch_end(99)
    assert constant.learning_rate == 0.5


def test_adam_first_step_is_eta_times_the_sign():
    (u,) = run(Adam(0.01), [G])
    # m = 0.1 g, s = 0.001 g**2, eta_1 = eta sqrt(0.001) / 0.1: the step is
    # eta g / (|g| + eps / sqrt(0.001)), eta times the sign of g up to eps / (0.0316 |g|)
    np.testing.assert_allclose(u[:2], -0.01 * np.sign(G[:2]), rtol=1e-5)
    assert np.abs(u[:2] + 0.01 * np.sign(G[:2])).max() > 0  # but not exactly
    assert u[2] == 0.0


def test_adam_second_step_by_hand():
    g2 = np.array([0.2, 0.3, -0.1])
    opt = Adam(0.01, beta_1=0.8, beta_2=0.9, epsilon=1e-8)
    u1, u2 = run(opt, [G, g2])
    m = 0.8 * (0.2 * G) + 0.2 * g2
    s = 0.9 * (0.1 * G**2) + 0.1 * g2**2
    eta2 = 0.01 * np.sqrt(1 - 0.9**2) / (1 - 0.8**2)
    np.testing.assert_allclose(u2, -eta2 * m / (np.sqrt(s) + 1e-8), rtol=1e-12)
    assert opt.t == 2 and opt.stalled() is True


def test_start_resets_the_state():
    opt = SGD(0.1, momentum=0.9)
    run(opt, [G, G])
    (u,) = run(opt, [G])
    np.testing.assert_allclose(u, -0.1 * G, rtol=1e-15)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SGD(0), r"learning_rate must be a finite positive number; got 0"),
        (lambda: SGD(0.1, momentum=1.5), r"momentum must be in \[0, 1\]; got 1.5"),
        (lambda: SGD(0.1, schedule="cosine"), r"schedule must be one of .*; got 'cosine'"),
        (lambda: Adam(beta_1=1.0), r"beta_1 must be in \[0, 1\); got 1.0"),
        (lambda: Adam(epsilon=0), r"epsilon must be a finite positive number; got 0"),
    ],
)
def test_bad_settings(make, message):
    with pytest.raises(ValueError, match=message):
        make()
