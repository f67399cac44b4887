#!/usr/bin/env bash
# Measures how fast `celerymon events -o ndjson` and Celery's own `celery events --dump` take in
# Celery events, and how much memory they hold while doing it: on a private redis-server (a free
# loopback port, started and stopped by this script) and on a RabbitMQ vhost of its own (deleted
# after). bench/event_generator.py publishes the events (real worker wire format: heartbeats and
# task.multi batches); bench/raw_consumer.py, which decodes nothing, measures how fast the broker
# hands the stream to anyone. Writes its section of bench/RESULTS.md (tables) and bench/out/ (raw
# numbers). Every process it starts is stopped by PID on exit.
#
# Environment: COUNT (events for celerymon and the raw consumer, default 1000000), CELERY_COUNT
# (events for celery, default COUNT), BROKERS ("redis amqp"), CONSUMERS ("raw celerymon celery"),
# QUIET_SECONDS (how long a consumer's output must stand still after the generator finished before
# it is stopped, 5), MAX_SECONDS (bound on one consumer run, 900).
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
BENCH_ROOT=$root
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

COUNT=${COUNT:-1000000}
CELERY_COUNT=${CELERY_COUNT:-$COUNT}
BROKERS=${BROKERS:-redis amqp}
CONSUMERS=${CONSUMERS:-raw celerymon celery}
QUIET_SECONDS=${QUIET_SECONDS:-5}
MAX_SECONDS=${MAX_SECONDS:-900}
PYTHON=/usr/bin/python3   # Debian's python3-celery; the python3 first on PATH may not have it
SUBSCRIBE_SECONDS=60
STOP_SECONDS=10

log() { printf 'events-throughput: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for var in COUNT CELERY_COUNT QUIET_SECONDS MAX_SECONDS; do
    [[ "${!var}" =~ ^[1-9][0-9]*$ ]] || { log "$var must be a positive integer, not '${!var}'"; exit 2; }
done
for b in $BROKERS; do [[ "$b" =~ ^(redis|amqp)$ ]] || { log "BROKERS: unknown broker '$b'"; exit 2; }; done
for c in $CONSUMERS; do [[ "$c" =~ ^(raw|celerymon|celery)$ ]] || { log "CONSUMERS: unknown consumer '$c'"; exit 2; }; done

hex=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
VHOST="celerymon-evbench-$hex"
AMQP_URL="amqp://guest:guest@127.0.0.1:5672/$VHOST"
AMQP_SHOWN="amqp://guest:****@127.0.0.1:5672/$VHOST"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/bench/out/$stamp-events-$hex"
runs_tsv="$out/runs.tsv"
meta="$out/meta.env"

declare -a started=()   # PIDs of every process still running that this script started
redis_pid='' redis_port=''
vhost_created=0

# Stops one process this script started: TERM, then KILL after STOP_SECONDS; reaps it.
stop_pid() {
    local pid=$1 deadline=$((SECONDS + STOP_SECONDS))
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    forget "$pid"
}

forget() {
    local pid keep=()
    for pid in "${started[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done
    started=("${keep[@]}")
}

# shellcheck disable=SC2317  # called through the EXIT trap
cleanup() {
    trap - EXIT INT TERM
    local pid
    for pid in "${started[@]}"; do
        log "stopping pid $pid"
        stop_pid "$pid"
    done
    if [ "$vhost_created" -eq 1 ]; then
        log "deleting vhost $VHOST"
        timeout 60 rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || log "could not delete vhost $VHOST"
    fi
    [ ! -d "$out" ] || log "raw numbers and logs: $out"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A redis-server of the bench's own: nothing else publishes on it, and with no pub/sub output
# buffer limit a subscriber that falls behind is not disconnected (Redis buffers for it instead).
start_redis() {
    local deadline=$((SECONDS + 30))
    redis_port=$(free_port)
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
        --client-output-buffer-limit "pubsub 0 0 0" --dir "$out" --logfile "$out/redis-server.log" \
        </dev/null >/dev/null 2>&1 &
    redis_pid=$!
    started+=("$redis_pid")
    log "started redis-server on 127.0.0.1:$redis_port (pid $redis_pid)"
    until [ "$(redis-cli -p "$redis_port" ping 2>/dev/null || true)" = PONG ]; do
        kill -0 "$redis_pid" 2>/dev/null || die "redis-server exited (see $out/redis-server.log)"
        [ "$SECONDS" -lt "$deadline" ] || die "redis-server did not answer within 30s"
        sleep 0.2
    done
}

# Is someone (only our consumer can be) subscribed to events on this broker?
subscribed() {
    case $1 in
        redis)
            [ "$(redis-cli -p "$redis_port" pubsub numpat 2>/dev/null || echo 0)" -gt 0 ] \
                || [ -n "$(redis-cli -p "$redis_port" pubsub channels 2>/dev/null || true)" ] ;;
        amqp)
            timeout 30 rabbitmqctl -q list_queues -p "$VHOST" consumers 2>/dev/null \
                | awk '$1 ~ /^[0-9]+$/ && $1 > 0 {found = 1} END {exit !found}' ;;
    esac
}

