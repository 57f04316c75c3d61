#!/bin/bash
# SPDX-License-Identifier: MIT
# Builds libnl-3 and libnl-route-3 (the two libraries sstpx's tun/ uses) static from Debian's libnl3
# source package with the compiler in SX_LIBNL_CC (the musl wrapper from musl-toolchain.sh: sstpx-static
# cannot link Debian's glibc-built libnl-*.a), and installs them into
# DEPS_DIR/libnl-<version>-<flags hash> once: a stamp with the version and flags hash lets any later
# configure reuse it. Only the two libraries are compiled (not the CLI or the genl/nf/xfrm/idiag ones).
#
# Usage: SX_LIBNL_CC=CC build-libnl.sh DEPS_DIR RESULT_FILE
#   On success writes the install prefix to RESULT_FILE and exits 0.
#   Exit 2: the source could not be had (no network, no deb-src, missing tools): callers may fall back.
#   Exit 1: the build itself failed (the log tail is printed).
# Environment: SX_JOBS (default 2).
set -euo pipefail

deps=${1:?usage: build-libnl.sh DEPS_DIR RESULT_FILE}
result=${2:?usage: build-libnl.sh DEPS_DIR RESULT_FILE}
cc=${SX_LIBNL_CC:?SX_LIBNL_CC: the compiler to build libnl with}
jobs=${SX_JOBS:-2}
# configure and libtool run under dash when it is there: about 15 % less CPU than under bash, and
# most of these builds' time is those shell scripts, not the compiler.
config_shell=$(command -v dash || echo /bin/sh)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

say() { echo "-- libnl: $*"; }

# pthreads stay on (libnl's default; its caches take a lock), debug messages off (NL_DEBUG
# environment variable support and their strings), the CLI library off.
configure_args=(--enable-static --disable-shared --with-pic --enable-cli=no --disable-debug
	--disable-dependency-tracking --disable-silent-rules)
cflags="-Os -g -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables"
flags="cc=$cc|cflags=$cflags|args=${configure_args[*]}"
hash=$(printf '%s' "$flags" | sha256sum | cut -c1-16)

mkdir -p "$deps"
deps=$(cd "$deps" && pwd)
# shellcheck source=tools/cmake/debsrc.sh
. "$here/debsrc.sh"

# 1. Reuse: any installed version built with these flags (the cache lock is held from here on).
sx_deps_claim "$deps" libnl "$hash" "$result" && exit 0

# flex and bison: the tarball ships libnl-route's two grammars as .l/.y sources only.
sx_deps_tools libnl apt-get dpkg-source make flex bison flock "$cc" || exit 2

# 2. Fetch (tools/cmake/debsrc.sh: a private apt setup, the system's configuration untouched):
# sets log, start, src, dsc, version and prefix; sx_deps_fail ends the build with the log's tail.
sx_deps_begin "$deps" libnl libnl3 "$hash" || exit 2

# 3. Unpack (applies Debian's patches), configure, build the two libraries, install them by hand
# (make install would build the rest).
(cd "$src" && dpkg-source -x "$(basename "$dsc")" tree) >>"$log" 2>&1 || sx_deps_fail "dpkg-source -x"
tree=$src/tree
rm -rf "$prefix"
say "configuring with: ${configure_args[*]} CC=$cc CFLAGS=$cflags"
(cd "$tree" && CONFIG_SHELL=$config_shell CC=$cc CFLAGS="$cflags" "$config_shell" ./configure --prefix="$prefix" "${configure_args[@]}") >>"$log" 2>&1 ||
	sx_deps_fail "configure"
say "compiling libnl-3 and libnl-route-3 (make -j$jobs)"
make -C "$tree" -j"$jobs" lib/libnl-3.la lib/libnl-route-3.la >>"$log" 2>&1 || sx_deps_fail "make"
mkdir -p "$prefix/lib" "$prefix/include/libnl3"
cp "$tree/lib/.libs/libnl-3.a" "$tree/lib/.libs/libnl-route-3.a" "$prefix/lib/" || sx_deps_fail "install"
cp -R "$tree/include/netlink" "$prefix/include/libnl3/" || sx_deps_fail "install"
# The functions sstpx relies on must be in the archives.
syms=$(nm -g --defined-only "$prefix/lib/libnl-3.a" "$prefix/lib/libnl-route-3.a" 2>/dev/null || true)
for sym in nl_socket_alloc nl_send_sync rtnl_link_change rtnl_addr_add rtnl_route_add; do
	grep -qw "$sym" <<<"$syms" || sx_deps_fail "check for $sym in libnl"
done

sx_deps_done "$hash" "$flags" "$result"
