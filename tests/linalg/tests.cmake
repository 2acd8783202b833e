# Eigen and xtensor for the zero-copy interop tests (tests/linalg/test_interop.cpp); both
# are header-only Debian packages (libeigen3-dev, libxtensor-dev). Their imported targets'
# headers are system headers, so nd's -Werror does not apply to them.
find_package(Eigen3 QUIET NO_MODULE)
find_package(xtensor QUIET)
if(TARGET Eigen3::Eigen)
  target_link_libraries(nd_tests PRIVATE Eigen3::Eigen)
  target_compile_definitions(nd_tests PRIVATE ND_TEST_EIGEN)
endif()
if(TARGET xtensor)
  target_link_libraries(nd_tests PRIVATE xtensor)
  target_compile_definitions(nd_tests PRIVATE ND_TEST_XTENSOR)
endif()
