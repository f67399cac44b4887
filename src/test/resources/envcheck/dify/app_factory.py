"""Stands for Dify's api/app_factory.py: a Flask subclass with its extensions initialised."""
from flask import Flask

from extensions import ext_celery


class DifyApp(Flask):
    pass


def create_app():
    app = DifyApp(__name__)
    ext_celery.init_app(app)
    return app
