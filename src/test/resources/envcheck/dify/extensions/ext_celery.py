"""Stands for Dify's api/extensions/ext_celery.py: the Celery app, configured from Dify's
environment variables, stored in the Flask app's extensions."""
import os

from celery import Celery


def init_app(app):
    celery_app = Celery(app.name, broker=os.environ["CELERY_BROKER_URL"],
                        backend=os.environ.get("CELERY_BACKEND", "redis"))
    transport_options = {}
    if os.environ.get("CELERY_USE_SENTINEL", "").lower() == "true":
        transport_options = {"master_name": os.environ.get("CELERY_SENTINEL_MASTER_NAME"),
                             "sentinel_kwargs": {"password": os.environ.get("CELERY_SENTINEL_PASSWORD")}}
    celery_app.conf.update(broker_transport_options=transport_options, broker_connection_retry_on_startup=True,
                           worker_hijack_root_logger=False, task_ignore_result=True)
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