# Appends "epoch VmRSS VmHWM" (KiB) for a process every second until it is gone.
sample_rss() {
    local pid=$1 file=$2 line
    while line=$(awk '/^VmRSS:/ {r = $2} /^VmHWM:/ {h = $2} END {if (r != "") print r "\t" h}' \
            "/proc/$pid/status" 2>/dev/null) && [ -n "$line" ]; do
        printf '%s\t%s\n' "$(date +%s.%N)" "$line" >>"$file"
        sleep 1
    done
}

# The events command's own help names --count; the top-level help (what an unknown command shows) does not.
celerymon_has_events() {
    bin/celerymon events --help 2>&1 | grep -q -e '--count'
}

# One measured run: broker tag, URL, URL as shown, consumer id, events to publish.
run_consumer() {
    local tag=$1 url=$2 shown=$3 id=$4 count=$5
    local base="$out/$tag-$id" kind how=finished rc=0 cpid='' pid spid gpid now count_seen last_event target
    local -a cmd
    case $id in
        raw)
            kind=raw
            cmd=("$PYTHON" bench/raw_consumer.py -b "$url" --progress "$base.progress" --out "$base.count.json")
            printf '%s\t%s\t/usr/bin/python3 bench/raw_consumer.py -b %s\n' "$tag" "$id" "$shown" >>"$out/commands.tsv" ;;
        celerymon)
            kind=ndjson
            cmd=(bin/celerymon events -b "$url" -o ndjson --count "$count" --duration "$MAX_SECONDS")
            printf '%s\t%s\tbin/celerymon events -b %s -o ndjson --count %s --duration %s\n' \
                "$tag" "$id" "$shown" "$count" "$MAX_SECONDS" >>"$out/commands.tsv" ;;
        celery)
            kind=celery-dump
            cmd=(env PYTHONDONTWRITEBYTECODE=1 "$PYTHON" -m celery -b "$url" events --dump)
            printf '%s\t%s\t/usr/bin/python3 -m celery -b %s events --dump\n' "$tag" "$id" "$shown" >>"$out/commands.tsv" ;;
    esac

    if [ "$kind" = raw ]; then
        # It counts by itself, in messages, and prints nothing.
        "${cmd[@]}" </dev/null >/dev/null 2>"$base.err" &
        pid=$!
    else
        mkfifo "$base.fifo"
        "$PYTHON" bench/event_counter.py --kind "$kind" --progress "$base.progress" --out "$base.count.json" \
            <"$base.fifo" &
        cpid=$!
        started+=("$cpid")
        "${cmd[@]}" </dev/null >"$base.fifo" 2>"$base.err" &
        pid=$!
    fi
    started+=("$pid")
    sample_rss "$pid" "$base.rss.tsv" &
    spid=$!
    started+=("$spid")
    log "$tag $id: started (pid $pid), waiting for its subscription"

    local deadline=$((SECONDS + SUBSCRIBE_SECONDS))
    until subscribed "$tag"; do
        kill -0 "$pid" 2>/dev/null || { tail -n 20 "$base.err" >&2; die "$tag $id exited before subscribing (log above)"; }
        [ "$SECONDS" -lt "$deadline" ] || die "$tag $id did not subscribe within ${SUBSCRIBE_SECONDS}s"
        sleep 0.5
    done

    log "$tag $id: subscribed; publishing $count events"
    "$PYTHON" bench/event_generator.py -b "$url" -n "$count" --stats "$base.generator.json" >"$base.generator.out" &
    gpid=$!
    started+=("$gpid")
    wait "$gpid" || die "$tag $id: the event generator failed"
    forget "$gpid"
    log "$tag $id: $(cat "$base.generator.out")"

    # Wait until the consumer has every event (celerymon exits by itself then; the raw consumer
    # counts messages), or its output has stood still for QUIET_SECONDS, or MAX_SECONDS have passed.
    target=$count
    [ "$kind" != raw ] || target=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["messages"])' \
        "$base.generator.json")
    local quiet_since
    quiet_since=$(date +%s.%N)
    deadline=$((SECONDS + MAX_SECONDS))
    while kill -0 "$pid" 2>/dev/null; do
        read -r count_seen last_event <"$base.progress" || { count_seen=0 last_event=0; }
        [ "$count_seen" -lt "$target" ] || { how="all events"; break; }
        now=$(date +%s.%N)
        if awk -v now="$now" -v a="$quiet_since" -v b="$last_event" -v q="$QUIET_SECONDS" \
                'BEGIN {last = (a > b ? a : b); exit !(now - last >= q)}'; then
            how="output still for ${QUIET_SECONDS}s"
            break
        fi
        [ "$SECONDS" -lt "$deadline" ] || { how="MAX_SECONDS reached"; break; }
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$tag $id: stopping it ($how)"
        stop_pid "$pid"
        rc=stopped
    else
        wait "$pid" || rc=$?
        forget "$pid"
        how="exited"
    fi
    if [ -n "$cpid" ]; then
        wait "$cpid" || log "$tag $id: the line counter failed"
        forget "$cpid"
    fi
    wait "$spid" 2>/dev/null || true
    forget "$spid"
    rm -f "$base.fifo"
    printf '%s\t%s\t%s\t%s\t%s\n' "$tag" "$id" "$count" "$rc" "$how" >>"$runs_tsv"
    log "$tag $id: $(cat "$base.count.json")"
}

