#!/usr/bin/env bash
# Times `celerymon inspect ping` against Celery's own `celery inspect ping` on the same five-worker
# cluster (pools prefork, threads, solo, gevent, eventlet), once on Redis db 2 and once on a
# RabbitMQ vhost of its own, and writes its section of bench/RESULTS.md (tables) and bench/out/
# (raw numbers).
# Every process it starts is stopped by PID on exit, and the vhost is deleted.
#
# Environment: RUNS (counted runs per command, default 9; a warm-up run comes first, uncounted).
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
BENCH_ROOT=$root
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

RUNS=${RUNS:-9}
PYTHON=/usr/bin/python3   # Debian's python3-celery; the python3 first on PATH may not have it
APP_DIR="$root/src/test/resources/celery_app"
POOLS=(prefork threads solo gevent eventlet)
REDIS_DB=2
REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB"
READY_SECONDS=60
STOP_SECONDS=10

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "inspect-ping: RUNS must be a positive integer, not '$RUNS'" >&2; exit 2; }
[ "$RUNS" -ge 7 ] || echo "inspect-ping: RUNS=$RUNS is below 7: fine for a smoke test, too few for results" >&2

hex=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
host=${HOSTNAME:-$(uname -n)}
VHOST="celerymon-bench-$hex"
AMQP_URL="amqp://guest:guest@127.0.0.1:5672/$VHOST"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/bench/out/$stamp-$hex"
runs_tsv="$out/runs.tsv"
meta="$out/meta.env"

declare -a names=() pids=()
vhost_created=0
broker_url=''   # the broker of the cluster running now, for stop_cluster's Redis clean-up

log() { printf 'inspect-ping: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }


# shellcheck disable=SC2317  # called through the EXIT trap and between brokers
stop_cluster() {
    local pid name all=()
    [ "${#pids[@]}" -gt 0 ] || return 0
    # Children are listed now: once their parent exits they can no longer be found from it.
    for pid in "${pids[@]}"; do
        all+=("$pid")
        while read -r name; do all+=("$name"); done < <(descendants "$pid")
    done
    log "stopping workers (PIDs ${all[*]})"
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    local deadline=$((SECONDS + STOP_SECONDS))
    for pid in "${all[@]}"; do
        while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    done
    for pid in "${all[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    [ "$broker_url" != "$REDIS_URL" ] || clean_redis
    pids=()
    names=()
}

# Removes what this bench left in Redis db 2, and nothing else: kombu keeps each worker's task
# queue binding, a killed worker's pidbox binding, and reply lists that late replies re-create
# after their client left (they never expire). Ours are told apart by the run's hex in the names.
# shellcheck disable=SC2317  # called through stop_cluster from the EXIT trap
clean_redis() {
    "$PYTHON" - "$REDIS_DB" "$hex" <<'PY' || log "could not clean Redis db $REDIS_DB"
import base64, fnmatch, json, sys
import redis

r = redis.Redis(host="127.0.0.1", port=6379, db=int(sys.argv[1]), socket_timeout=10)
mark = f"-{sys.argv[2]}@"
ours = lambda name: fnmatch.fnmatchcase(name, f"bench-*{mark}*")

for key in r.scan_iter(match=f"*q.bench-*{mark}*", count=1000):
    if key.decode().startswith(("q.", "_kombu.binding.q.")):
        r.delete(key)

for member in r.smembers("_kombu.binding.celery.pidbox"):
    queue = member.decode(errors="replace").split("\x06\x16")[-1]
    if queue.endswith(".celery.pidbox") and ours(queue[: -len(".celery.pidbox")]):
        r.srem("_kombu.binding.celery.pidbox", member)


def reply_to_bench(raw):
    try:
        return all(ours(n) for n in json.loads(base64.b64decode(json.loads(raw)["body"])))
    except (ValueError, KeyError, TypeError):
        return False


for key in r.scan_iter(match="*.reply.celery.pidbox", count=1000):
    if r.type(key) == b"list":
        replies = r.lrange(key, 0, -1)
        if replies and all(reply_to_bench(m) for m in replies):
            r.delete(key)
            for member in r.smembers("_kombu.binding.reply.celery.pidbox"):
                if member.endswith(key):
                    r.srem("_kombu.binding.reply.celery.pidbox", member)
PY
}

# shellcheck disable=SC2317  # called through the EXIT trap
cleanup() {
    trap - EXIT INT TERM
    stop_cluster
    if [ "$vhost_created" -eq 1 ]; then
        log "deleting vhost $VHOST"
        timeout 60 rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || log "could not delete vhost $VHOST"
    fi
    [ ! -d "$out" ] || log "raw numbers and logs: $out"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Celery's CLI on the bench app, exactly as the measured commands run it (time(1) needs a program,
# not a shell function, hence env). PYTHONDONTWRITEBYTECODE keeps __pycache__ out of src/.
celery_cmd=(env PYTHONPATH="$APP_DIR" PYTHONDONTWRITEBYTECODE=1 "$PYTHON" -m celery -A cmtasks)

start_cluster() {
    local url=$1 tag=$2 pool name
    broker_url=$url
    for pool in "${POOLS[@]}"; do
        name="bench-$pool-$hex@$host"
        CM_BROKER_URL="$url" "${celery_cmd[@]}" -b "$url" worker -P "$pool" -c 2 -n "$name" -Q "q.$name" \
            --without-mingle --without-gossip -l INFO </dev/null >"$out/worker-$tag-$pool.log" 2>&1 &
        names+=("$name")
        pids+=("$!")
        log "started $name on $tag (pid $!)"
    done
}

# Waits until every worker answers Celery's own ping (named, so it returns once all answered).
await_cluster() {
    local url=$1 tag=$2 deadline=$((SECONDS + READY_SECONDS)) i reply
    local joined
    joined=$(IFS=,; echo "${names[*]}")
    while :; do
        for i in "${!pids[@]}"; do
            kill -0 "${pids[$i]}" 2>/dev/null || {
                tail -n 20 "$out/worker-$tag-${POOLS[$i]}.log" >&2
                die "worker ${names[$i]} exited during start-up (log above)"
            }
        done
        reply=$("${celery_cmd[@]}" -b "$url" inspect ping -d "$joined" 2>&1 || true)
        if grep -qF "${#names[@]} nodes online" <<<"$reply"; then
            log "all ${#names[@]} workers answer on $tag"
            return
        fi
        [ "$SECONDS" -lt "$deadline" ] || { echo "$reply" >&2; die "workers on $tag did not all answer within ${READY_SECONDS}s"; }
        sleep 0.5
    done
}

# Did this run see all five workers? Prints "" if so, else why not.
verify_run() {
    local kind=$1 rc=$2 stdout=$3 name lines
    if [ "$rc" -ne 0 ]; then
        echo "exit status $rc"
        return
    fi
    case $kind in
        celerymon)
            for name in "${names[@]}"; do
                # The text table: one "NAME  ok  LATENCY  pong" row per worker that answered.
                lines=$(awk -v want="$name" '$1 == want && $2 == "ok"' "$stdout" | wc -l)
                [ "$lines" -eq 1 ] || { echo "$lines '$name ok' rows"; return; }
            done ;;
        celery)
            grep -qxF "${#names[@]} nodes online." "$stdout" || { echo "not '${#names[@]} nodes online.'"; return; }
            for name in "${names[@]}"; do
                # Celery prints "->  NAME: OK" (the spacing varies between versions).
                lines=$(awk -v want="$name:" '$1 == "->" && $2 == want && $3 == "OK"' "$stdout" | wc -l)
                [ "$lines" -eq 1 ] || { echo "$lines '-> $name: OK' lines"; return; }
            done ;;
    esac
}

