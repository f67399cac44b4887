#!/usr/bin/python3
"""Counts the event lines an event consumer prints on stdin, and when the first and the last came.

Kinds: `ndjson` (celerymon events -o ndjson: every line that starts with "{", except the events
celerymon synthesises itself, `{"type":"celerymon-…`) and `celery-dump` (celery events --dump:
every non-empty line except its "-> …" banners). Synthetic lines are not broker events: counting
them would also stretch the run, since the generator's fake workers are reported stalled 4 s
after the flood ends (their heartbeat interval is 2 s). Every half second it
rewrites PROGRESS with "<count> <epoch of last event line>", so a script can tell when the output
stopped growing; at end of input it writes the totals to OUT as JSON.
"""
import argparse
import fcntl
import json
import os
import sys
import threading
import time


class Tally:
    """Event lines seen so far, with the times of the first and the last."""

    def __init__(self):
        self.count = 0
        self.first = None
        self.last = None


def write_atomically(path, text):
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def report_progress(tally, path, stop):
    while not stop.wait(0.5):
        write_atomically(path, f"{tally.count} {tally.last or 0}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("ndjson", "celery-dump"), required=True)
    parser.add_argument("--progress", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    if args.kind == "ndjson":
        is_event = lambda line: line.startswith(b"{") and not line.startswith(b'{"type":"celerymon-')
    else:
        is_event = lambda line: line.strip() != b"" and not line.startswith(b"->")

    try:
        # A 1 MiB pipe instead of 64 KiB, for either consumer alike: a writer that is far ahead
        # then waits less on this counter being scheduled on a busy machine.
        fcntl.fcntl(sys.stdin.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except (OSError, AttributeError):
        pass
    tally = Tally()
    stop = threading.Event()
    write_atomically(args.progress, "0 0\n")
    reporter = threading.Thread(target=report_progress, args=(tally, args.progress, stop), daemon=True)
    reporter.start()
    other = 0
    for line in sys.stdin.buffer:
        if is_event(line):
            now = time.time()
            if tally.first is None:
                tally.first = now
            tally.last = now
            tally.count += 1
        else:
            other += 1
    stop.set()
    reporter.join()
    write_atomically(args.progress, f"{tally.count} {tally.last or 0}\n")
    write_atomically(args.out, json.dumps({"events": tally.count, "other_lines": other,
                                           "first_event": tally.first, "last_event": tally.last}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
