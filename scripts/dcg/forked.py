"""Work handed to processes forked from this one: they share what it has loaded (the project) without
pickling it. Used where the build has independent work for a second core (prerender.render_ahead,
postbuild.pages_pass)."""
from __future__ import annotations

import concurrent.futures
import multiprocessing

_SHARED: tuple = ()


def _call(fn, args: tuple):
    return fn(*_SHARED, *args)


def submit(fn, shared: tuple, tasks: list[tuple], workers: int) -> list[concurrent.futures.Future]:
    """fn(*shared, *task) for each task in `workers` forked processes; a future per task, in order.
    The processes are forked at once (the fork start method never starts them later), so each holds
    `shared` as it is now; they end when their tasks are done."""
    global _SHARED
    _SHARED = shared
    try:
        pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        futures = [pool.submit(_call, fn, task) for task in tasks]
        pool.shutdown(wait=False)
    finally:
        _SHARED = ()
    return futures
