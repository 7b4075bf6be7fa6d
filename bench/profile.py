"""Profile one scenario in-process: `python -m bench.profile TEXT [--requests N] [--sort KEY]`.

The app is served on a loopback port (so a scenario can prepare its requests as under wrk),
then the scenario's requests are run straight through the WSGI app in this thread, first
unprofiled (warm-up, timed) and then under cProfile. Uses the bench database as `make bench`
left it (SATUPINTU_DATABASE_URL, as for bench.run --reuse-database).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import itertools
import os
import pstats
import threading
import time
from urllib.parse import urlsplit

from werkzeug.serving import make_server
from werkzeug.test import EnvironBuilder

from bench.database import database_url
from bench.scenarios import SCENARIOS


def _environs(app, base_url: str, requests: list[tuple]):
    for path, headers, *body in requests:
        parts = urlsplit(path)
        builder = EnvironBuilder(path=parts.path, query_string=parts.query, base_url=base_url,
                                 headers=headers, method="POST" if body else "GET",
                                 data=body[0].encode() if body else None)
        yield builder.get_environ()


def _call(app, environ) -> str:
    status = []
    environ = dict(environ)
    if "satupintu.body" in environ:  # a body is read once: give every call its own stream
        environ["wsgi.input"] = io.BytesIO(environ.pop("satupintu.body"))
    chunks = app(environ, lambda s, h, exc_info=None: status.append(s))
    for _chunk in chunks:
        pass
    if hasattr(chunks, "close"):
        chunks.close()
    return status[0]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("scenario")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=60)
    parser.add_argument("--save", metavar="FILE", help="also write the cProfile data (for pstats, snakeviz)")
    parser.add_argument("--sampling", action="store_true",
                        help="pyinstrument's sampling profiler (if installed) instead of cProfile")
    parser.add_argument("--all-frames", action="store_true",
                        help="with --sampling: show the libraries' frames too (Flask, werkzeug, ...)")
    options = parser.parse_args()
    os.environ.setdefault("SATUPINTU_LOG_LEVEL", "WARNING")
    os.environ["SATUPINTU_DATABASE_URL"] = database_url()
    os.environ["SATUPINTU_RATELIMIT_DOCUMENT_VERIFY"] = "100000/second"
    os.environ["SATUPINTU_RATELIMIT_LOGIN"] = "100000/second"
    if os.environ["SATUPINTU_DATABASE_URL"].startswith("postgresql"):
        # as bench.run: outbox deliveries are queued on Redis for Celery workers (none runs), so
        # a request's own work is measured, not the receipt a worker would sign
        os.environ["SATUPINTU_CELERY_BROKER_URL"] = os.environ.get("BENCH_BROKER_URL",
                                                                   "redis://127.0.0.1:6379/13")
    from app import create_app

    scenario = next(s for s in SCENARIOS if options.scenario.lower() in s.name.lower())
    app = create_app()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    count = options.requests
    requests = scenario.requests(base_url) if not scenario.single_use else \
        _single_use(scenario, base_url, 2 * count)
    environs = []
    for (_path, _headers, *body), environ in zip(requests, _environs(app, base_url, requests), strict=True):
        if body:
            environ["satupintu.body"] = body[0].encode()
        environs.append(environ)
    plan = iter(environs) if scenario.single_use else itertools.cycle(environs)
    warm, profiled = [next(plan) for _ in range(count)], [next(plan) for _ in range(count)]
    hello_cpu = _hello_cpu(count)
    if not scenario.single_use:  # one-off costs (compiling statements, building the search index)
        for environ in warm[:50]:
            _call(app, environ)
    round_trips, collections = _DatabaseRoundTrips(), _GarbageCollections()
    started, cpu_started = time.perf_counter(), time.process_time()
    statuses = [_call(app, environ) for environ in warm]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    sent, collected = round_trips.stop(), collections.stop()
    # CPU time of this process is the steadier figure on a shared machine (wall time includes
    # waiting for the database and for other processes' turns); the hello-world app measured
    # the same way just before gives the scale
    database = (f"per request {sent.statements / count:.2f} SQL statements and "
                f"{sent.transactions / count:.2f} transactions; ") if "postgresql" in database_url() else ""
    print(f"{scenario.name}: {elapsed / count * 1000:.3f} ms wall, {cpu / count * 1000:.3f} ms CPU "
          f"per request in-process (hello world {hello_cpu * 1000:.3f} ms CPU, "
          f"{cpu / count / hello_cpu:.1f}x); {database}garbage collection {collected / count * 1000:.3f} ms "
          f"per request; statuses {sorted(set(statuses))}")
    if options.sampling:  # far less overhead per call than cProfile, so the shares are truer
        from pyinstrument import Profiler

        sampler = Profiler(interval=0.0002)
        sampler.start()
        for environ in profiled:
            _call(app, environ)
        sampler.stop()
        print(sampler.output_text(show_all=options.all_frames, short_mode=False))
    elif options.lines:
        profile = cProfile.Profile(time.process_time)  # CPU time: waits and other processes excluded
        profile.enable()
        for environ in profiled:
            _call(app, environ)
        profile.disable()
        if options.save:
            profile.dump_stats(options.save)
        pstats.Stats(profile).sort_stats(options.sort).print_stats(options.lines)
    server.shutdown()


class _GarbageCollections:
    """Seconds the cyclic garbage collector ran (it pauses the request it interrupts)."""

    def __init__(self):
        self.seconds, self._started = 0.0, 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, _info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started

    def stop(self) -> float:
        gc.callbacks.remove(self._callback)
        return self.seconds


class _DatabaseRoundTrips:
    """Counts what the app sends PostgreSQL, at the driver (app.db.read_rows and app.payments.sql
    bypass SQLAlchemy's events): statements (pipelined ones too), and transactions ended, each of
    which also costs a BEGIN and a COMMIT or ROLLBACK round trip."""

    def __init__(self):
        import psycopg

        self.statements = self.transactions = 0
        self._patched = [(psycopg.Cursor, "execute"), (psycopg.Cursor, "executemany"),
                         (psycopg.Connection, "commit"), (psycopg.Connection, "rollback")]
        self._originals = [getattr(owner, name) for owner, name in self._patched]
        for (owner, name), original in zip(self._patched, self._originals, strict=True):
            setattr(owner, name, self._counting(name, original))

    def _counting(self, name: str, original):
        from psycopg.pq import TransactionStatus

        def counted(target, *args, **kwargs):
            if name.startswith("execute"):
                self.statements += 1
            elif target.info.transaction_status != TransactionStatus.IDLE:  # else nothing is sent
                self.transactions += 1
            return original(target, *args, **kwargs)

        return counted

    def stop(self) -> _DatabaseRoundTrips:
        for (owner, name), original in zip(self._patched, self._originals, strict=True):
            setattr(owner, name, original)
        return self


def _hello_cpu(count: int) -> float:
    from bench.hello import app

    environ = EnvironBuilder(path="/", base_url="http://127.0.0.1").get_environ()
    for _ in range(200):
        _call(app, environ)
    started = time.process_time()
    for _ in range(count):
        _call(app, environ)
    return (time.process_time() - started) / count


def _single_use(scenario, base_url: str, count: int) -> list[tuple]:
    """A fresh plan of `count` requests that may each be sent once (as bench.run builds per run)."""
    from bench import sso, transactions

    if "refresh" in scenario.name:
        return sso.refresh_tokens(base_url, count=count)
    if "payment callback" in scenario.name:
        # signed as they are made, each good for PAYMENTS_CALLBACK_TOLERANCE (5 minutes): making
        # and spending a plan must fit in that, so about --requests 1000 (2000 invoices, 1-2 min)
        return transactions.settlement_callbacks(base_url, count=count)
    raise SystemExit(f"{scenario.name}: no in-process plan for this single-use scenario")


if __name__ == "__main__":
    main()
