#!/usr/bin/env bash
# Makes this machine ready to build and test celerymon: installs the Debian packages it needs
# (only those missing), then starts Redis (127.0.0.1:6379) and RabbitMQ (127.0.0.1:5672) if they
# do not answer, and waits until both do. Safe to run again: it changes nothing that is in place.
set -euo pipefail

PACKAGES=(redis-server rabbitmq-server python3-celery python3-gevent python3-eventlet python3-redis
          python3-amqp python3-tornado python3-flask maven openjdk-17-jdk-headless tmux jq openssl time
          iproute2 util-linux debian-archive-keyring)
WAIT_SECONDS=${ENSURE_DEPS_WAIT_SECONDS:-90}

log() { printf 'ensure-deps: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

install_missing_packages() {
    local missing=() pkg
    for pkg in "${PACKAGES[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        log "packages: all present"
        return
    fi
    [ "$(id -u)" -eq 0 ] || die "missing packages ${missing[*]}; run this script as root to install them"
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

check_python() {
    # Celery must come from Debian's interpreter, not whatever python3 is first on PATH.
    /usr/bin/python3 -c 'import celery, gevent, eventlet, redis, amqp, tornado, flask' \
        || die "/usr/bin/python3 cannot import celery, gevent, eventlet, redis, amqp, tornado and flask"
}

redis_answers() {
    [ "$(timeout 5 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null || true)" = "PONG" ]
}

rabbit_answers() {
    timeout 30 rabbitmqctl status >/dev/null 2>&1
}

ensure_redis() {
    if redis_answers; then
        log "redis: answering on 127.0.0.1:6379"
        return
    fi
    log "redis: starting"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log
    local deadline=$((SECONDS + WAIT_SECONDS))
    until redis_answers; do
        [ "$SECONDS" -lt "$deadline" ] || die "redis did not answer within ${WAIT_SECONDS}s (see /var/log/redis/ci.log)"
        sleep 0.5
    done
    log "redis: started"
}

ensure_rabbitmq() {
    if rabbit_answers; then
        log "rabbitmq: running"
        return
    fi
    log "rabbitmq: starting"
    rabbitmq-server -detached || log "rabbitmq-server -detached failed; waiting for a node anyway"
    local deadline=$((SECONDS + WAIT_SECONDS))
    # await_startup fails at once while the Erlang node itself is still coming up, so retry it.
    until timeout 60 rabbitmqctl await_startup >/dev/null 2>&1 && rabbit_answers; do
        [ "$SECONDS" -lt "$deadline" ] || die "rabbitmq did not start within ${WAIT_SECONDS}s (see /var/log/rabbitmq/)"
        sleep 1
    done
    log "rabbitmq: started"
}

install_missing_packages
check_python
ensure_redis
ensure_rabbitmq
log "ready"
