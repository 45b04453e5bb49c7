"""Records → a networkx DiGraph whose arrows run from a prerequisite to the paper that
builds on it, so a topological order is a reading order and prerequisites are ancestors.

Node attribute ``paper`` holds the :class:`~lineage.model.Paper`; an edge carries plain
attributes ``kind``, ``why`` and ``line`` (so networkx tools such as ``node_link_data`` see
them as they are), and :func:`edge` gives it back as an :class:`~lineage.model.Edge`.
``graph.graph["problems"]`` keeps the warnings found while loading and
``graph.graph["source"]`` the folder it came from.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, ValidationFailed
from .load import find_graph_dir, gc_paused, read_records
from .model import Edge, Paper
from .validate import validate_records

if TYPE_CHECKING:
    import networkx as nx

    from .progressbar import ProgressBar

__all__ = ["build_graph", "load_graph", "check_graph", "paper", "papers_of", "edge"]


def build_graph(papers: Iterable[Paper], edges: Iterable[Edge]) -> nx.DiGraph:
    """Build the DiGraph from already-validated records.

    >>> g = build_graph([Paper("a", "A", ("X",), 2017), Paper("b", "B", ("Y",), 2018)],
    ...                 [Edge("b", "a", "uses A")])
    >>> list(g.edges)
    [('a', 'b')]
    """
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from((p.id, {"paper": p}) for p in papers)
    graph.add_edges_from((e.builds_on, e.paper, {"kind": e.kind, "why": e.why, "line": e.line,
                                                    "role": e.role})
                         for e in edges)
    graph.graph["problems"] = []
    return graph


def check_graph(path: str | os.PathLike[str] | None = None, *, progress: bool = False,
                ) -> tuple[list[Paper], list[Edge], list[Problem]]:
    """Read and validate the graph folder; return its records and every problem found.

    Unreadable files raise :class:`~lineage.errors.DataError`; rule violations are returned.
    With ``progress`` a bar appears on stderr when reading takes more than a second.
    """
    from .progressbar import ProgressBar

    folder = find_graph_dir(path)
    bar = ProgressBar() if progress else None
    try:
        with gc_paused():
            return _check(folder, bar)
    finally:
        if bar is not None:
            bar.close()


def _check(folder: Path, bar: ProgressBar | None) -> tuple[list[Paper], list[Edge], list[Problem]]:
    files = [folder / "papers.yaml", folder / "edges.yaml"]
    sizes = []
    for file in files:
        try:
            sizes.append(os.path.getsize(file))
        except OSError:
            sizes.append(0)
    total = max(sum(sizes), 1)
    read_share = 0.75  # reading YAML is about three quarters of a first load
    done = 0
    records = []
    for file, size in zip(files, sizes, strict=True):
        report = None
        if bar is not None:
            start, label = done, f"reading {file.name}"

            def report(fraction: float, start: int = start, size: int = size, label: str = label,
                       ) -> None:
                bar.update(read_share * (start + fraction * size) / total, label)

            report(0.0)
        records.append(read_records(file, on_progress=report))
        done += size
    if bar is not None:
        bar.update(read_share, "checking")
    return validate_records(*records)


def load_graph(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True,
               progress: bool = False) -> nx.DiGraph:
    """Load, validate and build the graph in folder ``path`` (found as
    :func:`lineage.load.find_graph_dir` does when None).

    Raises :class:`~lineage.errors.DataError` for an unreadable file and
    :class:`~lineage.errors.ValidationFailed` (listing every problem) for an invalid graph.
    Warnings are kept in ``graph.graph["problems"]``. The validated records are cached by
    the files' content hash (see :mod:`lineage.cache`), so an unchanged large graph loads
    fast. With ``progress`` a bar appears on stderr when a load takes more than a second.

    The graph is frozen (:func:`networkx.freeze`): it is the validated data. Copy it to edit
    it: ``nx.DiGraph(graph)``.
    """
    import networkx as nx

    from . import cache

    folder = find_graph_dir(path)
    with gc_paused():
        records = cache.read_entry(folder) if use_cache else None
        if records is None:
            records = check_graph(folder, progress=progress)
            if any(p.severity == "error" for p in records[2]):
                raise ValidationFailed(records[2])
            if use_cache:
                cache.write_entry(folder, *records)
        papers, edges, problems = records
        graph = build_graph(papers, edges)
    graph.graph.update(problems=problems, source=Path(folder))
    return nx.freeze(graph)


def paper(graph: nx.DiGraph, paper_id: str) -> Paper:
    """The :class:`Paper` stored on node ``paper_id``."""
    return graph.nodes[paper_id]["paper"]


def edge(graph: nx.DiGraph, builds_on: str, paper: str) -> Edge:
    """The :class:`Edge` "``paper`` builds on ``builds_on``" (the arrow ``builds_on → paper``).

    >>> g = build_graph([Paper("a", "A", ("X",), 2017), Paper("b", "B", ("Y",), 2018)],
    ...                 [Edge("b", "a", "uses A", "method")])
    >>> edge(g, "a", "b")
    Edge(paper='b', builds_on='a', why='uses A', kind='method', role='core')
    """
    attrs = graph.edges[builds_on, paper]
    return Edge(paper, builds_on, attrs.get("why") or "", attrs.get("kind"), attrs.get("line"),
                attrs.get("role", "core"))


def papers_of(graph: nx.DiGraph, ids: Iterable[str]) -> list[Paper]:
    nodes = graph.nodes
    return [nodes[i]["paper"] for i in ids]
