"""ndcore.fft: numpy.fft's functions on nd's FFTW backend (see docs/fft.md).

Same arguments, dtype rules (float32 stays single precision; integers and bool compute in
double) and errors as numpy.fft. Extra: plan-cache and planner controls.
"""
from . import _core

_f = _core._fft

__all__ = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fftn", "ifftn", "rfftn", "irfftn", "fft2", "ifft2",
           "rfft2", "irfft2", "fftfreq", "rfftfreq", "fftshift", "ifftshift"]


def fft(a, n=None, axis=-1, norm=None, out=None):
    return _f.fft(a, n, axis, norm, out)


def ifft(a, n=None, axis=-1, norm=None, out=None):
    return _f.ifft(a, n, axis, norm, out)


def rfft(a, n=None, axis=-1, norm=None, out=None):
    return _f.rfft(a, n, axis, norm, out)


def irfft(a, n=None, axis=-1, norm=None, out=None):
    return _f.irfft(a, n, axis, norm, out)


def hfft(a, n=None, axis=-1, norm=None, out=None):
    return _f.hfft(a, n, axis, norm, out)


def ihfft(a, n=None, axis=-1, norm=None, out=None):
    return _f.ihfft(a, n, axis, norm, out)


def fftn(a, s=None, axes=None, norm=None, out=None):
    return _f.fftn(a, s, axes, norm, out)


def ifftn(a, s=None, axes=None, norm=None, out=None):
    return _f.ifftn(a, s, axes, norm, out)


def rfftn(a, s=None, axes=None, norm=None, out=None):
    return _f.rfftn(a, s, axes, norm, out)


def irfftn(a, s=None, axes=None, norm=None, out=None):
    return _f.irfftn(a, s, axes, norm, out)


def fft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return _f.fft2(a, s, axes, norm, out)


def ifft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return _f.ifft2(a, s, axes, norm, out)


def rfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return _f.rfft2(a, s, axes, norm, out)


def irfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return _f.irfft2(a, s, axes, norm, out)


def fftfreq(n, d=1.0, device=None):
    return _f.fftfreq(n, d)


def rfftfreq(n, d=1.0, device=None):
    return _f.rfftfreq(n, d)


def fftshift(x, axes=None):
    return _f.fftshift(x, axes)


def ifftshift(x, axes=None):
    return _f.ifftshift(x, axes)


# nd extras: the plan cache and FFTW's planner.
clear_plan_cache = _f.clear_plan_cache
plan_cache_size = _f.plan_cache_size
set_planner = _f.set_planner
export_wisdom = _f.export_wisdom
import_wisdom = _f.import_wisdom
