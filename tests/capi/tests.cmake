# The C API's tests: C99 programs (compiled as C, not C++) linked to nd::capi only.
if(NOT ND_BUILD_CAPI)
  return()
endif()
foreach(name test_capi_array test_capi_ops)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.c)
  target_link_libraries(${name} PRIVATE nd::capi nd_warnings)
  target_include_directories(${name} PRIVATE ${ND_DLPACK_INCLUDE_DIR})
  target_compile_definitions(${name} PRIVATE ND_PROJECT_VERSION="${PROJECT_VERSION}")
  set_target_properties(${name} PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)
  target_compile_options(${name} PRIVATE -pedantic)
  if(NOT WIN32)
    target_link_libraries(${name} PRIVATE m)
  endif()
endforeach()
add_test(NAME capi.array COMMAND test_capi_array)
add_test(NAME capi.ops COMMAND test_capi_ops ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(capi.array capi.ops PROPERTIES FAIL_REGULAR_EXPRESSION "CHECK failed")

# The C and Fortran page quotes the examples verbatim.
add_test(NAME docs.c_and_fortran_examples
  COMMAND ${CMAKE_COMMAND} -DDOC=${PROJECT_SOURCE_DIR}/docs/c-and-fortran.md
          "-DFILES=${PROJECT_SOURCE_DIR}/examples/c/spectrum.c;${PROJECT_SOURCE_DIR}/examples/fortran/heat.f90"
          -P ${CMAKE_CURRENT_LIST_DIR}/doc_examples.cmake)
