#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs a private SoftEther VPN Server (patched copy, see patch-vpnserver.sh) as a local SSTP test
# peer inside a network namespace and its own mount namespace, configures it with vpncmd, stops it.
#
#   server.sh start NETNS WORKDIR [BINDIR]   patch into WORKDIR/bin (or use BINDIR), seed the config,
#                                            run "vpnserver execsvc", wait until 443 listens
#   server.sh configure WORKDIR SERVER_IP    CA + server cert (DNS:sstp.test, IP:SERVER_IP), SSTP on,
#                                            OpenVPN off, hub DEFAULT, user, SecureNAT + DHCP, admin pw
#                                            (once per WORKDIR: later calls only report it)
#       env: SX_SE_USER (default test), SX_SE_PASSWORD or SX_SE_PASSWORD_FILE (required),
#            SX_SE_ADMIN_PASSWORD (default: random, kept in WORKDIR/secrets/admin.pass)
#   server.sh vpncmd WORKDIR FILE            run a vpncmd batch (relative names resolve in WORKDIR/pki)
#   server.sh stop WORKDIR                   SIGTERM the worker, bounded wait, kill what is left
#   server.sh status WORKDIR                 exit 0 if the guardian runs
# Files: WORKDIR/pki/ca.crt (the client's --cafile), WORKDIR/state/{lib,log,run} (the server's
# private /var/lib/softether, /var/log/softether, /run/softether), WORKDIR/vpnserver.out,
# WORKDIR/timings. Secrets live in WORKDIR/secrets (0700) and never appear in printed output.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SE_DIRS=(/var/lib/softether /var/log/softether /run/softether)
SE_SUBDIRS=(lib log run)
START_TIMEOUT=${SX_SE_START_TIMEOUT:-20}
STOP_TIMEOUT=${SX_SE_STOP_TIMEOUT:-10}
VPNCMD_TIMEOUT=${SX_SE_VPNCMD_TIMEOUT:-30}

