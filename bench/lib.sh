# Shared by the bench scripts; source it, do not run it.
#
# bench/RESULTS.md holds one section per bench script, each between its own marker comments:
#   <!-- BEGIN NAME (written by bench/NAME.sh) --> … <!-- END NAME -->
# A script rewrites only its own section, so running one bench keeps the other's numbers. Notes
# written by hand go after a section's END marker: no script touches them.

# results_section NAME FILE: puts FILE's markdown into bench/RESULTS.md as section NAME, replacing
# that section if it is there, else appending it. Headings in FILE move one level down ("# x"
# becomes "## x"), under the file's own title. Needs BENCH_ROOT (the repository root) and PYTHON.
results_section() {
    "$PYTHON" - "$BENCH_ROOT/bench/RESULTS.md" "$1" "$2" <<'PY'
import re
import sys
from pathlib import Path

results, name, section = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
TITLE = ("# Benchmark results\n\nEach section below is written by one script in `bench/` and rewritten only by it; "
         "see `bench/README.md` for what is measured and how to read it.\n")
begin, end = f"<!-- BEGIN {name} (written by bench/{name}.sh) -->", f"<!-- END {name} -->"

body, fenced = [], False
for line in section.read_text().rstrip("\n").split("\n"):
    if line.startswith("```"):
        fenced = not fenced
    body.append("#" + line if line.startswith("#") and not fenced else line)
block = "\n".join([begin, *body, end])

text = results.read_text() if results.exists() else TITLE
pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
if pattern.search(text):
    text = pattern.sub(lambda _: block, text, count=1)
else:
    text = text.rstrip("\n") + "\n\n" + block
results.write_text(text.rstrip("\n") + "\n")
PY
}

# Prints the PIDs of every descendant of a process (prefork pool children, and theirs).
descendants() {
    local child
    while read -r child; do
        echo "$child"
        descendants "$child"
    done < <(ps -o pid= --ppid "$1" 2>/dev/null || true)
}

# machine_facts: the key=value lines every bench records about the machine and the tools it
# compares (the scripts add their own: the Redis server they used, celerymon's commit, settings).
# Needs PYTHON.
machine_facts() {
    echo "date=$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "nproc=$(nproc)"
    echo "memory=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "kernel=$(uname -r)"
    echo "java=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1)"
    echo "python=$("$PYTHON" -c 'import platform; print(platform.python_version())')"
    echo "celery=$("$PYTHON" -c 'import celery; print(celery.__version__)')"
    echo "kombu=$("$PYTHON" -c 'import kombu; print(kombu.__version__)')"
    echo "redis_py=$("$PYTHON" -c 'import redis; print(redis.__version__)')"
    echo "py_amqp=$("$PYTHON" -c 'import amqp; print(amqp.__version__)')"
    echo "rabbitmq=$(timeout 30 rabbitmqctl -q version 2>/dev/null || echo unknown)"
}
