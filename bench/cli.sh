#!/usr/bin/env bash
# Benchmark (not a test): the `deepblock` command line beside khal, the
# command-line calendar of Debian, in one run on the same data.
#
# Listing: ten years of a busy week (26,000 planned blocks, 5,000 imported
# meetings, 40 open-ended weekly series), one week listed as a table and as
# JSON, median of 21 runs each, process start included, beside `khal list`
# of the same week over the same events. Aims: under 20 ms, at least 10x
# khal.
#
# Import: a calendar of N events (100,000 by default; a tenth weekly
# series, three zones) imported into an empty database, with the peak
# resident memory of the process, beside `khal import` of the same file.
# Aim: peak memory under 2x the file's size.
#
# bench/cli.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup
deepblock_setup
deepblock_apt_install khal python3
n="${1:-100000}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cargo build --release --quiet -p deepblock-cli
deepblock="${CARGO_TARGET_DIR:-target}/release/deepblock"
mkdir -p "$dir/busy" "$dir/big"
cargo run --release --quiet -p deepblock-service --example bench_busy_decade -- "$dir/busy" >/dev/null
cargo run --release --quiet -p deepblock-ical --example bench_ical -- "$n" "$dir/big" >/dev/null

# khal reads a vdir through its own cache; each data set gets one of each.
khal_config() {
  mkdir -p "$1/vdir"
  cat >"$1/khal.conf" <<CONF
[calendars]
[[bench]]
path = $1/vdir
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC
[sqlite]
path = $1/khal.db
CONF
}
khal_config "$dir/busy"
khal_config "$dir/big"

python3 - "$deepblock" "$dir" "$n" <<'BENCH'
import json, os, resource, statistics, subprocess, sys, time

deepblock, dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
busy, big = f"{dir}/busy", f"{dir}/big"

def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def measured(cmd):
    """Seconds and peak resident MiB of one run, measured in a child of its own."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], check=True, capture_output=True, text=True).stdout
    seconds, mib = out.split()
    return float(seconds), float(mib)

def median_ms(cmd, runs=21):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        run(cmd)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000

ours = [deepblock, "--db", f"{busy}/busy.db", "--tz", "UTC"]
run(ours + ["import", "ics", f"{busy}/meetings.ics", "--calendar", "team"])
khal_busy = ["khal", "-c", f"{busy}/khal.conf"]
setup_s, _ = measured(khal_busy + ["import", "--batch", "-a", "bench", f"{busy}/all.ics"])
run(khal_busy + ["list", "2026-03-02", "7d"])  # khal fills its cache on first use

week = ("2026-W10", "2026-03-02")
table = median_ms(ours + ["block", "list", "--week", week[0]])
as_json = median_ms(ours + ["--json", "block", "list", "--week", week[0]])
khal = median_ms(khal_busy + ["list", week[1], "7d"])
listed = subprocess.run(ours + ["--json", "block", "list", "--week", week[0]], check=True, capture_output=True).stdout
print(f"listing week {week[0]} of ten busy years ({len(json.loads(listed))} blocks that week; "
      f"khal took {setup_s:.0f} s to import the same events), median of 21:")
print(f"  deepblock block list          {table:7.1f} ms")
print(f"  deepblock --json block list   {as_json:7.1f} ms")
print(f"  khal list                     {khal:7.1f} ms")
worst = max(table, as_json)
verdict = "meets" if worst < 20 and khal / worst >= 10 else "MISSES"
print(f"  {khal / worst:.1f}x khal at the slower of the two: {verdict} the aims (under 20 ms, at least 10x khal)")

size_mib = os.path.getsize(f"{big}/plan.ics") / 2**20
ours_s, ours_mib = measured([deepblock, "--db", f"{big}/big.db", "--tz", "UTC", "import", "ics", f"{big}/plan.ics"])
khal_s, khal_mib = measured(["khal", "-c", f"{big}/khal.conf", "import", "--batch", "-a", "bench", f"{big}/plan.ics"])
print(f"importing {n} events ({size_mib:.1f} MiB of iCalendar):")
print(f"  deepblock import ics   {ours_s:7.1f} s  peak {ours_mib:6.0f} MiB ({ours_mib / size_mib:.2f}x the file)")
print(f"  khal import            {khal_s:7.1f} s  peak {khal_mib:6.0f} MiB ({khal_mib / size_mib:.2f}x the file)")
verdict = "meets" if ours_mib < 2 * size_mib else "MISSES"
print(f"  deepblock: {khal_s / ours_s:.0f}x faster, {khal_mib / ours_mib:.1f}x less memory than khal; "
      f"{verdict} the aim of under 2x the file")
BENCH
