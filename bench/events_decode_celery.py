#!/usr/bin/python3
"""bench/events-decode.sh's Celery side: what `celery events --dump` does with each message once
kombu has it (JSON loads, EventReceiver's per-event processing, Dumper's line, flushed per line
as Celery does), over message bodies read from a file, with the output going to /dev/null.
Prints one line per pass: "pass events seconds".
"""
import json
import sys
import time

from celery import Celery
from celery.events.dumper import Dumper


def main():
    path, passes = sys.argv[1], int(sys.argv[2])
    with open(path, "rb") as f:
        bodies = f.read().splitlines()
    app = Celery(broker="memory://")
    events = 0

    def count(_event):
        nonlocal events
        events += 1

    with open("/dev/null", "w") as out, app.connection_for_read() as conn:
        dumper = Dumper(out=out)

        def on_event(event):
            count(event)
            dumper.on_event(event)

        receiver = app.events.Receiver(conn, handlers={"*": on_event})
        for number in range(1, passes + 1):
            events = 0
            start = time.perf_counter()
            for body in bodies:
                # kombu's JSON content type is decoded with json.loads; the receiver takes it from there.
                receiver._receive(json.loads(body), None)
            print(f"{number} {events} {time.perf_counter() - start:.6f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
