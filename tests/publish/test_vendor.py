"""The front-end packages the site ships: from the npm registry at the versions the
lock file pins, unchanged, each with its licence."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from sts_graph.core.paths import ROOT
from sts_graph.publish.paths import PUBLISH_DIR, STATIC_PATH

WEB = ROOT / "web"
VENDORS = [PUBLISH_DIR / STATIC_PATH / "vendor", ROOT / "tests" / "vendor"]


def manifest(folder):
    return json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))


def test_package_json_pins_exact_versions_and_the_lock_file_agrees():
    package = json.loads((WEB / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((WEB / "package-lock.json").read_text(encoding="utf-8"))
    wanted = {**package["dependencies"], **package["devDependencies"]}
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in wanted.values()), wanted
    locked = {name: lock["packages"][f"node_modules/{name}"] for name in wanted}
    assert {name: entry["version"] for name, entry in locked.items()} == wanted
    assert all(entry["integrity"].startswith("sha512-") for entry in locked.values())


@pytest.mark.parametrize("folder", VENDORS, ids=["site", "tests"])
def test_vendored_files_are_the_locked_versions_unchanged_with_their_licence(folder):
    lock = json.loads((WEB / "package-lock.json").read_text(encoding="utf-8"))
    for package, entry in manifest(folder).items():
        assert entry["version"] == lock["packages"][f"node_modules/{package}"]["version"]
        files = {p.name: p for p in (folder / package).iterdir()}
        assert set(files) == set(entry["files"]), package
        for name, digest in entry["files"].items():
            assert hashlib.sha256(files[name].read_bytes()).hexdigest() == digest, name
        assert files["LICENSE.txt"].stat().st_size > 500, f"{package}: its licence text"


def test_the_site_ships_the_sparql_engine_editor_and_search_index_library():
    assert set(manifest(VENDORS[0])) == {"oxigraph", "codemirror", "minisearch"}
    assert set(manifest(VENDORS[1])) == {"axe-core"}
