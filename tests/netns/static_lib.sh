# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Shared by test_static_root.sh and test_container.sh (sourced before sstpx_lib.sh): static_bin
# points SXC_SSTPX at the build's sstpx-static, or skips the test when the build recorded why it
# has none (sanitizer builds), or fails when it should be there and is not. Needs SX_TEST_NAME.

static_bin() {
	local cache=${SX_BUILD_DIR:-/nonexistent}/CMakeCache.txt why
	SXC_SSTPX=${SX_BUILD_DIR:-/nonexistent}/tools/sstpx-static
	[[ -x $SXC_SSTPX ]] && return 0
	why=$(sed -n 's/^SX_STATIC_SSTPX_SKIPPED:INTERNAL=//p' "$cache" 2>/dev/null || true)
	if [[ -n $why ]]; then
		printf '[%s] SKIP: this build has no sstpx-static: %s\n' "$SX_TEST_NAME" "$why" >&2
		exit 77	# CTest: skipped
	fi
	printf '[%s] FAIL: %s not built (SX_BUILD_DIR=%s)\n' "$SX_TEST_NAME" "$SXC_SSTPX" \
		"${SX_BUILD_DIR:-unset}" >&2
	exit 1
}
