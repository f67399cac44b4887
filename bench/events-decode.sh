#!/usr/bin/env bash
# Event decode throughput without a broker: celerymon's per-message work (JSON decode, cluster
# state, NDJSON line; bench/EventsDecodeBench.java) against Celery's (`celery events --dump`'s
# json.loads, EventReceiver and Dumper; bench/events_decode_celery.py), each on one thread, over
# the same message bodies from bench/event_generator.py --to-file, output to /dev/null. Writes its
# section of bench/RESULTS.md and bench/out/ (raw numbers).
#
# Environment: COUNT (events, default 1000000), PASSES (passes over the file for celerymon,
# default 3: the first includes the JIT's warm-up), CELERY_PASSES (default 1: CPython has no JIT).
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
BENCH_ROOT=$root
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

COUNT=${COUNT:-1000000}
PASSES=${PASSES:-3}
CELERY_PASSES=${CELERY_PASSES:-1}
PYTHON=/usr/bin/python3   # Debian's python3-celery; the python3 first on PATH may not have it
# The collector and young generation bin/celerymon gives `events`, with C2; the heap is larger so
# that the whole input file (about 250 MB for a million events) fits besides.
JAVA_OPTS=(-XX:+UseSerialGC -Xss1m -XX:-UsePerfData -Xms1g -Xmx1g -Xmn96m)

log() { printf 'events-decode: %s\n' "$*" >&2; }
for var in COUNT PASSES CELERY_PASSES; do
    [[ "${!var}" =~ ^[1-9][0-9]*$ ]] || { log "$var must be a positive integer, not '${!var}'"; exit 2; }
done

jar=target/celerymon.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main -newer "$jar" -print -quit)" ]; then
    log "building $jar"
    mvn -B -q package -DskipTests
fi

hex=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
out="$root/bench/out/$(date -u +%Y%m%dT%H%M%SZ)-decode-$hex"
mkdir -p "$out/classes"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

log "writing $COUNT events' message bodies"
"$PYTHON" bench/event_generator.py --to-file "$out/bodies.ndjson" -n "$COUNT"
javac -d "$out/classes" -cp "$jar" bench/EventsDecodeBench.java

log "celerymon: $PASSES passes"
java "${JAVA_OPTS[@]}" -cp "$jar:$out/classes" EventsDecodeBench "$out/bodies.ndjson" "$PASSES" >"$out/celerymon.tsv"
log "celery: $CELERY_PASSES passes"
PYTHONDONTWRITEBYTECODE=1 "$PYTHON" bench/events_decode_celery.py "$out/bodies.ndjson" "$CELERY_PASSES" >"$out/celery.tsv"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

"$PYTHON" - "$out" "$COUNT" "$load_start" "$load_end" "$(git log -1 --format='%h ("%s")')" \
    "$(java -version 2>&1 | head -n 1)" "$("$PYTHON" -c 'import celery; print(celery.__version__)')" \
    "$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" "${JAVA_OPTS[*]}" <<'PY' >"$out/results-section.md"
import sys
from pathlib import Path

out, count, load_start, load_end, commit, java, celery, cpu, opts = sys.argv[1:]
out = Path(out)


def passes(name):
    rows = [line.split() for line in (out / name).read_text().splitlines()]
    return [(int(p), int(n), float(s)) for p, n, s in rows]


mon, cel = passes("celerymon.tsv"), passes("celery.tsv")
best_mon = max(n / s for _, n, s in mon)
cold_mon = mon[0][1] / mon[0][2]
best_cel = max(n / s for _, n, s in cel)
print("# Event decode throughput without a broker: celerymon vs celery events --dump\n")
print("Written by `bench/events-decode.sh`; see `bench/README.md`.\n")
print(f"- {int(count):,} events in the generator's messages (heartbeats and `task.multi` batches of 24), "
      "decoded and rendered on one thread each, output to /dev/null")
print(f"- load average at start: {load_start}; at the end: {load_end}; CPU: {cpu}")
print(f"- celerymon: commit {commit}; {java}; `java {opts}`")
print(f"- celery {celery}; raw numbers: `bench/out/{out.name}/`\n")
print("| consumer | pass | events | seconds | events/s |")
print("|---|---|---|---|---|")
for label, rows in (("celerymon: decode, cluster state, NDJSON line", mon),
                    ("celery: json.loads, EventReceiver, Dumper line", cel)):
    for p, n, s in rows:
        print(f"| {label} | {p} | {n:,} | {s:.2f} | {n / s:,.0f} |")
print()
print(f"- celerymon's best pass ÷ celery's best: {best_mon / best_cel:.1f} × "
      f"({'meets' if best_mon / best_cel >= 20 else 'does not meet'} the 20 × of the issue); "
      f"its first pass, JIT warm-up included: {cold_mon / best_cel:.1f} ×")
PY
results_section events-decode "$out/results-section.md"
rm -f "$out/bodies.ndjson"   # ~250 MB per million events; event_generator.py --to-file makes it again
log "wrote its section of bench/RESULTS.md; raw numbers in $out"
