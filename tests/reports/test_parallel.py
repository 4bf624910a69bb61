"""The process pool behind the sliced SQLite export: order, early exits, dead workers."""

from __future__ import annotations

import os
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from coursehub.reports import parallel


def echo_after(value: int, seconds: float) -> tuple[int, int]:
    """The value, later, and which process gave it."""
    time.sleep(seconds)
    return value, os.getpid()


def mark_then_wait(folder: str, value: int) -> int:
    Path(folder, str(value)).touch()
    time.sleep(0.2)
    return value


def die() -> None:
    os._exit(3)


def test_results_come_in_the_calls_order_from_other_processes():
    calls = [(value, 0.05 * (5 - value)) for value in range(6)]  # the first is the slowest
    results = list(parallel.in_order(echo_after, calls, ahead=2))
    assert [value for value, _pid in results] == list(range(6))
    assert os.getpid() not in {pid for _value, pid in results}


def test_leaving_early_starts_no_more_calls(tmp_path):
    results = parallel.in_order(mark_then_wait, [(str(tmp_path), n) for n in range(30)],
                                ahead=1)
    assert next(results) == 0
    results.close()
    time.sleep(0.6)  # the calls already running finish
    started = len(list(tmp_path.iterdir()))
    # the one yielded, and perhaps the one computed ahead: not the 28 others
    assert 1 <= started <= 2


def test_a_dead_worker_fails_the_call_and_the_next_call_gets_a_new_pool():
    with pytest.raises(BrokenProcessPool):
        list(parallel.in_order(die, [()], ahead=1))
    assert [value for value, _pid in parallel.in_order(echo_after, [(7, 0)], ahead=1)] == [7]


def test_start_readies_the_pool_in_the_background(monkeypatch):
    monkeypatch.setattr(parallel, "_pool", None)
    thread = parallel.start(echo_after)
    assert thread is not None
    thread.join(timeout=30)
    pool = parallel._pool
    try:
        assert pool is not None
        assert parallel.start(echo_after) is None  # already running
        assert [value for value, pid in parallel.in_order(echo_after, [(1, 0), (2, 0)], ahead=1)
                if pid != os.getpid()] == [1, 2]
    finally:
        pool.shutdown()