bench_broker() {
    local tag=$1 url=$2 shown=$3 id
    for id in $CONSUMERS; do
        case $id in
            raw) run_consumer "$tag" "$url" "$shown" raw "$COUNT" ;;
            celerymon)
                if celerymon_has_events; then
                    run_consumer "$tag" "$url" "$shown" celerymon "$COUNT"
                else
                    log "$tag: bin/celerymon has no 'events' command yet: celerymon not measured"
                    printf '%s\tcelerymon\t%s\tNA\tnot run: bin/celerymon has no events command\n' "$tag" "$COUNT" >>"$runs_tsv"
                fi ;;
            celery) run_consumer "$tag" "$url" "$shown" celery "$CELERY_COUNT" ;;
        esac
    done
}

record_machine() {
    {
        machine_facts
        echo "redis_server=$(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
        echo "celerymon=$(git log -1 --format='%h ("%s")' 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src pom.xml bin 2>/dev/null || echo ' (with uncommitted changes)')"
        echo "count=$COUNT"
        echo "celery_count=$CELERY_COUNT"
        echo "quiet_seconds=$QUIET_SECONDS"
    } >"$meta"
}

write_results() {
    "$PYTHON" - "$out" "$out/results-section.md" <<'PY'
import csv, json, re, sys
from pathlib import Path

out, results = Path(sys.argv[1]), Path(sys.argv[2])
meta = dict(line.rstrip("\n").split("=", 1) for line in (out / "meta.env").open())
commands = {}
for tag, cid, shown in csv.reader((out / "commands.tsv").open(), delimiter="\t"):
    commands.setdefault(tag, {})[cid] = shown
runs = list(csv.reader((out / "runs.tsv").open(), delimiter="\t"))
BROKERS = {"redis": "Redis (a private redis-server, pub/sub output buffer unlimited)",
           "amqp": "RabbitMQ (a vhost of its own)"}
LABELS = {"raw": "raw consumer (counts messages, decodes nothing)", "celerymon": "celerymon events -o ndjson",
          "celery": "celery events --dump"}
DROPPED = re.compile(r"celerymon: ([0-9,]+) events dropped")


def load(path):
    return json.loads(path.read_text()) if path.exists() else None


def measure(tag, cid, asked, rc, how):
    base = out / f"{tag}-{cid}"
    gen, seen = load(Path(f"{base}.generator.json")), load(Path(f"{base}.count.json"))
    if cid == "raw" and seen and gen:
        # Messages to events: exact when every message came (the generator's own ratio).
        seen["events"] = round(seen["messages"] * gen["events"] / gen["messages"])
    m = {"asked": int(asked), "rc": rc, "how": how, "gen": gen, "seen": seen, "rss": [], "dropped": None}
    if seen and seen["events"] and seen["last_event"] > seen["first_event"]:
        m["wall"] = seen["last_event"] - seen["first_event"]
        m["rate"] = seen["events"] / m["wall"]
    rss_file = Path(f"{base}.rss.tsv")
    if rss_file.exists():
        m["rss"] = [(float(t), int(r), int(h)) for t, r, h in csv.reader(rss_file.open(), delimiter="\t")]
    err = Path(f"{base}.err")
    if cid == "celerymon" and err.exists():
        found = DROPPED.search(err.read_text(errors="replace"))
        m["dropped"] = int(found.group(1).replace(",", "")) if found else 0
    return m


def num(x, fmt):
    return "—" if x is None else format(x, fmt)


def mib(kib):
    return kib / 1024


def rss_during(m):
    """RSS samples from one second before the first event to one second after the last."""
    s = m["seen"]
    if not s or not s["first_event"]:
        return []
    return [r for t, r, _ in m["rss"] if s["first_event"] - 1 <= t <= s["last_event"] + 1]


def series(samples, most=24):
    step = max(1, -(-len(samples) // most))
    return " ".join(f"{mib(r):.0f}" for r in samples[::step])


def flat(samples):
    """Max RSS in the second half of the run ÷ max RSS in the first half (None if too few samples)."""
    if len(samples) < 4:
        return None
    half = len(samples) // 2
    return max(samples[half:]) / max(samples[:half])


md = ["# celerymon events vs celery events: throughput and memory", "",
      "Written by `bench/events-throughput.sh`; see `bench/README.md` for what is measured and how to read it.", "",
      "## Machine", "",
      f"- date: {meta['date']}",
      f"- CPUs (nproc): {meta['nproc']}; memory: {meta['memory']}; CPU: {meta['cpu']}",
      f"- load average at start (1/5/15 min): {meta['load']}; at the end: {meta.get('load_end', '—')}; "
      f"kernel {meta['kernel']}",
      f"- Java: {meta['java']}; Python {meta['python']}",
      f"- celery {meta['celery']}, kombu {meta['kombu']}, redis-py {meta['redis_py']}, py-amqp {meta['py_amqp']}",
      f"- Redis server {meta['redis_server']}; RabbitMQ {meta['rabbitmq']}",
      f"- celerymon: commit {meta['celerymon']}",
      f"- events published: {int(meta['count']):,} to celerymon and the raw consumer (COUNT), "
      f"{int(meta['celery_count']):,} to celery (CELERY_COUNT)",
      f"- raw numbers: `bench/out/{out.name}/`", ""]
for tag in [t for t in BROKERS if any(r[0] == t for r in runs)]:
    ms = {r[1]: measure(*r) for r in runs if r[0] == tag}
    md += [f"## {BROKERS[tag]}", ""]
    if tag in commands:
        md += ["Commands (run from the repository root):", "", "```"] + list(commands[tag].values()) + ["```", ""]
    md += ["| consumer | events published | events processed | first→last event s | events/s "
           "| generator events/s | peak RSS MiB | RSS MiB, first→last event, sampled each second | how it ended |",
           "|---|---|---|---|---|---|---|---|---|"]
    for cid, m in ms.items():
        if m["rc"] == "NA":
            md.append(f"| {LABELS[cid]} | — | — | — | — | — | — | — | {m['how']} |")
            continue
        gen, seen, during = m["gen"], m["seen"], rss_during(m)
        peak = max((h for *_, h in m["rss"]), default=None)
        processed = num(seen and seen["events"], ",")
        if cid == "raw" and seen:
            processed += f" ({seen['messages']:,} messages)"
        md.append(f"| {LABELS[cid]} | {num(gen and gen['events'], ',')} | {processed} "
                  f"| {num(m.get('wall'), '.2f')} | {num(m.get('rate'), ',.0f')} "
                  f"| {num(gen and gen['events_per_s'], ',.0f')} | {num(peak and mib(peak), '.0f')} "
                  f"| {series(during) or '—'} | {m['how']} (exit {m['rc']}) |")
    md.append("")
    raw, a, b = ms.get("raw", {}), ms.get("celerymon", {}), ms.get("celery", {})
    if a.get("rate") and b.get("rate"):
        ratio = a["rate"] / b["rate"]
        md.append(f"- target, celerymon ≥ 20 × celery's events/s: {ratio:.1f} × → {'met' if ratio >= 20 else 'NOT met'}")
    else:
        md.append("- target, celerymon ≥ 20 × celery's events/s: — (not both measured)")
    if raw.get("rate"):
        if b.get("rate"):
            md.append(f"- ceiling: the raw consumer takes {raw['rate'] / b['rate']:.1f} × celery's events/s; "
                      "no consumer on this machine and broker can be much more than that")
        if a.get("rate"):
            md.append(f"- celerymon takes {a['rate'] / raw['rate']:.0%} of the raw consumer's events/s")
    for cid, m in ms.items():
        f = flat(rss_during(m)) if m["rc"] != "NA" and cid != "raw" else None
        if f is not None:
            md.append(f"- {LABELS[cid]}: max RSS in the second half of the run ÷ max in the first half = {f:.2f} "
                      f"({'flat' if f <= 1.10 else 'GROWING'}; flat means ≤ 1.10)")
        elif m["rc"] != "NA" and cid != "raw":
            md.append(f"- {LABELS[cid]}: too few RSS samples during the run to judge flatness")
        if m.get("seen") and m.get("gen") and m["seen"]["events"] < m["gen"]["events"]:
            said = f"; celerymon said it dropped {m['dropped']:,}" if m.get("dropped") is not None else ""
            md.append(f"- {LABELS[cid]}: processed {m['seen']['events']:,} of {m['gen']['events']:,} events "
                      f"({m['gen']['events'] - m['seen']['events']:,} lost or not reached{said})")
    md.append("")
results.write_text("\n".join(md))
PY
}

log "checking packages, Redis and RabbitMQ"
bash scripts/ensure-deps.sh

if [[ " $CONSUMERS " == *" celerymon "* ]]; then
    jar=target/celerymon.jar
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main -newer "$jar" -print -quit)" ]; then
        log "building $jar"
        mvn -B -q package -DskipTests
    fi
fi

mkdir -p "$out"
: >"$runs_tsv"
: >"$out/commands.tsv"
record_machine

for broker in $BROKERS; do
    case $broker in
        redis)
            start_redis
            bench_broker redis "redis://127.0.0.1:$redis_port/0" "redis://127.0.0.1:$redis_port/0"
            stop_pid "$redis_pid"
            redis_pid='' ;;
        amqp)
            log "creating vhost $VHOST"
            timeout 60 rabbitmqctl -q add_vhost "$VHOST" >/dev/null
            vhost_created=1
            timeout 60 rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null
            bench_broker amqp "$AMQP_URL" "$AMQP_SHOWN"
            log "deleting vhost $VHOST"
            timeout 60 rabbitmqctl -q delete_vhost "$VHOST" >/dev/null || log "could not delete vhost $VHOST"
            vhost_created=0 ;;
    esac
done

echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$meta"
write_results
results_section events-throughput "$out/results-section.md"
log "wrote its section of bench/RESULTS.md"
