# SPDX-License-Identifier: MIT
# Provides the imported target sx::wolfssl: a static wolfSSL built once from Debian's source package
# with AES-NI (WOLFSSL_FROM_SOURCE=AUTO|ON) or the system libwolfssl (OFF, or AUTO when fetching fails).
set(_sx_wolfssl_modes AUTO ON OFF)
string(TOUPPER "${WOLFSSL_FROM_SOURCE}" _sx_wolfssl_mode)
if(_sx_wolfssl_mode MATCHES "^(YES|TRUE|1)$")
  set(_sx_wolfssl_mode ON)
elseif(_sx_wolfssl_mode MATCHES "^(NO|FALSE|0)$")
  set(_sx_wolfssl_mode OFF)
endif()
if(NOT _sx_wolfssl_mode IN_LIST _sx_wolfssl_modes)
  message(FATAL_ERROR "WOLFSSL_FROM_SOURCE must be AUTO, ON or OFF (got '${WOLFSSL_FROM_SOURCE}')")
endif()
set_property(CACHE WOLFSSL_FROM_SOURCE PROPERTY STRINGS ${_sx_wolfssl_modes})

set(_sx_wolfssl_prefix "")
if(NOT _sx_wolfssl_mode STREQUAL "OFF")
  set(_sx_script "${CMAKE_CURRENT_LIST_DIR}/build-wolfssl.sh")
  set(_sx_result "${CMAKE_BINARY_DIR}/wolfssl-prefix.txt")
  file(REMOVE "${_sx_result}")
  # Re-run configure (and so the script, which is a no-op when its stamp matches) when it changes.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_sx_script}" "${CMAKE_CURRENT_LIST_DIR}/debsrc.sh")
  message(STATUS "wolfssl: WOLFSSL_FROM_SOURCE=${_sx_wolfssl_mode}, cache ${SX_DEPS_DIR}")
  execute_process(COMMAND bash "${_sx_script}" "${SX_DEPS_DIR}" "${_sx_result}"
                  RESULT_VARIABLE _sx_rc)
  if(_sx_rc EQUAL 0 AND EXISTS "${_sx_result}")
    file(STRINGS "${_sx_result}" _sx_wolfssl_prefix LIMIT_COUNT 1)
  elseif(_sx_rc EQUAL 2 AND _sx_wolfssl_mode STREQUAL "AUTO")
    message(WARNING
      "wolfssl: could not fetch Debian's wolfssl source package (see the lines above); "
      "FALLING BACK to the system libwolfssl, which is built without AES-NI and key-log export. "
      "Pass -DWOLFSSL_FROM_SOURCE=OFF to silence this, or ON to make it an error.")
  else()
    message(FATAL_ERROR
      "wolfssl: WOLFSSL_FROM_SOURCE=${_sx_wolfssl_mode} and the source build failed "
      "(exit ${_sx_rc}: 2 = could not fetch, 1 = build error; log in ${SX_DEPS_DIR}/wolfssl-build.log). "
      "Use -DWOLFSSL_FROM_SOURCE=OFF to build against the system libwolfssl instead.")
  endif()
endif()

find_package(Threads REQUIRED)
if(_sx_wolfssl_prefix)
  add_library(sx::wolfssl STATIC IMPORTED GLOBAL)
  set_target_properties(sx::wolfssl PROPERTIES
    IMPORTED_LOCATION "${_sx_wolfssl_prefix}/lib/libwolfssl.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_sx_wolfssl_prefix}/include"
    INTERFACE_LINK_LIBRARIES "Threads::Threads")  # no libm: built with WOLFSSL_DH_CONST
  set(SX_WOLFSSL_KIND "source" CACHE INTERNAL "Which wolfSSL sx::wolfssl is: source or system")
  set(SX_WOLFSSL_PREFIX "${_sx_wolfssl_prefix}" CACHE INTERNAL "Install prefix of the source-built wolfSSL")
  message(STATUS "wolfssl: using the source build in ${_sx_wolfssl_prefix}")
else()
  find_package(PkgConfig REQUIRED)
  # STATIC: resolve -lwolfssl to the libwolfssl.a that libwolfssl-dev ships (afresh each configure).
  unset(pkgcfg_lib_WOLFSSL_wolfssl CACHE)
  if(STATIC)
    set(_sx_suffixes "${CMAKE_FIND_LIBRARY_SUFFIXES}")
    set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
  endif()
  pkg_check_modules(WOLFSSL REQUIRED IMPORTED_TARGET wolfssl)
  if(STATIC)
    set(CMAKE_FIND_LIBRARY_SUFFIXES "${_sx_suffixes}")
    set_property(TARGET PkgConfig::WOLFSSL APPEND PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads m)
  endif()
  add_library(sx::wolfssl ALIAS PkgConfig::WOLFSSL)
  set(SX_WOLFSSL_KIND "system" CACHE INTERNAL "Which wolfSSL sx::wolfssl is: source or system")
  set(SX_WOLFSSL_PREFIX "" CACHE INTERNAL "Install prefix of the source-built wolfSSL")
  message(STATUS "wolfssl: using the system libwolfssl ${WOLFSSL_VERSION}")
endif()

# CTest: whichever wolfSSL this is, it must complete TLS 1.3 and 1.2 handshakes with openssl s_server
# (SNI, hostname check, peer certificate, key log where built in) and refuse a wrong hostname.
add_executable(wolfssl_interop "${CMAKE_CURRENT_LIST_DIR}/wolfssl-interop.c")
target_link_libraries(wolfssl_interop PRIVATE sx::wolfssl)
add_test(NAME wolfssl_interop
         COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/wolfssl-interop.sh" $<TARGET_FILE:wolfssl_interop>
                 "${CMAKE_BINARY_DIR}/wolfssl-interop")
set_tests_properties(wolfssl_interop PROPERTIES LABELS unit TIMEOUT 120)
