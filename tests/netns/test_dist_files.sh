#!/bin/bash
# SPDX-License-Identifier: MIT
# tools/dist against the built binary: every subcommand, option and exit code of `sstpx --help` is
# in the bash completion and the man pages, every config-file error of config.c is in
# sstpx.conf(5), both pages render without warnings, the unit's `connect --config FILE` form is
# accepted by sstpx, the unit passes `systemd-analyze verify`, and the completion completes.
# No namespaces: it runs under the netns label only because CTest gives that label to this folder.
set -euo pipefail
# shellcheck source=tests/netns/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

sx_init
sx_require_cmds man grep sed
SRC=${SX_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
DIST=$SRC/tools/dist
BIN=${SX_BUILD_DIR:?set SX_BUILD_DIR (CTest does)}/tools/sstpx
[[ -x $BIN ]] || sx_fail "$BIN not built"
COMPLETION=$DIST/sstpx.bash-completion

"$BIN" --help >"$SX_TMP/help.txt"
# Option lines: "  -u, --user NAME ..." or "      --cafile FILE ...".
mapfile -t longs < <(sed -n 's/^ \{2,6\}\(-[a-zA-Z], \)\{0,1\}\(--[a-z0-9-]*\).*/\2/p' "$SX_TMP/help.txt")
mapfile -t shorts < <(sed -n 's/^  \(-[a-zA-Z]\), --.*/\1/p' "$SX_TMP/help.txt")
mapfile -t commands < <(sed -n '/^Commands:/,/^$/{s/^  \([a-z]\{1,\}\) .*/\1/p}' "$SX_TMP/help.txt")
mapfile -t codes < <(sed -n '/^Exit codes:/,${s/^  \([0-9]\{1,\}\)  .*/\1/p}' "$SX_TMP/help.txt")
((${#longs[@]} >= 15 && ${#shorts[@]} >= 4 && ${#commands[@]} == 7 && ${#codes[@]} == 10)) ||
	sx_fail "could not parse --help: ${#longs[@]} long, ${#shorts[@]} short options, ${#commands[@]} commands, ${#codes[@]} exit codes"
sx_log "--help: ${#longs[@]} long options, ${#shorts[@]} short, commands ${commands[*]}, exit codes ${codes[*]}"

# Whole-word presence in a file (option names contain '-', so word boundaries are spelled out).
has_word() { # FILE WORD
	grep -qE -- "(^|[^a-zA-Z0-9-])$(printf '%s' "$2" | sed 's/[.[\*^$]/\\&/g')([^a-zA-Z0-9-]|$)" "$1"
}

missing=()
for w in "${longs[@]}" "${shorts[@]}" "${commands[@]}" --version; do
	has_word "$COMPLETION" "$w" || missing+=("$w")
done
((${#missing[@]} == 0)) || sx_fail "not in the bash completion: ${missing[*]}"
sx_log "completion: all options and commands present"

# Rendered pages, with warnings collected separately.
render() { # PAGE OUT
	LC_ALL=C MANWIDTH=200 man --warnings -l "$1" >"$2" 2>"$2.warn" || sx_fail "man -l $1 failed"
	[[ ! -s $2.warn ]] || sx_fail "man warnings for $1: $(cat "$2.warn")"
	# Undo hyphenation joins and formatting: plain words only.
	sed -i 's/.\x08//g' "$2"
}
# The pages' footers carry the version: they must match the binary's.
version=$("$BIN" --version)
for page in "$DIST/sstpx.1" "$DIST/sstpx.conf.5"; do
	grep -q "^\.TH .* \"$version\" " "$page" || sx_fail "$page: .TH does not say \"$version\""
done
render "$DIST/sstpx.1" "$SX_TMP/sstpx.1.txt"
render "$DIST/sstpx.conf.5" "$SX_TMP/sstpx.conf.5.txt"

missing=()
for w in "${longs[@]}" "${shorts[@]}" "${commands[@]}" --version SSLKEYLOGFILE SSTPX_PASSWORD \
	SIGINT SIGTERM SIGHUP SIGUSR1 /run/sstpx/ sstpx@.service; do
	has_word "$SX_TMP/sstpx.1.txt" "$w" || missing+=("$w")
done
# Each exit code as a line of its own in EXIT STATUS.
for c in "${codes[@]}"; do
	grep -qE "^ +$c( |\$)" <<<"$(sed -n '/^EXIT STATUS/,/^[A-Z]/p' "$SX_TMP/sstpx.1.txt")" || missing+=("exit $c")
done
((${#missing[@]} == 0)) || sx_fail "not in sstpx(1): ${missing[*]}"
sx_log "sstpx(1): all options, commands, signals, variables and exit codes present"

# Every config key (long options but config and help) and every reason apply() gives in config.c.
missing=()
for w in "${longs[@]}" server; do
	[[ $w == --config || $w == --help ]] && continue
	has_word "$SX_TMP/sstpx.conf.5.txt" "${w#--}" || missing+=("${w#--}")
done
mapfile -t reasons < <(sed -n '/^static const char \*apply(/,/^}/{s/.*return "\([^"]*\)".*/\1/p;s/.*: "\([^"]*\)";$/\1/p}' "$SRC/tools/sstpx/config.c" | sort -u)
((${#reasons[@]} >= 5)) || sx_fail "could not read apply()'s reasons from config.c (${#reasons[@]})"
for r in "${reasons[@]}"; do
	[[ $r == "out of memory" ]] && continue
	grep -qF -- "$r" "$SX_TMP/sstpx.conf.5.txt" || missing+=("\"$r\"")
done
((${#missing[@]} == 0)) || sx_fail "not in sstpx.conf(5): ${missing[*]}"
sx_log "sstpx.conf(5): all keys and the ${#reasons[@]} config errors present"

# The unit's ExecStart form: --config alone, the server from the file. A file without a user
# gets past the HOST check and stops at the user check, with status 2 and nothing sent.
unit=$DIST/sstpx@.service
grep -qx 'ExecStart=/usr/sbin/sstpx connect --config /etc/sstpx/%i.conf' "$unit" ||
	sx_fail "unexpected ExecStart in $unit"
printf '# test\nserver = 192.0.2.1:4433\nno-dns\n' >"$SX_TMP/u.conf"
rc=0
"$BIN" connect --config "$SX_TMP/u.conf" 2>"$SX_TMP/u.err" || rc=$?
if ! { [[ $rc -eq 2 ]] && grep -q -- '--user: required' "$SX_TMP/u.err"; }; then
	sx_fail "connect --config FILE: status $rc, $(cat "$SX_TMP/u.err")"
fi
printf 'password = x\n' >"$SX_TMP/p.conf"
rc=0
"$BIN" connect --config "$SX_TMP/p.conf" 2>"$SX_TMP/p.err" || rc=$?
if ! { [[ $rc -eq 2 ]] && grep -q 'passwords never go in the config file' "$SX_TMP/p.err" &&
	! grep -q '"x"' "$SX_TMP/p.err"; }; then
	sx_fail "password key: status $rc, $(cat "$SX_TMP/p.err")"
fi
sx_log "unit: connect --config FILE takes the server from the file; a password key is refused"

if command -v systemd-analyze >/dev/null; then
	# The binary path is the package's; point it at the build for the check, and let
	# Documentation=man:... resolve against our pages.
	mkdir -p "$SX_TMP/man/man1" "$SX_TMP/man/man5"
	cp "$DIST/sstpx.1" "$SX_TMP/man/man1/"
	cp "$DIST/sstpx.conf.5" "$SX_TMP/man/man5/"
	sed "s#/usr/sbin/sstpx#$BIN#" "$unit" >"$SX_TMP/sstpx@check.service"
	MANPATH=$SX_TMP/man systemd-analyze verify "$SX_TMP/sstpx@check.service" >"$SX_TMP/verify.log" 2>&1 ||
		sx_fail "systemd-analyze verify: $(cat "$SX_TMP/verify.log")"
	[[ ! -s $SX_TMP/verify.log ]] || sx_fail "systemd-analyze verify warns: $(cat "$SX_TMP/verify.log")"
	sx_log "unit: systemd-analyze verify clean"
else
	sx_log "SKIP systemd-analyze verify: systemd-analyze is not installed"
fi

if command -v shellcheck >/dev/null; then
	shellcheck -s bash "$COMPLETION" || sx_fail "shellcheck $COMPLETION"
fi
# The completion completes: commands, options, cleanup's journals, file arguments.
complete_line() { # CWORD WORD...
	bash -c '. "$1"; shift; COMP_CWORD=$1; shift; COMP_WORDS=("$@"); _sstpx; ((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$COMPLETION" "$@" 2>/dev/null | sort | tr '\n' ' '
}
got=$(complete_line 1 sstpx c)
[[ $got == "cleanup connect " ]] || sx_fail "completing 'sstpx c': '$got'"
got=$(complete_line 2 sstpx connect --no-)
[[ $got == "--no-block-ipv6 --no-default-route --no-dhcp-inform --no-dns --no-ipv6 --no-offload --no-proxy " ]] || sx_fail "completing '--no-': '$got'"
touch "$SX_TMP/file-a.conf"
got=$(complete_line 3 sstpx connect --config "$SX_TMP/file-")
[[ $got == "$SX_TMP/file-a.conf " ]] || sx_fail "completing a --config file: '$got'"
# "--config=FILE": bash splits it at '=' (COMP_WORDBREAKS).
got=$(complete_line 4 sstpx connect --config = "$SX_TMP/file-")
[[ $got == "$SX_TMP/file-a.conf " ]] || sx_fail "completing --config=FILE: '$got'"
got=$(complete_line 2 sstpx version -)
[[ -z $got ]] || sx_fail "'sstpx version' takes no options, completion offered '$got'"
sx_log "completion: commands, options and file names complete"
sx_log "PASS"
