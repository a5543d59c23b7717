#!/usr/bin/env bash
# Benchmark (not a test): a backlog of N tasks (300 by default) over 14
# days on the 15-minute grid, planned and then planned again after one new
# meeting, in release, beside a naive greedy pass over the same grid.
# Aim: under 100 ms for each.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-300}"
result=$(cargo run --release --quiet -p deepblock-core --example bench_schedule -- "$n")
python3 - "$result" <<'REPORT'
import json, sys
r = json.loads(sys.argv[1])
print(f"{r['tasks']} tasks over 14 days: {r['chunks']} chunks, {r['unplaced']} tasks without room")
for name, key in (("planned", "plan_ms"), ("planned again after one new meeting", "replan_ms")):
    verdict = "meets" if r[key] < 100 else "MISSES"
    print(f"{name}: {r[key]:.1f} ms ({verdict} the 100 ms aim), {r[key] / r['naive_ms']:.1f}x the naive greedy pass ({r['naive_ms']:.2f} ms)")
print(f"the new meeting moved {r['moved']} chunk(s)")
print(f"{r['behind_tasks']} tasks all past their due dates over a year: refused with {r['behind_fixes']} fixes in {r['behind_ms']:.0f} ms")
REPORT
