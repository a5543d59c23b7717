#!/usr/bin/env bash
# Benchmark (not a test): what the planner costs a machine while nobody
# works in it, next to an empty Tauri 2 app of the same Tauri version and
# features (bench/empty-app), both release builds launched the same way in
# the same run under Xvfb. For each situation it prints the processor time
# of each app's whole process tree (the app, its WebKitWebProcess and
# NetworkProcess) as a share of one core, and the ratio. Aim: under 0.5% of
# one core, shown or hidden, pointer anywhere.
#
#   bench/idle.sh [SECONDS]     (each situation is measured that long; 60,
#                                so each includes one minute's tick)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup
deepblock_setup
deepblock_desktop
deepblock_session_tools
deepblock_apt_install xdotool
cargo build --release --quiet -p deepblock-desktop -p deepblock-cli -p deepblock-bench-empty-app
release="$(realpath "${CARGO_TARGET_DIR:-target}")/release"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  bash bench/idle-inside.sh "$release" "${1:-60}"
