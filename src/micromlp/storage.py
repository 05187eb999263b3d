"""Save and load an `MLP` as an ``.npz`` archive of plain arrays (no pickle).

The archive holds ``layer_sizes``, ``activation``, ``output``, ``init``, the
``classes`` when the network has them, and ``W0, W1, ...``, ``b0, b1, ...``
(``W{l-1}`` is W[l]). Anything else, a missing or broken array, a ``.npy`` file
or bytes that are no archive, is refused with a `ValueError` naming the path.

Examples
--------
>>> import tempfile, pathlib
>>> from micromlp import MLP
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = MLP([2, 3, 1], seed=1).save(folder / "net")
>>> path.name, MLP.load(folder / "net").layer_sizes
('net.npz', [2, 3, 1])
"""

import os
import zipfile
from pathlib import Path

import numpy as np

SETTINGS = ("layer_sizes", "activation", "output", "init")
# Archives written before "output" and "init" were saved hold a sigmoid, uniform network.
DEFAULTS = {"output": np.array("sigmoid"), "init": np.array("uniform")}


def save(net, path):
    """Write ``net`` to ``path`` (``.npz`` added unless it ends so); return the path written.

    A folder that exists receives ``mlp.npz``; a folder that does not is an error
    (a `FileNotFoundError` naming it), never created.
    """
    folder_named = str(path).endswith(("/", os.sep))  # "dir/": Path would drop the slash
    path = Path(path)
    if path.is_dir():
        path = path / "mlp.npz"
    elif folder_named or not path.parent.is_dir():
        folder = path if folder_named else path.parent
        raise FileNotFoundError(f"path must be in a folder that exists; {folder} does not")
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    arrays = {f"W{i}": W for i, W in enumerate(net.weights)}
    arrays.update({f"b{i}": b for i, b in enumerate(net.biases)})
    if net.classes_ is not None:  # numbers, booleans or strings (targets.encode makes them so)
        arrays["classes"] = np.asarray(net.classes_)
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
    # numpy reads from a file opened (and closed) here: a broken archive makes
    # np.load(path) raise with the file it opened itself left open.
    with open(path, "rb") as file:
        try:
            data = np.load(file, allow_pickle=False)
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
                return _network(cls, data)
            except (ValueError, TypeError) as error:
                raise ValueError(
                    f"path must be an .npz archive written by MLP.save; {path} {error}"
                ) from None
            except Exception as error:  # whatever else is broken inside the archive
                raise ValueError(
                    f"path must be an .npz archive written by MLP.save; {path} holds a broken "
                    f"member ({error.__class__.__name__}: {error})"
                ) from None


def _network(cls, data):
    """The network held by the open archive ``data``."""
    settings = {**DEFAULTS, **{name: data[name] for name in data.files if name in SETTINGS}}
    missing = [name for name in SETTINGS if name not in settings]
    if missing:
        raise ValueError(f"lacks the arrays {missing}")
    net = cls(
        settings["layer_sizes"].tolist(),
        activation=str(settings["activation"]),
        output=str(settings["output"]),
        init=str(settings["init"]),
        dtype="float32" if "W0" in data.files and data["W0"].dtype == np.float32 else "float64",
    )
    n = net.n_layers
    names = [f"{kind}{i}" for kind in "Wb" for i in range(n)]  # W0, W1, ..., b0, b1, ...
    missing = [name for name in names if name not in data.files]
    if missing:
        raise ValueError(f"lacks the arrays {missing}")
    net.set_params([data[f"W{i}"] for i in range(n)], [data[f"b{i}"] for i in range(n)])
    if "classes" in data.files:
        net.classes_ = data["classes"]
    return net
