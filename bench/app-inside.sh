#!/usr/bin/env bash
# The measuring half of bench/app.sh, run inside its private X display and
# session bus: RELEASE_DIR SECONDS.
set -euo pipefail
release=$1 seconds=$2
hz=$(getconf CLK_TCK)

descendants() {
  echo "$1"
  local child
  for child in $(pgrep -P "$1"); do descendants "$child"; done
}

# Processor ticks (user + system) used so far by $1 and all it started.
tree_ticks() {
  local total=0 pid
  for pid in $(descendants "$1"); do
    total=$((total + $(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# Share of one core the tree of $1 uses over the next $seconds, as "1.23".
measure() {
  local before after
  before=$(tree_ticks "$1"); sleep "$seconds"; after=$(tree_ticks "$1")
  awk -v t=$((after - before)) -v s="$seconds" -v hz="$hz" 'BEGIN { printf "%.2f", 100 * t / (s * hz) }'
}

# Proportional memory of the tree of $1 (shared pages split between the
# processes that map them), in MiB.
tree_pss() {
  local total=0 pid kb
  for pid in $(descendants "$1"); do
    kb=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  awk -v kb="$total" 'BEGIN { printf "%.1f", kb / 1024 }'
}

now() { date +%s.%N; }

# Starts app $1 (window titled $2) with a fresh home, exported so that the
# command line in the situations works on the same plan; sets $app and
# prints the seconds to the window mapped and to its first paint (more
# than a handful of colours in it: the page drawn, not the blank window).
launch() {
  local home start mapped painted window
  home=$(mktemp -d)
  export HOME=$home XDG_DATA_HOME=$home/data XDG_STATE_HOME=$home/state XDG_CONFIG_HOME=$home/config
  if [ "$2" = Deepblock ]; then plan_a_week; fi
  start=$(now)
  "$1" >/dev/null 2>&1 &
  app=$!
  window=$(xdotool search --sync --onlyvisible --name "^$2\$" | head -1)
  mapped=$(now)
  until [ "$(import -window "$window" -format '%k' info: 2>/dev/null || echo 0)" -gt 8 ]; do :; done
  painted=$(now)
  awk -v s="$start" -v m="$mapped" -v p="$painted" 'BEGIN { printf "%.3f\n%.3f\n", m - s, p - s }'
}

# A populated week for the planner: twenty blocks this week.
plan_a_week() {
  local monday day
  # Sessions start only when a situation says so, whatever the hour.
  "$release/deepblock" rules auto-focus none >/dev/null
  monday=$(date -d "$(date +%Y-%m-%d) -$(($(date +%u) - 1)) days" +%Y-%m-%d)
  for day in 0 1 2 3 4; do
    local d
    d=$(date -d "$monday +$day days" +%Y-%m-%d)
    "$release/deepblock" block add --kind deep --start "${d}T08:00" --end "${d}T10:30" --title "Deep $day" >/dev/null
    "$release/deepblock" block add --kind meeting --start "${d}T11:00" --end "${d}T11:30" >/dev/null 2>&1 || true
    "$release/deepblock" block add --kind learning --start "${d}T14:00" --end "${d}T15:00" >/dev/null
    "$release/deepblock" block add --kind admin --start "${d}T16:00" --end "${d}T16:45" >/dev/null
  done
}

# 500 meetings of a quarter hour this week, 05:00 onwards each day, as an
# iCalendar file the running planner's plan imports (the window follows).
import_a_full_week() {
  local file=$HOME/full-week.ics
  python3 - "$file" <<'PY'
import datetime, sys
today = datetime.date.today()
monday = today - datetime.timedelta(days=today.weekday())
lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//deepblock//bench//EN"]
for n in range(500):
    day, slot = divmod(n, 72)
    start = datetime.datetime.combine(monday + datetime.timedelta(days=day), datetime.time(5)) + datetime.timedelta(minutes=15 * slot)
    end = start + datetime.timedelta(minutes=15)
    lines += ["BEGIN:VEVENT", f"UID:bench-{n}@deepblock", "DTSTAMP:20260101T000000Z",
              f"DTSTART:{start:%Y%m%dT%H%M%S}", f"DTEND:{end:%Y%m%dT%H%M%S}", f"SUMMARY:Meeting {n}", "END:VEVENT"]
lines.append("END:VCALENDAR")
open(sys.argv[1], "w").write("\r\n".join(lines) + "\r\n")
PY
  "$release/deepblock" import ics "$file" >/dev/null
}

# Every figure, one a line, for the app of pid $1 and window title $2:
# memory after 10 s, processor use in five situations, memory after a
# full week shown and a minute left.
situations() {
  local pid=$1 title=$2 window
  window=$(xdotool search --name "^$title\$" | head -1)
  sleep 10
  tree_pss "$pid"; echo
  xdotool mousemove 640 15; sleep 2
  measure "$pid"; echo
  xdotool mousemove 640 450; sleep 2
  measure "$pid"; echo
  xdotool mousedown 1; for y in 460 480 500 520; do xdotool mousemove 640 "$y"; sleep 0.1; done; sleep 1
  measure "$pid"; echo
  xdotool mouseup 1; sleep 0.5; xdotool key Escape; sleep 1
  xdotool windowunmap --sync "$window"; sleep 2
  measure "$pid"; echo
  xdotool windowmap --sync "$window"; sleep 2
  if [ "$title" = Deepblock ]; then "$release/deepblock" focus start --minutes 60 >/dev/null; fi
  xdotool mousemove 640 450; sleep 3
  measure "$pid"; echo
  if [ "$title" = Deepblock ]; then
    "$release/deepblock" focus stop >/dev/null
    import_a_full_week
  fi
  sleep 60
  tree_pss "$pid"; echo
}

run_app() {
  launch "$1" "$2"
  situations "$app" "$2"
  kill "$app"
  wait "$app" 2>/dev/null || true
}

mapfile -t ours < <(run_app "$release/deepblock-desktop" Deepblock)
mapfile -t theirs < <(run_app "$release/deepblock-bench-empty-app" Empty)
if [ ${#ours[@]} -ne 9 ] || [ ${#theirs[@]} -ne 9 ]; then
  echo "a figure could not be measured (its error is above)" >&2
  exit 1
fi

row() { # NAME OURS THEIRS UNIT AIM-RATIO
  awk -v name="$1" -v a="$2" -v b="$3" -v unit="$4" -v aim="$5" 'BEGIN {
    ratio = b > 0 ? a / b : 0
    verdict = (aim != "" && ratio > aim) ? sprintf("  (over the %.2fx aim)", aim) : ""
    printf "%-44s %10.3g %-4s %10.3g %-4s %6.2fx%s\n", name, a, unit, b, unit, ratio, verdict }'
}
cpu_row() { # NAME OURS THEIRS AIM-PERCENT
  awk -v name="$1" -v a="$2" -v b="$3" -v aim="$4" 'BEGIN {
    ratio = b > 0 ? sprintf("%.1fx", a / b) : "-"
    verdict = a < aim ? "" : sprintf("  (over the %s%% aim)", aim)
    printf "%-44s %9.2f%% %9.2f%% %8s%s\n", name, a, b, ratio, verdict }'
}

echo "Deepblock against an empty Tauri 2 app, release builds, the same Xvfb"
printf '%-44s %15s %15s %7s\n' "" deepblock "empty app" ratio
row "launch to window mapped" "${ours[0]}" "${theirs[0]}" s 1.25
row "launch to first paint" "${ours[1]}" "${theirs[1]}" s 1.25
row "memory (PSS, whole tree) after 10 s" "${ours[2]}" "${theirs[2]}" MiB 1.25
row "memory after a 500-block week and 60 s" "${ours[8]}" "${theirs[8]}" MiB 1.25
echo
echo "Idle processor use, % of one core over ${seconds} s, whole process tree"
names=("untouched, pointer on the header" "pointer resting over the grid" "a drag in progress, held still"
  "hidden (unmapped, as in the tray)" "a focus session running")
aims=(0.5 0.5 0.5 0.1 0.5)
for i in "${!names[@]}"; do
  cpu_row "${names[$i]}" "${ours[$((i + 3))]}" "${theirs[$((i + 3))]}" "${aims[$i]}"
done
