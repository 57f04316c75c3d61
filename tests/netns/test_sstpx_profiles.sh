#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx up/down NAME against SoftEther, with profiles in SSTPX_CONFDIR (a temp dir): up --background
# connects (options after NAME win: -v traces) and writes /run/sstpx/NAME.pid, a second up is
# refused while it runs, down disconnects it and exits 0 with the namespace restored; up in the
# foreground ends with exit 0 when down stops it; password-command connects. Refusals, each with
# exit 2 and the words sstpx.conf(5) documents: a profile with a bad line (FILE:LINE), a
# group-writable profile, a profile owned by another user, a world-readable password file, a
# failing or silent password-command, a bad NAME, down of a NAME that is not up. (5) With the
# binary replaced under a running up (an upgrade): up refuses, down as nobody says permission
# denied, down as root stops it. (6) Relative paths in a profile (password-file, cafile, script)
# are the profile folder's, whatever the working directory.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx up NAME -> sxXXXXXXXX 192.168.30.x   vpnserver + SecureNAT 192.168.30.1
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

CONF= NAME= PIDF=

# sstpx ARGS in the client namespace with SSTPX_CONFDIR, bounded; output to LOG, status in RC.
sx_up() { # LOG ARGS...
	local log=$1
	shift
	RC=0
	ip netns exec "$SX_NS_CLIENT" env SSTPX_CONFDIR="$CONF" timeout -s KILL "$(sx_secs 60)" "$SXC_SSTPX" "$@" \
		>"$log" 2>&1 </dev/null || RC=$?
}

profile() { # NAME LINES... -> $CONF/NAME.conf, mode 0600
	local name=$1
	shift
	printf '%s\n' "$@" >"$CONF/$name.conf"
	chmod 600 "$CONF/$name.conf"
}

base_profile() { # NAME EXTRA_LINES...
	local name=$1
	shift
	profile "$name" "# test profile" "server = $SX_ADDR_SERVER" "user = $SX_SE_USER" \
		"cafile = $SX_SE_CA" "ifname = $SXC_IF" "$@"
}

expect_refused() { # DESC LOG WORDS
	((RC == 2)) || { sxc_show_log "$2"; sx_fail "$1: exit $RC, expected 2"; }
	grep -qF -- "$3" "$2" || { sxc_show_log "$2"; sx_fail "$1: no \"$3\" in the output"; }
	echo "$1: exit 2: $(head -n1 "$2")"
}

# The words of a refusal are the ones sstpx.conf(5) documents.
documented() { # WORDS
	grep -qF -- "$1" "$SX_TMP/conf5.txt" || sx_fail "\"$1\" is not in sstpx.conf(5)"
}

down_ok() { # PID DESC
	local log=$SX_TMP/down.log
	sx_up "$log" down "$NAME"
	((RC == 0)) || { sxc_show_log "$log"; sx_fail "$2: down exited $RC"; }
	# Gone, or a zombie its parent has not reaped yet: either way no longer running sstpx.
	[[ $(readlink "/proc/$1/exe" 2>/dev/null) != "$(readlink -f "$SXC_SSTPX")" ]] ||
		sx_fail "$2: sstpx (pid $1) still runs after down returned"
	[[ ! -e $PIDF ]] || sx_fail "$2: $PIDF left behind"
	echo "$2: $(cat "$log")"
}

# A package upgrade: the running sstpx's file is replaced (its /proc/PID/exe now ends in
# " (deleted)"), and the new one must still see it running: up refuses, down stops it; down by a
# user who may not signal it says so instead of "not up".
upgrade_case() {
	local bin=$SX_TMP/upgrade/sstpx log=$SX_TMP/up_upg.log pid
	sx_log "case 5: the binary replaced under a running up (an upgrade)"
	mkdir -p "$SX_TMP/upgrade"
	cp "$SXC_SSTPX" "$bin"
	base_profile "$NAME" "password-file = $SXC_PW"
	SXC_SSTPX=$bin sx_up "$log" up "$NAME" --background
	((RC == 0)) || { sxc_show_log "$log"; sx_fail "up with the copy exited $RC"; }
	pid=$(cat "$PIDF")
	sx_cleanup_push kill -KILL "$pid"
	cp "$SXC_SSTPX" "$bin.new"
	mv -f "$bin.new" "$bin"
	[[ $(readlink "/proc/$pid/exe") == *" (deleted)" ]] || sx_fail "the upgrade left /proc/$pid/exe intact"
	SXC_SSTPX=$bin sx_up "$SX_TMP/upg_again.log" up "$NAME"
	expect_refused "up after the upgrade" "$SX_TMP/upg_again.log" "is running already"
	RC=0
	ip netns exec "$SX_NS_CLIENT" setpriv --reuid nobody --regid nogroup --clear-groups \
		"$SXC_SSTPX" down "$NAME" >"$SX_TMP/down_nobody.log" 2>&1 </dev/null || RC=$?
	((RC == 9)) && grep -q "Operation not permitted" "$SX_TMP/down_nobody.log" ||
		{ sxc_show_log "$SX_TMP/down_nobody.log"; sx_fail "down as nobody: exit $RC, expected 9 and a permission error"; }
	echo "down as nobody: exit 9: $(head -n1 "$SX_TMP/down_nobody.log")"
	SXC_SSTPX=$bin down_ok "$pid" "down $NAME after the upgrade"
	sxc_check_clean "$SX_TMP/snapshot.before" "down after the upgrade"
}

