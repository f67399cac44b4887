#!/usr/bin/env bash
# Times `celerymon diagnose` against what a script does without it — the same nine inspect calls
# Flower makes (ping, stats, active_queues, registered, scheduled, active, reserved, revoked, conf)
# run one after another with Celery's CLI — on a cluster whose gevent worker is blocked by a
# CPU-bound task. Writes its section of bench/RESULTS.md and raw numbers to bench/out/.
# Every process it starts is stopped by PID on exit; the RabbitMQ vhost is deleted.
#
# Environment: RUNS (counted rounds, default 5; one uncounted warm-up first), BROKERS ("redis",
# "amqp" or "redis amqp"; default "redis amqp").
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
BENCH_ROOT=$root
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

RUNS=${RUNS:-5}
BROKERS=${BROKERS:-redis amqp}
PYTHON=/usr/bin/python3   # Debian's python3-celery; the python3 first on PATH may not have it
APP_DIR="$root/src/test/resources/celery_app"
POOLS=(prefork gevent threads)
METHODS=(ping stats active_queues registered scheduled active reserved revoked conf)
REDIS_DB=${REDIS_DB:-3}   # the bench's own db: it is emptied at the end
REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB"
READY_SECONDS=60

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "diagnose-bench: RUNS must be a positive integer" >&2; exit 2; }

hex=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
host=${HOSTNAME:-$(uname -n)}
VHOST="celerymon-diag-bench-$hex"
AMQP_URL="amqp://guest:guest@127.0.0.1:5672/$VHOST"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/bench/out/$stamp-diagnose-$hex"
runs_tsv="$out/runs.tsv"
results="$out/results-section.md"
declare -a names=() pids=()
vhost_created=0

log() { printf 'diagnose-bench: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }


# shellcheck disable=SC2317  # called through the EXIT trap and between brokers
stop_cluster() {
    local pid child all=()
    [ "${#pids[@]}" -gt 0 ] || return 0
    for pid in "${pids[@]}"; do
        all+=("$pid")
        while read -r child; do all+=("$child"); done < <(descendants "$pid")
    done
    # SIGKILL: the blocked gevent worker would not finish a warm shutdown before its spin ends.
    log "stopping workers (PIDs ${all[*]})"
    for pid in "${all[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    names=() pids=()
}

# shellcheck disable=SC2317
cleanup() {
    stop_cluster
    if [ "$vhost_created" -eq 1 ]; then
        rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || log "could not delete vhost $VHOST"
    fi
    # Workers killed with SIGKILL leave their keys in the bench's own Redis db.
    redis-cli -n "$REDIS_DB" flushdb >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

celery_cmd=(env PYTHONPATH="$APP_DIR" PYTHONDONTWRITEBYTECODE=1 "$PYTHON" -m celery -A cmtasks)

start_cluster() {
    local url=$1 tag=$2 pool name
    for pool in "${POOLS[@]}"; do
        name="bench-$pool-$hex@$host"
        CM_BROKER_URL="$url" "${celery_cmd[@]}" -b "$url" worker -P "$pool" -c 2 -n "$name" -Q "q.$name" \
            --without-mingle --without-gossip -l INFO </dev/null >"$out/worker-$tag-$pool.log" 2>&1 &
        names+=("$name")
        pids+=("$!")
    done
    local deadline=$((SECONDS + READY_SECONDS)) joined reply
    joined=$(IFS=,; echo "${names[*]}")
    until reply=$("${celery_cmd[@]}" -b "$url" inspect ping -d "$joined" 2>&1) \
            && grep -qF "${#names[@]} nodes online" <<<"$reply"; do
        [ "$SECONDS" -lt "$deadline" ] || die "workers on $tag did not all answer within ${READY_SECONDS}s"
        sleep 0.5
    done
    log "all ${#names[@]} workers answer on $tag"
}

# Blocks the gevent worker's hub for long enough to cover every round, and waits until it is silent.
block_gevent() {
    local url=$1 seconds=$2 gevent="bench-gevent-$hex@$host" until=$((SECONDS + 15))
    CM_BROKER_URL="$url" "${celery_cmd[@]}" -b "$url" call cmtasks.spin --args "[$seconds]" --queue "q.$gevent" >/dev/null
    while "${celery_cmd[@]}" -b "$url" inspect ping -d "$gevent" -t 0.5 2>/dev/null | grep -qF "$gevent"; do
        [ "$SECONDS" -lt "$until" ] || die "$gevent kept answering while spinning"
    done
    log "$gevent is blocked for ${seconds}s"
}

measure() {
    local tag=$1 id=$2 run=$3 base rc=0 wall reason=ok
    shift 3
    base="$out/run-$tag-$id-$run"
    /usr/bin/time -f '%e' -o "$base.time" "$@" >"$base.out" 2>"$base.err" || rc=$?
    wall=$(tail -n 1 "$base.time")
    if [ "$id" = celerymon ]; then
        # exit 1 is the verdict here (a critical finding); it must name the blocked worker.
        [ "$rc" -eq 1 ] || reason="exit status $rc"
        grep -qF '"id" : "worker_blocked"' "$base.out" || grep -qF '"id": "worker_blocked"' "$base.out" \
            || reason="no worker_blocked finding"
    else
        [ "$rc" -eq 0 ] || reason="exit status $rc"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$id" "$run" "$wall" "$rc" "$reason" >>"$runs_tsv"
}

bench_broker() {
    local url=$1 tag=$2 run
    start_cluster "$url" "$tag"
    # One healthy run first: it remembers pools, queues and heartbeat intervals (and, on AMQP, who to expect).
    env CELERYMON_CACHE_DIR="$out/cache-$tag" bin/celerymon diagnose -b "$url" >"$out/healthy-$tag.out" 2>&1 || true
    block_gevent "$url" $(( (RUNS + 1) * 45 + 30 ))
    for run in $(seq 0 "$RUNS"); do
        log "$tag: round $run of $RUNS"
        measure "$tag" celerymon "$run" env CELERYMON_CACHE_DIR="$out/cache-$tag" bin/celerymon diagnose -b "$url" -o json
        measure "$tag" celery-9 "$run" bash -c 'for m in "${@:2}"; do "'"$PYTHON"'" -m celery -A cmtasks -b "$1" inspect "$m" >/dev/null || exit $?; done' \
            _ "$url" "${METHODS[@]}"
    done
    stop_cluster
}

mkdir -p "$out"
scripts/ensure-deps.sh >/dev/null
if [ ! -f target/celerymon.jar ] || [ -n "$(find src/main pom.xml -newer target/celerymon.jar -print -quit)" ]; then
    log "building the jar"
    mvn -B -q package -DskipTests
fi
load=$(cut -d' ' -f1-3 /proc/loadavg)
export PYTHONPATH="$APP_DIR" PYTHONDONTWRITEBYTECODE=1
for broker in $BROKERS; do
    case $broker in
        redis) redis-cli -n "$REDIS_DB" flushdb >/dev/null; bench_broker "$REDIS_URL" redis ;;
        amqp)
            rabbitmqctl -q add_vhost "$VHOST" >/dev/null
            vhost_created=1
            rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null
            bench_broker "$AMQP_URL" amqp ;;
        *) die "unknown broker $broker (redis, amqp)" ;;
    esac
