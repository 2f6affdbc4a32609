"""SHA-256 sums of files, and the lists of them that ``sha256sum`` writes and checks
(``DIGEST  NAME`` a line): a PDF's conversion sidecar, a release's ``SHA256SUMS``."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path


def sha256(path: Path) -> str:
    """The SHA-256 of the file at *path*, read by chunks (memory bounded whatever its size)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sums_text(digests: Mapping[str, str]) -> str:
    """*digests* (name → SHA-256) as ``sha256sum`` writes them, in the order given."""
    return "".join(f"{digest}  {name}\n" for name, digest in digests.items())


def read_sums(path: Path) -> dict[str, str]:
    """The sums a ``sha256sum`` list at *path* records, by name."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return {name: digest for digest, _, name in (line.partition("  ") for line in lines)}
