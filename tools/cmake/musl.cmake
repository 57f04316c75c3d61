# SPDX-License-Identifier: MIT
# Which C library sstpx-static links (issue 14: glibc's static archive alone is 1 MB of a 2.1 MB
# binary; musl's is under 100 kB). With musl (SX_STATIC_LIBC=AUTO and musl-gcc installed, or musl),
# configure builds wolfSSL and libnl-3/libnl-route-3 with musl once per flag set into SX_DEPS_DIR
# (build-wolfssl.sh, build-libnl.sh), and tools/CMakeLists.txt builds sstpx-static as a sub-build of
# this source tree with the musl compiler (SX_MUSL_SUBBUILD, tools/cmake/musl-subbuild.cmake).
# Sets SX_STATIC_LIBC_USED (musl or glibc), and for musl SX_MUSL_CC, SX_MUSL_WOLFSSL_PREFIX and
# SX_MUSL_LIBNL_PREFIX; SX_MUSL_WHY says why glibc was used.
set(SX_STATIC_LIBC "AUTO" CACHE STRING
    "C library of sstpx-static: musl, glibc, or AUTO (musl when musl-gcc is installed and wolfSSL and libnl build with it)")
set_property(CACHE SX_STATIC_LIBC PROPERTY STRINGS AUTO musl glibc)
string(TOLOWER "${SX_STATIC_LIBC}" _sx_libc)
if(NOT _sx_libc MATCHES "^(auto|musl|glibc)$")
  message(FATAL_ERROR "SX_STATIC_LIBC must be AUTO, musl or glibc (got '${SX_STATIC_LIBC}')")
endif()

set(SX_MUSL_WHY "")
set(SX_STATIC_LIBC_USED glibc)
if(_sx_libc STREQUAL "glibc")
  set(SX_MUSL_WHY "SX_STATIC_LIBC=glibc")
elseif(NOT SX_WOLFSSL_KIND STREQUAL "source")
  set(SX_MUSL_WHY "wolfSSL is not built from source (WOLFSSL_FROM_SOURCE), so there is none built with musl")
else()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               "${CMAKE_CURRENT_LIST_DIR}/musl-toolchain.sh" "${CMAKE_CURRENT_LIST_DIR}/build-libnl.sh"
               "${CMAKE_CURRENT_LIST_DIR}/debsrc.sh")
  execute_process(COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/musl-toolchain.sh" "${SX_DEPS_DIR}"
                  OUTPUT_VARIABLE SX_MUSL_CC OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_VARIABLE _sx_err ERROR_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _sx_rc)
  if(NOT _sx_rc EQUAL 0)
    set(SX_MUSL_WHY "${_sx_err}")
  endif()
  if(NOT SX_MUSL_WHY)
    # The two builds run side by side: each configure script is mostly one busy core.
    message(STATUS "sstpx-static: building wolfSSL and libnl with musl side by side, once (cache ${SX_DEPS_DIR})")
    set(_sx_dir "${CMAKE_CURRENT_LIST_DIR}")
    file(REMOVE "${CMAKE_BINARY_DIR}/wolfssl-musl-prefix.txt" "${CMAKE_BINARY_DIR}/libnl-musl-prefix.txt")
    execute_process(COMMAND bash -c [[
SX_WOLFSSL_CC=$1 bash "$2/build-wolfssl.sh" "$3" "$4/wolfssl-musl-prefix.txt" 2>&1 | sed -u 's/^-- wolfssl:/-- wolfssl (musl):/' & w=$!
SX_LIBNL_CC=$1 bash "$2/build-libnl.sh" "$3" "$4/libnl-musl-prefix.txt" 2>&1 & n=$!
wait $w; wait $n]] sh "${SX_MUSL_CC}" "${_sx_dir}" "${SX_DEPS_DIR}" "${CMAKE_BINARY_DIR}")
    foreach(_sx_dep wolfssl libnl)
      string(TOUPPER "${_sx_dep}" _sx_DEP)
      set(_sx_result "${CMAKE_BINARY_DIR}/${_sx_dep}-musl-prefix.txt")
      if(EXISTS "${_sx_result}")
        file(STRINGS "${_sx_result}" SX_MUSL_${_sx_DEP}_PREFIX LIMIT_COUNT 1)
      elseif(NOT SX_MUSL_WHY)
        set(SX_MUSL_WHY "the musl build of ${_sx_dep} failed (see the lines above; log in ${SX_DEPS_DIR}/${_sx_dep}-build.log)")
      endif()
    endforeach()
  endif()
endif()

if(NOT SX_MUSL_WHY)
  set(SX_STATIC_LIBC_USED musl)
elseif(_sx_libc STREQUAL "musl")
  message(FATAL_ERROR "sstpx-static: SX_STATIC_LIBC=musl but: ${SX_MUSL_WHY}")
elseif(NOT _sx_libc STREQUAL "glibc")
  message(WARNING "sstpx-static: linked with glibc (about 1 MB larger) because: ${SX_MUSL_WHY}")
endif()
