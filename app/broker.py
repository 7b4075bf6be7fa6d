"""The Celery broker transport for Redis: kombu's own, with one redis-py client per channel.

kombu's Redis channel builds a new redis-py client for each command it sends without one, every
published task included, and a client's constructor (its table of reply callbacks) cost here
about as much as the LPUSH it then sends: a fifth of queueing a task, which a payment callback
does after its commit. A redis-py client is safe to share between threads (each command takes a
connection from the channel's pool), so the channel keeps one, made afresh if its pool is
replaced. `app.tasks` selects this transport for redis:// and rediss:// broker URLs.
"""

from __future__ import annotations

from contextlib import contextmanager

from kombu.transport import redis


class Channel(redis.Channel):
    _shared_client = None

    @contextmanager
    def conn_or_acquire(self, client=None):
        if client:
            yield client
            return
        shared = self._shared_client
        if shared is None or shared.connection_pool is not self.pool:
            shared = self._shared_client = self._create_client()
        yield shared


class Transport(redis.Transport):
    Channel = Channel


TRANSPORT = f"{__name__}:Transport"
SCHEMES = ("redis://", "rediss://")