die() { echo "softether/server: $*" >&2; exit 1; }
say() { echo "softether/server: $*" >&2; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
fmt_ms() { printf '%d.%03d s' $(($1 / 1000)) $(($1 % 1000)); }

alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# A pid from one of our pid files is only ours if it runs our copy of vpnserver.
ours() { # PID WORKDIR
	local exe
	alive "$1" || return 1
	exe=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
	[[ $exe == "$(cat "$2/bin.path")" ]]
}

guardian_pid() { cat "$1/guardian.pid" 2>/dev/null || true; }

worker_pid() { # WORKDIR: the pid the server wrote into its private /run/softether
	local f
	for f in "$1"/state/run/.pid_*; do
		[[ -f $f ]] && { tr -dc '0-9' <"$f"; return 0; }
	done
	return 0
}

# Runs inside "ip netns exec NETNS unshare -m --propagation private": private dirs over the
# server's compiled-in paths, then the server itself (same pid as this shell).
inner() { # WORKDIR BINDIR
	local w=$1 bin=$2 i target parent
	for i in "${!SE_DIRS[@]}"; do
		target=${SE_DIRS[i]}
		if [[ ! -d $target ]]; then
			# Missing on the host (the package's unit creates them): a tmpfs on the parent, in
			# this mount namespace only, gives a mount point without touching the host.
			parent=$(dirname "$target")
			mount -t tmpfs -o size=1m,mode=0755 sx-softether "$parent"
			mkdir -p "$target"
		fi
		mount --bind "$w/state/${SE_SUBDIRS[i]}" "$target"
	done
	echo $$ >"$w/guardian.pid"
	exec "$bin/vpnserver" execsvc
}

listening() { # NETNS PORT
	ip netns exec "$1" ss -ltnH "sport = :$2" | grep -q LISTEN
}

cmd_start() { # NETNS WORKDIR [BINDIR]
	local ns=$1 w=$2 bin=${3:-} t0 t1 g i
	[[ -e /run/netns/$ns ]] || die "no network namespace $ns"
	# vpncmd reaches the admin port through localhost.
	ip -n "$ns" -o link show lo | grep -q '<[^>]*UP' || { say "bringing lo up in $ns"; ip -n "$ns" link set lo up; }
	mkdir -p "$w"
	w=$(cd "$w" && pwd)
	alive "$(guardian_pid "$w")" && die "a server already runs for $w (pid $(guardian_pid "$w"))"
	if [[ -z $bin ]]; then
		bin=$w/bin
		"$here/patch-vpnserver.sh" "$bin" >/dev/null
	fi
	bin=$(cd "$bin" && pwd)
	[[ -x $bin/vpnserver && -e $bin/hamcore.se2 ]] || die "$bin has no vpnserver + hamcore.se2"
	realpath "$bin/vpnserver" >"$w/bin.path"
	echo "$ns" >"$w/netns"
	for i in "${SE_SUBDIRS[@]}"; do mkdir -p "$w/state/$i"; done
	[[ -f $w/state/lib/vpn_server.config ]] ||
		grep -v '^#' "$here/vpn_server.seed.config" >"$w/state/lib/vpn_server.config"
	rm -f "$w/guardian.pid" "$w"/state/run/.pid_* "$w"/state/run/.ctl_*

	t0=$(now_ms)
	ip netns exec "$ns" unshare -m --propagation private "$here/server.sh" _inner "$w" "$bin" \
		</dev/null >"$w/vpnserver.out" 2>&1 &
	# Bounded poll: the guardian pid appears, then port 443 listens.
	for ((i = 0; i < START_TIMEOUT * 20; i++)); do
		g=$(guardian_pid "$w")
		if [[ -n $g ]] && ! alive "$g"; then
			cat "$w/vpnserver.out" >&2
			die "vpnserver exited during start-up"
		fi
		[[ -n $g ]] && listening "$ns" 443 && listening "$ns" 5555 && break
		sleep 0.05
	done
	listening "$ns" 443 || { cmd_stop "$w" || true; die "port 443 not listening after ${START_TIMEOUT}s"; }
	t1=$(now_ms)
	echo "start_ms $((t1 - t0))" >>"$w/timings"
	say "vpnserver (guardian $g, worker $(worker_pid "$w")) listening on 443 in $ns after $(fmt_ms $((t1 - t0)))"
}

new_secret() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }

make_pki() { # WORKDIR SERVER_IP
	local p=$1/pki ip=$2
	mkdir -p "$p"
	[[ -f $p/server.crt && -f $p/ca.crt ]] && return 0
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$p/ca.key" -out "$p/ca.crt" -days 30 \
		-subj "/CN=sstpx test CA" -addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>"$p/openssl.err"
	openssl req -newkey rsa:2048 -nodes -keyout "$p/server.key" -out "$p/server.csr" \
		-subj "/CN=sstp.test" 2>>"$p/openssl.err"
	printf '%s\n' "subjectAltName=DNS:sstp.test,IP:$ip" "basicConstraints=CA:FALSE" \
		"keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" \
		>"$p/server.ext"
	openssl x509 -req -in "$p/server.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial \
		-days 30 -extfile "$p/server.ext" -out "$p/server.crt" 2>>"$p/openssl.err"
	openssl verify -CAfile "$p/ca.crt" "$p/server.crt" >/dev/null || die "generated certificate does not verify"
}

