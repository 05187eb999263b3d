"""Each optimizer's update rule, worked out by hand."""

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier

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


def test_defaults():
    """Adam's are scikit-learn's; SGD's are the guide's plain SGD at 0.1, with sklearn's power_t."""
    sklearn = MLPClassifier().get_params()
    adam = Adam()
    assert (adam.learning_rate_init, adam.beta_1, adam.beta_2, adam.epsilon) == (
        sklearn["learning_rate_init"], sklearn["beta_1"], sklearn["beta_2"], sklearn["epsilon"]
    )  # fmt: skip
    sgd = SGD()
    assert (sgd.learning_rate_init, sgd.momentum, sgd.nesterov, sgd.schedule) == (
        0.1, 0.0, False, "constant"
    )  # fmt: skip
    assert sgd.power_t == sklearn["power_t"] == 0.5


def test_a_new_optimizer_has_taken_no_step():
    for opt in (SGD(0.3), Adam(0.3)):
        assert opt.learning_rate == opt.learning_rate_init == 0.3
    assert Adam().t == 0


def test_start_resets_adam():
    opt = Adam(0.01)
    run(opt, [G, G])
    assert opt.t == 2 and opt.learning_rate != 0.01  # the bias-corrected step size
    opt.start([W])
    assert opt.t == 0 and opt.learning_rate == 0.01
    (u,) = run(opt, [G])
    np.testing.assert_array_equal(u, run(Adam(0.01), [G])[0])


def test_bounds_are_allowed():
    """momentum in [0, 1], betas in [0, 1), power_t >= 0."""
    u1, u2 = run(SGD(0.1, momentum=1.0), [G, G])
    np.testing.assert_allclose(u2, 2 * u1, rtol=1e-15)  # v2 = v1 - eta g: nothing forgotten
    (u,) = run(Adam(0.1, beta_1=0.0, beta_2=0.0), [G])  # m = g, s = g**2
    np.testing.assert_allclose(u[:2], -0.1 * np.sign(G[:2]), rtol=1e-6)
    flat = SGD(0.5, schedule="invscaling", power_t=0.0)
    flat.start([W])
    flat.epoch_end(99)
    assert flat.learning_rate == 0.5  # 0.5 / 100 ** 0


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: SGD(0), "learning_rate must be a finite positive number; got 0"),
        (lambda: Adam(0), "learning_rate must be a finite positive number; got 0"),
        (lambda: SGD(0.1, momentum=1.5), "momentum must be in [0, 1]; got 1.5"),
        (
            lambda: SGD(0.1, momentum=-0.1),
            "momentum must be a finite non-negative number; got -0.1",
        ),
        (lambda: SGD(0.1, power_t=-1), "power_t must be a finite non-negative number; got -1"),
        (
            lambda: SGD(0.1, schedule="cosine"),
            "schedule must be one of ['adaptive', 'constant', 'invscaling']; got 'cosine'",
        ),
        (lambda: Adam(beta_1=1.0), "beta_1 must be in [0, 1); got 1.0"),
        (lambda: Adam(beta_2=1.0), "beta_2 must be in [0, 1); got 1.0"),
        (lambda: Adam(beta_2=-0.5), "beta_2 must be a finite non-negative number; got -0.5"),
        (lambda: Adam(epsilon=0), "epsilon must be a finite positive number; got 0"),
    ],
)
def test_bad_settings(make, expected):
    with pytest.raises(ValueError) as raised:
        make()
    assert str(raised.value) == expected
