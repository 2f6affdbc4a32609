"""Durable output: every file and folder sts-graph writes is replaced whole or not at all.

A file is written to a temporary file beside it, then renamed over it; a folder (the
query store, the published site) is made in a temporary folder beside it, then
swapped in. Temporaries are named by the process that writes them
(``.PID-NAME-XXXXXXXX.tmp``), so that the next run removes those of a process that
died (killed, out of power) before renaming them, and never those of a live one.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from sts_graph.core.errors import OutputError
from sts_graph.core.files import display_path

SUFFIX = ".tmp"
RENAME_EXCHANGE = 2  # renameat2(2): swap two paths in one step
AT_FDCWD = -100


def temporary(folder: Path, name: str = "") -> tuple[int, Path]:
    """A new temporary file in *folder* (``.PID-NAME-XXXXXXXX.tmp``): its descriptor and path."""
    fd, path = tempfile.mkstemp(dir=folder, prefix=f".{os.getpid()}-{name}-", suffix=SUFFIX)
    return fd, Path(path)


def temporary_folder(folder: Path, name: str = "") -> Path:
    """A new temporary folder in *folder*, named as :func:`temporary` names files."""
    return Path(tempfile.mkdtemp(dir=folder, prefix=f".{os.getpid()}-{name}-", suffix=SUFFIX))


def clean_temporaries(folder: Path) -> None:
    """Remove the temporary files and folders of *folder* whose process is gone."""
    for path in folder.glob(f".*{SUFFIX}"):
        pid = path.name[1:].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def file_mode() -> int:
    """The mode a plain ``open`` gives a new file (0666 less the umask)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside *target*, for the caller to write, that replaces *target*
    if the block succeeds; gone in any case (an error or Ctrl-C leaves *target* as it
    was). The one place a file is replaced."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_temporaries(target.parent)  # those of a run that was killed
    fd, path = temporary(target.parent, target.name)
    os.close(fd)
    try:
        yield path
        os.chmod(path, file_mode())  # mkstemp's 0600 would hide the data from other users
        os.replace(path, target)
    finally:
        path.unlink(missing_ok=True)


def write_files(files: Mapping[Path, str | bytes], stale: Iterable[Path] = ()) -> None:
    """Write every file (text as UTF-8) through a temporary file beside it, then rename them
    all and remove *stale*.

    Nothing is replaced before every temporary file is complete: on failure the
    previous files stay as they were and no temporary file is left.
    """
    current = next(iter(files), Path("."))
    try:
        with contextlib.ExitStack() as stack:
            for current, data in files.items():
                path = stack.enter_context(replacing(current))
                path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
            # leaving the stack renames each file in turn, once all are written
        for current in stale:
            current.unlink()
    except OSError as error:
        why = error.strerror or error
        raise OutputError(f"{display_path(current)}: cannot write: {why}") from error


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write *data* (text is written as UTF-8) to *path* through a temporary file and a rename."""
    write_files({path: data})


def settle(new: Path, target: Path) -> None:
    """Rename the folder *new* to *target*, unless another process made *target*
    meanwhile (its folder is kept, *new* left for the caller to remove)."""
    try:
        new.rename(target)
    except OSError:
        if not target.is_dir():  # not another process's folder: a real failure
            raise


def place(new: Path, target: Path) -> None:
    """Rename the folder *new* to *target*, which is never replaced: if a folder with
    files is there (made by another process meanwhile), :class:`FileExistsError`."""
    try:
        new.rename(target)
    except OSError as error:
        if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise FileExistsError(errno.EEXIST, "already exists", str(target)) from None
        raise


def discard(folder: Path) -> None:
    """Remove *folder*: renamed aside in one step (a reader never sees part of it
    gone), then deleted; nothing if another process removed it first."""
    aside = temporary_folder(folder.parent, folder.name)
    with contextlib.suppress(FileNotFoundError):
        folder.rename(aside)  # over the empty temporary folder
    shutil.rmtree(aside, ignore_errors=True)


def swap_in(new: Path, old: Path) -> None:
    """Put the folder *new* in the place of *old* (*new* then holds what *old* held): one
    atomic exchange (renameat2) where the system allows, else *old* moved aside and
    *new* in, a moment apart; *new* simply renamed where *old* does not exist."""
    if not old.exists():
        new.rename(old)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        done = renameat2(AT_FDCWD, os.fsencode(new), AT_FDCWD, os.fsencode(old), RENAME_EXCHANGE)
        if done == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OutputError(
                f"{display_path(old)}: cannot replace: {os.strerror(ctypes.get_errno())}"
            )
    aside = old.with_name(f"{new.name}-old")
    old.rename(aside)
    new.rename(old)
    aside.rename(new)
