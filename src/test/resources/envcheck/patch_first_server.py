"""The twin of late_patch_server.py with gevent patching first, before anything else is imported:
the same event-capture thread and Tornado server, and it answers. Usage: patch_first_server.py PORT."""
from gevent import monkey

monkey.patch_all()

import os  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402

import celery  # noqa: E402
from kombu.transport import redis as _redis_transport  # noqa: E402,F401
import tornado.ioloop  # noqa: E402
import tornado.web  # noqa: E402

app = celery.Celery("first", broker=os.environ["CELERY_BROKER_URL"])


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
