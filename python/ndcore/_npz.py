"""NpzFile: numpy.lib.npyio.NpzFile's interface over nd's .npz reader (members are read
when asked for; the archive stays open until close(), the end of a with block, or
garbage collection)."""
import collections.abc

from . import _core


class _BagObj:
    """Attribute access to the members: z.f.x is z['x']."""

    def __init__(self, npz):
        self._npz = npz

    def __getattribute__(self, key):
        try:
            return object.__getattribute__(self, "_npz")[key]
        except KeyError:
            raise AttributeError(key) from None

    def __dir__(self):
        return list(object.__getattribute__(self, "_npz").files)


class NpzFile(collections.abc.Mapping):
    """A dictionary-like view of an .npz archive, as numpy.load returns for one.

    ``files`` lists the member names without ".npy"; ``z[name]`` (with or without ".npy")
    reads one member. Use it as a context manager, or call ``close()``.
    """

    _MAX_REPR_ARRAY_COUNT = 5

    def __init__(self, archive):
        self._archive = archive
        self.files = list(archive.files)
        self.f = _BagObj(self)

    @property
    def fid(self):
        return self._archive.path

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()

    def close(self):
        """Closes the archive; reading a member afterwards raises ValueError."""
        self._archive.close()

    def __del__(self):
        archive = getattr(self, "_archive", None)
        if archive is not None:
            archive.close()

    def __iter__(self):
        return iter(self.files)

    def __len__(self):
        return len(self.files)

    def __contains__(self, key):
        return isinstance(key, str) and key in self._archive

    def __getitem__(self, key):
        if not isinstance(key, str) or key not in self._archive:
            raise KeyError(f"{key} is not a file in the archive")
        if self._archive.closed:
            raise ValueError("I/O operation on a closed NpzFile")
        return self._archive[key]

    def __repr__(self):
        names = ", ".join(self.files[:self._MAX_REPR_ARRAY_COUNT])
        if len(self.files) > self._MAX_REPR_ARRAY_COUNT:
            names += "..."
        return f"NpzFile {self._archive.path!r} with keys: {names}"


def savez_items(args, kwds):
    """(name, array) pairs as numpy.savez orders them: keywords, then arr_0, arr_1, ..."""
    named = dict(kwds)
    for i, val in enumerate(args):
        key = f"arr_{i}"
        if key in named:
            raise ValueError(f"Cannot use un-named variables and keyword {key}")
        named[key] = val
    return list(named.items())
