#!/usr/bin/env bash
# Benchmark (not a test): syncing a CalDAV calendar of N events (5,000 by
# default) from Radicale, Deepblock next to python's `caldav` client doing
# the same fetch, in the same run against the same warmed server: a first
# sync (every event's body) and a sync with nothing new (from the sync
# token each kept). Prints the times, the ratios, and Deepblock's requests
# and bytes. Aim: a no-change sync is one request and under 100 ms; the
# first sync at least 3x faster than the python client.
#
#   bench/caldav.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup
deepblock_setup
deepblock_peers
deepblock_session_tools
cargo build --release --quiet -p deepblock-cli
deepblock="$(realpath "${CARGO_TARGET_DIR:-target}")/release/deepblock"
work=$(mktemp -d)
trap 'kill "$radicale" 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "ana:bench" >"$work/users"
.peers/venv/bin/python -m radicale --server-hosts "127.0.0.1:$port" --auth-type htpasswd \
  --auth-htpasswd-encryption plain --auth-htpasswd-filename "$work/users" \
  --storage-filesystem-folder "$work/store" >/dev/null 2>&1 &
radicale=$!
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null; do sleep 0.1; done
XDG_DATA_HOME="$work/keyring" dbus-run-session -- bash bench/caldav-inside.sh "$deepblock" "http://127.0.0.1:$port/" "$work" "${1:-5000}"
