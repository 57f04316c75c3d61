# SPDX-License-Identifier: MIT
# Install rules for sstpx's everyday-use files and the CPack settings of its Debian package.
#
# Included from the top-level CMakeLists.txt after add_subdirectory(tools), whose
# install(TARGETS sstpx RUNTIME DESTINATION sbin) puts the binary in <prefix>/sbin.
# Build the package from a build directory with:  cpack -G DEB
# Files (prefix /usr in the package), laid out as Debian policy and lintian want them:
#   /usr/sbin/sstpx                                   (tools/CMakeLists.txt; stripped by CPack)
#   /usr/share/man/man1/sstpx.1.gz, man5/sstpx.conf.5.gz   (gzip -9n: no name, no time stamp)
#   /usr/share/doc/sstpx/copyright, changelog.gz      (policy 12.5 and 12.7)
#   /lib/systemd/system/sstpx@.service                (SX_SYSTEMD_UNIT_DIR, absolute)
#   /usr/share/bash-completion/completions/sstpx
set(_sx_dist "${CMAKE_CURRENT_LIST_DIR}")
set(_sx_gen "${CMAKE_BINARY_DIR}/dist")
set(SX_SYSTEMD_UNIT_DIR "/lib/systemd/system" CACHE PATH
    "Where sstpx@.service is installed (absolute; Debian 12's systemd reads /lib/systemd/system)")

# Whoever builds the package for others sets a real address; lintian refuses @localhost.
set(SX_DEB_MAINTAINER "sstpx developers <sstpx@example.org>" CACHE STRING
    "Maintainer of the .deb (and of its changelog entry)")

# The copyright file names what the binary holds: wolfSSL too when it is linked in from source.
set(SX_COPYRIGHT_WOLFSSL "")
if(SX_WOLFSSL_KIND STREQUAL "source")
  set(SX_COPYRIGHT_WOLFSSL "Comment: /usr/sbin/sstpx is linked with wolfSSL (2006-2022 wolfSSL Inc.,
 GPL-2+), built from the source of Debian's wolfssl package, so the binary as a
 whole is distributed under the terms of the GPL-2+. On Debian systems the full
 text of the GNU General Public License version 2 is in
 /usr/share/common-licenses/GPL-2.
")
endif()
configure_file("${_sx_dist}/copyright.in" "${_sx_gen}/copyright" @ONLY)
# A native package's changelog (policy 12.7), one entry for this version.
string(TIMESTAMP _sx_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE "${_sx_gen}/changelog"
     "sstpx (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
     "  * Built with CPack from the sstpx source tree.\n\n"
     " -- ${SX_DEB_MAINTAINER}  ${_sx_date}\n")

# Relocations read-only before main (lintian: hardening-no-bindnow), as Debian builds link.
if(TARGET sstpx)
  target_link_options(sstpx PRIVATE -Wl,-z,relro,-z,now)
endif()

set(_sx_gz "")
foreach(_f sstpx.1 sstpx.conf.5)
  add_custom_command(OUTPUT "${_sx_gen}/${_f}.gz"
                     COMMAND gzip -9n -c "${_sx_dist}/${_f}" > "${_sx_gen}/${_f}.gz"
                     DEPENDS "${_sx_dist}/${_f}" VERBATIM)
  list(APPEND _sx_gz "${_sx_gen}/${_f}.gz")
endforeach()
add_custom_command(OUTPUT "${_sx_gen}/changelog.gz"
                   COMMAND gzip -9n -c "${_sx_gen}/changelog" > "${_sx_gen}/changelog.gz"
                   DEPENDS "${_sx_gen}/changelog" VERBATIM)
add_custom_target(sx_dist_files ALL DEPENDS ${_sx_gz} "${_sx_gen}/changelog.gz")

install(FILES "${_sx_gen}/sstpx.1.gz" DESTINATION share/man/man1)
install(FILES "${_sx_gen}/sstpx.conf.5.gz" DESTINATION share/man/man5)
install(FILES "${_sx_gen}/copyright" "${_sx_gen}/changelog.gz" DESTINATION share/doc/sstpx)
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
set(CPACK_PRE_BUILD_SCRIPTS "${_sx_dist}/strip.cmake")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SX_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# One paragraph, lines under 80 columns (CPack prefixes each with the space Debian wants).
set(CPACK_PACKAGE_DESCRIPTION
    "sstpx connects to an MS-SSTP server (PPP over HTTPS), authenticates with
MS-CHAPv2 and routes traffic through a TUN interface. The package holds the
binary, the man pages sstpx(1) and sstpx.conf(5), a systemd template unit
(sstpx@NAME runs the connection of /etc/sstpx/NAME.conf) and a bash completion.")
# Depends: computed by dpkg-shlibdeps (package dpkg-dev, installed by tools/check). A STATIC
# binary needs no shared libraries, so there is nothing to compute and the package has no Depends.
if(NOT STATIC)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
include(CPack)
