"""Feeds an ActivityWatch server through its own client library (and so
its REST API), as its watchers would.

    aw_feed.py PORT FILE.json

FILE.json: {"buckets": [{"id": ..., "type": ..., "events": [{"timestamp":
ISO, "duration": seconds, "data": {...}}]}]}
"""

import json
import sys
from datetime import datetime, timedelta

from aw_client import ActivityWatchClient
from aw_core.models import Event


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    with open(path, encoding="utf-8") as f:
        feed = json.load(f)
    client = ActivityWatchClient("deepblock-tests", host="127.0.0.1", port=port)
    for bucket in feed["buckets"]:
        client.create_bucket(bucket["id"], event_type=bucket["type"], queued=False)
        events = [
            Event(
                timestamp=datetime.fromisoformat(e["timestamp"]),
                duration=timedelta(seconds=e["duration"]),
                data=e["data"],
            )
            for e in bucket["events"]
        ]
        client.insert_events(bucket["id"], events)
    print(json.dumps({"buckets": len(feed["buckets"])}))


if __name__ == "__main__":
    main()
