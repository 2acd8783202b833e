"""The installed package: typing files shipped, the stub in step with the API, and the
extension carrying nd inside it (no libnd shared library to find at run time)."""
import ast
import pathlib
import subprocess

import ndcore
from ndcore import _core

PKG = pathlib.Path(ndcore.__file__).parent
STUB_HELPERS = {"_Shape", "_ShapeLike", "_Axis", "_DTypeLike", "_ArrayLike", "_Order", "_Casting", "flagsobj",
                "__version__", "_ArrayNamespaceInfo"}


def _stub_names():
    tree = ast.parse((PKG / "__init__.pyi").read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets)
    return names


def test_typing_files_are_shipped():
    assert (PKG / "py.typed").is_file()
    assert (PKG / "__init__.pyi").is_file()


def test_stub_covers_the_public_api():
    stub = _stub_names()
    public = set(ndcore.__all__)
    assert public - stub == set(), "names missing from __init__.pyi"
    assert stub - public - STUB_HELPERS == set(), "stub names that ndcore does not export"
    for name in public:
        assert hasattr(ndcore, name), name


def test_extension_links_nd_statically():
    out = subprocess.run(["ldd", _core.__file__], capture_output=True, text=True, check=True).stdout
    assert "libnd" not in out
    assert "not found" not in out


def test_version():
    assert ndcore.__version__ == "0.1.0"
