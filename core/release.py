"""The release (code) id that cached pages are keyed by.

A page rendered by one release's templates must never be served by another: after a
deploy with Redis, the old entries are simply not found. ``PORTAL_RELEASE`` names the
release (the deploy sets it, e.g. to the git commit); without it the id is a hash of
what renders the pages: the Python code, templates, compiled translations and static
sources of the checkout. That also covers a deploy without git and a catalogue
compiled on the server, which a commit id would not.
"""

import hashlib
from pathlib import Path

# What renders a page; data and tooling do not.
SUFFIXES = {".py", ".html", ".txt", ".xml", ".mo", ".css", ".js", ".svg", ".json"}
SKIPPED = {"node_modules", "staticfiles", "media", "tests", "bench", "__pycache__", "demo"}


def code_release(root: Path) -> str:
    """A hash of the names and contents of the files under ``root`` that render pages."""
    digest = hashlib.sha256()
    for path in sorted(_files(root)):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _files(folder: Path):
    for path in folder.iterdir():
        if path.name.startswith(".") or path.name in SKIPPED:
            continue
        if path.is_dir():
            yield from _files(path)
        elif path.suffix in SUFFIXES and path.is_file():
            yield path
