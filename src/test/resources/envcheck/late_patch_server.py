"""The seed's hang in a dozen lines: celery and kombu's Redis transport are imported, then gevent
patches (too late: kombu kept the real select), a thread captures Celery events, and a Tornado
server never answers. Usage: late_patch_server.py PORT (broker from CELERY_BROKER_URL)."""
import os
import sys
import threading

import celery
from kombu.transport import redis as _redis_transport  # noqa: F401
from gevent import monkey

monkey.patch_all()

import tornado.ioloop  # noqa: E402
import tornado.web  # noqa: E402

app = celery.Celery("late", broker=os.environ["CELERY_BROKER_URL"])


def capture():
    with app.connection() as connection:
        app.events.Receiver(connection, handlers={"*": lambda event: None}).capture(limit=None, timeout=None)


class Hello(tornado.web.RequestHandler):
    def get(self):
        self.write("ok")


threading.Thread(target=capture, daemon=True).start()
tornado.web.Application([("/", Hello)]).listen(int(sys.argv[1]), "127.0.0.1")
print("listening", flush=True)
tornado.ioloop.IOLoop.current().start()
