# The task queue's app, loaded with Django so that @shared_task binds to it (Celery's docs,
# "First steps with Django").
from mysapk.celery import app as celery_app

__all__ = ("celery_app",)
