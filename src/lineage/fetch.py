"""Lineage for papers outside the curated graph, from Semantic Scholar's citation data.

:func:`fetch_lineage` walks a paper's references breadth-first, keeping only the ones it
*builds on* by S2's signals, and stores what it fetched (:class:`lineage.store.Store`).
:func:`joined_graph` joins that stored lineage to the curated graph, so every reading order,
checklist and page works on it. Fetched papers and links are always marked as derived
(node/edge attribute ``source = "semantic-scholar"``): a reader must never mistake a citation
for a curated "builds on".

What the signal can and cannot tell: S2 marks a citation *influential* when the citing paper
leans on it heavily (many mentions, in its method), and classifies citation contexts into
intents (background, methodology, result). Neither says "a reader must understand this
first"; both say "this paper used that one", which is the nearest thing citation data has.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .s2 import FetchedPaper, NotFound, S2Client, S2Error, s2_id_for
from .store import SOURCE, Store, StoredReference

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["SIGNALS", "FetchReport", "fetch_lineage", "joined_graph", "JoinReport",
           "fetched_node_id", "curated_index", "resolve_fetch_target"]

SIGNALS = ("influential", "methodology", "any")

#: What a fetched paper says in place of a curated "why it matters".
DERIVED_NOTE = "Derived from Semantic Scholar citation data, not curated: no summary or reason yet."


@dataclass
class FetchReport:
    """What one fetch did."""

    target: FetchedPaper
    requested: int = 0          # reference lists fetched from the API in this run
    reused: int = 0             # reference lists still fresh in the store
    papers: set[str] = field(default_factory=set)   # S2 ids in the lineage found
    curated: set[str] = field(default_factory=set)  # curated ids where the walk stopped
    elided: list[str] = field(default_factory=list)  # titles whose publisher withheld references
    capped: bool = False        # stopped at max_papers
    interrupted: bool = False   # Ctrl-C: what was fetched is kept


def curated_index(graph: nx.DiGraph) -> dict[str, str]:
    """``{"arxiv:ID" | "doi:DOI": curated id}`` for matching fetched papers to curated ones."""
    index: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        paper = data["paper"]
        if paper.arxiv:
            index["arxiv:" + _unversioned(paper.arxiv)] = node
        if paper.url:
            m = re.search(r"doi\.org/(10\.\S+)$", paper.url, re.I)
            if m:
                index[f"doi:{m.group(1).lower()}"] = node
            m = re.search(r"arxiv\.org/abs/(\S+?)(v\d+)?$", paper.url)
            if m:
                index[f"arxiv:{m.group(1)}"] = node
    return index


def _unversioned(arxiv: str) -> str:
    return re.sub(r"v[0-9]+$", "", arxiv)


def _curated_id(paper: FetchedPaper, index: dict[str, str]) -> str | None:
    if paper.arxiv and "arxiv:" + _unversioned(paper.arxiv) in index:
        return index["arxiv:" + _unversioned(paper.arxiv)]
    if paper.doi and f"doi:{paper.doi}" in index:
        return index[f"doi:{paper.doi}"]
    return None


def resolve_fetch_target(name: str, client: S2Client, graph: nx.DiGraph | None = None) -> FetchedPaper:
    """The S2 paper for what the reader typed: an id or link S2 understands, a curated
    paper's name (through its arXiv id or DOI), else a title match."""
    s2_id = s2_id_for(name)
    if s2_id is None and graph is not None:
        from .analysis.resolve import resolve
        from .errors import UnknownNameError

        with suppress(UnknownNameError):
            paper = graph.nodes[resolve(graph, name)]["paper"]
            s2_id = s2_id_for(paper.arxiv or "") or s2_id_for(paper.url or "")
    if s2_id is not None:
        try:
            return client.paper(s2_id)
        except NotFound as exc:
            raise S2Error(f"Semantic Scholar does not know {name!r} ({s2_id})") from exc
    match = client.match_title(name)
    if match is None:
        raise S2Error(f"Semantic Scholar finds no paper titled {name!r}; give its arXiv id, DOI "
                      "or link instead")
    return match


def _strength(ref_influential: bool, intents: tuple[str, ...]) -> int:
    return 2 * ref_influential + ("methodology" in intents)


def fetch_lineage(target: str | FetchedPaper, *, client: S2Client, store: Store,
                  curated: nx.DiGraph | None = None, depth: int = 2, max_papers: int = 300,
                  signal: str = "methodology", max_age_days: float = 30,
                  on_progress: Callable[[FetchReport, FetchedPaper], None] | None = None) -> FetchReport:
    """Fetch the lineage of ``target`` into ``store``: its references that count as "builds
    on" under ``signal``, theirs, and so on to ``depth`` hops, most-signalled first, stopping
    at curated papers (their lineage is known) and at ``max_papers`` papers. A reference list
    fetched less than ``max_age_days`` ago is reused. Ctrl-C stops the walk and keeps what
    was stored (each paper's list is stored in one transaction)."""
    if signal not in SIGNALS:
        raise ValueError(f"signal must be one of {', '.join(SIGNALS)}")
    root = target if isinstance(target, FetchedPaper) else resolve_fetch_target(target, client, curated)
    index = curated_index(curated) if curated is not None else {}
    store.put_paper(root)
    report = FetchReport(target=root, papers={root.paper_id})
    run = store.start_run(root.paper_id, depth, max_papers, signal)
    queue: deque[tuple[FetchedPaper, int]] = deque([(root, 0)])
    status = "done"
    try:
        while queue:
            paper, hops = queue.popleft()
            curated_id = _curated_id(paper, index)
            if curated_id is not None and paper.paper_id != root.paper_id:
                report.curated.add(curated_id)
                continue
            if hops >= depth:
                continue
            if store.is_fresh(paper.paper_id, max_age_days):
                report.reused += 1
            else:
                refs, elided = client.references(paper.paper_id)
                store.put_references(paper, refs, elided=elided)
                report.requested += 1
                if elided:
                    report.elided.append(paper.title)
            if on_progress:
                on_progress(report, paper)
            for ref in sorted(_builds_on(store.references(paper.paper_id), signal),
                              key=lambda r: (-_strength(r.is_influential, r.intents), r.cited)):
                if ref.cited in report.papers:
                    continue
                if len(report.papers) >= max_papers:
                    report.capped = True
                    break
                cited = store.paper(ref.cited)
                if cited is None:
                    continue
                report.papers.add(ref.cited)
                queue.append((cited, hops + 1))
    except KeyboardInterrupt:
        report.interrupted = True
        status = "interrupted"
    except S2Error:
        store.finish_run(run, len(report.papers), "failed")
        raise
    store.finish_run(run, len(report.papers), status)
    return report


