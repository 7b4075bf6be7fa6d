"""Profile one scenario in-process: `python -m bench.profile TEXT [--requests N] [--sort KEY]`.

The app is served on a loopback port (so a scenario can prepare its requests as under wrk),
then the scenario's requests are run straight through the WSGI app in this thread, first
unprofiled (warm-up, timed) and then under cProfile. Uses the bench database as `make bench`
left it (SATUPINTU_DATABASE_URL, as for bench.run --reuse-database).
"""

from __future__ import annotations

import argparse
import cProfile
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
    parser.add_argument("--sampling", action="store_true",
                        help="pyinstrument's sampling profiler (if installed) instead of cProfile")
    options = parser.parse_args()
    os.environ.setdefault("SATUPINTU_LOG_LEVEL", "WARNING")
    os.environ["SATUPINTU_DATABASE_URL"] = database_url()
    os.environ["SATUPINTU_RATELIMIT_DOCUMENT_VERIFY"] = "100000/second"
    os.environ["SATUPINTU_RATELIMIT_LOGIN"] = "100000/second"
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
    started, cpu_started = time.perf_counter(), time.process_time()
    statuses = [_call(app, environ) for environ in warm]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # CPU time of this process is the steadier figure on a shared machine (wall time includes
    # waiting for the database and for other processes' turns); the hello-world app measured
    # the same way just before gives the scale
    print(f"{scenario.name}: {elapsed / count * 1000:.3f} ms wall, {cpu / count * 1000:.3f} ms CPU "
          f"per request in-process (hello world {hello_cpu * 1000:.3f} ms CPU, "
          f"{cpu / count / hello_cpu:.1f}x); statuses {sorted(set(statuses))}")
    if options.sampling:  # far less overhead per call than cProfile, so the shares are truer
        from pyinstrument import Profiler

        sampler = Profiler(interval=0.0002)
        sampler.start()
        for environ in profiled:
            _call(app, environ)
        sampler.stop()
        print(sampler.output_text(show_all=False, short_mode=False))
    elif options.lines:
        profile = cProfile.Profile(time.process_time)  # CPU time: waits and other processes excluded
        profile.enable()
        for environ in profiled:
            _call(app, environ)
        profile.disable()
        pstats.Stats(profile).sort_stats(options.sort).print_stats(options.lines)
    server.shutdown()


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
    from bench import sso

    if "refresh" in scenario.name:
        return sso.refresh_tokens(base_url, count=count)
    raise SystemExit(f"{scenario.name}: no in-process plan for this single-use scenario")


if __name__ == "__main__":
    main()
