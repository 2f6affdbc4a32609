"""Temporary files and folders named by the process that writes them, so that the next
run can remove those of a process that died (killed, out of power) before renaming them."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

SUFFIX = ".tmp"


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
