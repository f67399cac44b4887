#!/usr/bin/env bash
# Provides the Celery 5.5 tree the integration tests run beside Debian 12's Celery 5.2: Debian 13
# (trixie) packages of celery, kombu, billiard, vine, py-amqp and redis-py, fetched with apt-get
# from a source list kept in a private directory (the system's apt configuration is not touched),
# checked by apt against trixie's signed Release with Debian's archive keyring, and unpacked with
# dpkg -x. They are pure Python and run under Debian 12's /usr/bin/python3 through PYTHONPATH,
# with Debian 12's gevent, eventlet and click.
#
# The tree is cached in $CELERYMON_CELERY55_DIR (default ~/.cache/celerymon/celery55, outside
# target/ so that mvn clean keeps it); a second run only checks that it imports (a second or so).
# CELERYMON_CELERY55_REFRESH=1 fetches again. Without network the first run fails, because the
# suite's Celery 5.5 classes need the tree; CELERYMON_SKIP_CELERY55=1 skips this step and makes
# those classes skip too (offline development only: a run with it has not tested Celery 5.5).
# Prints the versions of the tree on stdout, one "name version" a line.
set -euo pipefail

PACKAGES=(python3-celery python3-kombu python3-billiard python3-vine python3-amqp python3-redis)
SUITE=trixie
MIRROR=${CELERYMON_DEBIAN_MIRROR:-http://deb.debian.org/debian}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
PYTHON=/usr/bin/python3
CACHE=${CELERYMON_CELERY55_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/celerymon/celery55}
TREE="$CACHE/tree"
SITE="$TREE/usr/lib/python3/dist-packages"

log() { printf 'celery55: %s\n' "$*" >&2; }
die() {
    log "ERROR: $*"
    log "the integration tests need this tree; for offline development only, CELERYMON_SKIP_CELERY55=1 skips Celery 5.5"
    exit 1
}

if [ "${CELERYMON_SKIP_CELERY55:-}" = "1" ]; then
    log "SKIPPED (CELERYMON_SKIP_CELERY55=1): the Celery 5.5 test classes will skip; this run does not test Celery 5.5"
    exit 0
fi

# Imports what a worker, the inspect CLI and each pool need, and prints the versions; fails if the
# tree is incomplete or not the 5.5 line.
check_tree() {
    PYTHONPATH="$SITE" PYTHONDONTWRITEBYTECODE=1 "$PYTHON" - "$SITE" <<'EOF'
import sys, os
site = sys.argv[1]
import celery, kombu, billiard, vine, amqp, redis
import celery.bin.celery, celery.concurrency.prefork, celery.concurrency.thread, kombu.transport.redis
for mod in (celery, kombu, billiard, vine, amqp, redis):
    if not os.path.realpath(mod.__file__).startswith(os.path.realpath(site)):
        sys.exit("%s comes from %s, not from the tree" % (mod.__name__, mod.__file__))
if not (celery.__version__.startswith("5.5.") and kombu.__version__.startswith("5.5.")):
    sys.exit("the tree holds celery %s / kombu %s, not 5.5" % (celery.__version__, kombu.__version__))
for mod in (celery, kombu, billiard, vine, amqp, redis):
    print(mod.__name__, mod.__version__)
EOF
}

if [ "${CELERYMON_CELERY55_REFRESH:-}" != "1" ] && [ -f "$CACHE/complete" ] && versions=$(check_tree 2>/dev/null); then
    log "cached in $TREE"
    printf '%s\n' "$versions"
    exit 0
fi

[ -r "$KEYRING" ] || die "$KEYRING is missing (Debian package debian-archive-keyring)"
for tool in apt-get dpkg; do
    command -v "$tool" >/dev/null || die "$tool not found: this step needs a Debian system"
done

log "fetching ${PACKAGES[*]} from $SUITE ($MIRROR) into $CACHE"
APT="$CACHE/apt"
mkdir -p "$APT/etc/sources.list.d" "$APT/etc/preferences.d" "$APT/state/lists/partial" \
    "$APT/cache/archives/partial"
# An empty dpkg status: apt must not offer the versions installed on this machine (5.2) instead.
: > "$APT/state/status"
echo "deb [signed-by=$KEYRING] $MIRROR $SUITE main" > "$APT/etc/sources.list"
# Only private paths: lists, caches, sources and pins of the system apt stay as they are. The
# system's apt.conf.d is still read, so a proxy set up there keeps working.
APT_OPTS=(-q -o "Dir::Etc::SourceList=$APT/etc/sources.list" -o "Dir::Etc::SourceParts=$APT/etc/sources.list.d"
          -o "Dir::Etc::Preferences=$APT/etc/preferences" -o "Dir::Etc::PreferencesParts=$APT/etc/preferences.d"
          -o "Dir::State=$APT/state" -o "Dir::State::status=$APT/state/status" -o "Dir::Cache=$APT/cache"
          -o "Acquire::Languages=none"
          -o "Acquire::AllowInsecureRepositories=false" -o "APT::Get::AllowUnauthenticated=false"
          -o "APT::Sandbox::User=$(id -un)")
# --error-on=any: a Release that cannot be fetched or whose signature does not verify is an error,
# not a warning with old lists used instead.
apt-get "${APT_OPTS[@]}" --error-on=any update >&2 || die "apt-get update of $SUITE failed (offline, or the Release signature did not verify)"

DEBS="$CACHE/debs.new"
rm -rf "$DEBS" && mkdir -p "$DEBS"
# apt-get download checks each .deb against the hash in the Packages index that the signed Release covers.
(cd "$DEBS" && apt-get "${APT_OPTS[@]}" download "${PACKAGES[@]/%//$SUITE}" >&2) || die "apt-get download failed"

NEW="$CACHE/tree.new"
rm -rf "$NEW" && mkdir -p "$NEW"
for deb in "$DEBS"/*.deb; do
    dpkg -x "$deb" "$NEW"
done
# Compiled once here: the tests' Python processes run with PYTHONDONTWRITEBYTECODE and would
# otherwise compile celery and kombu again at every start.
"$PYTHON" -m compileall -q "$NEW/usr/lib/python3/dist-packages" >/dev/null || true

rm -f "$CACHE/complete"
rm -rf "$TREE" "$CACHE/debs"
mv "$NEW" "$TREE"
mv "$DEBS" "$CACHE/debs"
versions=$(check_tree) || die "the unpacked tree does not import under $PYTHON"
(cd "$CACHE/debs" && ls -1 ./*.deb) > "$CACHE/complete"
log "ready in $TREE"
printf '%s\n' "$versions"
