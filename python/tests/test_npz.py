"""ndcore.savez / savez_compressed / load of .npz and load(mmap_mode=...), with NumPy as
the oracle both ways: archives written here load in NumPy, NumPy's load here."""
import os
import zipfile

import numpy as np
import pytest

import ndcore as nc
from helpers import DTYPES, same


def ramp(dtype, shape, order="C"):
    n = int(np.prod(shape, dtype=np.int64))
    if dtype == "bool":
        v = np.arange(n) % 3 == 0
    elif dtype.startswith(("float", "complex")):
        v = (np.arange(n) - 5) / 3.0
        if dtype.startswith("complex"):
            v = v + 0.5j * np.arange(n)
    else:
        v = np.arange(n) * 7 + (0 if dtype.startswith("u") else -40)
    return np.array(v.astype(dtype).reshape(shape), order=order)


def arrays():
    """One array per dtype and layout numpy.savez meets (keys are valid Python names)."""
    out = {}
    for d in DTYPES:
        out[f"{d}_c"] = ramp(d, (3, 4))
        out[f"{d}_f"] = ramp(d, (2, 3, 4), order="F")
        out[f"{d}_0d"] = ramp(d, ())
        out[f"{d}_empty"] = np.zeros((0, 3), dtype=d)
    return out


def mapping_path(addr):
    """The file mapped at address `addr` in this process, or None."""
    with open("/proc/self/maps") as fh:
        for line in fh:
            parts = line.split(maxsplit=5)
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            if lo <= addr < hi:
                return parts[5].strip() if len(parts) == 6 else None
    return None


def data_address(a):
    return a.__array_interface__["data"][0]


# ---- ours -> NumPy ----


@pytest.mark.parametrize("compressed", [False, True])
def test_ours_load_in_numpy(tmp_path, compressed):
    src = arrays()
    path = tmp_path / "ours.npz"
    (nc.savez_compressed if compressed else nc.savez)(path, **{k: nc.asarray(v) for k, v in src.items()})
    with np.load(path) as z:
        assert z.files == list(src)
        for k, want in src.items():
            got = z[k]
            assert got.dtype == want.dtype and got.shape == want.shape, k
            assert got.flags.f_contiguous == want.flags.f_contiguous, k
            assert got.flags.c_contiguous == want.flags.c_contiguous, k
            np.testing.assert_array_equal(got, want)
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None  # every CRC-32 right
        want_method = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
        assert {i.compress_type for i in zf.infolist()} == {want_method}


def test_members_are_np_save_images(tmp_path):
    a = ramp("float32", (5, 6), order="F")
    nc.savez(tmp_path / "ours.npz", a=nc.asarray(a))
    np.save(tmp_path / "a.npy", a)
    with zipfile.ZipFile(tmp_path / "ours.npz") as zf:
        assert zf.read("a.npy") == (tmp_path / "a.npy").read_bytes()


def test_names_order_and_suffix_as_numpy(tmp_path):
    x, y, z = ramp("int8", (2,)), ramp("float64", (3,)), ramp("uint16", (4,))
    nc.savez(tmp_path / "ours", x, y, kw=z)  # ".npz" appended, as NumPy does
    np.savez(tmp_path / "theirs", x, y, kw=z)
    assert (tmp_path / "ours.npz").exists()
    with np.load(tmp_path / "ours.npz") as ours, np.load(tmp_path / "theirs.npz") as theirs:
        assert ours.files == theirs.files == ["kw", "arr_0", "arr_1"]
        for k in theirs.files:
            np.testing.assert_array_equal(ours[k], theirs[k])
    with pytest.raises(ValueError, match="arr_0"):
        nc.savez(tmp_path / "bad.npz", x, arr_0=y)
    with pytest.raises(ValueError, match="arr_0"):
        np.savez(tmp_path / "bad.npz", x, arr_0=y)


def test_unicode_names_load_in_numpy(tmp_path):
    nc.savez(tmp_path / "u.npz", **{"µ": nc.asarray([1.0, 2.0]), "naïve_名": nc.asarray([3])})
    with np.load(tmp_path / "u.npz") as z:
        assert z.files == ["µ", "naïve_名"]
        np.testing.assert_array_equal(z["naïve_名"], [3])


