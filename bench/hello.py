"""The baseline: the smallest Flask app, served with exactly the app's gunicorn settings, so the
ratio between the two shows what SatuPintu itself costs per request."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return {"hello": "world"}
