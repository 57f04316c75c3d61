#!/bin/bash
# SPDX-License-Identifier: MIT
# Shared by tools/check and tools/demo (sourced): the Debian 12 packages building, testing and the
# demo need, install_packages (apt-get, only what is missing, as root) and quiet_softether (disables
# the system SoftEther service the package may enable, since the tests and the demo run private
# instances on ports 443/5555). The caller may set sx_tool to its name for messages.
sx_tool=${sx_tool:-tools/check}

packages=(
	cmake make gcc libc6-dev clang libclang-rt-14-dev pkg-config binutils
	libwolfssl-dev libnl-3-dev libnl-route-3-dev libcmocka-dev
	dpkg-dev autoconf automake libtool xz-utils util-linux
	iproute2 iputils-ping iperf3 openssl python3 procps valgrind
	softether-vpnserver softether-vpncmd vpnc-scripts
)
# sstpx-static: linked with musl (tools/cmake/musl.cmake), with libnl built from source (its
# grammars need flex and bison).
packages+=(musl-tools musl-dev flex bison)
packages+=(podman runc) # test_container: the FROM scratch image (runc: crun refuses hybrid cgroups)
# test_proxy_http/test_proxy_socks: real proxies run in the tests' own namespaces (a system squid or
# tinyproxy the packages may start listens in the root namespace and does not disturb them).
packages+=(squid tinyproxy microsocks apache2-utils)
packages+=(ocserv openconnect openvpn) # tools/bench and test_bench_quick: the peers sstpx is measured against

install_packages() {
	local missing=() p
	for p in "${packages[@]}"; do
		[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		echo "all ${#packages[@]} packages present"
		return 0
	fi
	echo "missing: ${missing[*]}"
	if [ "$(id -u)" != 0 ]; then
		echo "$sx_tool: installing packages needs root: run 'sudo $sx_tool'" >&2
		return 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update </dev/null || echo "apt-get update reported errors; trying the install anyway"
	apt-get install -y --no-install-recommends "${missing[@]}" </dev/null || return 1
}

# ocserv's and OpenVPN's packages enable system services; tools/bench runs private instances.
quiet_bench_peers() {
	local unit
	for unit in ocserv openvpn; do
		[ -e /lib/systemd/system/$unit.service ] || continue
		if [ -d /run/systemd/system ]; then
			systemctl disable --now $unit >/dev/null 2>&1 || true
		elif command -v systemctl >/dev/null; then
			systemctl disable $unit >/dev/null 2>&1 || true
		fi
	done
}

# The package enables and may start SoftEther's system service; the tests run private instances and
# need ports 443/5555 free of it.
quiet_softether() {
	local unit=softether-vpnserver bin=/usr/libexec/softether/vpnserver/vpnserver pids pid
	[ -e /lib/systemd/system/$unit.service ] || return 0
	if [ -d /run/systemd/system ]; then
		systemctl disable --now $unit >/dev/null 2>&1 || true
	elif command -v systemctl >/dev/null && systemctl is-enabled $unit >/dev/null 2>&1; then
		systemctl disable $unit >/dev/null 2>&1 || true # offline: removes the wants symlink
	fi
	command -v update-rc.d >/dev/null && update-rc.d $unit disable >/dev/null 2>&1 || true
	pids=$(for p in /proc/[0-9]*; do
		[ "$(readlink "$p/exe" 2>/dev/null)" = "$bin" ] && echo "${p#/proc/}"; done)
	if [ -n "$pids" ]; then
		echo "stopping the system's SoftEther VPN server (pids $(echo $pids))"
		"$bin" stop >/dev/null 2>&1 || true
		sleep 3
		for pid in $pids; do kill "$pid" 2>/dev/null || true; done
	fi
	if systemctl is-enabled $unit >/dev/null 2>&1; then
		echo "warning: $unit is still enabled" >&2
	fi
}
