"""Work spread over every core: one forked worker process a core, results in order."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """How many workers the machine runs at once (1 where processes cannot be forked)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


_function: Callable | None = None  # what the forked workers call


def parallel_map(function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
    """``function(item)`` for each item, in order, computed in forked workers (they
    inherit *function* and what it reads: only the items and the results are
    pickled); here, one after the other, on one core or for one item. Ctrl-C stops
    the workers."""
    global _function
    workers = min(len(items), cores())
    if workers <= 1:
        yield from map(function, items)
        return
    _function = function
    gc.freeze()  # what the workers inherit is never scanned by their collector, nor copied
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_worker_signals, initargs=(os.getpid(),)) as pool:
            yield from pool.imap(_call, items, chunksize=1)
    finally:
        gc.unfreeze()
        _function = None


def _call(item):
    assert _function is not None
    return _function(item)


def _worker_signals(parent: int) -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool), not a
    traceback per worker; SIGTERM, which the pool sends its workers when it ends,
    ends the worker quietly whatever handler the parent had installed; the
    worker dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this forked process, silently, when *parent* dies
    (even by ``kill -9``), rather than let it work on for nobody and print a
    traceback when it finds its pipe broken. Linux only; elsewhere nothing."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
