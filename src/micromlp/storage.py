"""Save and load an `MLP` as an ``.npz`` archive of plain arrays (no pickle).

The archive holds ``layer_sizes``, ``activation``, ``output``, ``init``, the
``classes`` when the network has them, and ``W0, W1, ...``, ``b0, b1, ...``
(``W{l-1}`` is W[l]). Anything else, a missing array, a ``.npy`` file or bytes
that are no archive, is refused with a `ValueError` naming the path.

Examples
--------
>>> import tempfile, pathlib
>>> from micromlp import MLP
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = MLP([2, 3, 1], seed=1).save(folder / "net")
>>> path.name, MLP.load(folder / "net").layer_sizes
('net.npz', [2, 3, 1])
"""

import zipfile
from pathlib import Path

import numpy as np

SETTINGS = ("layer_sizes", "activation", "output", "init")
# Archives written before "output" and "init" were saved hold a sigmoid, uniform network.
DEFAULTS = {"output": np.array("sigmoid"), "init": np.array("uniform")}


def save(net, path):
    """Write ``net`` to ``path`` (``.npz`` added unless it ends so); return the path written."""
    path = Path(path)
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    arrays = {f"W{i}": W for i, W in enumerate(net.weights)}
    arrays.update({f"b{i}": b for i, b in enumerate(net.biases)})
    if net.classes_ is not None:
        classes = np.asarray(net.classes_)
        arrays["classes"] = classes.astype(str) if classes.dtype == object else classes
    np.savez(
        path,
        layer_sizes=np.array(net.layer_sizes),
        activation=np.array(net.activation),
        output=np.array(net.output),
        init=np.array(net.init),
        **arrays,
    )
    return path


def load(cls, path):
    """Read a network written by `save` from ``path`` (or ``path`` + ``.npz``)."""
    path = Path(path)
    if not path.exists() and path.with_name(path.name + ".npz").exists():
        path = path.with_name(path.name + ".npz")
    try:
        data = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
        raise ValueError(
            f"path must be an .npz archive written by MLP.save; {path} is not one "
            f"(numpy could not read it: {error.__class__.__name__})"
        ) from None
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise ValueError(
            f"path must be an .npz archive written by MLP.save; {path} holds a single "
            f"array of shape {np.shape(data)} (an .npy file)"
        )
    with data:
        try:
            settings = {**DEFAULTS, **{name: data[name] for name in data.files if name in SETTINGS}}
            missing = [name for name in SETTINGS if name not in settings]
            if missing:
                raise ValueError(f"lacks the arrays {missing}")
            net = cls(
                settings["layer_sizes"].tolist(),
                activation=str(settings["activation"]),
                output=str(settings["output"]),
                init=str(settings["init"]),
            )
            names = [f"W{i}" for i in range(net.n_layers)] + [f"b{i}" for i in range(net.n_layers)]
            missing = [name for name in names if name not in data.files]
            if missing:
                raise ValueError(f"lacks the arrays {missing}")
            n = net.n_layers
            net.set_params([data[f"W{i}"] for i in range(n)], [data[f"b{i}"] for i in range(n)])
            if "classes" in data.files:
                net.classes_ = data["classes"]
        except (ValueError, TypeError, zipfile.BadZipFile, OSError, EOFError) as error:
            raise ValueError(
                f"path must be an .npz archive written by MLP.save; {path} {error}"
            ) from None
    return net
