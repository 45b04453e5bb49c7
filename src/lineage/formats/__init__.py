"""Output formats. A reading order: one module per format, each a function
``render(plan, **options) -> str``, picked by :func:`render_order`; the other commands' reports
are in :mod:`.reports` and :mod:`.reading_list`, the HTML page in :mod:`.page`.

Modules are imported only when their format is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from ..analysis.plan import ReadingPlan
from ..model import Paper

__all__ = ["FORMATS", "GRAPH_FORMATS", "render_plan", "render_order", "render_graph"]

#: format name → module under lineage.formats that provides ``render(plan, **options)``.
FORMATS: dict[str, str] = {
    "text": "text",
    "markdown": "markdown",
    "json": "json_format",
    "csv": "csv_format",
    "bibtex": "bibtex",
    "ris": "ris",
    "mermaid": "mermaid",
    "dot": "dot",
}

#: format name → module that provides ``render_graph(graph, *, targets=())`` for a whole
#: graph or a subgraph (``lineage graph``).
GRAPH_FORMATS: dict[str, str] = {
    "mermaid": "mermaid",
    "dot": "dot",
    "json": "nodelink",
}


def render_plan(plan: ReadingPlan, format: str = "text", **options: object) -> str:
    """Render ``plan`` in ``format`` (a key of :data:`FORMATS`)."""
    module = importlib.import_module(f"{__name__}.{FORMATS[format]}")
    return module.render(plan, **options)


def render_order(plan: ReadingPlan, format: str = "text", *, explain: bool = True,
                 diagram: bool = False, papers: Iterable[Paper] = ()) -> str:
    """``lineage order``'s output: ``explain`` says why each paper matters (text, markdown),
    ``diagram`` adds a Mermaid diagram (markdown), and BibTeX and RIS keys are made unique
    among ``papers`` (the whole graph, so a paper's key is the same in every order)."""
    options: dict[str, object] = {}
    if format == "text":
        options["explain"] = explain
    elif format == "markdown":
        options.update(with_why=explain, diagram=diagram)
    elif format in ("bibtex", "ris"):
        options["key_papers"] = list(papers)
    return render_plan(plan, format, **options)


def render_graph(graph, format: str = "mermaid", **options: object) -> str:  # type: ignore[no-untyped-def]
    """Render a whole graph or subgraph in ``format`` (a key of :data:`GRAPH_FORMATS`)."""
    module = importlib.import_module(f"{__name__}.{GRAPH_FORMATS[format]}")
    return module.render_graph(graph, **options)