def test_non_contiguous_and_numpy_inputs(tmp_path):
    base = ramp("int32", (6, 8))
    views = {"strided": base[::2, 1::3], "reversed": base[::-1, ::-2], "bcast": np.broadcast_to(base[0], (3, 8))}
    nc.savez_compressed(tmp_path / "v.npz", **views)  # NumPy arrays straight in
    nc.savez(tmp_path / "w.npz", **{k: nc.asarray(v) for k, v in views.items()})
    for name in ("v.npz", "w.npz"):
        with np.load(tmp_path / name) as z:
            for k, v in views.items():
                np.testing.assert_array_equal(z[k], v)
                assert z[k].flags.c_contiguous


def test_forced_zip64_loads_in_numpy(tmp_path):
    path = str(tmp_path / "z64.npz")
    src = {"a": ramp("float64", (3, 4)), "b": ramp("complex64", (5,))}
    for compress in (False, True):
        nc._core._savez(path, [(k, nc.asarray(v)) for k, v in src.items()], compress, True)
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None
        with np.load(path) as z:
            for k, v in src.items():
                np.testing.assert_array_equal(z[k], v)


def test_more_than_65535_members_both_ways(tmp_path):
    n = 65537
    arrs = [np.array([i % 100], dtype=np.int8) for i in range(n)]
    nc.savez(tmp_path / "ours.npz", *arrs)
    with np.load(tmp_path / "ours.npz") as z:
        assert len(z.files) == n
        assert z.files[-1] == f"arr_{n - 1}"
        np.testing.assert_array_equal(z[f"arr_{n - 1}"], arrs[-1])
        np.testing.assert_array_equal(z["arr_70"], arrs[70])
    np.savez(tmp_path / "theirs.npz", *arrs)
    with nc.load(tmp_path / "theirs.npz") as z:
        assert len(z) == n
        assert z.files == [f"arr_{i}" for i in range(n)]
        same(z[f"arr_{n - 1}"], arrs[-1])


# ---- NumPy -> ours ----


@pytest.mark.parametrize("compressed", [False, True])
def test_numpy_archives_load_here(tmp_path, compressed):
    src = arrays()
    src["be"] = ramp("float64", (3, 4)).astype(">f8")
    src["big"] = np.arange(100_000, dtype=np.int64).reshape(250, 400)
    path = tmp_path / "theirs.npz"
    (np.savez_compressed if compressed else np.savez)(path, **src)
    with nc.load(path) as z:
        assert z.files == list(src)
        for k, want in src.items():
            got = z[k]
            assert isinstance(got, nc.ndarray)
            same(got, want.astype(want.dtype.newbyteorder("=")))
            assert got.flags.f_contiguous == want.flags.f_contiguous, k
    with nc.load(path) as z, np.load(path) as zn:
        for k in zn.files:
            np.testing.assert_array_equal(np.asarray(z[k]), zn[k])


def test_npzfile_interface(tmp_path):
    path = tmp_path / "theirs.npz"
    np.savez(path, a=ramp("float64", (2, 3)), b=ramp("int16", (4,)), c=ramp("bool", (3,)), d=ramp("uint8", (1,)),
             e=ramp("float32", (2,)), f=ramp("int64", (2,)))
    z = nc.load(path)
    zn = np.load(path)
    try:
        assert repr(z) == repr(zn)
        assert z.files == zn.files
        assert list(z.keys()) == list(zn.keys())
        assert len(z) == len(zn) == 6
        assert "a" in z and "a.npy" in z and "zz" not in z
        same(z["a.npy"], zn["a"])
        same(z.f.b, zn.f.b)
        assert [k for k, _ in z.items()] == [k for k, _ in zn.items()]
        for (_, got), (_, want) in zip(z.items(), zn.items()):
            same(got, want)
        with pytest.raises(KeyError, match="zz is not a file in the archive"):
            z["zz"]
        with pytest.raises(KeyError):
            zn["zz"]
        with pytest.raises(AttributeError):
            z.f.zz
    finally:
        z.close()
        zn.close()
    with pytest.raises(ValueError, match="closed"):
        z["a"]
    z.close()  # twice is fine
    with nc.load(path) as z2:
        same(z2["c"], zn_c := np.load(path)["c"])
        assert zn_c.dtype == np.bool_
    with pytest.raises(ValueError, match="closed"):
        z2["c"]


def test_empty_archive_and_mmap_mode_ignored_for_archives(tmp_path):
    np.savez(tmp_path / "empty.npz")
    with nc.load(tmp_path / "empty.npz") as z:
        assert z.files == [] and len(z) == 0
    np.savez(tmp_path / "one.npz", a=ramp("int32", (3,)))
    with nc.load(tmp_path / "one.npz", mmap_mode="r") as z, np.load(tmp_path / "one.npz", mmap_mode="r") as zn:
        same(z["a"], zn["a"])


