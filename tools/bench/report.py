# SPDX-License-Identifier: MIT
"""tools/bench's table: medians per row and direction, CPU per GB, ratios; JSON beside it.

Input: the TSV tools/bench wrote (row, dir, MB/s, bytes, client ticks, server ticks; or row,
"meta", key, value). Exits 1 when a requested row lacks a figure it should have: the benchmark
asserts that every row ran, never a speed.
"""
import json
import statistics
import sys

path, hz, rows, seconds, rounds, out = sys.argv[1:7]
hz = float(hz)
rows = rows.split()
runs, meta = {}, {}
with open(path) as f:
    for line in f:
        p = line.rstrip("\n").split("\t")
        if p[1] == "meta":
            meta.setdefault(p[0], {})[p[2]] = p[3]
            continue
        runs.setdefault((p[0], p[1]), []).append(
            (float(p[2]), int(p[3]), int(p[4]), int(p[5])))


def fig(row, d):
    r = runs.get((row, d))
    if not r:
        return None
    mbps = statistics.median(x[0] for x in r)
    gb = sum(x[1] for x in r) / 1e9
    return {
        "MBps": round(mbps, 1),
        "client_cpu_s_per_GB": round(sum(x[2] for x in r) / hz / gb, 2) if gb else None,
        "server_cpu_s_per_GB": round(sum(x[3] for x in r) / hz / gb, 2) if gb else None,
        "rounds": len(r),
    }


report = {"seconds": int(seconds), "rounds": int(rounds), "rows": {}}
missing = []
for row in rows:
    m = meta.get(row, {})
    e = {d: fig(row, d) for d in ("up", "down", "udp")}
    for d in ("up", "down") + (() if row == "floor" else ("udp",)):
        if e[d] is None:
            missing.append(f"{row} {d}")
    rss, hwm = (m.get("mem", "0 0").split() + ["0"])[:2]
    e["client_VmRSS_kB"] = int(rss) if row != "floor" else None
    e["client_VmHWM_kB"] = int(hwm) if row != "floor" else int(m.get("hwm", 0))
    e["first_ping_ms"] = int(m["first_ping_ms"]) if "first_ping_ms" in m else None
    report["rows"][row] = e


def ratio(row, ref, d):
    a, b = report["rows"].get(row, {}).get(d), report["rows"].get(ref, {}).get(d)
    return round(a["MBps"] / b["MBps"], 2) if a and b and b["MBps"] else None


for row in rows:
    e = report["rows"][row]
    e["vs_openconnect"] = {d: ratio(row, "openconnect", d) for d in ("up", "down")}
    e["vs_floor"] = {d: ratio(row, "floor", d) for d in ("up", "down")}


def cell(v, fmt="{}"):
    return "-" if v is None else fmt.format(v)


hdr = ("row", "MB/s up", "MB/s down", "UDP MB/s", "client s/GB up/down", "server s/GB up/down",
       "client RSS/HWM kB", "1st ping ms", "x OpenConnect up/down", "x floor up/down")
lines = [hdr]
for row in rows:
    e = report["rows"][row]
    g = lambda d, k: (e[d] or {}).get(k)
    lines.append((
        row, cell(g("up", "MBps")), cell(g("down", "MBps")), cell(g("udp", "MBps")),
        f'{cell(g("up", "client_cpu_s_per_GB"))} / {cell(g("down", "client_cpu_s_per_GB"))}',
        f'{cell(g("up", "server_cpu_s_per_GB"))} / {cell(g("down", "server_cpu_s_per_GB"))}',
        f'{cell(e["client_VmRSS_kB"])} / {cell(e["client_VmHWM_kB"])}',
        cell(e["first_ping_ms"]),
        f'{cell(e["vs_openconnect"]["up"])} / {cell(e["vs_openconnect"]["down"])}',
        f'{cell(e["vs_floor"]["up"])} / {cell(e["vs_floor"]["down"])}'))
print(f"tools/bench: {seconds} s per transfer, {rounds} round(s), medians")
print("| " + " | ".join(lines[0]) + " |")
print("|" + "---|" * len(lines[0]))
for ln in lines[1:]:
    print("| " + " | ".join(ln) + " |")
if out:
    with open(out, "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
if missing:
    print("tools/bench: no figure for: " + ", ".join(missing), file=sys.stderr)
    sys.exit(1)
