"""Running a command as a whole process and measuring it: wall time, CPU time, peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence
from typing import IO, NamedTuple


class Sample(NamedTuple):
    wall: float  # seconds
    cpu: float  # user + system seconds
    rss_mb: float  # peak resident memory
    code: int


def run(cmd: Sequence[str], env: dict[str, str] | None = None,
        stdout: int | IO[bytes] = subprocess.DEVNULL) -> Sample:
    """One run; os.wait4 gives this child's own CPU time and peak memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=stdout, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                  proc.returncode)


class Stats(NamedTuple):
    wall: float  # median, milliseconds
    cpu: float
    rss_mb: float  # largest
    runs: int
    code: int


def summarise(samples: list[Sample]) -> Stats:
    return Stats(statistics.median(s.wall for s in samples) * 1000,
                 statistics.median(s.cpu for s in samples) * 1000,
                 max(s.rss_mb for s in samples), len(samples), samples[-1].code)


def alternate(cases: dict[str, tuple[list[str], dict[str, str]]], runs: int,
              warmup: int = 2) -> dict[str, Stats]:
    """Run every case once per round, round after round, so a busy machine slows all alike."""
    samples: dict[str, list[Sample]] = {name: [] for name in cases}
    for round_no in range(warmup + runs):
        for name, (cmd, env) in cases.items():
            sample = run(cmd, env)
            if round_no >= warmup:
                samples[name].append(sample)
    return {name: summarise(found) for name, found in samples.items()}
