#!/usr/bin/env bash
# Benchmark (not a test): export and import of N events (default 100000) by
# Deepblock, python icalendar and ical.js, on the same events and the same
# file, in one run. Prints events/s, peak memory, and our ratio to each.
# Aims: at least 10x python icalendar and 3x ical.js.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup
deepblock_setup
deepblock_peers
n="${1:-100000}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

ours=$(cargo run --release --quiet -p deepblock-ical --example bench_ical -- "$n" "$dir")
python_icalendar=$(.peers/venv/bin/python tests/interop/bench_peers.py "$dir")
icaljs=$(cd tests/interop && node bench_icaljs.mjs "$dir")

python3 - "$n" "$ours" "$python_icalendar" "$icaljs" <<'REPORT'
import json, sys
n = int(sys.argv[1])
ours, py, js = (json.loads(a) for a in sys.argv[2:5])
print(f"{n} events, {ours['bytes'] / 1e6:.1f} MB of iCalendar")
print(f"{'':18} {'export ev/s':>12} {'import ev/s':>12} {'peak MiB':>9}")
for name, r in (("deepblock", ours), ("python icalendar", py), ("ical.js", js)):
    print(f"{name:18} {n / r['export_s']:>12,.0f} {n / r['import_s']:>12,.0f} {r['peak_rss_mib']:>9,.0f}")
for name, r, aim in (("python icalendar", py, 10), ("ical.js", js, 3)):
    e, i = r["export_s"] / ours["export_s"], r["import_s"] / ours["import_s"]
    verdict = "meets" if min(e, i) >= aim else "MISSES"
    print(f"deepblock / {name}: export {e:.1f}x, import {i:.1f}x ({verdict} the {aim}x aim)")
REPORT
