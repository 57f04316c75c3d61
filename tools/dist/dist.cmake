# SPDX-License-Identifier: MIT
# Install rules for sstpx's everyday-use files and the CPack settings of its Debian package.
#
# Included from the top-level CMakeLists.txt after add_subdirectory(tools), whose
# install(TARGETS sstpx RUNTIME DESTINATION sbin) puts the binary in <prefix>/sbin.
# Build the package from a build directory with:  cpack -G DEB
# Files (prefix /usr in the package):
#   /usr/sbin/sstpx                                   (tools/CMakeLists.txt)
#   /usr/share/man/man1/sstpx.1, man5/sstpx.conf.5    (uncompressed: man reads them as they are)
#   /lib/systemd/system/sstpx@.service                (SX_SYSTEMD_UNIT_DIR, absolute)
#   /usr/share/bash-completion/completions/sstpx
set(_sx_dist "${CMAKE_CURRENT_LIST_DIR}")
set(SX_SYSTEMD_UNIT_DIR "/lib/systemd/system" CACHE PATH
    "Where sstpx@.service is installed (absolute; Debian 12's systemd reads /lib/systemd/system)")

install(FILES "${_sx_dist}/sstpx.1" DESTINATION share/man/man1)
install(FILES "${_sx_dist}/sstpx.conf.5" DESTINATION share/man/man5)
install(FILES "${_sx_dist}/sstpx@.service" DESTINATION "${SX_SYSTEMD_UNIT_DIR}")
install(FILES "${_sx_dist}/sstpx.bash-completion" DESTINATION share/bash-completion/completions
        RENAME sstpx)

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "sstpx")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "sstpx")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SSTP VPN client in one binary")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "sstpx developers <sstpx@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_PACKAGE_DESCRIPTION
    "sstpx connects to an MS-SSTP server (PPP over HTTPS), authenticates with MS-CHAPv2 and routes traffic through a TUN interface. The package holds the binary, the man pages sstpx(1) and sstpx.conf(5), a systemd template unit (sstpx@NAME runs the connection of /etc/sstpx/NAME.conf) and a bash completion.")
# Depends: computed by dpkg-shlibdeps (package dpkg-dev, installed by tools/check). A STATIC
# binary needs no shared libraries, so there is nothing to compute and the package has no Depends.
if(NOT STATIC)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
include(CPack)
