#!/bin/bash
# SPDX-License-Identifier: MIT
# The ssh-style permission checks of perm.c, mode by mode, with a connect that otherwise fails at
# once (TCP refused on 127.0.0.1:1, exit 4): a config file others can write and a password file
# others can read or write are refused with exit 2 and the documented words, and so is either
# file when it belongs to a user other than root or the invoking one; a file of the invoking user
# (nobody, given CAP_NET_ADMIN through setpriv) is accepted. Root creates the files with any
# owner and mode in a temp dir.
# No network namespaces: it runs under the netns label only because CTest gives it to this folder.
set -euo pipefail
# shellcheck source=tests/netns/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

sx_init
sx_require_root
sx_require_cmds setpriv stat
BIN=${SX_BUILD_DIR:?set SX_BUILD_DIR (CTest does)}/tools/sstpx
[[ -x $BIN ]] || sx_fail "$BIN not built"
CONF=$SX_TMP/p.conf PW=$SX_TMP/p.pw
NOBODY=$(id -u nobody)
chmod 0755 "$SX_TMP"
printf 'server = 127.0.0.1:1\nuser = u\nno-dns\n' >"$CONF"
printf 'x\n' >"$PW"

run() { # AS(root|nobody) ARGS... -> RC, OUT
	RC=0
	if [[ $1 == nobody ]]; then
		OUT=$(setpriv --reuid nobody --regid "$(id -g nobody)" --clear-groups --inh-caps +net_admin \
			--ambient-caps +net_admin "$BIN" "${@:2}" 2>&1) || RC=$?
	else
		OUT=$("$BIN" "${@:2}" 2>&1) || RC=$?
	fi
}

# FILE's owner and mode, then sstpx connect with it: accepted (exit 4) or refused with WORDS.
check() { # AS OWNER MODE KIND(config|secret) WORDS|ok
	local as=$1 owner=$2 mode=$3 kind=$4 want=$5 file args
	if [[ $kind == config ]]; then
		file=$CONF args=(connect --config "$CONF" --password-command "echo x")
		chown root "$PW"
	else
		file=$PW args=(connect --config "$CONF" --password-file "$PW")
		chown root "$CONF"
		chmod 0644 "$CONF"
	fi
	# The other file must be readable by the user running sstpx (and acceptable to it).
	[[ $as == nobody ]] && chown nobody "$CONF" "$PW"
	chown "$owner" "$file"
	chmod "$mode" "$file"
	run "$as" "${args[@]}"
	if [[ $want == ok ]]; then
		((RC == 4)) || sx_fail "$kind $mode owned by $owner, run as $as: exit $RC, expected 4: $OUT"
		echo "$kind $mode owner $owner as $as: accepted"
		return
	fi
	((RC == 2)) || sx_fail "$kind $mode owned by $owner, run as $as: exit $RC, expected 2: $OUT"
	grep -qF -- "$want" <<<"$OUT" || sx_fail "$kind $mode owned by $owner, as $as: not \"$want\": $OUT"
	echo "$kind $mode owner $owner as $as: $(head -n1 <<<"$OUT")"
}

W_CONF='mode 0%s: writable by group or others (fix: chmod 600 "%s")'
W_PW='mode 0%s: readable or writable by group or others (fix: chmod 600 "%s")'
W_OWN="owner uid %s: not owned by root or the invoking user (fix: chown root \"%s\")"
# shellcheck disable=SC2059 # the formats above
{
	for m in 600 644 640 604 400 700; do check root root "$m" config ok; done
	for m in 660 620 602 606 666 777; do
		check root root "$m" config "sstpx: --config: \"$CONF\": $(printf "$W_CONF" "$m" "$CONF")"
	done
	check root nobody 600 config "sstpx: --config: \"$CONF\": $(printf "$W_OWN" "$NOBODY" "$CONF")"
	for m in 600 400; do check root root "$m" secret ok; done
	for m in 640 604 620 602 644 660; do
		check root root "$m" secret "sstpx: --password-file: \"$PW\": $(printf "$W_PW" "$m" "$PW")"
	done
	check root nobody 600 secret "sstpx: --password-file: \"$PW\": $(printf "$W_OWN" "$NOBODY" "$PW")"
	check nobody nobody 600 config ok
	check nobody nobody 600 secret ok
	check nobody nobody 604 secret "$(printf "$W_PW" 604 "$PW")"
	check nobody root 644 config ok
}
sx_log "PASS"
