"""Gunicorn processes for the benchmark: both apps get the same settings, and every process
started here is stopped again, whatever happens in between."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

HOST = "127.0.0.1"  # loopback only: the benchmark never listens on a public interface
ROOT = Path(__file__).resolve().parent.parent


def gunicorn_settings(workers: int, worker_class: str, threads: int) -> list[str]:
    """The one set of settings shared by the app and the hello-world baseline."""
    return [
        "--workers", str(workers),
        "--worker-class", worker_class,
        "--threads", str(threads),
        "--keep-alive", "5",
        "--backlog", "512",
        "--log-level", "warning",  # no access log for either app
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(app: str, settings: list[str], *, env: dict[str, str], log: Path, ready_path: str):
    """Serve `app` (module:variable) on a free loopback port; yield its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}", *settings, app]
    with log.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so its workers can be stopped too
        )
    try:
        base_url = f"http://{HOST}:{port}"
        _wait_ready(process, base_url + ready_path, log)
        yield base_url
    finally:
        _stop(process)


def _wait_ready(process: subprocess.Popen, url: str, log: Path, attempts: int = 150) -> None:
    for _ in range(attempts):  # bounded: about 30 seconds
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback URL
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} in time:\n{_tail(log)}")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the master (it stops its workers); kill the whole group if it lingers."""
    if process.poll() is None:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # the group we created: leftover workers, if any
    process.wait(timeout=5)


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
