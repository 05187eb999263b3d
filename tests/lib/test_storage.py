"""Save and load: a round trip keeps everything; foreign files get a clear ValueError."""

import numpy as np
import pytest

from micromlp import MLP, guide, load_golf


def test_round_trip_keeps_weights_settings_and_classes(tmp_path):
    net = guide.trained_network()
    path = net.save(tmp_path / "net")
    assert path == tmp_path / "net.npz" and path.exists()
    for where in (tmp_path / "net", path):  # as given to save, or as it returned
        loaded = MLP.load(where)
        assert loaded.layer_sizes == net.layer_sizes
        assert (loaded.activation, loaded.output, loaded.init) == ("relu", "sigmoid", "uniform")
        for W, V in zip(net.weights + net.biases, loaded.weights + loaded.biases, strict=True):
            assert np.array_equal(W, V)
        assert np.array_equal(loaded.classes_, net.classes_)
        X = load_golf().X
        assert np.array_equal(net.predict(X), loaded.predict(X))


def test_string_classes_and_softmax_survive(tmp_path):
    net = MLP([2, 3, 3], output="softmax", activation="tanh", init="glorot", seed=1)
    net.fit(np.eye(3)[:, :2], np.array(["a", "b", "c"], dtype=object), epochs=2)
    path = net.save(tmp_path / "three.npz")
    assert path == tmp_path / "three.npz"  # not three.npz.npz
    loaded = MLP.load(path)
    assert loaded.classes_.tolist() == ["a", "b", "c"]
    assert (loaded.output, loaded.activation, loaded.init) == ("softmax", "tanh", "glorot")


def broken_files(tmp_path):
    np.savez(tmp_path / "other.npz", a=np.zeros(3))
    MLP([2, 3, 1]).save(tmp_path / "lacks")
    with np.load(tmp_path / "lacks.npz") as data:
        arrays = {k: data[k] for k in data.files if k != "W1"}
    np.savez(tmp_path / "lacks.npz", **arrays)
    np.save(tmp_path / "single.npy", np.zeros(3))
    (tmp_path / "junk.npz").write_bytes(b"this is not an archive at all")
    good = MLP([2, 3, 1]).save(tmp_path / "good").read_bytes()
    (tmp_path / "corrupt.npz").write_bytes(good[: len(good) // 2])
    good_arrays = dict(np.load(tmp_path / "good.npz"))
    np.savez(tmp_path / "bytes.npz", **{**good_arrays, "layer_sizes": np.array(b"2 3 1")})
    np.savez(tmp_path / "shape.npz", **{**good_arrays, "W0": np.ones(4)})
    with np.load(tmp_path / "good.npz") as data:
        arrays = {k: data[k] for k in data.files}
    arrays["activation"] = np.array(["relu", "tanh"])
    np.savez(tmp_path / "two.npz", **arrays)
    flipped = bytearray(good)  # one byte of the data of a member changed: a CRC error
    flipped[good.index(b"W0.npy") + 200] ^= 0xFF
    (tmp_path / "crc.npz").write_bytes(bytes(flipped))
    return {
        "bytes.npz": r"path must be",
        "shape.npz": r"W0\]? must have shape|weights\[0\] must have shape",
        "two.npz": r"path must be",
        "crc.npz": r"path must be",
        "other.npz": r"lacks the arrays \['layer_sizes', 'activation'\]",
        "lacks.npz": r"lacks the arrays \['W1'\]",
        "single.npy": r"holds a single array of shape \(3,\) \(an \.npy file\)",
        "junk.npz": r"is not one \(numpy could not read it",
        "corrupt.npz": r"is not one \(numpy could not read it",
    }


def test_foreign_and_broken_files(tmp_path):
    for name, reason in broken_files(tmp_path).items():
        path = tmp_path / name
        with pytest.raises(ValueError, match=r"path must be an \.npz archive written by MLP\.save"):
            MLP.load(path)
        with pytest.raises(ValueError, match=reason) as error:
            MLP.load(path)
        assert str(path) in str(error.value)


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        MLP.load(tmp_path / "nowhere.npz")


def test_a_path_that_exists_is_read_as_given(tmp_path):
    MLP([2, 3, 1]).save(tmp_path / "net")  # net.npz
    (tmp_path / "net").write_bytes(b"not a network")
    with pytest.raises(ValueError) as error:
        MLP.load(tmp_path / "net")
    assert str(error.value) == (
        f"path must be an .npz archive written by MLP.save; {tmp_path / 'net'} is not one "
        "(numpy could not read it: ValueError)"
    )


def test_save_into_a_folder_and_not_into_a_missing_one(tmp_path):
    assert MLP([2, 3, 1]).save(tmp_path) == tmp_path / "mlp.npz"
    assert MLP.load(tmp_path / "mlp.npz").layer_sizes == [2, 3, 1]
    for missing in (tmp_path / "nowhere" / "net", f"{tmp_path / 'nowhere'}/"):
        with pytest.raises(FileNotFoundError) as error:
            MLP([2, 3, 1]).save(missing)
        assert str(error.value) == (
            f"path must be in a folder that exists; {tmp_path / 'nowhere'} does not"
        )
    assert not (tmp_path / "nowhere").exists()


def test_a_trailing_slash_names_a_folder_where_the_separator_is_a_backslash(tmp_path, monkeypatch):
    # On Windows os.sep is "\\", and "nowhere/" still names a folder, not a file "nowhere.npz"
    import micromlp.storage

    with monkeypatch.context() as patch, pytest.raises(FileNotFoundError) as error:
        patch.setattr(micromlp.storage.os, "sep", "\\")
        MLP([2, 3, 1]).save(f"{tmp_path / 'nowhere'}/")
    assert str(error.value) == (
        f"path must be in a folder that exists; {tmp_path / 'nowhere'} does not"
    )
    assert list(tmp_path.iterdir()) == []


def test_float32_network_stays_float32(tmp_path):
    net = MLP([2, 3, 1], seed=0, dtype="float32")
    loaded = MLP.load(net.save(tmp_path / "net32"))
    assert loaded.dtype == "float32"
    for ours, theirs in zip(loaded.weights + loaded.biases, net.weights + net.biases):
        assert ours.dtype == np.float32 and np.array_equal(ours, theirs)
    assert MLP.load(MLP([2, 3, 1], seed=0).save(tmp_path / "net64")).dtype == "float64"
