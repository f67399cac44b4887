#!/usr/bin/python3
"""Publishes Celery events, in the exact wire format Celery 5.2 workers use, as fast as the broker
takes them, until a given number of events went out; then prints the rate.

The stream repeats one cycle: a `worker-heartbeat` from one of several fake workers (one event,
routing key `worker.heartbeat`), then HEARTBEAT_EVERY `task.multi` batches. A batch is one
message whose body is a JSON array of BATCH events: task-received, task-started and
task-succeeded for BATCH/3 tasks, each task with a uuid of its own (Celery's buffer_limit is 24,
so a busy prefork worker sends batches of 24). The last message is cut short so that exactly
COUNT events are published. All messages are built and encoded before the first is sent
(about 400 MB for a million events), so the publishing itself waits only on the broker.

Redis: PUBLISH `/<db>.celeryev/<routing key>` with kombu's JSON envelope (base64 body,
headers {"hostname"}, properties with delivery_tag …), pipelined.
AMQP: basic_publish to the topic exchange `celeryev` (declared durable, as workers do) with the
routing key, the JSON body as is, and headers {"hostname"} as application headers.

--to-file PATH writes the messages' JSON bodies (as RabbitMQ carries them), one per line, instead
of publishing them: the input of bench/events-decode.sh.

Needs only the standard library and Debian's python3-redis / python3-amqp.
"""
import argparse
import base64
import json
import sys
import time
import uuid
from urllib.parse import unquote, urlsplit

WORKERS = 5
PID_BASE = 40000
SW_VER = "5.2.6"


