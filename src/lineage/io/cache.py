"""A cache of validated graph records, used only by :func:`lineage.io.graph_files.load_graph`.

Parsing and validating the YAML is most of the cost of loading a large graph, and the files
rarely change between two commands. An entry holds the validated records and the warnings
found, as JSON, keyed by the sha256 of both YAML files' bytes, their folder and the package
version, so any edit (or a new lineage) misses the cache.

JSON can hold nothing YAML cannot, and the records are rebuilt through the same
constructors and :func:`~lineage.graph.build_graph` as a first load, after the checks the
YAML path makes that a tampered entry could dodge (types, vocabularies, control
characters, edges between known papers; :func:`~lineage.io.graph_files.load_graph` checks
that the graph it builds has no cycle). Entries live in their own folder
``graphs/`` under the cache folder, used only when it is a real folder (not a symlink) of the
current user that no one else may write (``0700``); entries are ``0600`` regular files of the
current user, opened without following symlinks, read with a size bound, and written
atomically (the rename replaces a planted link, never its target). An entry that fails any
check is ignored and rewritten by the load that misses it. Clean-up deletes only entries
of edited files: names of our form, in our folder, starting with our header.

``LINEAGE_CACHE_DIR`` moves the cache; ``LINEAGE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import stat
import time
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model import EDGE_KINDS, EDGE_ROLES, TOPICS, WORK_TYPES, Edge, Paper

__all__ = ["cache_dir", "read_entry", "write_entry", "Entry"]

_PAPER_FIELDS = [f.name for f in dataclasses.fields(Paper)]
_TUPLES = ("authors", "topics", "aliases")  # JSON gives lists back
_WEEK = 7 * 24 * 3600
_NAME = re.compile(r"^[0-9a-f]{64}\.json$")
_TEMP = re.compile(r"^\.([0-9a-f]{64})\.json\.[A-Za-z0-9_]+\.tmp$")
_MAX_ENTRY_BYTES = 2 * 1024 * 1024 * 1024  # entries of 1M-edge graphs stay far below
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

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


def _trusted_folder(folder: Path) -> bool:
    """Our own folder: a real directory (not a link), ours, writable by no one else."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o077
            and (not hasattr(os, "getuid") or info.st_uid == os.getuid()))


def _entry_path(folder: Path) -> Path | None:
    from .. import __version__
    from .files import read_bytes
    from .yaml_reader import MAX_FILE_BYTES

    base = cache_dir()
    if base is None:
        return None
    try:
        key = hashlib.sha256(f"lineage {__version__}\n{folder.resolve()}\n".encode())
        for name in ("papers.yaml", "edges.yaml"):
            data = read_bytes(folder / name, what="a YAML file", limit=MAX_FILE_BYTES) or b""
            key.update(b"%d\n" % len(data))
            key.update(data)
    except Exception:  # noqa: BLE001  the YAML reader reports the problem itself
        return None
    return base / f"{key.hexdigest()}.json"


def _header(stem: str) -> bytes:
    return b'{"entry":"%s",' % stem.encode("ascii")


