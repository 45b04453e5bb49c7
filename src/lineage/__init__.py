"""lineage — the citation lineage of the papers that shaped modern AI.

The Python API mirrors the ``lineage`` command line::

    >>> import lineage
    >>> g = lineage.load_graph()                      # the curated graph
    >>> order = lineage.reading_order(g, [lineage.resolve(g, "R1")])
    >>> order[-1]
    'deepseek-r1'
"""

from __future__ import annotations

__version__ = "0.1.0"

from .analysis.links import core_links, lineage_order, related_papers
from .analysis.orders import (
    descendants,
    generations,
    influence,
    lineage_paths,
    longest_chain,
    needed_by,
    prerequisite_levels,
    prerequisites,
    reading_order,
)
from .analysis.plan import ReadingPlan, build_plan
from .analysis.resolve import resolve, resolve_many
from .analysis.search import search_papers
from .errors import DataError, LineageError, Problem, UnknownNameError, ValidationFailed
from .graph import build_graph, edge, paper
from .io.graph_files import check_graph, load_graph
from .model import EDGE_KINDS, TOPICS, Edge, Paper

__all__ = [
    "__version__",
    "DataError", "LineageError", "Problem", "UnknownNameError", "ValidationFailed",
    "EDGE_KINDS", "TOPICS", "Edge", "Paper", "ReadingPlan",
    "build_graph", "build_plan", "check_graph", "core_links", "edge", "lineage_order",
    "load_graph", "paper", "related_papers",
    "descendants", "generations", "influence", "lineage_paths", "longest_chain",
    "needed_by", "prerequisite_levels", "prerequisites", "reading_order",
    "resolve", "resolve_many", "search_papers",
]
