"""A reading plan: the ordered papers for some targets, with what each is needed for.

This is the model every exporter renders; building it is the only place that joins the
graph analysis with the papers' records.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Paper

if TYPE_CHECKING:
    import networkx as nx

    from .links import Related

__all__ = ["PlanEntry", "ReadingPlan", "build_plan", "plan_from_order", "mark_plan", "plan_reading"]


def short_title(paper: Paper) -> str:
    """A paper's title up to its colon, when what precedes it is a name of a few characters.

    >>> short_title(Paper(id="x", title="DeepSeek-R1: Incentivizing Reasoning", authors=("A",), year=2025))
    'DeepSeek-R1'
    """
    head, colon, _ = paper.title.partition(":")
    return head.strip() if colon and len(head.strip()) >= 3 else paper.title


@dataclass(frozen=True)
class PlanEntry:
    position: int
    paper: Paper
    needed_by: tuple[Paper, ...]
    is_target: bool = False
    read: bool = False
    #: Reading time in minutes (see :mod:`lineage.analysis.timing`); ``estimated`` when the paper's
    #: length is unknown and the default was assumed.
    minutes: int | None = None
    estimated: bool = False
    #: Later papers of the plan that build on this one through a context link (true, not
    #: needed); ``needed_by`` holds those that build on it through a core link.
    context_for: tuple[Paper, ...] = ()
    #: True when the paper is in the targets' core lineage (always, when the plan follows
    #: core links; with ``follow="all"``, False for papers only context links bring in).
    core: bool = True


@dataclass(frozen=True)
class ReadingPlan:
    targets: tuple[Paper, ...]
    entries: tuple[PlanEntry, ...]
    depth: int | None = None
    kinds: tuple[str, ...] | None = None
    extra: dict[str, object] = field(default_factory=dict)
    #: Minutes per page the entries' times were computed with.
    pace: float | None = None
    #: Which links the order follows: "core" (the default) or "all".
    follow: str = "core"
    #: With ``follow="core"``: the papers one context link off the lineage, nearest the
    #: targets first (:func:`lineage.analysis.links.related_papers`).
    related: tuple[Related, ...] = ()

    @property
    def title(self) -> str:
        """The targets' titles, each cut at its colon ("DeepSeek-R1: Incentivizing ..." is
        "DeepSeek-R1"): the name a reader recognises, never an alias they did not type."""
        return ", ".join(short_title(t) for t in self.targets)

    @property
    def read_count(self) -> int:
        return sum(e.read for e in self.entries)

    @property
    def total_minutes(self) -> int:
        """Minutes to read every entry."""
        return sum(e.minutes or 0 for e in self.entries)

    @property
    def left_minutes(self) -> int:
        """Minutes to read the entries not yet read."""
        return sum(e.minutes or 0 for e in self.entries if not e.read)

    @property
    def estimated(self) -> bool:
        """True when some entry's time rests on an assumed length (shown as ``~``)."""
        return any(e.estimated for e in self.entries)

    @property
    def left_estimated(self) -> bool:
        """True when some unread entry's time rests on an assumed length."""
        return any(e.estimated for e in self.entries if not e.read)


def build_plan(graph: nx.DiGraph, targets: Iterable[str], *, depth: int | None = None,
               kinds: Iterable[str] | None = None, read: Collection[str] = (),
               unread_only: bool = False, pace: float | None = None,
               follow: str = "core") -> ReadingPlan:
    """Plan the reading of ``targets`` (ids): order, needed-by links, read marks and
    reading times at ``pace`` minutes per page (default: ``$LINEAGE_PACE``, else 6).

    ``follow="core"`` (the default) follows only the links a reader needs and lists the
    papers one context link off the lineage in ``plan.related``; ``follow="all"`` follows
    every link (see :mod:`lineage.analysis.links`).

    With ``unread_only`` the papers in ``read`` are left out (positions stay those of the
    full order, so a reader can still find their place).
    """
    from .links import lineage_order

    targets = list(targets)
    kinds_t = tuple(kinds) if kinds is not None else None
    order = lineage_order(graph, targets, follow=follow, depth=depth, kinds=kinds_t)
    return plan_from_order(graph, targets, order, depth=depth, kinds=kinds_t, read=read,
                           unread_only=unread_only, pace=pace, follow=follow)


