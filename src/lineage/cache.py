"""A cache of the validated graph, keyed by the content hash of its YAML files.

Parsing YAML dominates loading a large graph (100k papers and 1M edges take ~20 s even with
libyaml), while the same data loads from JSON in well under a second. The cache is plain
JSON (never pickle, so a file planted by someone else cannot run code), lives in the
user's own cache folder (created private, ``0700``), and is ignored when the folder or the
entry is not owned by the current user, is unreadable or malformed, or was written for
other file contents.

The entry is columnar — one list per field, edges as integer indexes into the paper list,
grouped by the paper that builds on them, plus the permutation that groups them by
prerequisite — so :func:`load_graph` fills networkx's adjacency dicts with ``dict(zip())``
over slices instead of inserting a million edges one by one.

``LINEAGE_CACHE_DIR`` moves it; ``LINEAGE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .model import EDGE_KINDS, Edge, Paper

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["cache_dir", "content_key", "load", "load_graph", "store"]

FORMAT = 3  # 3: edge attributes are plain kind/why/line
_PAPER_FIELDS = ("id", "title", "authors", "year", "month", "arxiv", "url", "topics",
                 "aliases", "summary", "why", "pages", "minutes", "verified", "line")
_TUPLE_FIELDS = ("authors", "topics", "aliases")
_KINDS = (None, *EDGE_KINDS)  # an edge's kind is stored as its index here


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
            for block in iter(lambda: handle.read(1 << 22), b""):
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
    return base / f"{key}.json", key


def _read_entry(folder: Path) -> dict[str, Any] | None:
    found = _entry(folder)
    if found is None:
        return None
    path, key = found
    try:
        if not _owned(path.parent) or not _owned(path):
            return None
        raw = path.read_bytes()
        data = json.loads(raw)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    return data


def load(folder: Path) -> tuple[list[Paper], list[Edge], list[Problem]] | None:
    """The cached records for ``folder``'s current contents, or None on any doubt."""
    data = _read_entry(folder)
    if data is None:
        return None
    try:
        papers = _papers(data)
        edges = _edges(data, [p.id for p in papers])
        warnings = [Problem(*w) for w in data["warnings"]]
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    return papers, edges, warnings


def load_graph(folder: Path) -> nx.DiGraph | None:
    """The cached graph for ``folder``'s current contents, or None on any doubt.

    Equal to ``build_graph(papers, edges)`` on the validated records — same nodes, edges,
    attributes and adjacency order — with ``graph.graph["problems"]`` holding the warnings.
    """
    data = _read_entry(folder)
    if data is None:
        return None
    try:
        return _graph(data)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None


def _papers(data: dict[str, Any]) -> list[Paper]:
    columns = data["papers"]
    values = [columns[name] for name in _PAPER_FIELDS]
    count = len(values[0])
    if any(len(column) != count for column in values):
        raise ValueError("ragged paper columns")
    for name in _TUPLE_FIELDS:
        index = _PAPER_FIELDS.index(name)
        values[index] = map(tuple, values[index])
    return list(map(Paper, *values))


def _edges(data: dict[str, Any], ids: list[str]) -> list[Edge]:
    """The edge records, grouped by the paper that builds on them."""
    papers, builds_on, attrs = _edge_columns(data, ids)
    return [Edge(p, b, a["why"], a["kind"], a["line"]) for p, b, a in zip(papers, builds_on, attrs, strict=True)]


def _edge_columns(data: dict[str, Any], ids: list[str]) -> tuple[list[str], list[str], list[dict]]:
    """Per edge: the id of the paper that builds on it, of its prerequisite, and the edge's
    attribute dict (one dict per edge, shared by the graph's pred and succ views)."""
    columns = data["edges"]
    papers = list(map(ids.__getitem__, columns["paper"]))
    builds_on = list(map(ids.__getitem__, columns["builds_on"]))
    kinds = list(map(_KINDS.__getitem__, columns["kind"]))
    whys, lines = columns["why"], columns["line"]
    if not len(papers) == len(builds_on) == len(kinds) == len(whys) == len(lines):
        raise ValueError("ragged edge columns")
    attrs = [{"kind": k, "why": w, "line": n} for k, w, n in zip(kinds, whys, lines, strict=True)]
    return papers, builds_on, attrs