# Runs one measured command: broker, command id, kind (celerymon|celery), run number (0 =
# warm-up), cache dir to empty first ('' for none), then the command. Appends one row to runs.tsv.
measure() {
    local tag=$1 id=$2 kind=$3 run=$4 empty_dir=$5
    shift 5
    local base="$out/run-$tag-$id-$run" rc=0 wall rss reason
    if [ -n "$empty_dir" ]; then
        rm -rf "$empty_dir"
        mkdir -p "$empty_dir"
    fi
    /usr/bin/time -f '%e %M' -o "$base.time" "$@" >"$base.out" 2>"$base.err" || rc=$?
    # time(1) puts a "Command exited with non-zero status" line before the format when rc != 0.
    wall='' rss=''
    read -r wall rss < <(tail -n 1 "$base.time" 2>/dev/null) || true
    if [[ "$wall" =~ ^[0-9.]+$ && "$rss" =~ ^[0-9]+$ ]]; then
        reason=$(verify_run "$kind" "$rc" "$base.out")
    else
        wall=NA rss=NA reason="no timing from time(1) (exit status $rc)"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$id" "$run" "$wall" "$rss" "$rc" "${reason:-ok}" >>"$runs_tsv"
    [ -z "$reason" ] || log "$tag $id run $run FAILED: $reason (see $base.out / $base.err)"
}