def _open_own(path: Path) -> tuple[int, os.stat_result] | None:
    """A descriptor of ``path`` when it is a regular file of ours that only we can read or
    write (never through a symlink), else None."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    info = os.fstat(fd)
    if (not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077
            or (hasattr(os, "getuid") and info.st_uid != os.getuid())):
        os.close(fd)
        return None
    return fd, info


def read_entry(folder: Path) -> Entry | None:
    """The validated records stored for ``folder``'s current files, or None."""
    path = _entry_path(folder)
    if path is None or not _trusted_folder(path.parent):
        return None
    opened = _open_own(path)
    if opened is None:
        return None
    fd, info = opened
    try:
        if info.st_size > _MAX_ENTRY_BYTES:
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            raw = handle.read(_MAX_ENTRY_BYTES + 1)
        if not raw.startswith(_header(path.stem)):
            return None
        return _records(json.loads(raw))
    except Exception:  # noqa: BLE001  any entry we cannot use is only a cache miss
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def _records(data: dict[str, Any]) -> Entry:
    """The records of an entry, checked as the YAML path checks them (a tampered entry must
    not hold what validation refuses); raises ValueError, TypeError, KeyError if not."""
    from .validate import CONTROL_PATTERN, ID_PATTERN

    def fail(what: str) -> ValueError:
        return ValueError(f"cache entry: {what}")

    def only(column: list, *types: type) -> bool:
        return set(map(type, column)) <= set(types)

    def texts(column: list) -> bool:  # whole columns at once: a cached load stays fast
        return only(column, str) and CONTROL_PATTERN.search("\n".join(column)) is None

    columns = data["papers"]
    ids = columns["id"]
    if not (only(ids, str) and all(map(ID_PATTERN.match, ids)) and len(set(ids)) == len(ids)):
        raise fail("ids")
    checks = {
        "id": lambda c: True,  # checked above
        "title": texts, "summary": texts, "why": texts,
        "arxiv": lambda c: texts([v for v in c if v is not None]),
        "url": lambda c: texts([v for v in c if v is not None]),
        "authors": lambda c: only(c, list) and texts([v for vs in c for v in vs]),
        "aliases": lambda c: only(c, list) and texts([v for vs in c for v in vs]),
        "topics": lambda c: only(c, list) and {v for vs in c for v in vs} <= set(TOPICS),
        "year": lambda c: only(c, int),
        "month": lambda c: only(c, int, type(None)), "pages": lambda c: only(c, int, type(None)),
        "minutes": lambda c: only(c, int, type(None)), "line": lambda c: only(c, int, type(None)),
        "verified": lambda c: only(c, bool), "type": lambda c: set(c) <= set(WORK_TYPES),
        "source": lambda c: set(c) <= {"curated"},  # the cache holds only the YAML's records
    }
    for name in _PAPER_FIELDS:
        if len(columns[name]) != len(ids) or not checks.get(name, lambda c: False)(columns[name]):
            raise fail(f"papers' {name}")
    for name in _TUPLES:
        columns[name] = map(tuple, columns[name])
    papers = [Paper(*row) for row in zip(*(columns[name] for name in _PAPER_FIELDS), strict=True)]
    edges = data["edges"]  # papers as their index in ``ids``, so each id is stored once
    count = len(ids)
    for name in ("builds_on", "paper"):
        column = edges[name]
        if not (only(column, int) and all(0 <= i < count for i in column)):
            raise fail(f"edges' {name}")
    if not (texts(edges["why"]) and set(edges["kind"]) <= {None, *EDGE_KINDS}
            and set(edges["role"]) <= set(EDGE_ROLES) and only(edges["line"], int, type(None))):
        raise fail("edges' fields")
    attrs = ({"kind": k, "why": w, "line": n, "role": r} for k, w, n, r in
             zip(edges["kind"], edges["why"], edges["line"], edges["role"], strict=True))
    links = list(zip(map(ids.__getitem__, edges["builds_on"]), map(ids.__getitem__, edges["paper"]),
                     attrs, strict=True))
    warnings = []
    for row in data["warnings"]:
        w = Problem(*row)
        if not (w.severity == "warning" and type(w.message) is str
                and texts([w.message] + ([w.file] if w.file is not None else []))
                and only([w.line, w.column], int, type(None))):
            raise fail("a warning")
        warnings.append(w)
    return papers, links, warnings


def write_entry(folder: Path, papers: list[Paper], edges: list[Edge],
                problems: list[Problem]) -> None:
    """Store the validated records of ``folder``; silent on failure, as the cache only saves
    time."""
    import tempfile

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
    tmp = None
    try:
        path.parent.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            path.parent.mkdir(mode=0o700)
        if not _trusted_folder(path.parent):
            return
        _clean(path.parent, keep=path.name)
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if not body.startswith(_header(path.stem)):
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)  # replaces whatever is at the name, a link itself, not its target
        tmp = None
    except Exception:  # noqa: BLE001,S110  the cache only saves time
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _clean(folder: Path, keep: str) -> None:
    """Delete entries (and temporary files of interrupted writes) over a week old: only
    names of our form, regular files of ours, that start with our header."""
    cutoff = time.time() - _WEEK
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            temp = _TEMP.match(name)
            stem = temp.group(1) if temp else name[:-5] if _NAME.match(name) else None
            if stem is None or name == keep:
                continue
            with contextlib.suppress(OSError):
                if entry.stat(follow_symlinks=False).st_mtime >= cutoff:
                    continue
                opened = _open_own(Path(entry.path))
                if opened is None:
                    continue
                fd, _ = opened
                try:
                    start = os.read(fd, len(_header(stem)))
                finally:
                    os.close(fd)
                if start == _header(stem):
                    os.unlink(entry.path)
