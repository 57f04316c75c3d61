# SPDX-License-Identifier: MIT
# Sourced by build-wolfssl.sh and build-libnl.sh: the per-flag-set install cache they share, the
# start and end every such build has (sx_deps_begin, sx_deps_fail, sx_deps_done), and the fetch of
# a Debian source package through a private apt setup under DEPS_DIR/apt; the system's
# configuration is never touched. The private source list is the system's list with deb-src
# added. Its package lists are refreshed at most once an hour, so the several source builds of one
# configure (or one tools/check run) update them once.
#
# sx_debsrc_fetch DEPS_DIR PACKAGE SRC_DIR LOG: downloads PACKAGE's .dsc and tarballs into SRC_DIR
# (emptied first) and returns 0; returns 2 when the source cannot be had. Needs apt-get.
sx_debsrc_fetch() {
	local deps=$1 pkg=$2 src=$3 log=$4 apt_dir f
	apt_dir=$deps/apt
	exec 8>"$deps/.apt.lock"
	flock 8
	rm -rf "$apt_dir/sources.d"
	mkdir -p "$apt_dir/sources.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		sed -E 's/^Types:.*/Types: deb deb-src/' "$f" >"$apt_dir/sources.d/$(basename "$f")"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		# one-line format: every "deb[-src] [opts] URI SUITE COMPONENTS" becomes a deb and a deb-src line
		sed -nE 's/^[[:space:]]*deb(-src)?[[:space:]]+//p' "$f" | sort -u |
			sed -E 's/^(.*)$/deb \1\ndeb-src \1/' >"$apt_dir/sources.d/$(basename "$f" .list).list"
	done
	if [ -z "$(ls -A "$apt_dir/sources.d")" ]; then
		echo "-- $pkg: no apt sources found in /etc/apt"
		exec 8>&-
		return 2
	fi
	local apt_opts=(-o "Dir::Etc::SourceParts=$apt_dir/sources.d" -o Dir::Etc::SourceList=/dev/null
		-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
		-o Acquire::http::Timeout=30 -o Acquire::https::Timeout=30 -o Acquire::Retries=1 -q)
	[ "$(id -u)" = 0 ] && apt_opts+=(-o APT::Sandbox::User=root)
	if [ -z "$(find "$apt_dir/updated" -mmin -60 2>/dev/null)" ]; then
		echo "-- $pkg: fetching sources (apt-get update + source --download-only, private lists in $apt_dir)"
		# update may report unreachable third-party mirrors; only the source download decides.
		if apt-get "${apt_opts[@]}" update >>"$log" 2>&1; then
			touch "$apt_dir/updated"
		else
			echo "-- $pkg: apt-get update reported errors (see $log)"
		fi
	else
		echo "-- $pkg: fetching sources (apt-get source --download-only; lists updated within the hour)"
	fi
	rm -rf "$src"
	mkdir -p "$src"
	if ! (cd "$src" && apt-get "${apt_opts[@]}" source --download-only "$pkg") >>"$log" 2>&1; then
		echo "-- $pkg: apt-get source failed; last lines of $log:"
		tail -n 15 "$log" | sed 's/^/   | /'
		exec 8>&-
		return 2
	fi
	exec 8>&-
	return 0
}

# sx_deps_claim DEPS_DIR NAME HASH RESULT: holds DEPS_DIR/.NAME.lock on fd 9 for the rest of the
# calling script (two configures sharing one cache build it once); when an installed
# DEPS_DIR/NAME-* carries HASH in its sx-stamp, writes that prefix to RESULT and returns 0, else 1.
sx_deps_claim() {
	local deps=$1 name=$2 hash=$3 result=$4 stamp prefix
	exec 9>"$deps/.$name.lock"
	flock 9
	for stamp in "$deps/$name"-*/sx-stamp; do
		[ -f "$stamp" ] || continue
		grep -qx "flags_hash=$hash" "$stamp" || continue
		prefix=$(dirname "$stamp")
		echo "-- $name: reusing $(sed -n 's/^version=//p' "$stamp") in $prefix (flags $hash)"
		printf '%s\n' "$prefix" >"$result"
		return 0
	done
	return 1
}

# sx_deps_tools NAME TOOL...: returns 2, saying which, when a tool is missing.
sx_deps_tools() {
	local name=$1 tool
	shift
	for tool in "$@"; do
		command -v "$tool" >/dev/null && continue
		echo "-- $name: missing tool: $tool (tools/check installs it)"
		return 2
	done
}

# sx_deps_begin DEPS_DIR NAME PACKAGE HASH: the start every source build shares, once
# sx_deps_claim found nothing to reuse: a fresh log, PACKAGE's source fetched (sx_debsrc_fetch),
# its version and the install prefix. Sets, for the calling script: log (DEPS_DIR/NAME-build.log),
# start (seconds since the epoch), src (DEPS_DIR/NAME-src), dsc, version and prefix
# (DEPS_DIR/NAME-VERSION-HASH: one prefix per version and flag set, so a build with other flags
# never replaces one in use). Returns 2 when the source cannot be had.
sx_deps_begin() {
	local deps=$1 pkg=$3 hash=$4
	sx_deps_name=$2
	log=$deps/$sx_deps_name-build.log
	: >"$log"
	echo "-- $sx_deps_name: building from Debian's source package (log: $log)"
	start=$(date +%s)
	src=$deps/$sx_deps_name-src
	sx_debsrc_fetch "$deps" "$pkg" "$src" "$log" || return 2
	dsc=$(ls "$src/${pkg}_"*.dsc 2>/dev/null | head -n 1)
	[ -n "$dsc" ] || { echo "-- $sx_deps_name: no ${pkg}_*.dsc in $src"; return 2; }
	version=$(sed -n 's/^Version: //p' "$dsc")
	prefix=$deps/$sx_deps_name-$version-$hash
	echo "-- $sx_deps_name: got $(basename "$dsc") (version $version) in $(($(date +%s) - start))s"
}

# sx_deps_fail WHAT: after sx_deps_begin, ends the build (exit 1) with the last lines of its log.
sx_deps_fail() {
	echo "-- $sx_deps_name: $1 failed; last lines of $log:"
	tail -n 40 "$log" | sed 's/^/   | /'
	exit 1
}

# sx_deps_done HASH FLAGS RESULT: after a build installed into prefix, its stamp (the version and
# flags hash sx_deps_claim looks for), and the prefix written to RESULT.
sx_deps_done() {
	{
		echo "version=$version"
		echo "flags_hash=$1"
		echo "flags=$2"
		echo "built=$(date -u +%FT%TZ) in $(($(date +%s) - start))s"
	} >"$prefix/sx-stamp"
	echo "-- $sx_deps_name: installed $version into $prefix in $(($(date +%s) - start))s"
	printf '%s\n' "$prefix" >"$3"
}
