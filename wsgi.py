"""WSGI entry point: `gunicorn wsgi:app`."""

from app import create_app

app = create_app()
celery = app.extensions["celery"]  # `celery -A wsgi:celery worker`
