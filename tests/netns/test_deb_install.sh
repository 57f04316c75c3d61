#!/bin/bash
# SPDX-License-Identifier: MIT
# The Debian package end to end: `cpack -G DEB` in the build directory (or SX_DEB=FILE), then
# `dpkg -i`; the installed /usr/sbin/sstpx prints the build's version, both man pages are found
# and render, the systemd unit verifies and the bash completion registers; then `dpkg -P` and every
# file and directory the package brought is gone. It refuses to run when a sstpx package (or any
# file the package would install) is already there, and the EXIT trap purges the package and
# removes what it brought even when a check fails, so the system stays as it was found.
# No namespaces: it runs under the netns label because it needs root and changes the system.
set -euo pipefail
# shellcheck source=tests/netns/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

t0=$(date +%s%N)
sx_init
sx_require_root
sx_require_cmds dpkg dpkg-deb dpkg-query man timeout bash flock
BUILD=${SX_BUILD_DIR:?set SX_BUILD_DIR (CTest does)}
# Runs from other build directories (tools/check's builds, other engineers) take turns instead of
# refusing each other's package: the lock is on this script, so nothing is left behind.
exec 9<"${BASH_SOURCE[0]}"
flock -w 240 9 || sx_fail "another test_deb_install held its lock for 240 s"

# --- refuse to touch someone else's sstpx ----------------------------------------------------------
# db:Status-Abbrev's second letter is the state: 'n' is not installed; anything else (installed,
# half-installed, config files left) belongs to someone.
st=$(dpkg-query -W -f='${db:Status-Abbrev}' sstpx 2>/dev/null || true)
[[ -z $st || ${st:1:1} == n ]] ||
	sx_fail "a sstpx package is already known to dpkg (status '$st'): refusing to install over it"

# --- the package ----------------------------------------------------------------------------------
if [[ -n ${SX_DEB:-} ]]; then
	deb=$SX_DEB
	[[ -f $deb ]] || sx_fail "SX_DEB=$deb: no such file"
