"""An app whose broker is a failover list, each entry with its own password."""
from celery import Celery

app = Celery("failover_app",
             broker="redis://:leak-fo-A@10.0.0.1:6379/0;redis://:leak-fo-B@10.0.0.2:6379/0")