done

"$PYTHON" - "$runs_tsv" "$results" "$load" "$(git rev-parse --short HEAD)" "$RUNS" <<'PY'
import statistics, subprocess, sys, platform, os
runs_tsv, results, load, commit, runs = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(runs_tsv)]
def version(cmd):
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        # java -version writes to stderr.
        return (run.stdout.strip() or run.stderr.strip()).splitlines()[0]
    except Exception:
        return "unknown"
import celery, kombu
out = ["# bench: `celerymon diagnose` vs the nine `celery inspect` calls in sequence", "",
       "Written by `bench/diagnose.sh` (see bench/README.md). Cluster: three workers (prefork, gevent, threads;",
       "`-c 2`, `--without-mingle --without-gossip`), the gevent worker's hub blocked by `cmtasks.spin` (a",
       "pure-Python busy loop) for the whole measurement. Per round: `bin/celerymon diagnose -b URL -o json`",
       "(defaults: 1 s per call, a 5 s heartbeat window, `--deadline 10`) and a shell loop running",
       "`python3 -m celery -A cmtasks -b URL inspect METHOD` for ping, stats, active_queues, registered,",
       "scheduled, active, reserved, revoked and conf (Celery's default timeout 1 s), one after another.",
       "Wall times from `time(1)` (hundredths of a second), one uncounted warm-up round.", "",
       f"- date: {subprocess.run(['date','-u','+%Y-%m-%d %H:%M UTC'],capture_output=True,text=True).stdout.strip()}",
       f"- machine: {os.cpu_count()} CPUs, load average at start {load}; {platform.platform()}",
       f"- celery {celery.__version__}, kombu {kombu.__version__}; {version(['java','-version']) or 'java'}; "
       f"{version(['redis-server','--version'])}",
       f"- celerymon commit {commit}; {runs} counted rounds", ""]
for tag in ("redis", "amqp"):
    mine = [r for r in rows if r[0] == tag and r[2] != "0"]
    if not mine:
        continue
    out += [f"## {tag}", "", "| command | good runs | median s | min s | max s |", "|---|---|---|---|---|"]
    med = {}
    for cid, label in (("celerymon", "celerymon diagnose"), ("celery-9", "9 × celery inspect, in sequence")):
        good = [float(r[3]) for r in mine if r[1] == cid and r[5] == "ok"]
        total = len([r for r in mine if r[1] == cid])
        if good:
            med[cid] = statistics.median(good)
            out.append(f"| {label} | {len(good)}/{total} | {med[cid]:.2f} | {min(good):.2f} | {max(good):.2f} |")
        else:
            out.append(f"| {label} | 0/{total} | – | – | – |")
    if len(med) == 2:
        out += ["", f"celerymon's median is {med['celerymon'] / med['celery-9']:.2f} × the script's. The script's",
                "exit status is 0 on every run although one worker never answered; celerymon exits 1 with a",
                "critical `worker_blocked` finding naming it, its timed-out methods, heartbeat gap and pool."]
    bad = [r for r in mine if r[5] != "ok"]
    if bad:
        out += ["", "Failed runs: " + "; ".join(f"{r[1]} run {r[2]}: {r[5]}" for r in bad)]
    out.append("")
open(results, "w").write("\n".join(out))
PY
results_section diagnose "$results"
log "wrote the diagnose section of bench/RESULTS.md; raw numbers in $out"