# Print vpncmd output with every secret masked.
masked() { # FILE SECRET...
	local line s
	while IFS= read -r line; do
		for s in "${@:2}"; do [[ -n $s ]] && line=${line//"$s"/***}; done
		printf '%s\n' "$line"
	done <"$1"
}

# Run one vpncmd batch in the server's namespaces; batch files do not stop on errors, so every
# command must report success. PASSWORD may be empty (fresh server).
run_vpncmd() { # WORKDIR BATCH OUT PASSWORD [SECRET...]
	local w=$1 batch=$2 out=$3 pw=$4 g n ok rc=0 args=()
	g=$(guardian_pid "$w")
	ours "$g" "$w" || die "no server running for $w"
	[[ -n $pw ]] && args+=("/PASSWORD:$pw")
	n=$(grep -cv '^[[:space:]]*$' "$batch" || true)
	(umask 077 && : >"$out")
	timeout "$VPNCMD_TIMEOUT" nsenter -t "$g" -m -n --wd="$w/pki" \
		vpncmd localhost:5555 /SERVER "${args[@]}" "/IN:$batch" </dev/null >"$out" 2>&1 || rc=$?
	ok=$(grep -c '^The command completed successfully\.' "$out" || true)
	if ((rc != 0 || ok != n)) || grep -q 'Error occurred' "$out"; then
		masked "$out" "$pw" "${@:5}" >&2
		((rc == 124)) && say "vpncmd timed out after ${VPNCMD_TIMEOUT}s (it spins when it wants input)"
		die "vpncmd: $ok of $n commands succeeded (exit $rc)"
	fi
}

cmd_configure() { # WORKDIR SERVER_IP
	local w=$1 ip=$2 user=${SX_SE_USER:-test} pw admin hubpw psk t0 t1 s=$1/secrets
	w=$(cd "$w" && pwd)
	s=$w/secrets
	[[ $user =~ ^[A-Za-z0-9._-]+$ ]] || die "SX_SE_USER must be [A-Za-z0-9._-]+"
	if [[ -f $s/configured ]]; then
		# The server keeps its configuration across restarts; a second batch would fail
		# (hub exists, admin password set). Use "vpncmd" for further changes.
		say "already configured ($(cat "$s/configured")); CA $w/pki/ca.crt"
		return 0
	fi
	if [[ -n ${SX_SE_PASSWORD_FILE:-} ]]; then
		pw=$(head -n1 "$SX_SE_PASSWORD_FILE")
	else
		pw=${SX_SE_PASSWORD:-}
	fi
	[[ -n $pw ]] || die "set SX_SE_PASSWORD or SX_SE_PASSWORD_FILE for user $user"
	[[ $pw != *[[:space:]/]* ]] || die "the user password must not contain spaces or '/'"
	(umask 077 && mkdir -p "$s")
	admin=${SX_SE_ADMIN_PASSWORD:-$(new_secret)}
	hubpw=$(new_secret)
	psk=$(new_secret | cut -c1-9)
	(umask 077 && printf '%s\n' "$admin" >"$s/admin.pass")

	t0=$(now_ms)
	make_pki "$w" "$ip"
	# The admin password is set last, so this one batch needs no password on any command line.
	(umask 077 && cat >"$s/configure.vpncmd" <<-EOF
		ServerCertSet /LOADCERT:server.crt /LOADKEY:server.key
		KeepDisable
		ProtoOptionsSet SSTP /NAME:Enabled /VALUE:true
		ProtoOptionsSet OpenVPN /NAME:Enabled /VALUE:false
		HubCreate DEFAULT /PASSWORD:$hubpw
		IPsecEnable /L2TP:no /L2TPRAW:no /ETHERIP:no /PSK:$psk /DEFAULTHUB:DEFAULT
		Hub DEFAULT
		UserCreate $user /GROUP:none /REALNAME:none /NOTE:none
		UserPasswordSet $user /PASSWORD:$pw
		ExtOptionSet DisableKernelModeSecureNAT /VALUE:1
		ExtOptionSet DisableIpRawModeSecureNAT /VALUE:1
		SecureNatEnable
		SecureNatHostSet /MAC:none /IP:192.168.30.1 /MASK:255.255.255.0
		DhcpSet /START:192.168.30.10 /END:192.168.30.200 /MASK:255.255.255.0 /EXPIRE:7200 /GW:192.168.30.1 /DNS:192.168.30.1 /DNS2:none /DOMAIN:none /LOG:no
		ServerPasswordSet $admin
	EOF
	)
	run_vpncmd "$w" "$s/configure.vpncmd" "$s/configure.out" "" "$admin" "$hubpw" "$psk" "$pw"
	t1=$(now_ms)
	echo "user $user, server $ip" >"$s/configured"
	echo "configure_ms $((t1 - t0))" >>"$w/timings"
	say "configured in $(fmt_ms $((t1 - t0))): user $user on hub DEFAULT, SSTP on, SecureNAT 192.168.30.1, CA $w/pki/ca.crt"
}

cmd_vpncmd() { # WORKDIR FILE
	local w
	w=$(cd "$1" && pwd)
	[[ -f $w/secrets/admin.pass ]] || die "not configured yet (no admin password)"
	run_vpncmd "$w" "$(realpath "$2")" "$w/secrets/vpncmd.out" "$(cat "$w/secrets/admin.pass")"
	cat "$w/secrets/vpncmd.out"
}

wait_gone() { # SECONDS PID...
	local i p left
	for ((i = 0; i < $1 * 20; i++)); do
		left=0
		for p in "${@:2}"; do alive "$p" && left=1; done
		((left == 0)) && return 0
		sleep 0.05
	done
	return 1
}

cmd_stop() { # WORKDIR
	local w=$1 g wk t0 t1 pids=() p
	[[ -d $w ]] || die "no such directory $w"
	w=$(cd "$w" && pwd)
	[[ -f $w/bin.path ]] || return 0
	g=$(guardian_pid "$w")
	wk=$(worker_pid "$w")
	ours "$g" "$w" || g=""
	ours "$wk" "$w" || wk=""
	[[ -n $wk ]] && pids+=("$wk")
	if [[ -n $g ]]; then
		for p in $(pgrep -P "$g" || true); do
			[[ $p != "$wk" ]] && ours "$p" "$w" && pids+=("$p")
		done
		pids+=("$g")
	fi
	((${#pids[@]} > 0)) || { say "not running ($w)"; return 0; }
	t0=$(now_ms)
	# SIGTERM to the worker: it shuts down and the guardian exits with it.
	if [[ -n $wk ]]; then
		kill -TERM "$wk" 2>/dev/null || true
	else # no worker pid file: the guardian and whatever it started
		kill -TERM "${pids[@]}" 2>/dev/null || true
	fi
	if ! wait_gone "$STOP_TIMEOUT" "${pids[@]}"; then
		say "still running after ${STOP_TIMEOUT}s: SIGKILL"
		for p in "${pids[@]}"; do ours "$p" "$w" && kill -KILL "$p" 2>/dev/null; done
		wait_gone 5 "${pids[@]}" || die "could not stop vpnserver (${pids[*]})"
	fi
	t1=$(now_ms)
	echo "stop_ms $((t1 - t0))" >>"$w/timings"
	rm -f "$w/guardian.pid"
	say "stopped in $(fmt_ms $((t1 - t0)))"
}

cmd_status() {
	local w=$1
	ours "$(guardian_pid "$w")" "$w"
}

main() {
	local cmd=${1:-}
	shift || true
	case $cmd in
	start) (($# >= 2)) || die "usage: start NETNS WORKDIR [BINDIR]"; cmd_start "$@" ;;
	configure) (($# == 2)) || die "usage: configure WORKDIR SERVER_IP"; cmd_configure "$@" ;;
	vpncmd) (($# == 2)) || die "usage: vpncmd WORKDIR FILE"; cmd_vpncmd "$@" ;;
	stop) (($# == 1)) || die "usage: stop WORKDIR"; cmd_stop "$@" ;;
	status) (($# == 1)) || die "usage: status WORKDIR"; cmd_status "$@" ;;
	_inner) inner "$@" ;;
	*) die "usage: server.sh start|configure|vpncmd|stop|status ... (see the header)" ;;
	esac
}

main "$@"
