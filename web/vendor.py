"""Copy the front-end files the site ships from ``web/node_modules`` (installed by
``npm ci`` at the versions of ``package-lock.json``) into the package's static
folder, each package with its licence, and write ``MANIFEST.json``: package,
version, licence and the SHA-256 of every file, which a test checks.

Run by ``make vendor``; the vendored files are committed, so publishing needs
neither npm nor a network.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

WEB = Path(__file__).resolve().parent
ROOT = WEB.parent
SITE_VENDOR = ROOT / "src" / "sts_graph" / "publish" / "static" / "vendor"
TEST_VENDOR = ROOT / "tests" / "vendor"
# package → (destination, {file in the package: file name in the destination})
FILES = {
    "oxigraph": (SITE_VENDOR, {"web.js": "web.js", "web_bg.wasm": "web_bg.wasm"}),
    "minisearch": (SITE_VENDOR, {"dist/umd/index.js": "minisearch.js"}),
    "codemirror": (
        SITE_VENDOR,
        {
            "lib/codemirror.js": "codemirror.js",
            "lib/codemirror.css": "codemirror.css",
            "mode/sparql/sparql.js": "sparql.js",
        },
    ),
    "axe-core": (TEST_VENDOR, {"axe.min.js": "axe.min.js"}),
}
LICENCE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE")
# a package that ships no licence file: the text of the licence it is taken under
MIT_OXIGRAPH = """oxigraph is dual-licensed MIT OR Apache-2.0 (its package.json); sts-graph ships it
under the MIT licence:

MIT License

Copyright (c) 2018 Oxigraph developers

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify,
merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to the following
conditions:

The above copyright notice and this permission notice shall be included in all copies
or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT
HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR
THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor() -> None:
    for destination in {d for d, _ in FILES.values()}:
        manifest = {}
        for package, (target, files) in FILES.items():
            if target != destination:
                continue
            source = WEB / "node_modules" / package
            meta = json.loads((source / "package.json").read_text(encoding="utf-8"))
            folder = destination / package
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for name, copied in files.items():
                shutil.copyfile(source / name, folder / copied)
            licence = next((source / n for n in LICENCE_NAMES if (source / n).is_file()), None)
            if licence is not None:
                shutil.copyfile(licence, folder / "LICENSE.txt")
            else:
                (folder / "LICENSE.txt").write_text(MIT_OXIGRAPH, encoding="utf-8")
            manifest[package] = {
                "version": meta["version"],
                "license": meta["license"],
                "homepage": meta.get("homepage", ""),
                "files": {f.name: sha256(f) for f in sorted(folder.iterdir())},
            }
        text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
        (destination / "MANIFEST.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    vendor()
