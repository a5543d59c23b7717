#!/usr/bin/env bash
# Benchmark (not a test): what the planner costs a machine, next to an
# empty Tauri 2 app of the same Tauri version and features
# (bench/empty-app), both release builds launched the same way in the same
# run under Xvfb: launch to the window mapped and to its first paint; the
# memory (PSS) of the whole process tree (the app, its WebKitWebProcess and
# NetworkProcess) after 10 s, and after a week of 500 blocks has been shown
# and left for a minute; and processor use, untouched, with the pointer
# over the grid, during a drag held still, hidden in the tray, and with a
# focus session running. Prints both apps' figures and the ratios. Aims:
# launch and memory within 1.25x of the empty app; idle processor use
# under 0.5% of one core (hidden: 0.1%).
#
#   bench/app.sh [SECONDS]     (each processor situation is measured that
#                               long; 60, so each includes one minute's tick)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup
deepblock_setup
deepblock_desktop
deepblock_session_tools
deepblock_apt_install xdotool imagemagick
cargo build --release --quiet -p deepblock-desktop -p deepblock-cli -p deepblock-bench-empty-app
release="$(realpath "${CARGO_TARGET_DIR:-target}")/release"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  bash bench/app-inside.sh "$release" "${1:-60}"
