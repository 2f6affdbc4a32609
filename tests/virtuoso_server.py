"""A real Virtuoso Open Source server (Debian's ``virtuoso-opensource-7-bin``, installed
by ``make system``) on loopback ports, with a database folder of its own: its
authenticated endpoints, which ask for HTTP Digest, as a team would use them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sts_graph.endpoint import Endpoint, wait_until_ready
from sts_graph.endpoint.oxigraph_server import LOOPBACK, free_port

USER, PASSWORD = "dba", "dba"  # a new database's administrator
CAP = 10_000  # ResultSetMaxRows, Virtuoso's default
INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = {host}:{sql}
DisableUnixSocket = 1
DirsAllowed = {folder}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 0  ; none in the middle of a test: its database is thrown away

[HTTPServer]
ServerPort = {host}:{http}
ServerRoot = {folder}
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = {cap}
MaxQueryExecutionTime = 120
"""


def virtuoso_binary() -> str:
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.fail("Virtuoso is not installed: make system (virtuoso-opensource-7-bin)")
    return binary


class VirtuosoServer:
    """``virtuoso-t +foreground`` on ``127.0.0.1``, stopped on exit."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder, self.port = folder, port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def options(self) -> list[str]:
        """The command line of ``sts-graph load`` and ``query`` for its Digest endpoints."""
        query, store = f"{self.url}/sparql-auth", f"{self.url}/sparql-graph-crud-auth"
        return ["--endpoint", query, "--update", query, "--graph-store", store]

    def endpoint(self) -> Endpoint:
        query, store = f"{self.url}/sparql-auth", f"{self.url}/sparql-graph-crud-auth"
        return Endpoint(query, query, store, timeout=120, credentials=(USER, PASSWORD))

    def start(self) -> VirtuosoServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        settings = {"folder": self.folder, "host": LOOPBACK, "cap": CAP}
        ini.write_text(INI.format(**settings, sql=free_port(), http=self.port), encoding="utf-8")
        command = [virtuoso_binary(), "+foreground", "+configfile", str(ini)]
        printed = self.folder / "virtuoso.out"
        with printed.open("ab") as out:
            self.process = subprocess.Popen(
                command,
                cwd=self.folder,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        process = self.process
        try:
            wait_until_ready(self.endpoint(), seconds=120, alive=lambda: process.poll() is None)
        except BaseException:
            self.stop()
            said = printed.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise AssertionError(f"virtuoso-t did not start: {said}") from None
        return self

    def kill(self) -> None:
        """Stop the server at once (SIGKILL), as a crash would."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
