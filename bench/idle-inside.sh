#!/usr/bin/env bash
# The measuring half of bench/idle.sh, run inside its private X display and
# session bus: RELEASE_DIR SECONDS.
set -euo pipefail
release=$1 seconds=$2
hz=$(getconf CLK_TCK)

# Processor ticks (user + system) used so far by $1 and all it started.
tree_ticks() {
  local total=0 pid
  for pid in $(descendants "$1"); do
    total=$((total + $(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
descendants() {
  echo "$1"
  local child
  for child in $(pgrep -P "$1"); do descendants "$child"; done
}

# Share of one core the tree of $1 uses over the next $seconds, as "1.23".
measure() {
  local before after
  before=$(tree_ticks "$1"); sleep "$seconds"; after=$(tree_ticks "$1")
  awk -v t=$((after - before)) -v s="$seconds" -v hz="$hz" 'BEGIN { printf "%.2f", 100 * t / (s * hz) }'
}

# Starts app $1 (window titled $2) with a fresh home, exported so that the
# command line in the situations works on the same plan; sets $app.
launch() {
  local home
  home=$(mktemp -d)
  export HOME=$home XDG_DATA_HOME=$home/data XDG_STATE_HOME=$home/state XDG_CONFIG_HOME=$home/config
  if [ "$2" = Deepblock ]; then plan_a_week; fi
  "$1" >/dev/null 2>&1 &
  app=$!
  xdotool search --sync --name "^$2\$" >/dev/null
  # The first draw, the first focus status and the first tick settle.
  sleep 15
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

# Every situation, for the app of pid $1 and window title $2; prints one
# figure a line.
situations() {
  local pid=$1 title=$2 window
  window=$(xdotool search --name "^$title\$" | head -1)
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
}

launch "$release/deepblock-desktop" Deepblock
mapfile -t ours < <(situations "$app" Deepblock)
kill "$app"
wait "$app" 2>/dev/null || true
launch "$release/deepblock-bench-empty-app" Empty
mapfile -t theirs < <(situations "$app" Empty)
kill "$app"
wait "$app" 2>/dev/null || true
if [ ${#ours[@]} -ne 5 ] || [ ${#theirs[@]} -ne 5 ]; then
  echo "a situation could not be measured (its error is above)" >&2
  exit 1
fi

names=("untouched, pointer on the header" "pointer resting over the grid" "a drag in progress, held still"
  "hidden (unmapped, as in the tray)" "a focus session running")
echo "Idle processor use, % of one core over ${seconds} s, whole process tree (app + web + network)"
printf '%-36s %10s %10s %8s\n' "" deepblock "empty app" ratio
for i in "${!names[@]}"; do
  awk -v name="${names[$i]}" -v a="${ours[$i]}" -v b="${theirs[$i]}" 'BEGIN {
    ratio = b > 0 ? sprintf("%.1fx", a / b) : "-"
    verdict = a < 0.5 ? "" : "  (over the 0.5% aim)"
    printf "%-36s %9.2f%% %9.2f%% %8s%s\n", name, a, b, ratio, verdict }'
done
