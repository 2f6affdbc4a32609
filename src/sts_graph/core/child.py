"""A call run in a forked child process, within a time and a memory bound.

The child is killed at the deadline, so that a call really stops, and runs under
an address-space limit of the memory the process holds plus the bound, so that
it cannot grow the machine; how it ended (its value, its error, the deadline,
its memory bound, a crash by a signal) comes back to the parent as a value or
one of the exceptions below. What a dying engine prints is kept aside, read only
to tell a failed allocation (Rust's « memory allocation of N bytes failed », C++'s
``bad_alloc``, an abort under the bound) from a crash.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import resource
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sts_graph.core.workers import die_with_parent

T = TypeVar("T")
OUT_OF_MEMORY = 1  # the child's exit status when its memory bound stopped it
# what an engine prints when an allocation fails: Rust, then C++ (RocksDB), then C
FAILED_ALLOCATION = (b"memory allocation of", b"bad_alloc", b"out of memory")
STACK_OVERFLOW = b"overflowed its stack"  # Rust's abort on a stack overflow: a crash


class ChildTimeout(Exception):
    """The call was still running at its deadline (the child was killed)."""


class ChildOutOfMemory(Exception):
    """The call needed more memory than its bound."""


class ChildCrash(Exception):
    """The child died otherwise: ``how`` names the signal or exit status."""

    def __init__(self, how: str) -> None:
        super().__init__(how)
        self.how = how


def bounded(call: Callable[[], T], seconds: float | None, memory: int | None) -> T:
    """*call*() in a forked child: its value, or its exception raised here."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    with tempfile.TemporaryFile() as printed:
        child = context.Process(
            target=_child, args=(call, memory, sender, printed, os.getpid()), daemon=True
        )
        child.start()
        sender.close()
        try:
            if not receiver.poll(seconds):
                raise ChildTimeout
            try:
                kind, value = receiver.recv()
            except EOFError:
                child.join()
                code = child.exitcode or 0
                if code == OUT_OF_MEMORY or _ran_out(_tail(printed), code, memory):
                    raise ChildOutOfMemory from None
                how = signal.Signals(-code).name if code < 0 else f"exit {code}"
                raise ChildCrash(how) from None
            if kind == "error":
                raise value
            return value
        finally:
            if child.is_alive():
                child.kill()
            child.join()
            receiver.close()


def _tail(printed) -> bytes:
    """The last bytes the child printed."""
    size = printed.seek(0, os.SEEK_END)
    printed.seek(max(0, size - (1 << 16)))
    return printed.read()


def _ran_out(printed: bytes, code: int, memory: int | None) -> bool:
    """Whether a child that died with exit status *code* ran out of its *memory* bound:
    it said an allocation failed, or it aborted under the bound saying nothing else
    (PDFium's allocator aborts silently)."""
    if any(sign in printed for sign in FAILED_ALLOCATION):
        return True
    aborted = code == -signal.SIGABRT and memory is not None
    return aborted and STACK_OVERFLOW not in printed


def _child(call: Callable[[], object], memory: int | None, sender, printed, parent: int) -> None:
    die_with_parent(parent)
    faulthandler.disable()  # the parent reports a crash; no traceback of the child's
    os.dup2(printed.fileno(), 2)
    if memory is not None:
        with contextlib.suppress(OSError, ValueError):
            pages = int(Path("/proc/self/statm").read_text().split()[0])
            limit = pages * os.sysconf("SC_PAGE_SIZE") + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
    try:
        sender.send(("value", call()))
    except MemoryError:
        os._exit(OUT_OF_MEMORY)
    except Exception as error:
        try:
            sender.send(("error", error))
        except Exception:  # an error that does not pickle: its text
            sender.send(("error", RuntimeError(str(error))))
