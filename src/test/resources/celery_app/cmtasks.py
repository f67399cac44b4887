"""Celery app used by celerymon's integration tests and demo.

Everything that a test varies comes from the environment, so one file serves every case:
  CM_BROKER_URL        broker URL (the worker command line may also pass -b)
  CM_TASK_SERIALIZER   e.g. "pickle": control replies then use it too (not JSON)
  CM_CONTROL_EXCHANGE  Celery's control_exchange (default "celery")
  CM_KEY_PREFIX        Redis transport option global_keyprefix
  CM_SENTINEL_MASTER   Redis Sentinel master name (transport option master_name)
  CM_SENTINEL_PASSWORD password of the sentinels themselves (sentinel_kwargs), as Dify passes it
  CM_SSL_CA_CERTS      PEM CA file: broker_use_ssl then verifies the Redis server's certificate
"""
import os
import ssl
import time

from celery import Celery

app = Celery("cmtasks", broker=os.environ.get("CM_BROKER_URL", "redis://127.0.0.1:6379/1"))

# Tests read the worker's own log lines ("ready."), so Celery must not take over the root logger.
app.conf.worker_hijack_root_logger = False
app.conf.broker_connection_retry_on_startup = True

_serializer = os.environ.get("CM_TASK_SERIALIZER")
if _serializer:
    app.conf.task_serializer = _serializer
    # The worker refuses content types it does not accept, including its own replies' type.
    app.conf.accept_content = sorted({"json", _serializer})

_control_exchange = os.environ.get("CM_CONTROL_EXCHANGE")
if _control_exchange:
    app.conf.control_exchange = _control_exchange

_transport_options = {}
_key_prefix = os.environ.get("CM_KEY_PREFIX")
if _key_prefix:
    _transport_options["global_keyprefix"] = _key_prefix
_sentinel_master = os.environ.get("CM_SENTINEL_MASTER")
if _sentinel_master:
    # kombu gives the URL's password to the master; the sentinels get only sentinel_kwargs.
    _transport_options["master_name"] = _sentinel_master
    _sentinel_password = os.environ.get("CM_SENTINEL_PASSWORD")
    if _sentinel_password:
        _transport_options["sentinel_kwargs"] = {"password": _sentinel_password}
if _transport_options:
    app.conf.broker_transport_options = _transport_options

_ssl_ca_certs = os.environ.get("CM_SSL_CA_CERTS")
if _ssl_ca_certs:
    # Without broker_use_ssl kombu connects to rediss:// with CERT_NONE; this makes the worker verify.
    app.conf.broker_use_ssl = {"ssl_cert_reqs": ssl.CERT_REQUIRED, "ssl_ca_certs": _ssl_ca_certs}


@app.task(name="cmtasks.add")
def add(x, y):
    return x + y


@app.task(name="cmtasks.sleep")
def sleep(seconds):
    # time.sleep is monkey-patched under gevent/eventlet, so this one yields to the hub.
    time.sleep(seconds)
    return seconds


@app.task(name="cmtasks.spin")
def spin(seconds):
    # A pure-Python busy loop never yields: it blocks a gevent/eventlet hub for its whole length,
    # so that worker cannot answer control messages meanwhile.
    end = time.monotonic() + float(seconds)
    n = 0
    while time.monotonic() < end:
        n += 1
    return n


@app.task(name="cmtasks.recv_block")
def recv_block(port):
    # The C module _socket is what gevent's patching replaces socket's classes with wrappers around,
    # and it is never patched itself: recv() on it blocks the whole process in recvfrom, as an
    # unpatched database driver does, until the peer sends or closes.
    import _socket

    s = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
    s.connect(("127.0.0.1", int(port)))
    try:
        return len(s.recv(1))
    finally:
        s.close()


@app.task(name="cmtasks.hold")
def hold(seconds, *values):
    # Keeps its arguments in the worker's active list while it sleeps: inspect active then shows
    # them as the worker's kombu encodes them (kombu >= 5.3 wraps datetime, Decimal, UUID).
    time.sleep(seconds)
    return seconds
