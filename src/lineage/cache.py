"""A cache of the validated graph, keyed by the content hash of its YAML files.

Parsing YAML dominates loading a large graph (100k papers and 1M edges take ~20 s even with
libyaml), while the same graph loads from this cache in about a second.

An entry is a magic line, a JSON header line (format, cache key, the Python it was written
by, and the CRC-32 of what follows), then the graph itself in :mod:`marshal`'s format: the
papers as columns, networkx's two adjacency dicts (their edge-attribute dicts shared, as in
the graph) and the whole reading order. Unmarshalling builds those dicts and lists in C, two
to three times faster than filling them from decoded columns in Python.

An entry is only ever data: marshal rebuilds plain values (dicts, lists, strings, numbers)
and nothing in an entry is run — unlike pickle, it cannot call a function while loading. It
is not meant for data from others, so an entry is read only from the user's own cache
folder (created private, ``0700``), only when the folder and the file belong to the current
user, and only when the body's CRC-32 matches its header, so a damaged or truncated file
never reaches the unmarshaller. (A checksum, not a signature: the folder's ownership is
what keeps others out, and a CRC finds damage three times faster than sha256.) The key
includes the Python version, because marshal's format may change between versions.
Anything unexpected — a different Python, another key, a missing field — and the entry is
ignored and rewritten.

``LINEAGE_CACHE_DIR`` moves it; ``LINEAGE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .model import EDGE_KINDS, Paper

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["cache_dir", "content_key", "load_graph", "store", "SUFFIX"]

FORMAT = 6  # 6: papers carry a type, edges a role; 5: marshal body; 4: binary columns; 3: one JSON document
SUFFIX = ".lcache"
_MAGIC = b"lineage graph cache\n"
_PAPER_FIELDS = tuple(f.name for f in dataclasses.fields(Paper))  # Paper.from_columns' order
_PYTHON = sys.implementation.cache_tag or sys.version  # marshal's format follows it


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    if os.environ.get("LINEAGE_NO_CACHE"):
        return None
    explicit = os.environ.get("LINEAGE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lineage"


_GRAPH_FILES = ("papers.yaml", "edges.yaml")


def content_key(folder: Path) -> str:
    """sha256 over both files' sha256 (and the cache format, Python and folder), so any
    edit invalidates the entry. ~0.15 s for 190 MB of YAML."""
    return _combine(folder, [_file_digest(folder / name) for name in _GRAPH_FILES])


def _combine(folder: Path, digests: list[bytes]) -> str:
    from . import __version__

    key = hashlib.sha256(
        f"lineage {__version__} cache {FORMAT} {_PYTHON} {folder.resolve()}\n".encode())
    for digest in digests:
        key.update(digest)
    return key.hexdigest()


def _file_digest(path: Path) -> bytes:
    """The sha256 of a file, hashed from a memory map in one call: hashlib lets go of the
    interpreter for the whole file, so a thread hashing it never waits for the main thread
    (which holds the interpreter throughout unmarshalling)."""
    import mmap

    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return hashlib.sha256(b"").digest()
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            return hashlib.sha256(mapped).digest()


def _owned(path: Path) -> bool:
    """True when ``path`` belongs to the current user (always, where there are no uids)."""
    if not hasattr(os, "getuid"):
        return True
    return path.stat().st_uid == os.getuid()


def _entry(folder: Path) -> tuple[Path, str] | None:
    base = cache_dir()
    if base is None:
        return None
    try:
        key = content_key(folder)
    except OSError:
        return None
    return base / f"{key}{SUFFIX}", key


def _read_entry(folder: Path) -> dict[str, Any] | None:
    """The entry's payload (papers, adjacency, whole order, warnings), or None when there is
    no trustworthy entry for the folder's current contents.

    Hashing 190 MB of YAML takes ~0.2 s, but hashlib lets go of the interpreter while it
    works, so the files are hashed on a thread while this one decodes the entry the folder
    was served from last time (its ``.last`` pointer names it). The entry is used only once
    the hashes agree with it.
    """
    base = cache_dir()
    if base is None:
        return None
    # One thread: a second one would take turns with this thread on a two-CPU machine.
    hashing = _Background(lambda: [_file_digest(folder / name) for name in _GRAPH_FILES])
    pointer = _pointer(base, folder)
    try:
        guess = pointer.read_text(encoding="ascii").strip() if _owned(pointer) else None
    except (OSError, ValueError):
        guess = None
    if guess is not None and not (len(guess) == 64 and set(guess) <= set("0123456789abcdef")):
        guess = None  # only ever a key: never a path to somewhere else
    data = _read_file(base / f"{guess}{SUFFIX}", guess) if guess else None
    digests = hashing.result()
    if digests is None:
        return None
    key = _combine(folder, digests)
    if data is not None and guess == key:
        return data
    data = _read_file(base / f"{key}{SUFFIX}", key)
    if data is not None:
        _point(pointer, key)
    return data


def _read_file(path: Path, key: str) -> dict[str, Any] | None:
    """The payload of the entry at ``path`` if it is sound and made for ``key``."""
    import marshal

    try:
        if not _owned(path.parent) or not _owned(path):
            return None
        raw = memoryview(path.read_bytes())
        if raw[: len(_MAGIC)] != _MAGIC:
            return None
        end = bytes(raw[: 1 << 16]).find(b"\n", len(_MAGIC))  # the header is a few hundred bytes
        if end < 0:
            return None
        header = json.loads(bytes(raw[len(_MAGIC):end]))
        body = raw[end + 1:]
        if (not isinstance(header, dict) or header.get("format") != FORMAT
                or header.get("key") != key or header.get("python") != _PYTHON
                or header.get("crc32") != zlib.crc32(body)):
            return None
        payload = marshal.loads(body)
    except (OSError, ValueError, TypeError, EOFError):
        return None
    return payload if isinstance(payload, dict) else None


class _Background:
    """``function()`` running on a thread; :meth:`result` waits for it (None if it raised
    OSError)."""

    def __init__(self, function: Any) -> None:
        import threading

        self._value: Any = None
        self._thread = threading.Thread(target=self._run, args=(function,), daemon=True)
        self._thread.start()

    def _run(self, function: Any) -> None:
        try:
            self._value = function()
        except OSError:
            self._value = None

    def result(self) -> Any:
        self._thread.join()
        return self._value


def _pointer(base: Path, folder: Path) -> Path:
    """The file naming the entry ``folder`` was last served from."""
    where = hashlib.sha256(str(folder.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return base / f"{where[:32]}.last"


def _point(pointer: Path, key: str) -> None:
    import contextlib

    from .fsutil import atomic_write

    with contextlib.suppress(OSError):
        atomic_write(pointer, key + "\n", mode=0o600)


def load_graph(folder: Path) -> tuple[nx.DiGraph, list[str]] | None:
    """The cached graph for ``folder``'s current contents and its whole reading order, or
    None on any doubt.

    The graph equals ``build_graph(papers, edges)`` on the validated records — same nodes,
    edges, attributes and adjacency order — with ``graph.graph["problems"]`` holding the
    warnings.
    """
    data = _read_entry(folder)
    if data is None:
        return None
    try:
        return _graph(data)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None


def _graph(data: dict[str, Any]) -> tuple[nx.DiGraph, list[str]]:
    import networkx as nx

    columns, pred, succ, order = data["papers"], data["pred"], data["succ"], data["order"]
    if not (isinstance(columns, tuple) and len(columns) == len(_PAPER_FIELDS)
            and isinstance(pred, dict) and isinstance(succ, dict) and isinstance(order, list)):
        raise ValueError("not a graph")
    ids = columns[0]
    # The checksum vouches for the bytes; these cheap checks catch an entry written wrongly.
    if not (len(ids) == len(pred) == len(succ) == len(order)
            and list(pred) == ids and list(succ) == ids and set(order) == pred.keys()):
        raise ValueError("inconsistent entry")
    papers = Paper.from_columns(columns)
    graph = nx.DiGraph()
    graph._node.update(zip(ids, ({"paper": p} for p in papers), strict=True))
    graph._pred.update(pred)
    graph._succ.update(succ)
    graph.graph["problems"] = [Problem(*w) for w in data["warnings"]]
    return graph, order


def store(folder: Path, graph: nx.DiGraph, problems: list[Problem], order: list[str]) -> None:
    """Write the cache entry for the validated ``graph`` (as :func:`lineage.graph.build_graph`
    made it) and its whole reading ``order``; failures are silent because the cache is only
    an optimisation."""
    import marshal

    from .fsutil import atomic_write

    found = _entry(folder)
    if found is None:
        return
    path, key = found
    papers = [data["paper"] for data in graph._node.values()]
    # marshal writes a string once per object, then refers back to it: so that each id and
    # kind is written once, not once per edge, every mention must be the same object.
    same = {p.id: p.id for p in papers}
    same.update((kind, kind) for kind in EDGE_KINDS)
    for nbrs in graph._pred.values():
        for attrs in nbrs.values():
            kind = attrs.get("kind")
            if kind in same:
                attrs["kind"] = same[kind]
    payload = {
        "papers": tuple([getattr(p, name) for p in papers] for name in _PAPER_FIELDS),
        # each edge's attribute dict stays one object, shared by both views as in the graph
        "pred": {same[v]: {same[u]: a for u, a in nbrs.items()} for v, nbrs in graph._pred.items()},
        "succ": {same[u]: {same[v]: a for v, a in nbrs.items()} for u, nbrs in graph._succ.items()},
        "order": [same[node] for node in order],
        "warnings": [[w.severity, w.message, w.file, w.line, w.column] for w in problems
                     if w.severity == "warning"],
    }
    try:
        body = marshal.dumps(payload, 4)
        header = {"format": FORMAT, "key": key, "python": _PYTHON, "crc32": zlib.crc32(body)}
        head = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("ascii")
        base = path.parent
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _owned(base):
            return
        for stale in (*base.glob(f"*{SUFFIX}"), *base.glob("*.last"), *base.glob("*.json")):
            if stale != path and stale.stat().st_mtime < _oldest_kept():
                stale.unlink(missing_ok=True)
        atomic_write(path, [_MAGIC, head, b"\n", body], mode=0o600)
        _point(_pointer(base, folder), key)
    except (OSError, ValueError):
        pass


def _oldest_kept() -> float:
    import time

    return time.time() - 7 * 24 * 3600  # keep a week of entries: several graphs, few files
