# .npy interoperability with NumPy: a C++ program writes nd-saved files and pytest reads
# them back with numpy.load (the C++ side of the check is tests/io/test_io.cpp).
add_executable(nd_write_npy_samples ${CMAKE_CURRENT_LIST_DIR}/write_npy_samples.cpp)
target_link_libraries(nd_write_npy_samples PRIVATE nd::nd nd_warnings)

add_test(NAME npy_numpy_interop
  COMMAND ${ND_PYTHON} -m pytest -q -p no:cacheprovider ${PROJECT_SOURCE_DIR}/python/tests/test_npy_interop.py)
set_tests_properties(npy_numpy_interop PROPERTIES
  ENVIRONMENT "ND_NPY_WRITER=$<TARGET_FILE:nd_write_npy_samples>")
