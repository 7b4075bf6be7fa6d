"""`make bench` (python -m bench.run): prepare a database, serve the app and the hello-world
baseline under the same gunicorn settings, load each scenario with wrk, print a table.

Environment: SATUPINTU_DATABASE_URL (default: a SQLite file under var/bench), BENCH_DURATION
(seconds per scenario, default 10), BENCH_CONNECTIONS (default 16), BENCH_ROUNDS (default 2:
every scenario, hello world included, is measured that many times and its best round kept).
"""

from __future__ import annotations

import argparse
import functools
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import database, wrk
from bench.scenarios import HELLO, SCENARIOS, Scenario, fetch
from bench.servers import gunicorn, gunicorn_settings

CATALOG_SIZE = 27_000
WORKERS = 2
WARM_UP_SECONDS = 5


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", action="append", default=[], metavar="TEXT",
                        help="run only scenarios whose name contains TEXT (repeatable)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (both apps)")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--reuse-database", action="store_true",
                        help="skip resetting and loading the database (it must be loaded already)")
    return parser.parse_args(argv)


def _positive_env(name: str, default: int) -> int:
    value = int(os.environ.get(name) or default)
    if not 0 < value <= 600:
        raise SystemExit(f"{name} must be between 1 and 600")
    return value


def _stop_on_sigterm(_signum, _frame):
    raise SystemExit(143)  # unwinds through the `with` blocks, which stop gunicorn


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    load = wrk.Load(duration=_positive_env("BENCH_DURATION", 10),
                    connections=_positive_env("BENCH_CONNECTIONS", 16))
    selected = [s for s in SCENARIOS
                if not options.scenario or any(t.lower() in s.name.lower() for t in options.scenario)]
    if not selected:
        raise SystemExit("no scenario matches; choose from: " + ", ".join(s.name for s in SCENARIOS))
    signal.signal(signal.SIGTERM, _stop_on_sigterm)

    url = database.database_url()
    env = {**os.environ, "SATUPINTU_DATABASE_URL": url, "SATUPINTU_LOG_LEVEL": "WARNING",
           "FLASK_APP": "wsgi:app",
           # wrk is one client address: the verification limit is raised, not switched off (a
           # one-second window keeps the limiter's record as short as many clients' would be)
           "SATUPINTU_RATELIMIT_DOCUMENT_VERIFY": "100000/second",
           "SATUPINTU_RATELIMIT_LOGIN": "100000/second"}  # the same for the sign-in form's posts
    backend = url.split(":", 1)[0]
    if backend.startswith("postgresql"):
        # The production stack queues outbox deliveries on Redis for Celery workers; none runs
        # here, so a scenario measures its request's own work (the queue is emptied each run).
        env["SATUPINTU_CELERY_BROKER_URL"] = broker = os.environ.get("BENCH_BROKER_URL",
                                                                     "redis://127.0.0.1:6379/13")
        import redis

        redis.Redis.from_url(broker).flushdb()
    if not options.reuse_database:
        print(f"preparing {backend} database with {CATALOG_SIZE:,} synthetic entries", flush=True)
        database.reset(url)
        database.load(env, CATALOG_SIZE)
        database.analyze(url)

    settings = gunicorn_settings(WORKERS, options.worker_class, options.threads)
    rounds = _positive_env("BENCH_ROUNDS", 2)
    print(f"gunicorn {' '.join(settings)}; wrk -t{load.threads} -c{load.connections} "
          f"-d{load.duration}s; best of {rounds} rounds", flush=True)
    measured: dict[str, list[wrk.Result]] = {s.name: [] for s in (HELLO, *selected)}
    with tempfile.TemporaryDirectory(prefix="satupintu-bench-") as workdir:
        work = Path(workdir)
        with (gunicorn("bench.hello:app", settings, env=env, log=work / "hello.log",
                       ready_path="/") as hello_url,
              gunicorn("wsgi:app", settings, env=env, log=work / "app.log",
                       ready_path="/healthz") as app_url):
            urls = {"hello": hello_url, "app": app_url}
            plans = {s.name: _plan(s, urls[s.server], work / f"plan-{i}.txt")
                     for i, s in enumerate((HELLO, *selected)) if not s.single_use}
            for round_number in range(rounds):
                for i, scenario in enumerate((HELLO, *selected)):
                    plan = plans.get(scenario.name) or functools.partial(
                        _plan, scenario, urls[scenario.server], work / f"plan-{i}.txt")
                    result = _measure(scenario, urls[scenario.server], plan, load,
                                      warm_up=round_number == 0)
                    measured[scenario.name].append(result)
    _print_table(backend, measured, selected)
    baseline = _best(measured[HELLO.name]).rps
    return 0 if all(_meets(s, _best(measured[s.name]), baseline) for s in selected) else 1


