# FFTW 3 ships pkg-config files but no CMake package on Debian 12. This module defines
#   FFTW3::fftw3 (double), FFTW3::fftw3f (single) and FFTW3::threads (both threads libraries)
# and FFTW3_FOUND.
find_path(FFTW3_INCLUDE_DIR fftw3.h)
find_library(FFTW3_LIBRARY fftw3)
find_library(FFTW3F_LIBRARY fftw3f)
find_library(FFTW3_THREADS_LIBRARY fftw3_threads)
find_library(FFTW3F_THREADS_LIBRARY fftw3f_threads)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(FFTW3 REQUIRED_VARS FFTW3_INCLUDE_DIR FFTW3_LIBRARY FFTW3F_LIBRARY
                                  FFTW3_THREADS_LIBRARY FFTW3F_THREADS_LIBRARY)
if(FFTW3_FOUND)
  foreach(_t fftw3 fftw3f)
    if(NOT TARGET FFTW3::${_t})
      string(TOUPPER ${_t} _v)
      add_library(FFTW3::${_t} UNKNOWN IMPORTED)
      set_target_properties(FFTW3::${_t} PROPERTIES IMPORTED_LOCATION "${${_v}_LIBRARY}"
                            INTERFACE_INCLUDE_DIRECTORIES "${FFTW3_INCLUDE_DIR}")
    endif()
  endforeach()
  if(NOT TARGET FFTW3::threads)
    add_library(FFTW3::threads INTERFACE IMPORTED)
    set_target_properties(FFTW3::threads PROPERTIES INTERFACE_LINK_LIBRARIES
                          "${FFTW3_THREADS_LIBRARY};${FFTW3F_THREADS_LIBRARY};FFTW3::fftw3;FFTW3::fftw3f")
  endif()
endif()
mark_as_advanced(FFTW3_INCLUDE_DIR FFTW3_LIBRARY FFTW3F_LIBRARY FFTW3_THREADS_LIBRARY FFTW3F_THREADS_LIBRARY)
