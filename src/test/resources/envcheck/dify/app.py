"""Stands for Dify's api/app.py (1.x): gevent patches at import unless FLASK_DEBUG says debug,
then the Flask app is built and its Celery app exposed as `celery`, so Dify starts Celery with
`celery -A app.celery worker|beat` (and operators start Flower the same way)."""
import os

if (flask_debug := os.environ.get("FLASK_DEBUG", "0")) and flask_debug.lower() in {"false", "0", "no"}:
    from gevent import monkey

    monkey.patch_all()
    # Dify then initialises gRPC's and psycopg2's gevent support; neither is installed in the tests.

from app_factory import create_app  # noqa: E402

app = create_app()
celery = app.extensions["celery"]