def _plan(scenario: Scenario, base_url: str, path: Path) -> Path:
    """The scenario's requests as a wrk plan, each checked to answer as expected first."""
    requests = scenario.requests(base_url)
    checked, requests = (requests[:1], requests[1:]) if scenario.single_use else (requests, requests)
    for request in checked:
        reply = fetch(base_url, request)
        if reply.status != scenario.status:
            raise RuntimeError(f"{scenario.name}: {request[0]} answered {reply.status}, "
                               f"expected {scenario.status}: {reply.body[:300]!r}")
    return wrk.write_plan(path, requests)


def _measure(scenario: Scenario, base_url: str, plan: Path | Callable[[], Path], load: wrk.Load, *,
             warm_up: bool) -> wrk.Result:
    """`plan` is a callable for single-use scenarios: a fresh plan for every wrk run."""
    def fresh() -> Path:
        return plan() if callable(plan) else plan

    if warm_up:  # connections, caches and the database's buffers settle
        wrk.run(base_url, fresh(), wrk.Load(min(WARM_UP_SECONDS, load.duration), load.connections,
                                            load.threads), single_use=scenario.single_use)
    _wait_until_idle(base_url)
    result = wrk.run(base_url, fresh(), load, single_use=scenario.single_use)
    print(f"  {scenario.name}: {result.rps:,.0f} req/s", flush=True)
    return result


def _wait_until_idle(base_url: str, quick: float = 0.02, limit: float = 15.0) -> None:
    """Until the server answers a trivial request quickly: requests the previous scenario left
    queued (wrk stops sending, not the workers working: a backlog of argon2 sign-ins takes about
    two seconds) would otherwise count against the next scenario's latency."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        fetch(base_url, ("/", {}))
        if time.monotonic() - started < quick:
            return
        time.sleep(0.1)


def _best(results: list[wrk.Result]) -> wrk.Result:
    """Other work on the machine only ever slows a round down, so the fastest round is the
    truest one."""
    return max(results, key=lambda result: result.rps)


def _meets(scenario: Scenario, result: wrk.Result, baseline: float) -> bool:
    ratio_ok = scenario.min_ratio is None or result.rps >= scenario.min_ratio * baseline
    p99_ok = scenario.max_p99_ms is None or result.p99_ms <= scenario.max_p99_ms
    rps_ok = scenario.min_rps is None or result.rps >= scenario.min_rps
    return ratio_ok and p99_ok and rps_ok and result.errors == 0


def _target(scenario: Scenario) -> str:
    parts = []
    if scenario.min_ratio is not None:
        parts.append(f">= {scenario.min_ratio}x")
    if scenario.max_p99_ms is not None:
        parts.append(f"p99 <= {scenario.max_p99_ms:g} ms")
    if scenario.min_rps is not None:
        parts.append(f">= {scenario.min_rps:,g}/s")
    return ", ".join(parts)


def _print_table(backend: str, measured: dict[str, list[wrk.Result]], selected) -> None:
    baseline = _best(measured[HELLO.name]).rps
    print(f"\n{backend}, {WORKERS} gunicorn workers; best round of each scenario, ratios to the "
          f"best hello-world round\n")
    header = (f"{'scenario':<42} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'x hello':>7} "
              f"{'errors':>6}  {'all rounds':<16} target")
    print(header)
    print("-" * len(header))
    for scenario in (HELLO, *selected):
        results = measured[scenario.name]
        best = _best(results)
        rounds = "/".join(f"{r.rps:.0f}" for r in results)
        verdict = ""
        if _target(scenario):
            verdict = f"{_target(scenario)}: {'met' if _meets(scenario, best, baseline) else 'MISSED'}"
        print(f"{scenario.name:<42} {best.rps:>8,.0f} {best.p50_ms:>7.1f} {best.p99_ms:>7.1f} "
              f"{best.rps / baseline:>7.2f} {sum(r.errors for r in results):>6}  {rounds:<16} "
              f"{verdict}")


if __name__ == "__main__":
    sys.exit(main())