def test_corrupted_archives_raise_oserror(tmp_path):
    path = tmp_path / "ok.npz"
    nc.savez(path, a=nc.asarray(ramp("float64", (20,))), b=nc.asarray(ramp("int32", (5,))))
    good = path.read_bytes()
    bad = tmp_path / "bad.npz"
    bad.write_bytes(good[:-5])
    with pytest.raises(OSError, match="no end of central directory"):
        nc.load(bad)
    with pytest.raises(zipfile.BadZipFile):
        np.load(bad)
    flipped = bytearray(good)
    flipped[good.index(b"\x93NUMPY") + 140] ^= 0x10  # a data byte of member a.npy
    bad.write_bytes(bytes(flipped))
    with nc.load(bad) as z:
        same(z["b"], ramp("int32", (5,)))
        with pytest.raises(OSError, match=r"member 'a\.npy': bad CRC-32"):
            z["a"]
    with np.load(bad) as zn, pytest.raises(zipfile.BadZipFile):
        zn["a"]
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("note.txt", b"hello")
    with nc.load(bad) as z:
        assert z.files == ["note.txt"]
        with pytest.raises(OSError, match="not a .npy file"):
            z["note.txt"]


# ---- memory mapping ----


def test_mmap_r_is_a_readonly_view_of_the_file(tmp_path):
    want = ramp("float64", (300, 500))
    path = tmp_path / "a.npy"
    np.save(path, want)
    a = nc.load(path, mmap_mode="r")
    an = np.load(path, mmap_mode="r")
    same(a, want)
    assert a.flags.writeable is False and an.flags.writeable is False
    assert mapping_path(data_address(a)) == os.path.realpath(path)
    with pytest.raises(ValueError):
        a[0, 0] = 1.0
    with pytest.raises(ValueError):
        an[0, 0] = 1.0
    with pytest.raises(ValueError):
        a.flags.writeable = True
    # A NumPy view keeps the mapping alive after the ndcore array is gone.
    v = np.asarray(a)
    addr = data_address(a)
    del a
    assert mapping_path(addr) == os.path.realpath(path)
    np.testing.assert_array_equal(v, want)
    del v
    assert mapping_path(addr) is None


def test_mmap_c_writes_stay_in_memory(tmp_path):
    want = ramp("int32", (4, 5), order="F")
    path = tmp_path / "c.npy"
    np.save(path, want)
    before = path.read_bytes()
    a = nc.load(path, mmap_mode="c")
    an = np.load(path, mmap_mode="c")
    assert a.flags.writeable and an.flags.writeable
    assert a.flags.f_contiguous and not a.flags.c_contiguous
    a[1, 2] = 999
    an[1, 2] = 999
    np.testing.assert_array_equal(np.asarray(a), np.asarray(an))
    del a, an
    assert path.read_bytes() == before


def test_mmap_r_plus_writes_reach_the_file(tmp_path):
    path = tmp_path / "rw.npy"
    np.save(path, ramp("complex128", (3, 3)))
    a = nc.load(path, mmap_mode="r+")
    a[2, 2] = 5 - 6j
    del a
    got = np.load(path)
    assert got[2, 2] == 5 - 6j
    np.testing.assert_array_equal(got[0], ramp("complex128", (3, 3))[0])


def test_mmap_huge_sparse_file_maps_without_reading(tmp_path):
    n = 1 << 29  # 4 GiB of float64, a sparse file
    path = tmp_path / "huge.npy"
    mm = np.lib.format.open_memmap(path, mode="w+", dtype=np.float64, shape=(n,))
    mm[12345] = 2.5
    mm.flush()
    del mm
    a = nc.load(path, mmap_mode="r")
    assert a.shape == (n,)
    assert a[12345] == 2.5 and a[n - 1] == 0.0
    assert mapping_path(data_address(a)) == os.path.realpath(path)


def test_mmap_errors(tmp_path):
    path = tmp_path / "be.npy"
    np.save(path, ramp("float64", (3,)).astype(">f8"))
    with pytest.raises(OSError, match="byte order"):
        nc.load(path, mmap_mode="r")
    np.save(tmp_path / "ok.npy", ramp("float64", (3,)))
    with pytest.raises(ValueError, match="mmap_mode"):
        nc.load(tmp_path / "ok.npy", mmap_mode="x")
    with pytest.raises(OSError, match="cannot open"):
        nc.load(tmp_path / "missing.npy", mmap_mode="r")
    e = nc.load(tmp_path / "ok.npy", mmap_mode="c")
    same(e, ramp("float64", (3,)))
