#!/usr/bin/env bash
# The part of bench/caldav.sh that runs in a D-Bus session with a keyring.
set -euo pipefail
deepblock=$1 url=$2 work=$3 n=$4
echo -n bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null
peer=(.peers/venv/bin/python bench/caldav_peer.py "$url" ana bench)
"${peer[@]}" fill Big "$n" "$work/store/collection-root/ana/big"
# Warm the server's own caches (items, sync-token history) once, untimed,
# so neither client pays for them; and the keyring, whose first entry creates its collection.
"${peer[@]}" first Big >/dev/null
"${peer[@]}" timed Big >/dev/null
"${peer[@]}" fill Warm 1 "$work/store/collection-root/ana/warm"
echo bench | "$deepblock" --db "$work/warm.db" --tz UTC calendar connect Warm "$url" --user ana --password-stdin --read Warm >/dev/null

now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
db="$work/plan.db"
t0=$(now)
echo bench | "$deepblock" --db "$db" --tz UTC calendar connect Big "$url" --user ana --password-stdin --read Big >/dev/null
t1=$(now)
ours_first=$(calc "$t1 - $t0")
ours_nochange_json=$("$deepblock" --db "$db" --tz UTC --json calendar sync)
t2=$(now)
"$deepblock" --db "$db" --tz UTC --json calendar sync >/dev/null
t3=$(now)
ours_nochange=$(calc "$t3 - $t2")
read -r theirs_first theirs_nochange < <("${peer[@]}" timed Big)
requests=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["calendars"][0]["traffic"][0])' "$ours_nochange_json")
printf 'events: %s\n' "$n"
printf 'first sync:      deepblock %.3f s   python caldav %.3f s   ratio %.1fx\n' \
  "$ours_first" "$theirs_first" "$(calc "$theirs_first / $ours_first")"
printf 'no-change sync:  deepblock %.3f s (whole command, %s request)   python caldav %.3f s   ratio %.1fx\n' \
  "$ours_nochange" "$requests" "$theirs_nochange" "$(calc "$theirs_nochange / $ours_nochange")"
