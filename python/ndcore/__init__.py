"""ndcore: NumPy-like strided n-dimensional arrays, backed by the nd C++ library.

The compiled core (ndcore._core) holds the array type, the ufuncs and the kernels;
this package adds NumPy's function signatures, printing, pickling and interop.
"""
from . import _core
from ._core import AxisError, dtype, ndarray, ufunc
from ._functions import *  # noqa: F401,F403
from ._functions import __all__ as _functions_all
from ._extras import *  # noqa: F401,F403
from ._extras import __all__ as _extras_all
from ._stats import *  # noqa: F401,F403
from ._stats import __all__ as _stats_all
from ._array_api import *  # noqa: F401,F403
from ._array_api import __all__ as _array_api_all
from ._array_api import __array_api_version__, __array_namespace_info__  # noqa: F401
from ._ndarray import install as _install_ndarray
from ._ufuncs import install as _install_ufuncs
from . import fft  # noqa: E402  (ndcore.fft, as numpy.fft)
from . import linalg  # noqa: E402  (ndcore.linalg, as numpy.linalg)
from . import random  # noqa: E402  (ndcore.random, as numpy.random)
from .linalg import einsum, einsum_path  # noqa: E402  (top level, as numpy.einsum)

__version__ = "0.1.0"

bool_ = _core._dtype_bool
bool = bool_  # noqa: A001  (NumPy 2 spells it np.bool too)
int8 = _core._dtype_int8
int16 = _core._dtype_int16
int32 = _core._dtype_int32
int64 = _core._dtype_int64
uint8 = _core._dtype_uint8
uint16 = _core._dtype_uint16
uint32 = _core._dtype_uint32
uint64 = _core._dtype_uint64
float16 = _core._dtype_float16
float32 = _core._dtype_float32
float64 = _core._dtype_float64
complex64 = _core._dtype_complex64
complex128 = _core._dtype_complex128
intp = int_ = int64
uintp = uint64
half, single, double = float16, float32, float64
csingle, cdouble = complex64, complex128

newaxis = None
pi = 3.141592653589793
e = 2.718281828459045
inf = float("inf")
nan = float("nan")

_ufunc_table = _install_ufuncs(globals())
_install_ndarray()
_core._install_fast_slots()  # last: setting class attributes afterwards would reset the C slots


def _ufunc_by_name(name):
    """Unpickles a ufunc (ufuncs pickle by name, as NumPy's)."""
    return _ufunc_table[name]


__all__ = (
    ["AxisError", "dtype", "ndarray", "ufunc", "newaxis", "pi", "e", "inf", "nan"]
    + [
        "bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "float16", "float32", "float64", "complex64", "complex128", "intp", "uintp", "int_", "half", "single",
        "double", "csingle", "cdouble",
    ]
    + [n for n in _functions_all if not n.startswith("_")]
    + list(_extras_all)
    + list(_stats_all)
    + list(_array_api_all)
    + ["einsum", "einsum_path"]
    + sorted(_ufunc_table)
)
