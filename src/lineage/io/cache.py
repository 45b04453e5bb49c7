"""A cache of validated graph records, used only by :func:`lineage.io.graph_files.load_graph`.

Parsing and validating the YAML is most of the cost of loading a large graph, and the files
rarely change between two commands. An entry holds the validated records and the warnings
found, as JSON, keyed by the sha256 of both YAML files' bytes, their folder and the package
version, so any edit (or a new lineage) misses the cache.

JSON can hold nothing YAML cannot, and the records are rebuilt through the same
constructors and :func:`~lineage.graph.build_graph` as a first load. Entries live in their
own private folder (``0700``, files ``0600``), are written atomically, and an entry that is
damaged, not the current user's, for another key or otherwise unreadable is ignored (and
rewritten by the load that misses it).

``LINEAGE_CACHE_DIR`` moves the cache; ``LINEAGE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from ..errors import Problem
from ..model import Edge, Paper

__all__ = ["cache_dir", "read_entry", "write_entry", "Entry"]

_PAPER_FIELDS = [f.name for f in dataclasses.fields(Paper)]
_TUPLES = ("authors", "topics", "aliases")  # JSON gives lists back
_WEEK = 7 * 24 * 3600

#: papers, edges as ``(builds_on, paper, attributes)`` for :func:`lineage.graph.assemble`, warnings
Entry = tuple[list[Paper], list[tuple[str, str, dict]], list[Problem]]


def cache_dir() -> Path | None:
    """The folder of graph entries, or None when the cache is turned off."""
    if os.environ.get("LINEAGE_NO_CACHE"):
        return None
    base = os.environ.get("LINEAGE_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "lineage")
    return Path(base) / "graphs"


def _entry_path(folder: Path) -> Path | None:
    from .. import __version__

    base = cache_dir()
    if base is None:
        return None
    key = hashlib.sha256(f"lineage {__version__}\n{folder.resolve()}\n".encode())
    try:
        for name in ("papers.yaml", "edges.yaml"):
            data = (folder / name).read_bytes()
            key.update(b"%d\n" % len(data))
            key.update(data)
    except OSError:
        return None
    return base / f"{key.hexdigest()}.json"


def read_entry(folder: Path) -> Entry | None:
    """The validated records stored for ``folder``'s current files, or None."""
    path = _entry_path(folder)
    if path is None:
        return None
    try:
        if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
            return None
        data = json.loads(path.read_bytes())
        if data["entry"] != path.stem:
            return None
        columns = data["papers"]
        for name in _TUPLES:
            columns[name] = map(tuple, columns[name])
        papers = [Paper(*row) for row in zip(*(columns[name] for name in _PAPER_FIELDS), strict=True)]
        ids = [p.id for p in papers]
        edges = data["edges"]  # papers as their index in ``ids``, so each id is stored once
        attrs = ({"kind": k, "why": w, "line": n, "role": r} for k, w, n, r in
                 zip(edges["kind"], edges["why"], edges["line"], edges["role"], strict=True))
        links = list(zip(map(ids.__getitem__, edges["builds_on"]), map(ids.__getitem__, edges["paper"]),
                         attrs, strict=True))
        warnings = [Problem(*row) for row in data["warnings"]]
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return None
    return papers, links, warnings


def write_entry(folder: Path, papers: list[Paper], edges: list[Edge],
                problems: list[Problem]) -> None:
    """Store the validated records of ``folder``; silent on failure, as the cache only saves
    time."""
    from .atomic import atomic_write

    path = _entry_path(folder)
    if path is None:
        return
    index = {p.id: i for i, p in enumerate(papers)}
    data = {
        "entry": path.stem,
        "papers": {name: [getattr(p, name) for p in papers] for name in _PAPER_FIELDS},
        "edges": {"builds_on": [index[e.builds_on] for e in edges],
                  "paper": [index[e.paper] for e in edges],
                  **{name: [getattr(e, name) for e in edges] for name in ("kind", "why", "line", "role")}},
        "warnings": [dataclasses.astuple(w) for w in problems if w.severity == "warning"],
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        import time

        for old in path.parent.glob("*.json"):  # entries of files since edited
            if old != path and old.stat().st_mtime < time.time() - _WEEK:
                old.unlink(missing_ok=True)
        atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")), mode=0o600)
    except (OSError, ValueError):
        pass
