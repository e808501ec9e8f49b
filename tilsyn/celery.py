"""The Celery app. Tasks live in each app's tasks.py; the beat schedule is defined in code (settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tilsyn.settings")

app = Celery("tilsyn")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
