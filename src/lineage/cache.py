"""A cache of the validated graph, keyed by the content hash of its YAML files.

Parsing YAML dominates loading a large graph (100k papers and 1M edges take ~20 s even with
libyaml), while the same data loads from this cache in about a second. An entry holds only
data — never pickle or anything else that can run code — lives in the user's own cache
folder (created private, ``0700``), and is ignored when the folder or the entry is not owned
by the current user, or is unreadable, damaged or written for other file contents.

An entry is columnar: one column per field, edges as integer indexes into the paper list,
grouped by the paper that builds on them, plus the permutation that groups them by
prerequisite, so :func:`load_graph` fills networkx's adjacency dicts with ``dict(zip())``
over slices instead of inserting a million edges one by one. The file is a magic line, a
JSON header line (cache key, warnings, the columns' codecs and sizes, and the sha256 of
what follows), then the columns' bytes: integers as little-endian int32 arrays, strings as
NUL-separated UTF-8, anything else (optional fields, lists) as JSON. Decoding a million
integers or strings this way takes milliseconds where ``json.loads`` takes a tenth of a
second; the digest replaces the structural checks a damaged entry would otherwise need.

``LINEAGE_CACHE_DIR`` moves it; ``LINEAGE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .model import EDGE_KINDS, Edge, Paper

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["cache_dir", "content_key", "load_graph", "store", "SUFFIX"]

FORMAT = 4  # 4: binary columns behind a JSON header; 3: one JSON document
SUFFIX = ".lcache"
_MAGIC = b"lineage graph cache\n"
_PAPER_FIELDS = ("id", "title", "authors", "year", "month", "arxiv", "url", "topics",
                 "aliases", "summary", "why", "pages", "minutes", "verified", "line")
_TUPLE_FIELDS = ("authors", "topics", "aliases")
_KINDS = (None, *EDGE_KINDS)  # an edge's kind is stored as its index here
_INT32 = range(-(2**31), 2**31)


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    if os.environ.get("LINEAGE_NO_CACHE"):
        return None
    explicit = os.environ.get("LINEAGE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lineage"


def content_key(folder: Path) -> str:
    """sha256 over both files' bytes (and the cache format and folder), so any edit
    invalidates the entry. ~0.15 s for 190 MB of YAML."""
    from . import __version__

    digest = hashlib.sha256(f"lineage {__version__} cache {FORMAT} {folder.resolve()}\n".encode())
    for name in ("papers.yaml", "edges.yaml"):
        with open(folder / name, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 24), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


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


# --- columns ------------------------------------------------------------------------------

def _encode(values: list[Any]) -> tuple[str, bytes]:
    """The most compact codec that gives ``values`` back exactly, and the encoded bytes."""
    from array import array

    if all(type(v) is int for v in values) and (  # type(True) is bool: booleans stay JSON
            not values or (min(values) in _INT32 and max(values) in _INT32)):
        column = array("i", values)
        if sys.byteorder == "big":
            column.byteswap()
        return "i32", column.tobytes()
    if all(type(v) is str for v in values):
        joined = "\0".join(values)
        if joined.count("\0") == max(len(values) - 1, 0):  # no string holds a NUL itself
            return "str", joined.encode("utf-8")
    return "json", json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _decode(codec: str, count: int, raw: memoryview) -> list[Any]:
    from array import array

    if codec == "i32":
        column = array("i")
        column.frombytes(raw)
        if sys.byteorder == "big":
            column.byteswap()
        values = column.tolist()
    elif codec == "str":
        values = str(raw, "utf-8").split("\0") if count else []
    elif codec == "json":
        values = json.loads(bytes(raw))
    else:
        raise ValueError(f"unknown codec {codec!r}")
    if not isinstance(values, list) or len(values) != count:
        raise ValueError("column length does not match its header")
    return values


def _read_entry(folder: Path) -> dict[str, Any] | None:
    """The entry's columns (``papers.<field>``, ``edges.<field>``, degrees, permutation, whole
    order) and warnings, or None when there is no trustworthy entry for the folder's current
    contents.

    Hashing 190 MB of YAML and the entry itself takes ~0.3 s of the machine's time, but
    hashlib lets go of the interpreter while it works, so both run on threads while this one
    decodes the entry the folder was served from last time (its ``.last`` pointer names it).
    The entry is used only once both hashes agree with it.
    """
    base = cache_dir()
    if base is None:
        return None
    hashing = _Background(content_key, folder)
    pointer = _pointer(base, folder)
    try:
        guess = pointer.read_text(encoding="ascii").strip() if _owned(pointer) else None
    except (OSError, ValueError):
        guess = None
    if guess is not None and not (len(guess) == 64 and set(guess) <= set("0123456789abcdef")):
        guess = None  # only ever a key: never a path to somewhere else
    data = _read_file(base / f"{guess}{SUFFIX}", guess) if guess else None
    key = hashing.result()
    if key is None:
        return None
    if data is not None and guess == key:
        return data
    data = _read_file(base / f"{key}{SUFFIX}", key)
    if data is not None:
        _point(pointer, key)
    return data


def _read_file(path: Path, key: str) -> dict[str, Any] | None:
    """The columns of the entry at ``path`` if it is sound and made for ``key``."""
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
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
            return None
        digest = _Background(lambda: hashlib.sha256(body).hexdigest())
        data: dict[str, Any] = {"warnings": header["warnings"]}
        offset = 0
        for name, codec, count, size in header["columns"]:
            data[name] = _decode(codec, count, body[offset:offset + size])
            offset += size
        if offset != len(body) or digest.result() != header["digest"]:
            return None
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return data


class _Background:
    """``function(*args)`` running on a thread; :meth:`result` waits for it (None if it
    raised OSError)."""

    def __init__(self, function: Any, *args: Any) -> None:
        import threading

        self._value: Any = None
        self._thread = threading.Thread(target=self._run, args=(function, args), daemon=True)
        self._thread.start()

    def _run(self, function: Any, args: tuple[Any, ...]) -> None:
        try:
            self._value = function(*args)
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


def _papers(data: dict[str, Any]) -> list[Paper]:
    values = [data[f"papers.{name}"] for name in _PAPER_FIELDS]
    count = len(values[0])
    if any(len(column) != count for column in values):
        raise ValueError("ragged paper columns")
    for name in _TUPLE_FIELDS:
        index = _PAPER_FIELDS.index(name)
        values[index] = map(tuple, values[index])
    return list(map(Paper, *values))


def _graph(data: dict[str, Any]) -> tuple[nx.DiGraph, list[str]]:
    from itertools import chain, repeat

    import networkx as nx

    papers = _papers(data)
    ids = [p.id for p in papers]
    builds_on = list(map(ids.__getitem__, data["edges.builds_on"]))
    kinds = list(map(_KINDS.__getitem__, data["edges.kind"]))
    whys, lines = data["edges.why"], data["edges.line"]
    indegree, outdegree = data["indegree"], data["outdegree"]
    by_prerequisite = data["by_prerequisite"]
    # The digest vouches for the bytes; these cheap checks catch an entry written wrongly.
    if not (len(builds_on) == len(kinds) == len(whys) == len(lines) == len(by_prerequisite)
            == sum(indegree) == sum(outdegree)) or not len(indegree) == len(outdegree) == len(ids):
        raise ValueError("inconsistent columns")
    # One dict per edge, shared by the graph's pred and succ views.
    attrs = [{"kind": k, "why": w, "line": n} for k, w, n in zip(kinds, whys, lines, strict=True)]
    graph = nx.DiGraph()
    graph._node.update(zip(ids, ({"paper": p} for p in papers), strict=True))
    pred, succ = graph._pred, graph._succ
    start = 0
    for node, count in zip(ids, indegree, strict=True):  # edges are stored grouped by paper, in file order
        end = start + count
        pred[node] = dict(zip(builds_on[start:end], attrs[start:end], strict=True))
        start = end
    paper_of = list(chain.from_iterable(map(repeat, ids, indegree)))
    users = list(map(paper_of.__getitem__, by_prerequisite))
    user_attrs = list(map(attrs.__getitem__, by_prerequisite))
    start = 0
    for node, count in zip(ids, outdegree, strict=True):
        end = start + count
        succ[node] = dict(zip(users[start:end], user_attrs[start:end], strict=True))
        start = end
    graph.graph["problems"] = [Problem(*w) for w in data["warnings"]]
    order = list(map(ids.__getitem__, data["order"]))
    if len(order) != len(ids):
        raise ValueError("the whole order does not hold every paper")
    return graph, order


def store(folder: Path, papers: list[Paper], edges: list[Edge], problems: list[Problem],
          order: list[str]) -> None:
    """Write the cache entry for the validated records and the graph's whole reading
    ``order``; failures are silent because the cache is only an optimisation."""
    from .fsutil import atomic_write

    found = _entry(folder)
    if found is None:
        return
    path, key = found
    index = {p.id: i for i, p in enumerate(papers)}
    position = list(range(len(edges)))
    position.sort(key=lambda i: index[edges[i].paper])  # stable: file order within a paper
    grouped = [edges[i] for i in position]
    source_col = [index[e.builds_on] for e in grouped]
    by_prerequisite = sorted(range(len(grouped)), key=source_col.__getitem__)
    indegree = [0] * len(papers)
    outdegree = [0] * len(papers)
    for e in grouped:
        indegree[index[e.paper]] += 1
    for i in source_col:
        outdegree[i] += 1
    kind_index = {k: i for i, k in enumerate(_KINDS)}
    columns: dict[str, list[Any]] = {
        **{f"papers.{name}": [_plain(getattr(p, name)) for p in papers] for name in _PAPER_FIELDS},
        "edges.builds_on": source_col,
        "edges.why": [e.why for e in grouped],
        "edges.kind": [kind_index[e.kind] for e in grouped],
        "edges.line": [e.line for e in grouped],
        "indegree": indegree,
        "outdegree": outdegree,
        "by_prerequisite": by_prerequisite,
        "order": [index[node] for node in order],
    }
    try:
        encoded = [(name, *_encode(values), len(values)) for name, values in columns.items()]
        body = b"".join(raw for _, _, raw, _ in encoded)
        header = {
            "format": FORMAT,
            "key": key,
            "digest": hashlib.sha256(body).hexdigest(),
            "warnings": [[w.severity, w.message, w.file, w.line, w.column] for w in problems
                         if w.severity == "warning"],
            "columns": [[name, codec, count, len(raw)] for name, codec, raw, count in encoded],
        }
        head = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("ascii")
        base = path.parent
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _owned(base):
            return
        for stale in (*base.glob(f"*{SUFFIX}"), *base.glob("*.last"), *base.glob("*.json")):
            if stale != path and stale.stat().st_mtime < _oldest_kept():
                stale.unlink(missing_ok=True)
        atomic_write(path, b"".join((_MAGIC, head, b"\n", body)), mode=0o600)
        _point(_pointer(base, folder), key)
    except (OSError, ValueError):
        pass


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _oldest_kept() -> float:
    import time

    return time.time() - 7 * 24 * 3600  # keep a week of entries: several graphs, few files
