"""Work spread over a pool of processes, one per core (the SQLite export's slices).

Threads would not help: they take turns at Python's interpreter lock, and the
system SQLite serialises memory allocation across a process's threads. The pool
is started on first use and kept for the life of the process. Its workers come
from a fork server, a fresh single-threaded process that has imported the
module of the first function given to :func:`in_order`, so a worker starts in milliseconds and
inherits no other thread's locks.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # imported when first used: a web worker may never need them
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _shared_pool(preload: str) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _pool
    with _lock:
        if _pool is None:
            method = ("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                      else "spawn")
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                context.set_forkserver_preload([preload])
            _pool = ProcessPoolExecutor(cores(), mp_context=context)
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    """Forget a pool whose worker died, so the next call starts a new one."""
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def in_order(function: Callable[..., T], calls: Iterable[tuple], ahead: int) -> Iterator[T]:
    """``function(*call)`` for each call, run in the pool, yielded in the calls' order.

    At most ``ahead`` results are computed ahead of the one being yielded, so
    memory stays bounded by a few results. Leaving early cancels the calls not
    yet started. ``function`` must be a module-level function and the calls
    picklable.
    """
    from concurrent.futures.process import BrokenProcessPool

    pool = _shared_pool(function.__module__)
    waiting: deque[Future[T]] = deque()
    try:
        for call in calls:
            waiting.append(pool.submit(function, *call))
            if len(waiting) > ahead:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()
    except BrokenProcessPool:
        _discard(pool)
        raise
    finally:
        for future in waiting:
            future.cancel()
