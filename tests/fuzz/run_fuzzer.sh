#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs one libFuzzer target for a bounded time from its seed corpus; new inputs go to a scratch dir,
# never into the source tree. Usage: run_fuzzer.sh BINARY SEED_DIR WORK_DIR SECONDS
set -eu
bin=$1 seeds=$2 work=$3 secs=$4
mkdir -p "$work/corpus" "$work/artifacts"
[ -n "$(ls -A "$seeds" 2>/dev/null)" ] || { echo "no seed corpus in $seeds" >&2; exit 1; }
exec "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds"
