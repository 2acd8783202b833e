"""pytest configuration for python/tests.

test_npy_interop.py checks files written by a C++ program whose path CTest passes in
ND_NPY_WRITER; outside CTest (make python-test, a bare pytest) it is left to CTest.
"""
import os

collect_ignore = [] if os.environ.get("ND_NPY_WRITER") else ["test_npy_interop.py"]

# Property tests draw the same examples on every run (a failure reproduces; CI stays
# deterministic). HYPOTHESIS_PROFILE=random explores new examples.
try:
    from hypothesis import settings
except ImportError:  # the CTest-run NumPy check does not need hypothesis
    pass
else:
    settings.register_profile("nd", derandomize=True, deadline=None)
    settings.register_profile("random", deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "nd"))