class Stream:
    """Builds the next event message: (routing key, hostname, body object, event count)."""

    def __init__(self, count, batch, heartbeat_every):
        self.left = count
        self.batch = batch
        self.heartbeat_every = heartbeat_every
        self.hosts = [f"evgen-{i}@bench" for i in range(WORKERS)]
        self.clocks = [0] * WORKERS
        self.processed = [0] * WORKERS
        self.position = 0
        self.utcoffset = time.timezone // 3600

    def _clock(self, worker):
        self.clocks[worker] += 1
        return self.clocks[worker]

    def _heartbeat(self, worker):
        return {"hostname": self.hosts[worker], "utcoffset": self.utcoffset, "pid": PID_BASE + worker,
                "clock": self._clock(worker), "freq": 2.0, "active": 0,
                "processed": self.processed[worker], "loadavg": [0.5, 0.4, 0.3],
                "sw_ident": "py-celery", "sw_ver": SW_VER, "sw_sys": "Linux",
                "timestamp": time.time(), "type": "worker-heartbeat"}

    def _task_events(self, worker, size):
        host, pid, off = self.hosts[worker], PID_BASE + worker, self.utcoffset
        events = []
        while len(events) < size:
            task_id = str(uuid.uuid4())
            now = time.time()
            events.append({"hostname": host, "utcoffset": off, "pid": pid, "clock": self._clock(worker),
                           "uuid": task_id, "name": "bench.add", "args": "[1, 2]", "kwargs": "{}",
                           "root_id": task_id, "parent_id": None, "retries": 0, "eta": None,
                           "expires": None, "timestamp": now, "type": "task-received"})
            if len(events) < size:
                events.append({"hostname": host, "utcoffset": off, "pid": pid, "clock": self._clock(worker),
                               "uuid": task_id, "timestamp": now, "type": "task-started"})
            if len(events) < size:
                events.append({"hostname": host, "utcoffset": off, "pid": pid, "clock": self._clock(worker),
                               "uuid": task_id, "result": "3", "runtime": 0.000084,
                               "timestamp": now, "type": "task-succeeded"})
                self.processed[worker] += 1
        return events

    def next(self):
        """The next message, or None once COUNT events were produced."""
        if self.left <= 0:
            return None
        cycle = self.position % (self.heartbeat_every + 1)
        worker = (self.position // (self.heartbeat_every + 1)) % WORKERS
        self.position += 1
        if cycle == 0:
            self.left -= 1
            return "worker.heartbeat", self.hosts[worker], self._heartbeat(worker), 1
        size = min(self.batch, self.left)
        self.left -= size
        return "task.multi", self.hosts[worker], self._task_events(worker, size), size


def redis_envelope(routing_key, hostname, body):
    """kombu's virtual-transport envelope, as a worker PUBLISHes it (protocol.md 3.2)."""
    return json.dumps({
        "body": base64.b64encode(json.dumps(body).encode("utf-8")).decode("ascii"),
        "content-encoding": "utf-8",
        "content-type": "application/json",
        "headers": {"hostname": hostname},
        "properties": {"delivery_mode": 1,
                       "delivery_info": {"exchange": "celeryev", "routing_key": routing_key},
                       "priority": 0, "body_encoding": "base64",
                       "delivery_tag": str(uuid.uuid4())},
    })


def prebuild(stream, encode):
    """Every message, encoded, before the first is sent: the publish loop then waits on the broker
    only, not on Python building JSON (which alone is slower than a fast consumer)."""
    messages = []
    while (message := stream.next()) is not None:
        routing_key, hostname, body, size = message
        messages.append((routing_key, hostname, encode(routing_key, hostname, body), size))
    return messages


def publish_redis(url, messages, pipeline_size):
    import redis

    parts = urlsplit(url)
    db = int(parts.path.lstrip("/") or 0)
    client = redis.Redis(host=parts.hostname or "127.0.0.1", port=parts.port or 6379, db=db,
                         username=unquote(parts.username) if parts.username else None,
                         password=unquote(parts.password) if parts.password else None,
                         socket_timeout=120)
    prefix = f"/{db}.celeryev/"
    # The first message goes out alone, so that `first` is when consumers could first see one.
    routing_key, _, data, _ = messages[0]
    client.publish(prefix + routing_key, data)
    first = time.time()
    pipe = client.pipeline(transaction=False)
    for start in range(1, len(messages), pipeline_size):
        for routing_key, _, data, _ in messages[start:start + pipeline_size]:
            pipe.publish(prefix + routing_key, data)
        pipe.execute()
    last = time.time()
    client.close()
    return first, last


def publish_amqp(url, messages):
    import amqp

    parts = urlsplit(url)
    vhost = unquote(parts.path[1:]) if len(parts.path) > 1 else "/"
    conn = amqp.Connection(host=f"{parts.hostname or '127.0.0.1'}:{parts.port or 5672}",
                           userid=unquote(parts.username or "guest"),
                           password=unquote(parts.password or "guest"),
                           virtual_host=vhost, connect_timeout=30)
    conn.connect()
    channel = conn.channel()
    channel.exchange_declare("celeryev", "topic", durable=True, auto_delete=False)
    first = None
    for routing_key, hostname, data, _ in messages:
        channel.basic_publish(
            amqp.Message(data, content_type="application/json", content_encoding="utf-8",
                         application_headers={"hostname": hostname}, delivery_mode=1, priority=0),
            exchange="celeryev", routing_key=routing_key)
        if first is None:
            first = time.time()
    # A synchronous round trip: every publish before it has reached the broker.
    channel.exchange_declare("celeryev", "topic", durable=True, auto_delete=False, passive=True)
    last = time.time()
    channel.close()
    conn.close()
    return first, last


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-b", "--broker", help="redis://host:port/db or amqp://user:pass@host:port/vhost")
    parser.add_argument("--to-file", metavar="PATH", help="write the bodies, one per line, instead of publishing")
    parser.add_argument("-n", "--count", type=int, required=True, help="events to publish")
    parser.add_argument("--batch", type=int, default=24, help="events per task.multi message (default 24)")
    parser.add_argument("--heartbeat-every", type=int, default=10,
                        help="task.multi messages between two heartbeats (default 10)")
    parser.add_argument("--pipeline", type=int, default=100, help="Redis commands per pipeline round trip")
    parser.add_argument("--stats", help="also write the numbers as JSON to this file")
    args = parser.parse_args()
    if args.count < 1 or args.batch < 1 or args.heartbeat_every < 0 or args.pipeline < 1:
        parser.error("--count, --batch and --pipeline must be positive, --heartbeat-every not negative")

    if bool(args.broker) == bool(args.to_file):
        parser.error("give exactly one of -b/--broker and --to-file")

    stream = Stream(args.count, args.batch, args.heartbeat_every)
    if args.to_file:
        with open(args.to_file, "wb") as f:
            for *_, body, _ in iter(stream.next, None):
                f.write(json.dumps(body).encode("utf-8") + b"\n")
        return 0
    scheme = urlsplit(args.broker).scheme
    built = time.time()
    if scheme in ("redis", "rediss"):
        messages = prebuild(stream, lambda rk, host, body: redis_envelope(rk, host, body).encode("utf-8"))
    elif scheme in ("amqp", "pyamqp"):
        messages = prebuild(stream, lambda rk, host, body: json.dumps(body).encode("utf-8"))
    else:
        parser.error(f"unsupported broker scheme {scheme!r}")
    built = time.time() - built
    events = sum(size for *_, size in messages)
    if scheme.startswith("redis"):
        first, last = publish_redis(args.broker, messages, args.pipeline)
    else:
        first, last = publish_amqp(args.broker, messages)
    messages = len(messages)

    seconds = last - first
    rate = events / seconds if seconds > 0 else float("inf")
    if args.stats:
        with open(args.stats, "w") as f:
            json.dump({"events": events, "messages": messages, "first_publish": first,
                       "last_publish": last, "seconds": seconds, "events_per_s": rate,
                       "build_seconds": built}, f)
            f.write("\n")
    print(f"published {events} events in {messages} messages in {seconds:.2f} s: {rate:.0f} events/s"
          f" (built in {built:.1f} s beforehand)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