def _graph(data: dict[str, Any]) -> nx.DiGraph:
    import networkx as nx

    papers = _papers(data)
    ids = [p.id for p in papers]
    paper_of, builds_on, attrs = _edge_columns(data, ids)
    indegree, outdegree = data["indegree"], data["outdegree"]
    by_prerequisite = data["by_prerequisite"]
    if not (len(indegree) == len(outdegree) == len(ids)
            and sum(indegree) == sum(outdegree) == len(attrs) == len(by_prerequisite)):
        raise ValueError("inconsistent degrees")
    _check_grouping(paper_of, builds_on, ids, indegree, outdegree, by_prerequisite)
    graph = nx.DiGraph()
    graph._node.update(zip(ids, ({"paper": p} for p in papers), strict=True))
    pred, succ = graph._pred, graph._succ
    start = 0
    for node, count in zip(ids, indegree, strict=True):  # edges are stored grouped by paper, in file order
        end = start + count
        pred[node] = dict(zip(builds_on[start:end], attrs[start:end], strict=True))
        start = end
    users = list(map(paper_of.__getitem__, by_prerequisite))
    user_attrs = list(map(attrs.__getitem__, by_prerequisite))
    start = 0
    for node, count in zip(ids, outdegree, strict=True):
        end = start + count
        succ[node] = dict(zip(users[start:end], user_attrs[start:end], strict=True))
        start = end
    graph.graph["problems"] = [Problem(*w) for w in data["warnings"]]
    return graph


def _check_grouping(paper_of: list[str], builds_on: list[str], ids: list[str],
                    indegree: list[int], outdegree: list[int], by_prerequisite: list[int]) -> None:
    """Raise ValueError unless the columns group the edges as :func:`_graph` assumes (a
    hand-edited or damaged entry must not give wrong answers)."""
    from itertools import chain, repeat

    if len(set(by_prerequisite)) != len(by_prerequisite):
        raise ValueError("by_prerequisite is not a permutation")
    if paper_of != list(chain.from_iterable(map(repeat, ids, indegree))):
        raise ValueError("edges are not grouped by paper")
    if list(map(builds_on.__getitem__, by_prerequisite)) != list(chain.from_iterable(map(repeat, ids, outdegree))):
        raise ValueError("by_prerequisite does not group edges by prerequisite")


def store(folder: Path, papers: list[Paper], edges: list[Edge], problems: list[Problem]) -> None:
    """Write the cache entry; failures are silent because the cache is only an optimisation."""
    from .fsutil import atomic_write

    found = _entry(folder)
    if found is None:
        return
    path, key = found
    index = {p.id: i for i, p in enumerate(papers)}
    position = list(range(len(edges)))
    position.sort(key=lambda i: index[edges[i].paper])  # stable: file order within a paper
    grouped = [edges[i] for i in position]
    paper_col = [index[e.paper] for e in grouped]
    source_col = [index[e.builds_on] for e in grouped]
    by_prerequisite = sorted(range(len(grouped)), key=source_col.__getitem__)
    indegree = [0] * len(papers)
    outdegree = [0] * len(papers)
    for i in paper_col:
        indegree[i] += 1
    for i in source_col:
        outdegree[i] += 1
    kind_index = {k: i for i, k in enumerate(_KINDS)}
    data: dict[str, Any] = {
        "format": FORMAT,
        "key": key,
        "papers": {name: [_plain(getattr(p, name)) for p in papers] for name in _PAPER_FIELDS},
        "edges": {"paper": paper_col, "builds_on": source_col,
                  "why": [e.why for e in grouped], "kind": [kind_index[e.kind] for e in grouped],
                  "line": [e.line for e in grouped]},
        "indegree": indegree,
        "outdegree": outdegree,
        "by_prerequisite": by_prerequisite,
        "warnings": [[w.severity, w.message, w.file, w.line, w.column] for w in problems
                     if w.severity == "warning"],
    }
    try:
        base = path.parent
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _owned(base):
            return
        for stale in base.glob("*.json"):
            if stale != path and stale.stat().st_mtime < _oldest_kept():
                stale.unlink(missing_ok=True)
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        atomic_write(path, text, mode=0o600)
    except (OSError, ValueError):
        pass


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _oldest_kept() -> float:
    import time

    return time.time() - 7 * 24 * 3600  # keep a week of entries: several graphs, few files
