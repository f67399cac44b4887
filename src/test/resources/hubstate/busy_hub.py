"""A gevent process whose hub is held by a CPU-bound greenlet (the shape of a CPU-bound task in a
-P gevent worker). Prints "spinning" once the loop runs. Usage: busy_hub.py"""
from gevent import monkey

monkey.patch_all()

import gevent  # noqa: E402


def spin():
    print("spinning", flush=True)
    n = 0
    while True:  # never yields: the hub gets the CPU back only when this ends
        n += 1


gevent.spawn(spin)
gevent.sleep(3600)
