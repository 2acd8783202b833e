# The find_package(nd) / pkg-config consumer test against a temporary install prefix.
set(_nd_consumer_flags "")
if(ND_SANITIZE)
  set(_nd_consumer_flags "-fsanitize=address,undefined")
endif()
add_test(NAME install_consumer
  COMMAND ${CMAKE_COMMAND} -DND_BUILD_DIR=${PROJECT_BINARY_DIR} -DND_SOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer -DGENERATOR=${CMAKE_GENERATOR}
          "-DCXX_FLAGS=${_nd_consumer_flags}" -P ${CMAKE_CURRENT_LIST_DIR}/consumer_test.cmake)
set_tests_properties(install_consumer PROPERTIES TIMEOUT 300 PASS_REGULAR_EXPRESSION "consumer ok[^\n]*\n.*consumer ok")
