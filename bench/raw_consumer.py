#!/usr/bin/python3
"""The broker's delivery ceiling: a consumer that takes in the event stream and decodes nothing.

It subscribes as an event consumer does (Redis: PSUBSCRIBE to the celeryev channels; RabbitMQ: an
exclusive celeryev.<uuid> queue with Celery's TTL and expiry, bound with '#', consumed without
acks) and only counts messages: on Redis by finding the RESP `pmessage` header in what the socket
gives (bytes.count, in C), on RabbitMQ one callback per delivery. No JSON, no base64, no output.
Whatever rate it reaches is as fast as this broker, on this machine, hands the stream to a
client; no consumer that does more can beat it by much.

Like event_counter.py it rewrites PROGRESS every half second with "<messages> <epoch of last>",
and at SIGTERM or SIGINT writes {"messages", "first_event", "last_event", "bytes"} to OUT.
Needs only the standard library and Debian's python3-amqp.
"""
import argparse
import json
import os
import signal
import socket
import threading
import time
import uuid
from urllib.parse import unquote, urlsplit

# Every pub/sub message a pattern subscription delivers starts with this (RESP2); JSON payloads
# cannot hold a raw CR LF, so it cannot be found inside one.
PMESSAGE = b"$8\r\npmessage\r\n"


class Tally:
    """Messages seen so far, with the times of the first and the last, and the bytes read."""

    def __init__(self):
        self.messages = 0
        self.first = None
        self.last = None
        self.bytes = 0

    def add(self, messages, size):
        if messages:
            now = time.time()
            if self.first is None:
                self.first = now
            self.last = now
            self.messages += messages
        self.bytes += size


def write_atomically(path, text):
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def consume_redis(url, tally, stop):
    parts = urlsplit(url)
    db = int(parts.path.lstrip("/") or 0)
    sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=30)
    # The bench's private redis-server has no password.
    pattern = f"/{db}.celeryev/*"
    sock.sendall(f"*2\r\n$10\r\nPSUBSCRIBE\r\n${len(pattern)}\r\n{pattern}\r\n".encode())
    sock.settimeout(0.5)
    buf = bytearray(1 << 20)
    view = memoryview(buf)
    keep = len(PMESSAGE) - 1
    tail = b""
    while not stop.is_set():
        try:
            n = sock.recv_into(buf)
        except socket.timeout:
            continue
        if not n:
            break
        # The tail of the previous read is too short to hold a whole header, so nothing counts twice.
        chunk = tail + bytes(view[:n])
        tally.add(chunk.count(PMESSAGE), n)
        tail = chunk[-keep:]
    sock.close()


def consume_amqp(url, tally, stop):
    import amqp

    parts = urlsplit(url)
    conn = amqp.Connection(host=f"{parts.hostname or '127.0.0.1'}:{parts.port or 5672}",
                           userid=unquote(parts.username or "guest"), password=unquote(parts.password or "guest"),
                           virtual_host=unquote(parts.path[1:]) if len(parts.path) > 1 else "/",
                           connect_timeout=30)
    conn.connect()
    channel = conn.channel()
    queue = f"celeryev.{uuid.uuid4()}"
    channel.exchange_declare("celeryev", "topic", durable=True, auto_delete=False)
    channel.queue_declare(queue, durable=False, exclusive=True, auto_delete=True,
                          arguments={"x-message-ttl": 5000, "x-expires": 60000})
    channel.queue_bind(queue, "celeryev", "#")
    channel.basic_consume(queue, no_ack=True, callback=lambda message: tally.add(1, len(message.body)))
    while not stop.is_set():
        try:
            conn.drain_events(timeout=0.5)
        except socket.timeout:
            pass
    conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-b", "--broker", required=True)
    parser.add_argument("--progress", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    tally = Tally()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    def report():
        while not stop.wait(0.5):
            write_atomically(args.progress, f"{tally.messages} {tally.last or 0}\n")

    write_atomically(args.progress, "0 0\n")
    threading.Thread(target=report, daemon=True).start()
    scheme = urlsplit(args.broker).scheme
    if scheme in ("redis", "rediss"):
        consume_redis(args.broker, tally, stop)
    else:
        consume_amqp(args.broker, tally, stop)
    write_atomically(args.progress, f"{tally.messages} {tally.last or 0}\n")
    write_atomically(args.out, json.dumps({"messages": tally.messages, "first_event": tally.first,
                                           "last_event": tally.last, "bytes": tally.bytes}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
