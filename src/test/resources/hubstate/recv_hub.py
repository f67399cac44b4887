"""A gevent process whose hub is held by recv() on a socket of the C module _socket, which
monkey-patching leaves alone (the shape of an unpatched C driver). Prints "receiving" just before
the call. Usage: recv_hub.py PORT"""
import sys

from gevent import monkey

monkey.patch_all()

import _socket  # noqa: E402

import gevent  # noqa: E402


def call():
    s = _socket.socket()
    s.connect(("127.0.0.1", int(sys.argv[1])))
    print("receiving", flush=True)
    s.recv(1)  # the listener never answers: the hub stays in recvfrom


gevent.spawn(call)
gevent.sleep(3600)
