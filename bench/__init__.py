"""`make bench`: the app and a hello-world Flask app under identical gunicorn settings, driven by wrk."""
