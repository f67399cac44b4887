# Runs its arguments as a process in a "container": called as the first process inside
# `unshare --fork --pid --mount-proc --net`, it brings up the namespace's loopback, starts a Redis
# of the namespace's own on 127.0.0.1:6379, and then becomes the given command, run as nobody.
set -eu
ip link set lo up
redis-server --port 6379 --bind 127.0.0.1 --save "" --appendonly no --daemonize no --logfile "" >/dev/null 2>&1 &
for _ in $(seq 100); do
    if [ "$(redis-cli -p 6379 ping 2>/dev/null)" = PONG ]; then break; fi
    sleep 0.1
done
exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