main() {
	local log before pid
	sxc_setup
	LC_ALL=C MANWIDTH=300 man -l "$SXC_ROOT/tools/dist/sstpx.conf.5" 2>/dev/null | sed 's/.\x08//g' >"$SX_TMP/conf5.txt"
	CONF=$SX_TMP/profiles
	mkdir -m 0755 "$CONF"
	NAME=t${SXC_IF#sx}
	PIDF=$SXC_STATE_DIR/$NAME.pid
	sx_cleanup_push rm -f "$PIDF"
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"

	sx_log "case 1: up NAME --background -v, a second up refused, down NAME"
	base_profile "$NAME" "password-file = $SXC_PW"
	log=$SX_TMP/up_bg.log
	sx_up "$log" up "$NAME" --background -v
	((RC == 0)) || { sxc_show_log "$log"; sx_fail "up --background exited $RC"; }
	grep -q 'connected in [0-9]* ms' "$log" || { sxc_show_log "$log"; sx_fail "no 'connected' before up returned"; }
	grep -q 'phase: connected' "$log" || { sxc_show_log "$log"; sx_fail "-v after NAME did not trace"; }
	[[ -s $PIDF ]] || sx_fail "up wrote no $PIDF"
	pid=$(cat "$PIDF")
	sx_cleanup_push sxc_kill_if_ours "$pid"
	[[ $(readlink "/proc/$pid/exe") == "$(readlink -f "$SXC_SSTPX")" ]] || sx_fail "$PIDF: pid $pid is not sstpx"
	sxc_check_connected "$log"
	n_client ping -c 3 -i 0.2 -W 2 192.168.30.1 >/dev/null || sx_fail "ping through the tunnel of up $NAME"
	echo "up $NAME --background -v: exit 0 once connected, pid $pid in $PIDF, 3/3 pings"
	sx_up "$SX_TMP/up_again.log" up "$NAME"
	expect_refused "a second up $NAME" "$SX_TMP/up_again.log" "is running already"
	down_ok "$pid" "down $NAME"
	sxc_check_clean "$before" "down $NAME"

	sx_log "case 2: up NAME in the foreground, stopped by down NAME: exit 0"
	log=$SX_TMP/up_fg.log
	ip netns exec "$SX_NS_CLIENT" env SSTPX_CONFDIR="$CONF" "$SXC_SSTPX" up "$NAME" >"$log" 2>&1 </dev/null &
	SXC_PID=$!
	sx_cleanup_push sxc_kill_if_ours "$SXC_PID"
	sxc_wait_connected "$log" 30
	sx_wait_for 5 "$PIDF" test -s "$PIDF" || sx_fail "no $PIDF"
	[[ $(cat "$PIDF") == "$SXC_PID" ]] || sx_fail "$PIDF says $(cat "$PIDF"), sstpx is $SXC_PID"
	down_ok "$SXC_PID" "down $NAME (foreground up)"
	sxc_wait_exit "$SXC_PID" 5
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "foreground up exited $SXC_RC after down"; }
	grep -q 'cleanup: interface removed' "$log" || { sxc_show_log "$log"; sx_fail "no cleanup line"; }
	sxc_check_clean "$before" "down $NAME (foreground)"

	sx_log "case 3: password-command"
	base_profile "$NAME" "password-command = cat $SXC_PW"
	sx_up "$SX_TMP/up_cmd.log" up "$NAME" --background
	((RC == 0)) || { sxc_show_log "$SX_TMP/up_cmd.log"; sx_fail "up with password-command exited $RC"; }
	pid=$(cat "$PIDF")
	sx_cleanup_push sxc_kill_if_ours "$pid"
	sxc_check_connected "$SX_TMP/up_cmd.log"
	echo "password-command \"cat FILE\": connected"
	down_ok "$pid" "down $NAME (password-command)"
	sxc_check_clean "$before" "password-command"
	base_profile "$NAME" "password-command = echo oops >&2; exit 3"
	sx_up "$SX_TMP/cmd_fail.log" up "$NAME"
	expect_refused "a failing password-command" "$SX_TMP/cmd_fail.log" '"echo oops >&2; exit 3": exited with status 3'
	grep -qx oops "$SX_TMP/cmd_fail.log" || sx_fail "the command's stderr did not pass through"
	base_profile "$NAME" "password-command = true"
	sx_up "$SX_TMP/cmd_empty.log" up "$NAME"
	expect_refused "a silent password-command" "$SX_TMP/cmd_empty.log" '"true": printed no password'

	sx_log "case 4: refusals: a bad line, permissions, names"
	base_profile "$NAME" "password-file = $SXC_PW" "mtu = 9000"
	sx_up "$SX_TMP/syntax.log" up "$NAME"
	expect_refused "a bad line" "$SX_TMP/syntax.log" \
		"sstpx: $CONF/$NAME.conf:7: mtu: not a number between 576 and 1500"
	base_profile "$NAME" "password-file = $SXC_PW"
	chmod 620 "$CONF/$NAME.conf"
	sx_up "$SX_TMP/gw.log" up "$NAME"
	expect_refused "a group-writable profile" "$SX_TMP/gw.log" \
		"sstpx: --config: \"$CONF/$NAME.conf\": mode 0620: writable by group or others (fix: chmod 600 \"$CONF/$NAME.conf\")"
	documented "writable by group or others (fix: chmod 600"
	chmod 600 "$CONF/$NAME.conf"
	chown nobody "$CONF/$NAME.conf"
	sx_up "$SX_TMP/owner.log" up "$NAME"
	expect_refused "a profile owned by nobody" "$SX_TMP/owner.log" \
		"owner uid $(id -u nobody): not owned by root or the invoking user (fix: chown root"
	documented "not owned by root or the invoking user (fix: chown root"
	chown root "$CONF/$NAME.conf"
	cp "$SXC_PW" "$SX_TMP/world.pw"
	chmod 644 "$SX_TMP/world.pw"
	base_profile "$NAME" "password-file = $SX_TMP/world.pw"
	sx_up "$SX_TMP/pw.log" up "$NAME"
	expect_refused "a world-readable password file" "$SX_TMP/pw.log" \
		"sstpx: --password-file: \"$SX_TMP/world.pw\": mode 0644: readable or writable by group or others (fix: chmod 600 \"$SX_TMP/world.pw\")"
	documented "readable or writable by group or others (fix: chmod 600"
	sx_up "$SX_TMP/name.log" up ../etc/passwd
	expect_refused "up ../etc/passwd" "$SX_TMP/name.log" "not a profile name"
	sx_up "$SX_TMP/down_none.log" down "$NAME"
	expect_refused "down of a profile that is not up" "$SX_TMP/down_none.log" "is not up"
	sxc_check_clean "$before" "the refusals"

	upgrade_case

	sx_log "case 6: relative password-file, cafile and script resolve against the profile's folder"
	cp "$SXC_PW" "$CONF/rel.pw"
	cp "$SX_SE_CA" "$CONF/rel-ca.pem"
	printf '#!/bin/sh\necho "$reason" >>"$(dirname "$0")/rel.order"\n' >"$CONF/rel-hook.sh"
	chmod 600 "$CONF/rel.pw"
	chmod 755 "$CONF/rel-hook.sh"
	profile "$NAME" "server = $SX_ADDR_SERVER" "user = $SX_SE_USER" "ifname = $SXC_IF" \
		"password-file = rel.pw" "cafile = ./rel-ca.pem" "script = ./rel-hook.sh"
	log=$SX_TMP/up_rel.log
	RC=0
	(cd / && ip netns exec "$SX_NS_CLIENT" env SSTPX_CONFDIR="$CONF" timeout -s KILL "$(sx_secs 60)" \
		"$SXC_SSTPX" up "$NAME" --background) >"$log" 2>&1 </dev/null || RC=$?
	((RC == 0)) || { sxc_show_log "$log"; sx_fail "up with relative paths in the profile exited $RC"; }
	pid=$(cat "$PIDF")
	sx_cleanup_push sxc_kill_if_ours "$pid"
	grep -qx connect "$CONF/rel.order" || sx_fail "the profile's relative script did not run for connect"
	down_ok "$pid" "down $NAME (relative paths)"
	[[ $(tr '\n' ' ' <"$CONF/rel.order") == "pre-init connect disconnect " ]] ||
		sx_fail "relative script: reasons $(tr '\n' ' ' <"$CONF/rel.order")"
	sxc_check_clean "$before" "relative paths"

	sxc_finish
	sx_log "PASS"
}

main "$@"
