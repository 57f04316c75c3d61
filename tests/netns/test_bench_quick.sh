#!/bin/bash
# SPDX-License-Identifier: MIT
# tools/bench --quick: every row of the benchmark (the raw TLS floor, sstpx <-> sstpx-testserver,
# OpenConnect <-> ocserv, OpenVPN over TCP) connects, pings and moves TCP and UDP traffic in the
# benchmark's own namespaces, and the report has a figure for each. No speed is asserted: speeds
# are what tools/bench prints, not what a test checks.
#
#   [bcli] c0 10.88.0.2/24 ------ s0 10.88.0.1/24 [bsrv]      (made and removed by tools/bench)
set -euo pipefail
src=${SX_SOURCE_DIR:?} build=${SX_BUILD_DIR:?}
json=$(mktemp /tmp/bench-quick.XXXXXX)
trap 'rm -f "$json"' EXIT
"$src/tools/bench/bench" --quick --no-install --build "$build" --json "$json"
python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["rows"]
want = ["floor", "sstpx", "openconnect", "openvpn"]
assert list(r) == want, list(r)
for row in want:
    for d in ("up", "down") + (() if row == "floor" else ("udp",)):
        assert r[row][d]["MBps"] > 0, (row, d)
    if row != "floor":
        assert r[row]["first_ping_ms"] > 0, row
print("test_bench_quick: every row ran")
PY
