#!/bin/bash
# SPDX-License-Identifier: MIT
# Fetches Debian's wolfssl source package through a private apt setup, builds it static with AES-NI,
# and installs it into DEPS_DIR/wolfssl-<version>-<flags hash>, once: a stamp with the version and flags hash
# lets any later configure reuse it.
#
# Usage: build-wolfssl.sh DEPS_DIR RESULT_FILE
#   On success writes the install prefix to RESULT_FILE and exits 0.
#   Exit 2: the source could not be had (no network, no deb-src, missing tools): callers may fall back.
#   Exit 1: the build itself failed (the log tail is printed).
# Environment: SX_WOLFSSL_CC (default cc; the same compiler for every build dir, so one cache serves
# gcc, ASan and clang/libFuzzer builds alike; tools/cmake/musl.cmake passes the musl wrapper for
# sstpx-static's own build), SX_JOBS (default 2).
set -euo pipefail

deps=${1:?usage: build-wolfssl.sh DEPS_DIR RESULT_FILE}
result=${2:?usage: build-wolfssl.sh DEPS_DIR RESULT_FILE}
cc=${SX_WOLFSSL_CC:-cc}
jobs=${SX_JOBS:-2}
# configure and libtool run under dash when it is there: about 15 % less CPU than under bash, and
# most of these builds' time is those shell scripts, not the compiler.
config_shell=$(command -v dash || echo /bin/sh)

say() { echo "-- wolfssl: $*"; }

# What sstpx needs (see README "wolfSSL"): TLS 1.2 + 1.3 with SNI, ECC (P-256/384/521), RSA and
# RSA-PSS, ffdhe2048, AES-GCM, ChaCha20-Poly1305, SHA-256/384/512; peer certificate DER/subject/issuer
# (opensslextra, KEEP_PEER_CERT, SESSION_CERTS); host name and IP address checks against
# subjectAltName (WOLFSSL_ALT_NAMES; WOLFSSL_IP_ALT_NAME, without which IP SANs are not parsed and a
# server reached by its IP address fails verification); MD4 + DES-ECB + SHA-1 for MS-CHAPv2; MD5 for
# HTTP Digest proxy authentication; NSS key-log export (HAVE_SECRET_CALLBACK with opensslextra gives
# wolfSSL_CTX_set_keylog_callback for TLS 1.2 and 1.3); RFC 5705/8446 exporter and KeepArrays for
# EAP; PKCS#8/PKCS#12 encrypted client keys (pkcs12, pwdbased through opensslextra, AES-CBC and 3DES
# for their PBES2/PBE ciphers). sstpx-testserver links the same library: it keeps TLS 1.1 and the
# CBC suites, which test_knobs_transport's "old server" cases need (a few kB).
# Debian's own build (debian/rules) is --enable-distro (= --enable-all, shared+static): of that we
# keep the parts above plus extended master secret, supported curves, secure renegotiation info,
# timing-resistant ECC/RSA blinding (configure defaults), and drop the rest; also dropped from the
# configure defaults: SHA-3 (its AVX2 code alone is 64 kB; no TLS suite or signature sstpx offers
# uses it) and the system CA store loader (sstpx reads its own --cafile/--capath).
configure_args=(
	--enable-static --disable-shared --with-pic
	--enable-aesni --enable-intelasm
	--enable-tls13 --enable-sni --enable-supportedcurves --enable-extended-master
	--enable-ecc --enable-aesgcm --enable-chacha --enable-poly1305 --enable-sha512
	--enable-md4 --enable-des3
	--enable-opensslextra --enable-sessioncerts --enable-altcertchains
	--enable-keying-material --enable-secure-renegotiation-info
	--disable-sha3 --disable-sys-ca-certs
	--disable-examples --disable-crypttests --disable-benchmark
	--disable-silent-rules
)
# WOLFSSL_GETRANDOM: seed from getrandom(2), so an empty root needs no /dev/urandom.
# SMALL_SESSION_CACHE: 6 cached sessions instead of 33 (1.2 MB of .bss with the peer chains kept by
# SESSION_CERTS; sstpx never resumes a session).
# Size (issue 14): one section per function and object so the final link's --gc-sections drops the
# large unused part of the OpenSSL compatibility layer (ssl.o: 325 kB linked, 66 kB after), no
# unwind tables (C only, nothing unwinds through it), and -Os: 100 kB less in sstpx-static with the
# same client CPU per GB on the raw-TLS floor (the bulk path is the AES-GCM/ChaCha20 assembly, which
# -O does not touch). SX_WOLFSSL_OPT overrides -Os (e.g. -O2) for measurements. Intel assembly stays:
# without it the floor costs 15 % more client CPU per GB, and ChaCha20-Poly1305 loses its AVX2 code.
# WOLFSSL_DH_CONST: the DH private key sizes from wolfCrypt's table (RFC 3526 sizes, ffdhe2048 among
# them) instead of pow()/log(), so sstpx needs no libm: its ifunc resolvers and text were 330 kB of
# the client's resident memory (issue 14: VmHWM <= 4 MiB).
# LARGE_STATIC_BUFFERS: the record buffers (16 kB in, 16 kB out) live in the session, so a bulk
# transfer no longer allocates, zeroes (ForceZero) and frees a 16 kB input buffer per record (5 % of
# the client's CPU on download, perf record; issue 14).
extra_cflags="-DLARGE_STATIC_BUFFERS -DWOLFSSL_DH_CONST -DWOLFSSL_DES_ECB -DHAVE_SECRET_CALLBACK -DWOLFSSL_ALT_NAMES -DWOLFSSL_IP_ALT_NAME -DKEEP_PEER_CERT -DWOLFSSL_GETRANDOM -DSMALL_SESSION_CACHE"
size_cflags="-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables"
opt_cflags=${SX_WOLFSSL_OPT:--Os}
flags="cc=$cc|cflags=$opt_cflags $size_cflags $extra_cflags|args=${configure_args[*]}"
hash=$(printf '%s' "$flags" | sha256sum | cut -c1-16)

