# SPDX-License-Identifier: MIT
# The sub-build that links sstpx-static against musl (SX_MUSL_SUBBUILD=ON, started by
# tools/CMakeLists.txt with CMAKE_C_COMPILER set to musl-toolchain.sh's wrapper): the wolfSSL and
# libnl targets the libraries link, from the musl-built prefixes tools/cmake/musl.cmake passes in.
foreach(_sx_var SX_MUSL_WOLFSSL_PREFIX SX_MUSL_LIBNL_PREFIX)
  if(NOT IS_DIRECTORY "${${_sx_var}}")
    message(FATAL_ERROR "SX_MUSL_SUBBUILD needs ${_sx_var} (got '${${_sx_var}}')")
  endif()
endforeach()
add_library(sx::wolfssl STATIC IMPORTED GLOBAL)
set_target_properties(sx::wolfssl PROPERTIES
  IMPORTED_LOCATION "${SX_MUSL_WOLFSSL_PREFIX}/lib/libwolfssl.a"
  INTERFACE_INCLUDE_DIRECTORIES "${SX_MUSL_WOLFSSL_PREFIX}/include")
set(SX_WOLFSSL_KIND "source" CACHE INTERNAL "Which wolfSSL sx::wolfssl is: source or system")
set(SX_WOLFSSL_PREFIX "${SX_MUSL_WOLFSSL_PREFIX}" CACHE INTERNAL "Install prefix of the source-built wolfSSL")
add_library(PkgConfig::LIBNL INTERFACE IMPORTED GLOBAL)
set_target_properties(PkgConfig::LIBNL PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${SX_MUSL_LIBNL_PREFIX}/include/libnl3"
  INTERFACE_LINK_LIBRARIES "${SX_MUSL_LIBNL_PREFIX}/lib/libnl-route-3.a;${SX_MUSL_LIBNL_PREFIX}/lib/libnl-3.a")
