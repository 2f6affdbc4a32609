"""A plan exported as a PDF by an office suite, as many agencies make theirs.

The blocks of :mod:`typeset` are written as an HTML document (headings, bold
markers, paragraphs with their hand breaks, bulleted lists, bordered tables),
which LibreOffice Writer (Debian's ``libreoffice-writer-nogui``) lays out and
exports headless: its own fonts, line breaking, list bullets and table layout,
none of them ours.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache
from html import escape
from pathlib import Path

EXPORT_TIMEOUT = 600  # seconds for one plan (a cold start of LibreOffice takes a few)
STYLE = (
    "body { font-family: 'DejaVu Sans'; font-size: 10pt; }"
    " h2 { font-size: 13pt; } table { border-collapse: collapse; }"
    " td { border: 1px solid #000; padding: 2pt; font-size: 8.5pt; vertical-align: top; }"
)


def soffice() -> str:
    """The LibreOffice command, or a failed assertion naming the package to install."""
    command = shutil.which("soffice")
    assert command, "LibreOffice is missing: apt-get install libreoffice-writer-nogui"
    return command


@cache
def version() -> str:
    """LibreOffice's version line (part of a cached export's key)."""
    return subprocess.run(
        [soffice(), "--version"], check=True, capture_output=True, text=True, timeout=120
    ).stdout.strip()


def html(blocks: list, title: str) -> str:
    """The blocks as one HTML document."""
    out = [
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
    ]
    listing = False
    for block in blocks:
        if listing and block.kind != "bullet":
            out.append("</ul>")
            listing = False
        text = escape(block.text).replace("\n", "<br>")
        if block.kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
                for row in block.rows
            )
            out.append(f'<table border="1" cellpadding="3" cellspacing="0">{rows}</table>')
        elif block.kind == "heading":
            out.append(f"<h2>{text}</h2>")
        elif block.kind == "bullet":
            out.append("" if listing else "<ul>")
            out.append(f"<li>{text}</li>")
            listing = True
        else:
            out.append(f"<p><b>{text}</b></p>" if block.marker else f"<p>{text}</p>")
    out.append("</ul></body></html>" if listing else "</body></html>")
    return "\n".join(out)


def export(blocks: list, title: str, out: Path) -> Path:
    """Write *blocks* as a PDF at *out* through LibreOffice; the file appears whole or not."""
    with tempfile.TemporaryDirectory(prefix="sts-office-") as work:
        folder = Path(work)
        document = folder / f"{out.stem}.html"
        document.write_text(html(blocks, title), encoding="utf-8")
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",  # no shared profile
                "--headless",
                "--infilter=HTML (StarWriter)",  # a Writer document, not a web page
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(folder),
                str(document),
            ],
            check=True,
            capture_output=True,
            timeout=EXPORT_TIMEOUT,
        )
        exported = folder / f"{out.stem}.pdf"
        assert exported.exists(), f"LibreOffice wrote no PDF for {out.name}"
        temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        shutil.copyfile(exported, temporary)
        os.replace(temporary, out)
    return out