mkdir -p "$deps"
deps=$(cd "$deps" && pwd)
# shellcheck source=tools/cmake/debsrc.sh
. "$(dirname "${BASH_SOURCE[0]}")/debsrc.sh"

# 1. Reuse: any installed version built with these flags (the cache lock is held from here on).
sx_deps_claim "$deps" wolfssl "$hash" "$result" && exit 0

sx_deps_tools wolfssl apt-get dpkg-source autoreconf libtoolize make flock "$cc" || exit 2

# 2. Fetch (tools/cmake/debsrc.sh: a private apt setup, the system's configuration untouched):
# sets log, start, src, dsc, version and prefix; sx_deps_fail ends the build with the log's tail.
sx_deps_begin "$deps" wolfssl wolfssl "$hash" || exit 2

# 3. Unpack (applies Debian's patches, security fixes included), configure, build, install.
# The unpacked tree after autogen.sh is kept per Debian version (wolfssl-tree-VERSION.tar): the
# second flag set of one configure (sstpx-static's musl build) starts from it, not from autogen.sh
# again (16 s of CPU).
tree=$src/tree
pristine=$deps/wolfssl-tree-$version.tar
if [ -f "$pristine" ] && tar -C "$src" -xf "$pristine" 2>>"$log"; then
	say "unpacked the tree prepared by an earlier build ($(basename "$pristine"))"
else
	rm -rf "$tree"
	(cd "$src" && dpkg-source -x "$(basename "$dsc")" tree) >>"$log" 2>&1 || sx_deps_fail "dpkg-source -x"
	if [ ! -x "$tree/configure" ]; then
		say "running autogen.sh (the tarball has no configure)"
		(cd "$tree" && ./autogen.sh) >>"$log" 2>&1 || sx_deps_fail "autogen.sh"
	fi
	tar -C "$src" -cf "$pristine.tmp" tree && mv "$pristine.tmp" "$pristine" || rm -f "$pristine.tmp"
fi
rm -rf "$prefix"
say "configuring with: ${configure_args[*]} CFLAGS+=$extra_cflags"
(cd "$tree" && CONFIG_SHELL=$config_shell CC=$cc CFLAGS="$opt_cflags -g $size_cflags $extra_cflags" "$config_shell" ./configure --prefix="$prefix" \
	"${configure_args[@]}") >>"$log" 2>&1 || sx_deps_fail "configure"
say "compiling (make -j$jobs)"
make -C "$tree" -j"$jobs" >>"$log" 2>&1 || sx_deps_fail "make"
make -C "$tree" install >>"$log" 2>&1 || sx_deps_fail "make install"
# The functions sstpx relies on must be in the archive (a flag that silently did nothing fails here).
syms=$(nm -g --defined-only "$prefix/lib/libwolfssl.a" 2>/dev/null || true)
for sym in wolfSSL_CTX_set_keylog_callback wolfSSL_set_tls13_secret_cb wc_Des_EcbEncrypt \
	wc_InitMd4 wolfSSL_X509_get_der wolfSSL_X509_get_subject_name wolfSSL_X509_get_issuer_name \
	wolfSSL_check_domain_name wolfSSL_UseSNI wc_AesGcmEncrypt wc_ChaCha20Poly1305_Encrypt; do
	grep -qw "$sym" <<<"$syms" || sx_deps_fail "check for $sym in libwolfssl.a"
done
grep -q 'WOLFSSL_AESNI' "$prefix/include/wolfssl/options.h" || sx_deps_fail "check for WOLFSSL_AESNI in options.h"

sx_deps_done "$hash" "$flags" "$result"
