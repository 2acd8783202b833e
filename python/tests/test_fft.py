"""ndcore.fft against numpy.fft: values, dtypes, shapes and errors."""
import numpy as np
import pytest

import ndcore as nc

RNG = np.random.default_rng(5)


def rand(shape, dt):
    d = np.dtype(dt)
    if d.kind == "c":
        return (RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)).astype(d)
    if d.kind == "f":
        return RNG.standard_normal(shape).astype(d)
    return RNG.integers(-9, 9, size=shape).astype(d)


def check(got, want):
    got = np.asarray(got)
    assert got.dtype == want.dtype
    assert got.shape == want.shape
    tol = 1e-5 if want.dtype in (np.complex64, np.float32) else 1e-12
    scale = max(np.abs(want).max(initial=0.0), 1e-300)
    assert np.abs(got.astype(complex) - want.astype(complex)).max(initial=0.0) <= tol * scale


@pytest.mark.parametrize("dt", ["float64", "float32", "complex128", "complex64", "int16"])
@pytest.mark.parametrize("func", ["fft", "ifft", "irfft", "hfft", "rfft", "ihfft"])
@pytest.mark.parametrize("n", [None, 5, 16])
@pytest.mark.parametrize("norm", [None, "ortho", "forward"])
def test_1d_matches_numpy(dt, func, n, norm):
    x = rand((3, 11), dt)
    if func in ("rfft", "ihfft") and np.dtype(dt).kind == "c":
        with pytest.raises(TypeError):
            getattr(nc.fft, func)(x)
        return
    want = getattr(np.fft, func)(x, n=n, norm=norm)
    check(getattr(nc.fft, func)(nc.asarray(x), n=n, norm=norm), want)
    # axis 0 of a transposed (non-contiguous) view
    check(getattr(nc.fft, func)(nc.asarray(x.T), n=n, axis=0, norm=norm), getattr(np.fft, func)(x.T, n=n, axis=0, norm=norm))


@pytest.mark.parametrize("func", ["fftn", "ifftn", "rfftn", "irfftn", "fft2", "ifft2", "rfft2", "irfft2"])
@pytest.mark.parametrize("s_axes", [(None, None), ([4, 6], [0, 2]), ([-1, 5], [2, 1])])
def test_nd_matches_numpy(func, s_axes):
    s, axes = s_axes
    x = rand((4, 5, 6), "float64")
    kw = {}
    if s is not None:
        kw = {"s": s, "axes": axes}
    check(getattr(nc.fft, func)(nc.asarray(x), **kw), getattr(np.fft, func)(x, **kw))


def test_helpers_and_out():
    for n in (1, 4, 7):
        check(nc.fft.fftfreq(n, 0.3), np.fft.fftfreq(n, 0.3))
        check(nc.fft.rfftfreq(n), np.fft.rfftfreq(n))
    a = np.arange(24).reshape(4, 6)
    assert np.array_equal(np.asarray(nc.fft.fftshift(nc.asarray(a))), np.fft.fftshift(a))
    assert np.array_equal(np.asarray(nc.fft.ifftshift(nc.asarray(a), axes=1)), np.fft.ifftshift(a, axes=1))
    x = rand((8,), "complex128")
    out = nc.empty((8,), dtype="complex128")
    r = nc.fft.fft(nc.asarray(x), out=out)
    check(out, np.fft.fft(x))
    assert np.shares_memory(np.asarray(r), np.asarray(out))


def test_errors_match_numpy():
    x = nc.asarray(np.arange(4.0))
    with pytest.raises(ValueError, match=r"Invalid number of FFT data points \(0\) specified."):
        nc.fft.fft(x, n=0)
    with pytest.raises(ValueError, match="Invalid norm value"):
        nc.fft.fft(x, norm="bogus")
    with pytest.raises(IndexError):
        nc.fft.fft(x, axis=2)
    with pytest.raises(ValueError, match="output array has wrong shape."):
        nc.fft.fft(x, out=nc.empty((5,), dtype="complex128"))


def test_plan_cache_controls():
    nc.fft.clear_plan_cache()
    assert nc.fft.plan_cache_size() == 0
    nc.fft.fft(nc.asarray(rand((64,), "complex128")))
    assert nc.fft.plan_cache_size() == 1
