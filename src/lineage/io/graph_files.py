"""Reading a graph folder: its two YAML files → validated records → the frozen DiGraph of
:func:`lineage.graph.build_graph`, through the cache of :mod:`lineage.io.cache`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, ValidationFailed
from ..graph import assemble, build_graph
from ..model import Edge, Paper
from .validate import validate_records
from .yaml_reader import find_graph_dir, gc_paused, read_records

if TYPE_CHECKING:
    import networkx as nx

    from .progressbar import ProgressBar

__all__ = ["check_graph", "load_graph"]


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
    :func:`lineage.io.yaml_reader.find_graph_dir` does when None).

    Raises :class:`~lineage.errors.DataError` for an unreadable file and
    :class:`~lineage.errors.ValidationFailed` (listing every problem) for an invalid graph.
    Warnings are kept in ``graph.graph["problems"]``. The validated records are cached by
    the files' content hash (see :mod:`lineage.io.cache`), so an unchanged large graph loads
    fast. With ``progress`` a bar appears on stderr when a load takes more than a second.

    The graph is frozen (:func:`networkx.freeze`): it is the validated data. Copy it to edit
    it: ``nx.DiGraph(graph)``.
    """
    import networkx as nx

    from . import cache

    folder = find_graph_dir(path)
    with gc_paused():
        entry = cache.read_entry(folder) if use_cache else None
        graph = assemble(*entry[:2]) if entry is not None else None
        if graph is not None and nx.is_directed_acyclic_graph(graph):  # else a tampered entry
            problems = entry[2]
        else:
            papers, edges, problems = check_graph(folder, progress=progress)
            if any(p.severity == "error" for p in problems):
                raise ValidationFailed(problems)
            if use_cache:
                cache.write_entry(folder, papers, edges, problems)
            graph = build_graph(papers, edges)
    graph.graph.update(problems=problems, source=Path(folder))
    return nx.freeze(graph)
