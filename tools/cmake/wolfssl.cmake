# SPDX-License-Identifier: MIT
# Provides the imported target sx::wolfssl (system package for now; source build to come).
find_package(PkgConfig REQUIRED)
pkg_check_modules(WOLFSSL REQUIRED IMPORTED_TARGET wolfssl)
add_library(sx::wolfssl ALIAS PkgConfig::WOLFSSL)
