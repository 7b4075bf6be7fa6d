"""Running wrk over a request plan and reading back its numbers."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA_SCRIPT = Path(__file__).with_name("wrk.lua")


@dataclass(frozen=True)
class Load:
    duration: int  # seconds
    connections: int
    threads: int = 2


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def write_plan(path: Path, requests: list[tuple]) -> Path:
    """One request per line: the path, then `Name: value` headers, tab-separated; a request with a
    body, (path, headers, body), is a POST whose body is the last field, marked by a leading `=`."""
    lines = []
    for target, headers, *body in requests:
        fields = [target, *(f"{name}: {value}" for name, value in headers.items()), *(f"={b}" for b in body)]
        if any("\t" in field or "\n" in field for field in fields):
            raise ValueError(f"request {target!r} cannot be written to a wrk plan")
        lines.append("\t".join(fields))
    path.write_text("\n".join(lines) + "\n")
    return path


def run(base_url: str, plan: Path, load: Load, *, single_use: bool = False) -> Result:
    """`single_use`: every line of the plan is sent at most once (threads take disjoint lines)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk, or run `make bench`)")
    command = [wrk, f"-t{load.threads}", f"-c{load.connections}", f"-d{load.duration}s",
               "--timeout", "5s", "-s", str(LUA_SCRIPT), base_url]
    completed = subprocess.run(  # noqa: S603 - fixed argv, loopback URL
        command, capture_output=True, text=True, timeout=load.duration + 30,
        env={"BENCH_PLAN": str(plan),
             **({"BENCH_SINGLE_USE": "1", "BENCH_THREADS": str(load.threads)} if single_use else {})},
        check=False,
    )
    report = next((line for line in reversed(completed.stdout.splitlines()) if line.startswith("{")),
                  None)
    if completed.returncode != 0 or report is None:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr or completed.stdout}")
    data = json.loads(report)
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=sum(data["errors"].values()),
    )
