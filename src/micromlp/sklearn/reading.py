"""What scikit-learn reads from its arguments: parameters, data, labels, weights, seeds.

Each function calls the scikit-learn code that ``MLPClassifier.fit`` calls (its
parameter constraints, ``check_X_y``, ``LabelBinarizer``, ``type_of_target``,
``_check_sample_weight``, ``check_random_state``), so that micromlp reads every
input exactly as scikit-learn does: the same labels and classes, the same
errors, of the same types, with the same messages. What micromlp checks first
(``X``, with the messages of `micromlp.validation`) it checks in the same way.
"""

import numbers

import numpy as np

from ..validation import check_features


def check_parameters(estimator):
    """Apply scikit-learn's ``_parameter_constraints`` to the estimator's settings.

    Raises scikit-learn's ``InvalidParameterError`` (a ``ValueError`` and a
    ``TypeError``), whose message names the parameter, what it allows and the
    value it got; then the one check ``fit`` adds, on ``hidden_layer_sizes``.
    """
    estimator._validate_params()  # what scikit-learn's fit calls first
    hidden = hidden_layers(estimator.get_params()["hidden_layer_sizes"])
    if np.any(np.array(hidden) <= 0):
        raise ValueError(f"hidden_layer_sizes must be > 0, got {hidden}.")
    return hidden


def hidden_layers(sizes):
    """``hidden_layer_sizes`` as a list, an int made a list of one."""
    return list(sizes) if hasattr(sizes, "__iter__") else [sizes]


def read_data(classifier, X, y, n_features=None):
    """``(X, y)`` as scikit-learn's ``_validate_input`` leaves them (``y`` not yet binarized).

    ``X`` is checked by micromlp (its messages), then both by scikit-learn's
    ``check_X_y``: an object-dtype regression target becomes float64, a column
    ``y`` is flattened with scikit-learn's ``DataConversionWarning``.
    """
    import scipy.sparse
    from sklearn.utils import check_X_y, column_or_1d

    if scipy.sparse.issparse(X):
        raise TypeError(
            f"X must be a dense array (micromlp takes no sparse matrices); got {type(X).__name__}"
        )
    X = check_features(X, n_features)  # float32 stays float32, anything else is float64
    if np.ndim(y) == 0 or len(y) != len(X):
        raise ValueError(
            f"y must hold one label per sample, shape ({len(X)},); got shape {np.shape(y)}"
        )
    X, y = check_X_y(
        X, y, multi_output=True, y_numeric=not classifier, dtype=(np.float64, np.float32)
    )
    if y.ndim == 2 and y.shape[1] == 1:
        y = column_or_1d(y, warn=True)
    return X, y


def read_weights(sample_weight, X):
    """scikit-learn's ``_check_sample_weight``: None, or floats of shape ``(n_samples,)``."""
    from sklearn.utils.validation import _check_sample_weight

    return None if sample_weight is None else _check_sample_weight(sample_weight, X)


def random_state(seed, own=None):
    """The RandomState scikit-learn's fit draws from (``check_random_state``).

    An int gives a new RandomState at every call, as scikit-learn reseeds at every
    fit; a ``RandomState`` is copied once and that copy advances from call to call,
    so that the estimator's is left untouched: ``own`` is the pair ``(seed, copy)``
    the last call returned, kept by the caller, and its copy is used again while
    ``seed`` is the same object. None is numpy's global RandomState, as for
    scikit-learn. Returns ``(rng, own)``: what to draw from, and what to keep.

    Where scikit-learn draws from the estimator's own RandomState, the copy parts
    from it when the user draws from that RandomState between fits, or sets it
    again after another seed (a RandomState ``A``, then 0 or ``B``, then ``A``:
    scikit-learn goes on from ``A`` as its fits left it, the copy starts anew).
    """
    from sklearn.utils import check_random_state

    if isinstance(seed, np.random.RandomState):
        if own is None or own[0] is not seed:  # a RandomState not seen before
            copy = np.random.RandomState()
            copy.set_state(seed.get_state())
            own = (seed, copy)
        return own[1], own
    if seed is None or isinstance(seed, numbers.Integral):
        return check_random_state(seed), None
    raise ValueError(f"random_state must be None, an int or a RandomState; got {seed!r}")


class Labels:
    """The labels of a classifier as scikit-learn reads them, with its ``LabelBinarizer``.

    ``classes_`` from all of ``y`` (before any validation split); one class is a
    class (its targets all 0, every prediction that class); a -1/+1 or 0/2
    indicator matrix is multilabel and every nonzero entry a 1; float labels that
    are not whole numbers, and bytes, are refused with scikit-learn's errors.
    """

    def __init__(self, y=None, classes=None):
        from sklearn.preprocessing import LabelBinarizer
        from sklearn.utils.multiclass import type_of_target

        self.binarizer = LabelBinarizer()
        if classes is not None and not type_of_target(y).startswith("multilabel"):
            self.binarizer.fit(classes)  # partial_fit's first call: all the classes
        else:
            self.binarizer.fit(y)
        self.classes_ = self.binarizer.classes_

    @property
    def multiclass(self):
        """True for a softmax output (three or more classes, one per sample)."""
        return self.binarizer.y_type_ == "multiclass"

    def check(self, y, warm_start):
        """scikit-learn's rules for a later call: the same classes (warm start) or known ones."""
        from sklearn.utils.multiclass import unique_labels

        classes = unique_labels(y)
        if warm_start:
            if set(classes) != set(self.classes_):
                raise ValueError(
                    "warm_start can only be used where `y` has the same classes as in the "
                    f"previous call to fit. Previously got {self.classes_}, `y` has {classes}"
                )
        elif len(np.setdiff1d(classes, self.classes_, assume_unique=True)):
            raise ValueError(
                f"`y` has classes not in `self.classes_`. `self.classes_` has {self.classes_}. "
                f"'y' has {classes}."
            )

    def targets(self, y):
        """The 0/1 targets scikit-learn trains on, shape ``(n_samples, n_outputs)``.

        What ``LabelBinarizer.transform(y).astype(bool)`` gives, computed directly
        (a tenth of the time of a short fit): every nonzero entry of an indicator
        matrix is a 1; one column per class, the second class's column alone for
        two classes, a column of 0 for one.
        """
        y = np.asarray(y)
        if self.binarizer.y_type_.startswith("multilabel"):
            return (y != 0).astype(np.float64)
        onehot = (y.reshape(-1, 1) == self.classes_.reshape(1, -1)).astype(np.float64)
        if len(self.classes_) <= 2:
            return onehot[:, 1:] if len(self.classes_) == 2 else np.zeros((len(y), 1))
        return onehot

    def for_the_core(self, Y):
        """``(y, classes)`` for `micromlp.training.fit`: the same targets, in its terms.

        One sigmoid unit: 0/1 labels of classes [0, 1]; a softmax: class indices of
        classes 0..K-1; multilabel: the 0/1 matrix itself (classes None).
        """
        if self.multiclass:
            return Y.argmax(axis=1), np.arange(Y.shape[1])
        if Y.shape[1] == 1:
            return Y[:, 0], np.array([0.0, 1.0])
        return Y, None

    def decode(self, Y_hat):
        """Labels from outputs, as scikit-learn's ``predict`` (``inverse_transform``)."""
        return self.binarizer.inverse_transform(Y_hat[:, 0] if Y_hat.shape[1] == 1 else Y_hat)
