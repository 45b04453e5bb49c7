"""A cache of the validated graph, keyed by the content hash of its YAML files.

Parsing YAML dominates loading a large graph (100k papers take tens of seconds even with
libyaml), while the same data loads from JSON in well under a second. The cache is plain
JSON (never pickle, so a file planted by someone else cannot run code), lives in the
user's own cache folder (created private, ``0700``), and is ignored when it is not owned by
the current user, is unreadable, or was written for other file contents.

``LINEAGE_CACHE_DIR`` moves it; ``LINEAGE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .errors import Problem
from .fsutil import atomic_write
from .model import Edge, Paper

__all__ = ["cache_dir", "load", "store", "content_key"]

FORMAT = 1


def cache_dir() -> Path | None:
    if os.environ.get("LINEAGE_NO_CACHE"):
        return None
    explicit = os.environ.get("LINEAGE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lineage"


def content_key(folder: Path) -> str:
    """sha256 over both files' bytes (and the cache format), so any edit invalidates it."""
    from . import __version__

    digest = hashlib.sha256(f"lineage {__version__} cache {FORMAT} {folder.resolve()}\n".encode())
    for name in ("papers.yaml", "edges.yaml"):
        with open(folder / name, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _entry(folder: Path) -> Path | None:
    base = cache_dir()
    if base is None:
        return None
    try:
        return base / f"{content_key(folder)}.json"
    except OSError:
        return None


def load(folder: Path) -> tuple[list[Paper], list[Edge], list[Problem]] | None:
    """The cached records for ``folder``'s current contents, or None on any doubt."""
    path = _entry(folder)
    if path is None:
        return None
    try:
        stat = path.stat()
        if hasattr(os, "getuid") and stat.st_uid != os.getuid():
            return None
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        papers = [Paper(**{**p, "authors": tuple(p["authors"]), "topics": tuple(p["topics"]),
                           "aliases": tuple(p["aliases"])}) for p in data["papers"]]
        edges = [Edge(*e) for e in data["edges"]]
        warnings = [Problem(*w) for w in data["warnings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return papers, edges, warnings


def store(folder: Path, papers: list[Paper], edges: list[Edge], problems: list[Problem]) -> None:
    """Write the cache entry; failures are silent because the cache is only an optimisation."""
    path = _entry(folder)
    if path is None:
        return
    data: dict[str, Any] = {
        "papers": [_paper_row(p) for p in papers],
        "edges": [[e.paper, e.builds_on, e.why, e.kind, e.line] for e in edges],
        "warnings": [[w.severity, w.message, w.file, w.line, w.column] for w in problems],
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        for stale in path.parent.glob("*.json"):
            if stale != path and stale.stat().st_mtime < _newest_allowed():
                stale.unlink(missing_ok=True)
        atomic_write(path, json.dumps(data, separators=(",", ":")), mode=0o600)
    except OSError:
        pass


def _newest_allowed() -> float:
    import time

    return time.time() - 7 * 24 * 3600  # keep a week of entries: several graphs, few files


def _paper_row(paper: Paper) -> dict[str, Any]:
    return {"id": paper.id, "title": paper.title, "authors": list(paper.authors),
            "year": paper.year, "month": paper.month, "arxiv": paper.arxiv, "url": paper.url,
            "topics": list(paper.topics), "aliases": list(paper.aliases),
            "summary": paper.summary, "why": paper.why, "pages": paper.pages,
            "minutes": paper.minutes, "verified": paper.verified, "line": paper.line}
