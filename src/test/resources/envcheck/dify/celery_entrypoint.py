"""Stands for Dify's api/celery_entrypoint.py, the worker's -A module (`celery -A
celery_entrypoint.celery worker -P gevent`): gRPC's and psycopg2's gevent support, then the app."""
try:
    from grpc.experimental import gevent as grpc_gevent

    grpc_gevent.init_gevent()
except ImportError:  # not installed in the tests
    pass
try:
    import psycogreen.gevent

    psycogreen.gevent.patch_psycopg()
except ImportError:  # not installed in the tests
    pass

from app import app, celery  # noqa: E402,F401
