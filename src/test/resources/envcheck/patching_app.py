"""An app module that monkey-patches on import, as Dify's api/app.py did without DEBUG."""
from gevent import monkey

monkey.patch_all()

from celery import Celery  # noqa: E402

app = Celery("patching_app", broker="redis://:probe-secret-1@127.0.0.1:6379/12")
app.conf.accept_content = ["json"]
print("patching_app imported")