# Runs one measured command, by its id (see bench_broker), on the given broker.
run_command() {
    local tag=$1 url=$2 id=$3 run=$4 warm=$5 cold=$6 joined
    joined=$(IFS=,; echo "${names[*]}")
    case $id in
        celerymon) measure "$tag" "$id" celerymon "$run" '' \
            env CELERYMON_CACHE_DIR="$warm" bin/celerymon inspect ping -b "$url" ;;
        celerymon-cold) measure "$tag" "$id" celerymon "$run" "$cold" \
            env CELERYMON_CACHE_DIR="$cold" bin/celerymon inspect ping -b "$url" ;;
        celery) measure "$tag" "$id" celery "$run" '' \
            "${celery_cmd[@]}" -b "$url" inspect ping ;;
        celery-d) measure "$tag" "$id" celery "$run" '' \
            "${celery_cmd[@]}" -b "$url" inspect ping -d "$joined" ;;
        celerymon-d) measure "$tag" "$id" celerymon "$run" '' \
            env CELERYMON_CACHE_DIR="$warm" bin/celerymon inspect ping -b "$url" -d "$joined" ;;
        *) die "unknown command id $id" ;;
    esac
}

# Runs the bench for one broker: a warm-up of each command, then RUNS rounds, each running every
# command once, so drift in machine load hits all commands alike. $3 is the URL as shown (masked).
bench_broker() {
    local url=$1 tag=$2 shown=$3 joined run id
    local warm="$out/cache-$tag" cold="$out/cache-$tag-cold"
    local rel="bench/out/${out##*/}" app=src/test/resources/celery_app
    local -a ids=(celerymon celery celery-d celerymon-d)
    joined=$(IFS=,; echo "${names[*]}")
    mkdir -p "$warm"
    # On AMQP celerymon learns which workers to wait for from its known-workers cache only.
    [ "$tag" != amqp ] || ids=(celerymon celerymon-cold celery celery-d celerymon-d)

    {
        printf '%s\tcelerymon\tCELERYMON_CACHE_DIR=%s bin/celerymon inspect ping -b %s\n' "$tag" "$rel/cache-$tag" "$shown"
        [ "$tag" != amqp ] || printf '%s\tcelerymon-cold\tCELERYMON_CACHE_DIR=%s bin/celerymon inspect ping -b %s   # dir emptied before each run\n' \
            "$tag" "$rel/cache-$tag-cold" "$shown"
        printf '%s\tcelery\tPYTHONPATH=%s /usr/bin/python3 -m celery -A cmtasks -b %s inspect ping\n' "$tag" "$app" "$shown"
        printf '%s\tcelery-d\tPYTHONPATH=%s /usr/bin/python3 -m celery -A cmtasks -b %s inspect ping -d %s\n' \
            "$tag" "$app" "$shown" "$joined"
        printf '%s\tcelerymon-d\tCELERYMON_CACHE_DIR=%s bin/celerymon inspect ping -b %s -d %s\n' \
            "$tag" "$rel/cache-$tag" "$shown" "$joined"
    } >>"$out/commands.tsv"

    for run in $(seq 0 "$RUNS"); do
        if [ "$run" -eq 0 ]; then log "$tag: warm-up"; else log "$tag: run $run of $RUNS"; fi
        for id in "${ids[@]}"; do
            run_command "$tag" "$url" "$id" "$run" "$warm" "$cold"
        done
    done
}

record_machine() {
    {
        machine_facts
        echo "redis_server=$(redis-cli INFO server | tr -d '\r' | sed -n 's/^redis_version://p')"
        echo "celerymon=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src pom.xml bin 2>/dev/null || echo ' (with uncommitted changes)')"
        echo "runs=$RUNS"
        echo "workers=$(IFS=' '; echo "${POOLS[*]}")"
    } >"$meta"
}