def plan_from_order(graph: nx.DiGraph, targets: Iterable[str], order: list[str], *,
                    depth: int | None = None, kinds: Iterable[str] | None = None,
                    read: Collection[str] = (), unread_only: bool = False,
                    pace: float | None = None, follow: str = "core",
                    lineage: Collection[str] | None = None) -> ReadingPlan:
    """A plan over an already computed reading ``order`` (e.g. a budgeted subset).

    ``lineage`` is the whole lineage ``order`` was chosen from (default: ``order`` itself);
    with ``follow="core"`` the related papers are those one context link off it.
    """
    from .links import CORE, lineage_order, related_papers, role_of
    from .timing import reading_times, resolve_pace

    targets = list(targets)
    kinds_t = tuple(kinds) if kinds is not None else None
    pace = resolve_pace(pace)
    nodes = graph.nodes
    papers = {node: nodes[node]["paper"] for node in order}
    position = {node: i for i, node in enumerate(order)}
    succ = graph.succ
    if follow == CORE:
        core_members: Collection[str] = position
        lineage_ids = order if lineage is None else lineage
        related = tuple(related_papers(graph, lineage_ids, kinds=kinds_t, targets=targets))
    else:
        core_members = set(lineage_order(graph, targets, follow=CORE, depth=depth, kinds=kinds_t))
        related = ()
    time_of = reading_times(pace=pace)
    wanted = set(targets)
    entries = []
    for at, node in enumerate(order, start=1):
        if unread_only and node in read:
            continue
        later = sorted((position[u], role_of(attrs) == CORE, u)
                       for u, attrs in succ[node].items() if u in position)
        needed = tuple(papers[u] for _, core, u in later if core)
        context = tuple(papers[u] for _, core, u in later if not core)
        time = time_of(papers[node])
        entries.append(PlanEntry(at, papers[node], needed, node in wanted, node in read,
                                 time.minutes, time.estimated, context, node in core_members))
    return ReadingPlan(tuple(nodes[t]["paper"] for t in targets), tuple(entries), depth, kinds_t,
                       pace=pace, follow=follow, related=related)


def mark_plan(plan: ReadingPlan, read: Collection[str], *, unread_only: bool = False,
              ) -> ReadingPlan:
    """``plan`` with its entries marked read when their id is in ``read`` (and, with
    ``unread_only``, those entries left out; positions stay those of the full order)."""
    from dataclasses import replace

    entries = tuple(e if e.read == (e.paper.id in read) else replace(e, read=not e.read)
                    for e in plan.entries
                    if not (unread_only and e.paper.id in read))
    return replace(plan, entries=entries)


def plan_reading(graph: nx.DiGraph, targets: list[str], *, depth: int | None = None,
                 kinds: Iterable[str] | None = None, pace: float | None = None,
                 budget: int | None = None, read: Collection[str] = (),
                 unread_only: bool = False, follow: str = "core") -> ReadingPlan:
    """The plan ``lineage order`` prints: :func:`build_plan`, or within ``budget`` minutes
    :func:`lineage.analysis.budget.build_budget_plan`, with the papers in ``read`` marked
    (left out with ``unread_only``)."""
    if budget is not None:
        from .budget import build_budget_plan

        plan = build_budget_plan(graph, targets, budget, depth=depth, kinds=kinds, pace=pace,
                                 follow=follow)
    else:
        plan = build_plan(graph, targets, depth=depth, kinds=kinds, pace=pace, follow=follow)
    return mark_plan(plan, read, unread_only=unread_only)
