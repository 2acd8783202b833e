"""str() of arrays: NumPy's str layout (space separated, 75 columns) over the element
strings of the C++ repr, and NumPy's str of a scalar for 0-d arrays."""
import math
import struct

THRESHOLD = 1000
EDGEITEMS = 3
LINEWIDTH = 75


# NumPy prints a scalar positionally when 1e-4 <= |x| < this bound (by item size), else in
# scientific notation; the digits are the shortest that read back to the same value.
_POSITIONAL_MAX = {2: 1e3, 4: 1e6, 8: 1e16}


def _shortest(value, fmt):
    """(digits, text): the fewest significant digits reading back to `value` as struct `fmt`."""
    stored = struct.unpack(fmt, struct.pack(fmt, value))[0]
    for digits in range(1, 18):
        text = f"{stored:.{digits}g}"
        try:
            back = struct.unpack(fmt, struct.pack(fmt, float(text)))[0]
        except OverflowError:  # rounded up past the largest finite value
            continue
        if back == stored:
            return digits, text
    return 17, repr(stored)


def _float_str(value, itemsize):
    if itemsize == 8 or math.isnan(value) or math.isinf(value):
        return repr(value)  # Python's repr is NumPy's str for float64
    digits, text = _shortest(value, "e" if itemsize == 2 else "f")
    stored = abs(float(text))
    if stored == 0 or 1e-4 <= abs(value) < _POSITIONAL_MAX[itemsize]:
        return repr(float(text))
    return f"{float(text):.{digits - 1}e}"


def _complex_part(value, itemsize):
    text = _float_str(value, itemsize)
    return text[:-2] if text.endswith(".0") else text


def scalar_str(a):
    """str() of the element of a 0-d array, as NumPy prints the scalar."""
    value = a.item()
    kind = a.dtype.kind
    if kind == "f":
        return _float_str(value, a.itemsize)
    if kind == "c":
        half = a.itemsize // 2
        re, im = value.real, value.imag
        imag = _complex_part(im, half)
        if re == 0 and math.copysign(1.0, re) > 0:
            return imag + "j"
        sign = "" if imag.startswith("-") or (math.isnan(im) and imag.startswith("-")) else "+"
        return "(" + _complex_part(re, half) + sign + imag + "j)"
    return str(value)


def _words(a):
    """Element strings of the displayed elements, in C order, padded as NumPy pads them."""
    text = a._repr_wide()
    inner = text[text.index("[") + 1 : text.rindex("]")]
    return inner.split(", ")


def _displayed(a, summarize):
    """The elements NumPy shows (edge items on each long axis), and which axes were cut."""
    from . import concatenate

    cut = []
    for axis in range(a.ndim):
        n = a.shape[axis]
        if summarize and n > 2 * EDGEITEMS:
            head = (slice(None),) * axis + (slice(None, EDGEITEMS),)
            tail = (slice(None),) * axis + (slice(-EDGEITEMS, None),)
            a = concatenate([a[head], a[tail]], axis=axis)
            cut.append(True)
        else:
            cut.append(False)
    return a, cut


def _extend(s, line, word, width, prefix):
    if len(line) + len(word) > width and len(line) > len(prefix):
        s += line.rstrip() + "\n"
        line = prefix
    return s, line + word


def _layout(words, shape, cut, depth, hanging, width, sep=" "):
    axes_left = len(shape) - depth
    n = shape[depth]
    if cut[depth]:
        leading, trailing, summary = EDGEITEMS, EDGEITEMS, True
    else:
        leading, trailing, summary = 0, n, False
    next_hanging, next_width = hanging + " ", width - 1
    if axes_left == 1:
        elem_width = width - max(len(sep.rstrip()), 1)
        s, line = "", hanging
        for _ in range(leading):
            s, line = _extend(s, line, next(words), elem_width, hanging)
            line += sep
        if summary:
            s, line = _extend(s, line, "...", elem_width, hanging)
            line += sep
        for _ in range(trailing - 1):
            s, line = _extend(s, line, next(words), elem_width, hanging)
            line += sep
        s, line = _extend(s, line, next(words), elem_width, hanging)
        s += line
    else:
        line_sep = sep.rstrip() + "\n" * (axes_left - 1)
        s = ""
        for _ in range(leading):
            s += hanging + _layout(words, shape, cut, depth + 1, next_hanging, next_width, sep) + line_sep
        if summary:
            s += hanging + "..." + line_sep
        for _ in range(trailing - 1):
            s += hanging + _layout(words, shape, cut, depth + 1, next_hanging, next_width, sep) + line_sep
        s += hanging + _layout(words, shape, cut, depth + 1, next_hanging, next_width, sep)
    return "[" + s[len(hanging):] + "]"


def array_str(a):
    if a.ndim == 0:
        return scalar_str(a)
    if a.size == 0:
        return "[]"
    shown, cut = _displayed(a, a.size > THRESHOLD)
    words = iter(_words(shown.ravel()))
    # NumPy's leaf strings have the same width; the layout only places them.
    return _layout(words, shown.shape, cut, 0, " ", LINEWIDTH)
