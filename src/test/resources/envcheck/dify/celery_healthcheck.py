"""Stands for Dify's api/celery_healthcheck.py: a light Celery app on the same broker, with no
Flask app and no monkey-patching, for container health checks (`-A celery_healthcheck.celery`)."""
import os

from celery import Celery

celery = Celery(broker=os.environ["CELERY_BROKER_URL"])
