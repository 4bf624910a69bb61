"""Work spread over the cores: the slices of a large learners export.

On SQLite the work is Python's and SQLite's, in this process: threads would not
help, as they take turns at Python's interpreter lock, and the system SQLite
serialises memory allocation across a process's threads. So it goes to a pool
of processes, one per core, started on first use and kept for the life of the
process. Its workers come from a fork server, a fresh single-threaded process
that has imported the module of the first function given to :func:`in_order`,
so a worker starts in milliseconds and inherits no other thread's locks.

On PostgreSQL the work is the database server's, and threads that mostly wait
on their connections are enough (``threads=True``).
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


def start(function: Callable) -> threading.Thread | None:
    """Start the process pool for ``function`` in the background, unless it runs
    already: the first call of :func:`in_order` otherwise waits 0.6-0.9 s for
    it. Returns the thread doing it."""
    with _lock:
        if _pool is not None:
            return None
    thread = threading.Thread(target=_warm, args=(function.__module__,), daemon=True,
                              name="coursehub-pool-start")
    thread.start()
    return thread


def _warm(module: str) -> None:
    pool = _shared_pool(module)
    for future in [pool.submit(os.getpid) for _ in range(cores())]:  # starts the workers
        future.result()


def _discard(pool: ProcessPoolExecutor) -> None:
    """Forget a pool whose worker died, so the next call starts a new one."""
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def in_order(function: Callable[..., T], calls: Iterable[tuple], ahead: int, *,
             threads: bool = False) -> Iterator[T]:
    """``function(*call)`` for each call, run in the process pool (or in threads
    of this process, one per core), yielded in the calls' order.

    At most ``ahead`` results are computed ahead of the one being yielded, so
    memory stays bounded by a few results. Leaving early cancels the calls not
    yet started; with threads, it also waits for the running ones. For the
    process pool, ``function`` must be a module-level function and the calls
    picklable.
    """
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    executor = (ThreadPoolExecutor(cores(), thread_name_prefix="coursehub-slices") if threads
                else _shared_pool(function.__module__))
    waiting: deque[Future[T]] = deque()
    try:
        for call in calls:
            waiting.append(executor.submit(function, *call))
            if len(waiting) > ahead:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()
    except BrokenProcessPool:
        _discard(executor)
        raise
    finally:
        for future in waiting:
            future.cancel()
        if threads:
            executor.shutdown(wait=True)
