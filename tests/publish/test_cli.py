"""The two commands through a subprocess: bad input fails with one line and exit 2;
``serve`` serves a published site."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request

from helpers import sts


def test_serve_refuses_a_folder_that_is_not_a_site(tmp_path):
    result = sts("serve", "--dir", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"sts-graph: {tmp_path}: not a published site (run: sts-graph publish {tmp_path})"
    ]


def test_serve_refuses_a_port_out_of_range(site):
    result = sts("serve", "--dir", str(site), "--port", "70000")
    assert (result.returncode, result.stderr.strip()) == (
        2,
        "sts-graph: --port 70000: expected 0-65535",
    )


def test_publish_refuses_a_file_as_its_folder(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("not a folder")
    result = sts("publish", str(target))
    assert result.returncode == 2
    assert result.stderr.strip() == f"sts-graph: {target}: not a folder"


def test_publish_refuses_a_bad_sparql_endpoint(tmp_path):
    result = sts("publish", str(tmp_path / "out"), "--sparql-endpoint", "ftp://example.org/q")
    assert result.returncode == 2
    assert "expected an http:// or https:// URL" in result.stderr


def test_serve_answers_on_loopback_until_stopped(site):
    process = subprocess.Popen(
        [sys.executable, "-m", "sts_graph.cli", "serve", "--dir", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)  # type: ignore[union-attr]
        request = urllib.request.Request(url + "id/sts/32", headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
            assert b"Sch\xc3\xa9ma territorial de sant\xc3\xa9 Gers" in response.read()
    finally:
        process.terminate()
        process.wait(timeout=30)
