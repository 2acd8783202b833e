# cmake -P script: docs/c-and-fortran.md must show the example programs exactly as they are
# built and run (so the page cannot drift from code that is tested).
# Variables: DOC (the page), FILES (a ;-list of example sources).
file(READ "${DOC}" doc)
foreach(f ${FILES})
  file(READ "${f}" src)
  string(FIND "${doc}" "${src}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${DOC} does not contain ${f} verbatim")
  endif()
endforeach()
message(STATUS "doc examples ok")