def _builds_on(refs: list[StoredReference], signal: str) -> list[StoredReference]:
    return [r for r in refs if signal == "any" or r.is_influential
            or (signal == "methodology" and "methodology" in r.intents)]


@dataclass
class JoinReport:
    """What joining a stored lineage to the curated graph added and left out."""

    papers: list[str] = field(default_factory=list)       # fetched node ids added
    links: int = 0
    dropped_later: list[tuple[str, str]] = field(default_factory=list)   # (paper, cited later)
    dropped_cycle: list[tuple[str, str]] = field(default_factory=list)
    undated: int = 0


def fetched_node_id(paper_id: str) -> str:
    """The graph id of a fetched paper that is not curated: ``s2-`` and 10 hex digits."""
    return f"s2-{paper_id[:10]}"


def joined_graph(curated: nx.DiGraph, store: Store, roots: list[str], *,
                 signal: str = "methodology", depth: int = 2, names: dict[str, str] | None = None,
                 ) -> tuple[nx.DiGraph, dict[str, str], JoinReport]:
    """The curated graph joined with the stored lineage of each S2 paper id in ``roots``.

    Returns the joined graph (a new graph; ``curated`` is not changed), a map from S2 paper id
    to graph id, and a :class:`JoinReport`. A fetched paper with the arXiv id or DOI of a
    curated paper *is* that paper; links between two curated papers are not added (curated
    links win); a link to a later paper, or one that would close a cycle, is dropped and
    reported. Fetched links carry ``source``, ``signal`` and, as ``why``, the first citation
    context in quotes. ``names`` (S2 paper id → what a reader typed) become aliases of those
    fetched papers, so the same words find them again.
    """
    import networkx as nx

    from .model import Paper

    graph = nx.DiGraph(curated)
    index = curated_index(curated)
    ids: dict[str, str] = {}
    report = JoinReport()

    def node_for(paper: FetchedPaper) -> str | None:
        if paper.paper_id in ids:
            return ids[paper.paper_id]
        curated_id = _curated_id(paper, index)
        if curated_id is not None:
            ids[paper.paper_id] = curated_id
            return curated_id
        if paper.year is None:
            report.undated += 1
            return None
        node = fetched_node_id(paper.paper_id)
        link = f"https://doi.org/{paper.doi}" if paper.doi else (
            paper.url or f"https://www.semanticscholar.org/paper/{paper.paper_id}")
        graph.add_node(node, source=SOURCE, paper=Paper(
            id=node, title=paper.title, authors=paper.authors or ("Anonymous",), year=paper.year,
            month=paper.month, arxiv=paper.arxiv, url=link,
            aliases=(paper.paper_id, *filter(None, [(names or {}).get(paper.paper_id)])),
            summary="", why=DERIVED_NOTE, source=SOURCE))
        ids[paper.paper_id] = node
        report.papers.append(node)
        return node

    queue: deque[tuple[str, int]] = deque((r, 0) for r in roots)
    seen = set(roots)
    while queue:
        s2_id, hops = queue.popleft()
        citing = store.paper(s2_id)
        if citing is None:
            continue
        citing_node = node_for(citing)
        if citing_node is None or (citing_node in curated and s2_id not in roots):
            continue
        if hops >= depth:
            continue
        for ref in sorted(_builds_on(store.references(s2_id), signal), key=lambda r: r.cited):
            cited = store.paper(ref.cited)
            if cited is None:
                continue
            cited_node = node_for(cited)
            if cited_node is None or cited_node == citing_node:
                continue
            if citing_node in curated and cited_node in curated:
                continue  # curated links win
            later, earlier = graph.nodes[citing_node]["paper"], graph.nodes[cited_node]["paper"]
            if (earlier.year, earlier.month or 0) > (later.year, later.month or 13):
                report.dropped_later.append((citing_node, cited_node))
                continue
            if graph.has_edge(cited_node, citing_node):
                continue
            if nx.has_path(graph, citing_node, cited_node):
                report.dropped_cycle.append((citing_node, cited_node))
                continue
            strength = "influential" if ref.is_influential else (
                "methodology" if "methodology" in ref.intents else "cited")
            context = ref.contexts[0] if ref.contexts else ""
            quoted = f"“{context[:240]}” " if context else ""
            why = f"{quoted}(cited; {strength}, per Semantic Scholar)"
            graph.add_edge(cited_node, citing_node, kind=None, why=why, line=None,
                           role="core" if strength != "cited" else "context",
                           source=SOURCE, signal=strength, intents=list(ref.intents))
            report.links += 1
            if ref.cited not in seen:
                seen.add(ref.cited)
                queue.append((ref.cited, hops + 1))
    return graph, ids, report