else
	sx_require_cmds cpack
	[[ -f $BUILD/CPackConfig.cmake ]] || sx_fail "$BUILD/CPackConfig.cmake missing (configure first)"
	tb=$(date +%s%N)
	(cd "$BUILD" && timeout 180 cpack -G DEB -B "$SX_TMP/pkg") >"$SX_TMP/cpack.log" 2>&1 ||
		sx_fail "cpack -G DEB failed: $(tail -20 "$SX_TMP/cpack.log")"
	debs=("$SX_TMP"/pkg/sstpx_*.deb)
	if ((${#debs[@]} != 1)) || [[ ! -f ${debs[0]} ]]; then
		sx_fail "cpack made no single sstpx_*.deb: ${debs[*]}"
	fi
	deb=${debs[0]}
	sx_log "cpack: $(basename "$deb") in $((($(date +%s%N) - tb) / 1000000)) ms"
fi
[[ $(dpkg-deb -f "$deb" Package) == sstpx ]] || sx_fail "$deb is not the sstpx package"
version=$(dpkg-deb -f "$deb" Version)
sx_log "package: $(basename "$deb"), $(stat -c %s "$deb") bytes, version $version," \
	"Installed-Size $(dpkg-deb -f "$deb" Installed-Size) KiB, Depends: $(dpkg-deb -f "$deb" Depends)"
if [[ -x $BUILD/tools/sstpx ]]; then
	# A dynamically linked binary (not STATIC=ON) needs its libraries in Depends.
	dyn=$(readelf -dW "$BUILD/tools/sstpx" 2>/dev/null || true)
	if [[ $dyn == *NEEDED* ]]; then
		[[ -n $(dpkg-deb -f "$deb" Depends) ]] || sx_fail "no Depends (dpkg-shlibdeps did not run?)"
	fi
	[[ $("$BUILD/tools/sstpx" --version) == "sstpx $version" ]] ||
		sx_fail "package version $version, build says '$("$BUILD/tools/sstpx" --version)'"
fi

# Files and directories in the package, as absolute paths.
mapfile -t files < <(dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -n 's|^\./\(.*[^/]\)$|/\1|p')
mapfile -t dirs < <(dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -n 's|^\./\(.\{1,\}\)/$|/\1|p')
want=(/usr/sbin/sstpx /usr/share/man/man1/sstpx.1.gz /usr/share/man/man5/sstpx.conf.5.gz
	/usr/share/doc/sstpx/copyright /usr/share/doc/sstpx/changelog.gz
	/lib/systemd/system/sstpx@.service /usr/share/bash-completion/completions/sstpx)
for f in "${want[@]}"; do
	# Not "printf | grep -q": grep leaving early kills printf (SIGPIPE) and pipefail fails the line.
	grep -qxF -- "$f" <<<"$(printf '%s\n' "${files[@]}")" || sx_fail "$f is not in the package"
done
# Packaged as Debian policy wants it (issue 15): a stripped binary without .comment, man pages
# and changelog compressed with gzip -9n (no name, no time stamp), and lintian, when installed,
# reports no error or warning.
pkg=$SX_TMP/unpacked
mkdir -p "$pkg"
dpkg-deb -x "$deb" "$pkg"
file -b "$pkg/usr/sbin/sstpx" | grep -q ', stripped' || sx_fail "/usr/sbin/sstpx is not stripped"
! readelf -SW "$pkg/usr/sbin/sstpx" | grep -qE ' \.comment ' || sx_fail "/usr/sbin/sstpx keeps .comment"
for gz in usr/share/man/man1/sstpx.1.gz usr/share/man/man5/sstpx.conf.5.gz usr/share/doc/sstpx/changelog.gz; do
	# RFC 1952: FLG 0 (no file name), MTIME 0, XFL 2 (maximum compression).
	h=$(od -An -tx1 -j3 -N6 "$pkg/$gz" | tr -d ' \n')
	[[ $h == 000000000002 ]] || sx_fail "$gz: not made with gzip -9n (header bytes 3-8: $h)"
done
grep -q '^License: MIT$' "$pkg/usr/share/doc/sstpx/copyright" || sx_fail "copyright: no MIT license"
if command -v lintian >/dev/null; then
	lintian --tag-display-limit 0 "$deb" >"$SX_TMP/lintian.log" 2>&1 || true
	if grep -E '^[EW]: ' "$SX_TMP/lintian.log"; then
		sx_fail "lintian reports errors or warnings (above)"
	fi
	sx_log "lintian: no error or warning ($(grep -cE '^[IP]: ' "$SX_TMP/lintian.log" || true) info tags)"
else
	sx_log "lintian not installed: not run"
fi

# Nothing the package would install may exist already (a `make install`, another package).
for f in "${files[@]}"; do
	[[ ! -e $f && ! -L $f ]] || sx_fail "$f already exists: refusing to overwrite it"
done
# Directories that are not there now must not be there afterwards.
new_dirs=()
for d in "${dirs[@]}"; do
	[[ -e $d ]] || new_dirs+=("$d")
done

# --- install, with undo registered first ----------------------------------------------------------
# Run LIFO at exit: purge first, then remove whatever of ours is still there.
for d in "${new_dirs[@]}"; do sx_cleanup_push rmdir --ignore-fail-on-non-empty "$d"; done
for f in "${files[@]}"; do sx_cleanup_push rm -f -- "$f"; done
sx_cleanup_push dpkg -P sstpx

# dpkg takes a lock: wait up to 60 s for another dpkg or apt to finish.
dpkg_retry() {
	local i
	for ((i = 0; i < 60; i++)); do
		if "$@" >"$SX_TMP/dpkg.log" 2>&1; then
			return 0
		fi
		grep -qi 'lock' "$SX_TMP/dpkg.log" || break
		sleep 1
	done
	cat "$SX_TMP/dpkg.log" >&2
	return 1
}
ti=$(date +%s%N)
dpkg_retry dpkg -i "$deb" || sx_fail "dpkg -i $deb failed"
sx_log "dpkg -i: $((($(date +%s%N) - ti) / 1000000)) ms"
[[ $(dpkg-query -W -f='${Status}' sstpx) == "install ok installed" ]] ||
	sx_fail "after dpkg -i: status '$(dpkg-query -W -f='${Status}' sstpx)'"

# --- the installed files work -----------------------------------------------------------------------
got=$(/usr/sbin/sstpx --version)
[[ $got == "sstpx $version" ]] || sx_fail "/usr/sbin/sstpx --version: '$got', want 'sstpx $version'"
got=$(/usr/sbin/sstpx version)
[[ $got == "sstpx $version" ]] || sx_fail "/usr/sbin/sstpx version: '$got'"
sx_log "/usr/sbin/sstpx --version: $got"

for page in "1 sstpx" "5 sstpx.conf"; do
	read -r sec name <<<"$page"
	path=$(man -w "$sec" "$name" 2>/dev/null) || sx_fail "man -w $sec $name: not found"
	[[ $path == /usr/share/man/man$sec/$name.$sec* ]] || sx_fail "man -w $sec $name: $path"
	LC_ALL=C MANWIDTH=80 man -l "$path" >"$SX_TMP/page.txt" 2>"$SX_TMP/page.err" ||
		sx_fail "man -l $path failed: $(cat "$SX_TMP/page.err")"
	grep -q "^NAME" "$SX_TMP/page.txt" || sx_fail "man -l $path: no NAME section"
	grep -q "^ *$name " "$SX_TMP/page.txt" || sx_fail "man -l $path: $name not named"
	sx_log "man $sec $name: $path, $(wc -l <"$SX_TMP/page.txt") lines"
done

unit=/lib/systemd/system/sstpx@.service
[[ -f $unit ]] || sx_fail "$unit not installed"
grep -qx 'ExecStart=/usr/sbin/sstpx connect --config /etc/sstpx/%i.conf' "$unit" ||
	sx_fail "$unit: unexpected ExecStart"
if command -v systemd-analyze >/dev/null; then
	# An instance of the template, verified with the installed binary and man pages.
	cp "$unit" "$SX_TMP/sstpx@deb.service"
	if ! systemd-analyze verify "$SX_TMP/sstpx@deb.service" >"$SX_TMP/verify.log" 2>&1 ||
		[[ -s $SX_TMP/verify.log ]]; then
		sx_fail "systemd-analyze verify: $(cat "$SX_TMP/verify.log")"
	fi
	sx_log "unit: $unit verifies"
else
	sx_log "unit: $unit installed (systemd-analyze not installed: not verified)"
fi

comp=/usr/share/bash-completion/completions/sstpx
[[ -f $comp ]] || sx_fail "$comp not installed"
got=$(bash -c '. "$1" && complete -p sstpx' sh "$comp") || sx_fail "sourcing $comp failed"
[[ $got == "complete -F _sstpx sstpx" ]] || sx_fail "completion registers '$got'"
sx_log "completion: $got"

# --- remove, and nothing is left --------------------------------------------------------------------
tr=$(date +%s%N)
dpkg_retry dpkg -P sstpx || sx_fail "dpkg -P sstpx failed"
sx_log "dpkg -P: $((($(date +%s%N) - tr) / 1000000)) ms"
st=$(dpkg-query -W -f='${db:Status-Abbrev}' sstpx 2>/dev/null || true)
[[ -z $st || ${st:1:1} == n ]] || sx_fail "after dpkg -P: status '$st'"
left=()
for f in "${files[@]}" "${new_dirs[@]}"; do
	[[ ! -e $f && ! -L $f ]] || left+=("$f")
done
((${#left[@]} == 0)) || sx_fail "left after dpkg -P: ${left[*]}"
sx_log "dpkg -P: all ${#files[@]} files and ${#new_dirs[@]} new directories gone"
sx_log "PASS in $((($(date +%s%N) - t0) / 1000000)) ms"
