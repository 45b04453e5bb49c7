"""Records → a networkx DiGraph whose arrows run from a prerequisite to the paper that
builds on it, so a topological order is a reading order and prerequisites are ancestors.

Node attribute ``paper`` holds the :class:`~lineage.model.Paper`; edge attribute ``edge``
holds the :class:`~lineage.model.Edge`. ``graph.graph["problems"]`` keeps the warnings
found while loading and ``graph.graph["source"]`` the folder it came from.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, ValidationFailed
from .load import find_graph_dir, read_records
from .model import Edge, Paper
from .validate import validate_records

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["build_graph", "load_graph", "check_graph", "paper", "papers_of"]


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
    graph.add_edges_from((e.builds_on, e.paper, {"edge": e}) for e in edges)
    graph.graph["problems"] = []
    return graph


def check_graph(path: str | os.PathLike[str] | None = None,
                ) -> tuple[list[Paper], list[Edge], list[Problem]]:
    """Read and validate the graph folder; return its records and every problem found.

    Unreadable files raise :class:`~lineage.errors.DataError`; rule violations are returned.
    """
    folder = find_graph_dir(path)
    paper_records = read_records(folder / "papers.yaml")
    edge_records = read_records(folder / "edges.yaml")
    return validate_records(paper_records, edge_records)


def load_graph(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True,
               ) -> nx.DiGraph:
    """Load, validate and build the graph in folder ``path`` (found as
    :func:`lineage.load.find_graph_dir` does when None).

    Raises :class:`~lineage.errors.DataError` for an unreadable file and
    :class:`~lineage.errors.ValidationFailed` (listing every problem) for an invalid graph.
    Warnings are kept in ``graph.graph["problems"]``. A valid graph is cached by the files'
    content hash (see :mod:`lineage.cache`), so an unchanged large graph loads fast.
    """
    folder = find_graph_dir(path)
    if use_cache:
        from . import cache

        cached = cache.load(folder)
        if cached is not None:
            papers, edges, warnings = cached
            graph = build_graph(papers, edges)
            graph.graph.update(problems=warnings, source=Path(folder))
            return graph
    papers, edges, problems = check_graph(folder)
    if any(p.severity == "error" for p in problems):
        raise ValidationFailed(problems)
    if use_cache:
        cache.store(folder, papers, edges, problems)
    graph = build_graph(papers, edges)
    graph.graph.update(problems=problems, source=Path(folder))
    return graph


def paper(graph: nx.DiGraph, paper_id: str) -> Paper:
    """The :class:`Paper` stored on node ``paper_id``."""
    return graph.nodes[paper_id]["paper"]


def papers_of(graph: nx.DiGraph, ids: Iterable[str]) -> list[Paper]:
    nodes = graph.nodes
    return [nodes[i]["paper"] for i in ids]