write_results() {
    "$PYTHON" - "$out" "$out/results-section.md" <<'PY'
import csv, statistics, sys
from pathlib import Path

out, results = Path(sys.argv[1]), Path(sys.argv[2])
meta = dict(line.rstrip("\n").split("=", 1) for line in (out / "meta.env").open())
commands = {}
for tag, cid, shown in csv.reader((out / "commands.tsv").open(), delimiter="\t"):
    commands.setdefault(tag, {})[cid] = shown
rows = list(csv.reader((out / "runs.tsv").open(), delimiter="\t"))

LABELS = {
    "celerymon": "a. celerymon inspect ping",
    "celerymon-cold": "a'. celerymon inspect ping, cold cache",
    "celery": "b. celery inspect ping",
    "celery-d": "c. celery inspect ping -d <all five>",
    "celerymon-d": "d. celerymon inspect ping -d <all five>",
}
BROKERS = {"redis": "Redis (db 2)", "amqp": "RabbitMQ (own vhost)"}

def stats(tag, cid):
    counted = [r for r in rows if r[0] == tag and r[1] == cid and r[2] != "0"]
    good = [r for r in counted if r[6] == "ok"]
    walls = [float(r[3]) for r in good]
    rss = [int(r[4]) / 1024 for r in good]
    bad = [f"run {r[2]}: {r[6]}" for r in counted if r[6] != "ok"]
    return {"n": len(counted), "ok": len(good), "bad": bad,
            "med": statistics.median(walls) if walls else None,
            "min": min(walls, default=None), "max": max(walls, default=None),
            "rss_med": statistics.median(rss) if rss else None, "rss_max": max(rss, default=None)}

def f(x, fmt):
    return "—" if x is None else format(x, fmt)

def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b

md = ["# celerymon inspect ping vs celery inspect ping", "",
      "Written by `bench/inspect-ping.sh`; see `bench/README.md` for what is measured and how to read it.", "",
      "## Machine", "",
      f"- date: {meta['date']}",
      f"- CPUs (nproc): {meta['nproc']}; memory: {meta['memory']}; CPU: {meta['cpu']}",
      f"- load average at start (1/5/15 min): {meta['load']}; kernel {meta['kernel']}",
      f"- Java: {meta['java']}; Python {meta['python']}",
      f"- celery {meta['celery']}, kombu {meta['kombu']}, redis-py {meta['redis_py']}, py-amqp {meta['py_amqp']}",
      f"- Redis server {meta['redis_server']}; RabbitMQ {meta['rabbitmq']}",
      f"- celerymon: commit {meta['celerymon']}",
      f"- workers: one per pool ({meta['workers']}), `-c 2 --without-mingle --without-gossip`",
      f"- runs: {meta['runs']} counted per command, after one uncounted warm-up; raw numbers in `bench/out/{out.name}/`",
      ""]
failures = []
for tag in [t for t in BROKERS if t in commands]:
    s = {cid: stats(tag, cid) for cid in commands[tag]}
    base, base_d = s["celery"]["med"], s["celery-d"]["med"]
    md += [f"## {BROKERS[tag]}", "", "Commands (run from the repository root):", "", "```"]
    md += [commands[tag][cid] for cid in commands[tag]]
    md += ["```", "",
           "| command | ok runs | median s | min s | max s | median RSS MiB | max RSS MiB | median ÷ celery (b) |",
           "|---|---|---|---|---|---|---|---|"]
    for cid, st in s.items():
        md.append(f"| {LABELS[cid]} | {st['ok']}/{st['n']} | {f(st['med'], '.2f')} | {f(st['min'], '.2f')} "
                  f"| {f(st['max'], '.2f')} | {f(st['rss_med'], '.0f')} | {f(st['rss_max'], '.0f')} "
                  f"| {f(ratio(st['med'], base), '.2f')} |")
        failures += [f"- {BROKERS[tag]}, {LABELS[cid]}: {b}" for b in st["bad"]]
    a = s["celerymon"]["med"]
    r1, r2 = ratio(a, base), ratio(a, base_d)
    verdict = lambda ok: "—" if ok is None else ("met" if ok else "NOT met")
    md += ["",
           f"- target 1, celerymon median ≤ 0.25 × celery's: {f(r1, '.2f')} × → "
           f"{verdict(None if r1 is None else r1 <= 0.25)}",
           f"- target 2, celerymon (naming no worker) no slower than `celery inspect ping -d <all five>`: "
           f"{f(a, '.2f')} s vs {f(base_d, '.2f')} s → {verdict(None if r2 is None else r2 <= 1.0)}",
           ""]
md += ["## Failed runs", ""] + (failures or ["None: every counted run exited 0 and saw all five workers."]) + [""]
results.write_text("\n".join(md))
PY
}

log "checking packages, Redis and RabbitMQ"
bash scripts/ensure-deps.sh
if [ ! -x /usr/bin/time ]; then
    [ "$(id -u)" -eq 0 ] || die "/usr/bin/time is missing; install the Debian package 'time' as root"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends time
fi

jar=target/celerymon.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main -newer "$jar" -print -quit)" ]; then
    log "building $jar"
    mvn -B -q package -DskipTests
fi

mkdir -p "$out"
: >"$runs_tsv"
: >"$out/commands.tsv"
record_machine

start_cluster "$REDIS_URL" redis
await_cluster "$REDIS_URL" redis
bench_broker "$REDIS_URL" redis "$REDIS_URL"
stop_cluster

log "creating vhost $VHOST"
timeout 60 rabbitmqctl -q add_vhost "$VHOST" >/dev/null
vhost_created=1
timeout 60 rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null
start_cluster "$AMQP_URL" amqp
await_cluster "$AMQP_URL" amqp
bench_broker "$AMQP_URL" amqp "amqp://guest:****@127.0.0.1:5672/$VHOST"
stop_cluster

write_results
results_section inspect-ping "$out/results-section.md"
log "wrote its section of bench/RESULTS.md"
