#!/usr/bin/env bash
# A two-minute tour of celerymon on a fresh Debian machine: installs what is missing, builds the
# jar if needed, starts three real Celery workers (prefork, threads, gevent) on Redis db 1,
# blocks the gevent worker's event loop with a CPU-bound task, and shows what celerymon reports:
# status, inspect, diagnose and the gevent worker's event stream.
# The workers it started are stopped by PID on exit, whatever happens.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"

BROKER=redis://127.0.0.1:6379/1
REDIS_DB=1
APP_DIR="$root/src/test/resources/celery_app"
PYTHON=/usr/bin/python3   # Debian's python3-celery; the python3 first on PATH may not have it
TIMEOUT=3
SPIN_SECONDS=30
host=${HOSTNAME:-$(uname -n)}
suffix=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
workdir=$(mktemp -d "${TMPDIR:-/tmp}/celerymon-demo.XXXXXX")

declare -a names=() pids=()

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
say() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }

# Runs a command after showing it, and reports its exit code without stopping the demo.
show() {
    printf '\n$ %s\n' "$*"
    local rc=0
    "$@" || rc=$?
    printf '[exit code %d]\n' "$rc"
}

# shellcheck disable=SC2317  # called through the EXIT trap
stop_workers() {
    local pid child name children=()
    trap - EXIT INT TERM
    [ "${#pids[@]}" -gt 0 ] || return 0
    say "Stopping the demo workers (PIDs ${pids[*]})"
    for pid in "${pids[@]}"; do
        # Pool children are listed now: once their parent exits they can no longer be found from it.
        while read -r child; do children+=("$child"); done < <(ps -o pid= --ppid "$pid" 2>/dev/null || true)
        kill -TERM "$pid" 2>/dev/null || true
    done
    local deadline=$((SECONDS + 10))
    for pid in "${pids[@]}"; do
        while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    done
    for pid in "${pids[@]}" "${children[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    # kombu leaves a worker's task queue and its binding set behind; remove the demo's own.
    for name in "${names[@]}"; do
        redis-cli -n "$REDIS_DB" del "q.$name" "_kombu.binding.q.$name" >/dev/null 2>&1 || true
    done
    echo "worker logs: $workdir"
}
trap stop_workers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "Checking packages, Redis and RabbitMQ"
bash scripts/ensure-deps.sh

jar=target/celerymon.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main -newer "$jar" -print -quit)" ]; then
    say "Building $jar"
    mvn -B -q package -DskipTests
fi

start_worker() {
    local pool=$1 name="demo-$1-$suffix@$host"
    PYTHONPATH="$APP_DIR" CM_BROKER_URL="$BROKER" PYTHONDONTWRITEBYTECODE=1 \
        "$PYTHON" -m celery -A cmtasks -b "$BROKER" worker -P "$pool" -c 2 -n "$name" -Q "q.$name" \
        --without-mingle --without-gossip -l INFO </dev/null >"$workdir/$pool.log" 2>&1 &
    names+=("$name")
    pids+=("$!")
    echo "started $name (pid $!)"
}

await_log() {
    local file=$1 text=$2 deadline=$((SECONDS + 30))
    until grep -qF -- "$text" "$file"; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "gave up waiting for '$text' in $file; its last lines:" >&2
            tail -n 20 "$file" >&2
            exit 1
        fi
        sleep 0.2
    done
}

say "Starting a demo cluster on $BROKER"
for pool in prefork threads gevent; do start_worker "$pool"; done
for i in "${!names[@]}"; do
    pool=${names[$i]#demo-}; pool=${pool%%-*}
    await_log "$workdir/$pool.log" "${names[$i]} ready."
done
await_log "$workdir/gevent.log" "pidbox: Connected"
gevent_name=${names[2]}

say "Watching the gevent worker's events in the background: bin/celerymon events -o table --worker $gevent_name"
bin/celerymon events -b "$BROKER" -o table --worker "$gevent_name" --duration $((SPIN_SECONDS + 8)) \
    >"$workdir/events.txt" 2>&1 &
events_pid=$!
pids+=("$events_pid")
await_log "$workdir/events.txt" "worker-heartbeat"

say "Blocking the gevent worker's hub with cmtasks.spin($SPIN_SECONDS) (a CPU loop that never yields)"
PYTHONPATH="$APP_DIR" CM_BROKER_URL="$BROKER" PYTHONDONTWRITEBYTECODE=1 "$PYTHON" -c '
import sys, cmtasks
print("task id:", cmtasks.app.send_task("cmtasks.spin", args=[int(sys.argv[1])], queue=sys.argv[2]).id)
' "$SPIN_SECONDS" "q.$gevent_name"
await_log "$workdir/gevent.log" "Task cmtasks.spin["

say "What celerymon sees (the gevent worker should be reported as not answering)"
show bin/celerymon status -b "$BROKER" -t "$TIMEOUT"
show bin/celerymon inspect stats -b "$BROKER" -t "$TIMEOUT"
show bin/celerymon inspect ping -b "$BROKER" -t "$TIMEOUT" -o json

say "The main job: bin/celerymon diagnose — which worker, which calls, how long, why (exit 1: a critical finding)"
show bin/celerymon diagnose -b "$BROKER"

say "The event stream of the gevent worker: heartbeats stop while its hub is blocked (stalled), and the whole silence is reported as a gap once the task ends"
wait "$events_pid" || true
cat "$workdir/events.txt"

exit 0
