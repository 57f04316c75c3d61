#!/bin/bash
# SPDX-License-Identifier: MIT
# Copies Debian's SoftEther vpnserver (5.01.9674, one known sha256) into a private directory and
# patches the copy so ProtoHandleConnection() finds the SSTP protocol by name (see proto-lookup.S).
# Usage: patch-vpnserver.sh DIR            -> DIR/vpnserver (patched) + DIR/hamcore.se2 symlink
#        patch-vpnserver.sh --unpatched DIR -> the same copy without the patch (to show the bug)
#        patch-vpnserver.sh --asm-check     -> re-assemble proto-lookup.S and compare with PATCHED
# Never touches the system binary. Idempotent: an already patched copy is accepted as is.
set -euo pipefail

SYS_BIN=${SX_VPNSERVER_BIN:-/usr/libexec/softether/vpnserver/vpnserver}
HAMCORE=${SX_HAMCORE:-/usr/share/softether-common/hamcore.se2}
KNOWN_SHA256=487e51a73f152c9042837975044edd6d11cef4f29eaff2162512f2b897054212
OFFSET=$((0x3a00f))
LEN=64
# The original 64 bytes: the lookup loop as GCC compiled the buggy source.
ORIG=488b470831db4889c24885c07528eb3190488b521089d84889ee488b04c2488b38e89b1b130085c07417498b570883c3014885d2740b3b5a0872d6660f1f4400
# proto-lookup.S assembled at 0x3a00f (60 bytes) + 4 NOPs.
PATCHED=4d8b6f084531e44d85ed742b453b65087325498b45104e8b34e0498b3e4889eee89c1b130085c074064183c401ebdd4c89f0e963000000e90500000090909090

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() { echo "patch-vpnserver: $*" >&2; exit 1; }

bytes_at() { # FILE -> hex of the LEN bytes at OFFSET
	od -An -v -tx1 -j "$OFFSET" -N "$LEN" "$1" | tr -d ' \n'
}

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# The sha256 the copy would have once patched (computed, not stored, so it cannot drift).
patched_sha() {
	local tmp
	tmp=$(mktemp)
	cp "$SYS_BIN" "$tmp"
	write_patch "$tmp"
	sha_of "$tmp"
	rm -f "$tmp"
}

write_patch() { # FILE
	local hex=$PATCHED esc="" i
	for ((i = 0; i < ${#hex}; i += 2)); do esc+="\\x${hex:i:2}"; done
	# shellcheck disable=SC2059
	printf "$esc" | dd of="$1" bs=1 seek="$OFFSET" count="$LEN" conv=notrunc status=none
}

check_source() {
	[[ -f $SYS_BIN ]] || die "$SYS_BIN not found (apt-get install softether-vpnserver)"
	[[ -f $HAMCORE ]] || die "$HAMCORE not found (apt-get install softether-common)"
	local sum
	sum=$(sha_of "$SYS_BIN")
	[[ $sum == "$KNOWN_SHA256" ]] ||
		die "refusing: $SYS_BIN has sha256 $sum, expected $KNOWN_SHA256 (Debian softether-vpnserver 5.01.9674+git20200806+8181039+dfsg2-2+b2 amd64); the patch offsets are only valid for that build"
	[[ $(bytes_at "$SYS_BIN") == "$ORIG" ]] || die "refusing: unexpected bytes at 0x3a00f in $SYS_BIN"
}

# Copy + (optionally) patch into DIR; verify the result.
make_copy() { # DIR MODE(patched|unpatched)
	local dir=$1 mode=$2 dst want
	dst=$dir/vpnserver
	mkdir -p "$dir"
	if [[ $mode == patched ]]; then want=$(patched_sha); else want=$KNOWN_SHA256; fi
	if [[ -f $dst && $(sha_of "$dst") == "$want" ]]; then
		echo "patch-vpnserver: $dst already $mode"
	else
		cp "$SYS_BIN" "$dst.tmp"
		if [[ $mode == patched ]]; then
			[[ $(bytes_at "$dst.tmp") == "$ORIG" ]] || die "copy differs from the system binary"
			write_patch "$dst.tmp"
			[[ $(bytes_at "$dst.tmp") == "$PATCHED" ]] || die "patch did not write as expected"
		fi
		[[ $(sha_of "$dst.tmp") == "$want" ]] || die "unexpected sha256 after writing $dst"
		chmod 0755 "$dst.tmp"
		mv -f "$dst.tmp" "$dst"
		echo "patch-vpnserver: wrote $mode $dst"
	fi
	ln -sfn "$HAMCORE" "$dir/hamcore.se2"
}

# Re-assemble proto-lookup.S and check it matches PATCHED (needs binutils; for maintainers).
asm_check() {
	local tmp hex
	tmp=$(mktemp -d)
	as --64 -o "$tmp/l.o" "$here/proto-lookup.S"
	ld -Ttext=0x3a00f -e _start -o "$tmp/l.elf" "$tmp/l.o"
	objcopy -O binary -j .text "$tmp/l.elf" "$tmp/l.bin"
	hex=$(od -An -v -tx1 "$tmp/l.bin" | tr -d ' \n')
	while ((${#hex} < 2 * LEN)); do hex+=90; done
	objdump -d "$tmp/l.elf" | sed -n '/<_start>:/,$p'
	rm -rf "$tmp"
	[[ $hex == "$PATCHED" ]] || die "proto-lookup.S assembles to $hex, script has $PATCHED"
	echo "patch-vpnserver: proto-lookup.S matches the PATCHED bytes"
}

main() {
	case ${1:-} in
	--asm-check) asm_check ;;
	--unpatched)
		[[ $# -eq 2 ]] || die "usage: $0 --unpatched DIR"
		check_source
		make_copy "$2" unpatched
		;;
	"" | -*) die "usage: $0 DIR | --unpatched DIR | --asm-check" ;;
	*)
		check_source
		make_copy "$1" patched
		;;
	esac
}

main "$@"
