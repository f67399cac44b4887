"""A light app module: it only builds the Celery app, without patching."""
from celery import Celery

app = Celery("plain_app", broker="redis://:probe-secret-2@127.0.0.1:6379/12")
app.conf.accept_content = ["json", "pickle"]
