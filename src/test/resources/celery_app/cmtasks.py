"""Celery app used by celerymon's integration tests and demo.

Everything that a test varies comes from the environment, so one file serves every case:
  CM_BROKER_URL        broker URL (the worker command line may also pass -b)
  CM_TASK_SERIALIZER   e.g. "pickle": control replies then use it too (not JSON)
  CM_CONTROL_EXCHANGE  Celery's control_exchange (default "celery")
  CM_KEY_PREFIX        Redis transport option global_keyprefix
"""
import os
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

_key_prefix = os.environ.get("CM_KEY_PREFIX")
if _key_prefix:
    app.conf.broker_transport_options = {"global_keyprefix": _key_prefix}


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
