#!/usr/bin/env bash
# Benchmark (not a test): a year of actual time, N intervals (500,000 by
# default), reviewed week by week (52 reviews: the timeline, the per-day
# measures and the findings of each) and laid on one line at once, in
# release. Aim: the year's numbers in under 200 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-500000}"
result=$(cargo run --release --quiet -p deepblock-core --example bench_review -- "$n")
python3 - "$result" <<'REPORT'
import json, sys
r = json.loads(sys.argv[1])
print(f"{r['intervals']:,} intervals in a year")
print(f"laid on one line (each instant counted once): {r['lay_out_ms']:.0f} ms")
verdict = "meets" if r["year_of_weekly_reviews_ms"] < 200 else "MISSES"
print(f"52 weekly reviews: {r['year_of_weekly_reviews_ms']:.0f} ms ({verdict} the 200 ms aim), {r['findings']} findings")
REPORT
