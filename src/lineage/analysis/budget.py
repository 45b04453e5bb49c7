"""Reading on a time budget: the most important part of a reading plan that fits.

``lineage order TARGET --budget 10h`` answers "I have ten hours". The rules:

* **The targets are always read.** When they alone take longer than the budget, there is
  no sensible plan and :class:`BudgetTooSmall` says how much time they need (exit 1).
* **Importance.** Every other paper of the target's lineage (its prerequisites, within
  ``--depth``/``--kind``) scores the papers of the lineage that build on it *directly*, each
  weighted by how close that paper is to the target: the target counts 1, a paper one hop
  before it ½, two hops ¼, and so on (``2 ** -hops``). So a direct prerequisite scores at
  least 1, a paper that several near-target papers rest on scores more, and distant
  foundations that only other distant papers use score little.
  Ties go to the older paper (year, month), then the id.
* **Selection: a coherent path, greedily.** Every chosen paper other than the targets is a
  *direct* core prerequisite of a later chosen paper, so the selection reads as a path that
  ends at the targets — never an orphan filler that nothing chosen builds on (backprop
  filling the last minutes while PPO is left out). The choice is greedy: start from the
  targets; the *frontier* is every paper not yet chosen that a chosen paper builds on
  directly (along followed links); repeatedly add the most important frontier paper that
  still fits in what is left of the budget (ties: older, then id). A frontier paper that does
  not fit is dropped for good (what is left only shrinks). It stops when nothing on the
  frontier fits, so the selection is *maximal*: no left-out paper that a chosen paper builds
  on directly would still fit. It is not always the most important coherent selection (that
  is a precedence-constrained knapsack); it never goes over budget.
* **Prerequisites are not forced in.** A paper is chosen without all of the papers it builds
  on (requiring all of them would spend the whole budget on the oldest foundations, never
  reaching the target's own lineage). Instead the plan says, for each chosen paper, which of
  its direct prerequisites it *assumes known*, and lists every left-out paper with its score.
* **Which links.** By default the lineage, the scores and the coherence rule follow core links
  only (``follow="core"``, :mod:`lineage.analysis.links`); ``follow="all"`` follows every link.
* **Order.** The chosen papers keep their places in the full reading order, so each still
  comes after everything it builds on that was chosen, directly or through a left-out paper.

>>> import networkx as nx
>>> from lineage.model import Paper
>>> g = nx.DiGraph([("a", "b"), ("b", "t"), ("c", "t")])
>>> for n, y in zip("abct", (2001, 2002, 2003, 2004)):
...     g.add_node(n, paper=Paper(n, n.upper(), ("X",), y, pages=10))
>>> sel = select_within_budget(g, ["t"], 120, pace=6)
>>> sel.chosen, [s.id for s in sel.left_out], sel.assumes_known["b"]
(('b', 't'), ['c', 'a'], ('a',))
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import LineageError

if TYPE_CHECKING:
    import networkx as nx

    from .plan import ReadingPlan

__all__ = ["SCORING", "BudgetTooSmall", "Scored", "BudgetSelection", "importance",
           "select_within_budget", "build_budget_plan"]

#: One-line description of the importance score, printed with every budgeted plan.
SCORING = ("importance = sum over the papers of this lineage that build directly on a paper "
           "of 2^-hops, hops = that paper's distance to the target (the target counts 1, "
           "its direct prerequisites 1/2, ...); ties: older first, then id. Chosen greedily "
           "from the target back: each step adds the most important paper that a chosen paper "
           "builds on directly and that still fits, so every chosen paper leads to the "
           "target; prerequisites left out are listed as assumed known.")


class BudgetTooSmall(LineageError):
    """The targets alone take longer than the budget."""

    def __init__(self, budget: int, needed: int, estimated: bool, targets: list[str]) -> None:
        from .timing import format_minutes

        self.budget, self.needed = budget, needed
        what = f"{targets[0]} alone takes" if len(targets) == 1 else "the targets alone take"
        super().__init__(
            f"a budget of {format_minutes(budget)} is less than {what} "
            f"({format_minutes(needed, estimated=estimated)}); give --budget of at least "
            f"{needed}m")


@dataclass(frozen=True)
class Scored:
    """One prerequisite with its importance, distance to the target and reading time."""

    id: str
    importance: float
    hops: int
    minutes: int
    estimated: bool


@dataclass(frozen=True)
class BudgetSelection:
    """What fits in ``budget`` minutes: ``chosen`` in reading order (targets included),
    ``left_out`` by decreasing importance, and for each chosen paper the direct
    prerequisites it assumes known (left-out papers it builds on), in reading order."""

    budget: int
    used: int
    estimated: bool
    chosen: tuple[str, ...]
    left_out: tuple[Scored, ...]
    scores: dict[str, Scored]
    assumes_known: dict[str, tuple[str, ...]]
    full_minutes: int

    @property
    def left_out_minutes(self) -> int:
        return sum(s.minutes for s in self.left_out)


def _lineage(graph: nx.DiGraph, targets: list[str], depth: int | None,
             kinds: Iterable[str] | None, follow: str = "core",
             ) -> tuple[list[str], dict[str, int], dict[str, list[str]]]:
    """The full reading order, each member's hops to the nearest target, and each member's
    direct prerequisites inside the lineage along followed edges."""
    from .links import CORE, lineage_order, role_of
    from .orders import hops_back

    order = lineage_order(graph, targets, follow=follow, depth=depth, kinds=kinds)
    members = set(order)
    allowed = set(kinds) if kinds is not None else None
    pred = graph.pred
    parents = {node: [p for p, attrs in pred[node].items()
                      if p in members and (allowed is None or attrs.get("kind") in allowed)
                      and (follow == "all" or role_of(attrs) == CORE)]
               for node in order}
    return order, hops_back(parents, targets), parents


def importance(graph: nx.DiGraph, targets: str | Iterable[str], *, depth: int | None = None,
               kinds: Iterable[str] | None = None, follow: str = "core") -> dict[str, float]:
    """The importance of every prerequisite of ``targets`` for reading them (see the module
    docstring): the sum, over papers of the lineage that build directly on it, of
    ``2 ** -hops`` of that paper.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "t"), ("a", "t")])
    >>> importance(g, "t")
    {'a': 1.5, 'b': 1.0}
    """
    targets = [targets] if isinstance(targets, str) else list(targets)
    order, hops, parents = _lineage(graph, targets, depth, kinds, follow)
    target_set = set(targets)
    score = {n: 0.0 for n in order if n not in target_set}
    for node in order:
        for parent in parents[node]:
            if parent in score:
                score[parent] += 2.0 ** -hops[node]
    return dict(sorted(score.items()))


def select_within_budget(graph: nx.DiGraph, targets: Iterable[str], budget: int, *,
                         depth: int | None = None, kinds: Iterable[str] | None = None,
                         pace: float | None = None, follow: str = "core") -> BudgetSelection:
    """Choose the most important papers of the targets' lineage that fit in ``budget``
    minutes (see the module docstring). Raises :class:`BudgetTooSmall` when the targets
    alone take longer."""
    from .timing import reading_time, resolve_pace

    targets = list(dict.fromkeys(targets))
    kinds = tuple(kinds) if kinds is not None else None
    pace = resolve_pace(pace)
    order, hops, parents = _lineage(graph, targets, depth, kinds, follow)
    nodes = graph.nodes
    times = {n: reading_time(nodes[n]["paper"], pace=pace) for n in order}
    base = sum(times[t].minutes for t in targets)
    if base > budget:
        raise BudgetTooSmall(budget, base, any(times[t].estimated for t in targets), targets)
    weights = importance(graph, targets, depth=depth, kinds=kinds, follow=follow)
    scores = {n: Scored(n, w, hops[n], times[n].minutes, times[n].estimated)
              for n, w in weights.items()}
    rank = {s.id: (-s.importance, nodes[s.id]["paper"].sort_key) for s in scores.values()}
    ranked = sorted(scores.values(), key=lambda s: rank[s.id])
    chosen = set(targets)
    left = budget - base
    # The frontier: papers a chosen paper builds on directly, best first. Adding only from it
    # keeps every chosen paper a direct prerequisite of a chosen one (the coherence rule).
    frontier: list[tuple[tuple, str]] = []
    offered: set[str] = set()

    def offer(node: str) -> None:
        for parent in parents[node]:
            if parent in scores and parent not in offered:
                offered.add(parent)
                heapq.heappush(frontier, (rank[parent], parent))

    for target in targets:
        offer(target)
    while frontier:
        node = heapq.heappop(frontier)[1]
        if times[node].minutes <= left:  # else it never fits: what is left only shrinks
            chosen.add(node)
            left -= times[node].minutes
            offer(node)
    reading = tuple(n for n in order if n in chosen)
    assumes = {n: tuple(p for p in order if p in parents[n] and p not in chosen)
               for n in reading}
    return BudgetSelection(
        budget=budget, used=budget - left,
        estimated=any(times[n].estimated for n in reading),
        chosen=reading, left_out=tuple(s for s in ranked if s.id not in chosen),
        scores=scores, assumes_known=assumes,
        full_minutes=sum(t.minutes for t in times.values()))


def build_budget_plan(graph: nx.DiGraph, targets: Iterable[str], budget: int, *,
                      depth: int | None = None, kinds: Iterable[str] | None = None,
                      pace: float | None = None, follow: str = "core") -> ReadingPlan:
    """A :class:`~lineage.analysis.plan.ReadingPlan` of :func:`select_within_budget`'s choice; the
    selection itself is in ``plan.extra["budget"]`` for the exporters."""
    from .plan import plan_from_order

    targets = list(dict.fromkeys(targets))
    selection = select_within_budget(graph, targets, budget, depth=depth, kinds=kinds, pace=pace,
                                     follow=follow)
    lineage = [*selection.chosen, *(s.id for s in selection.left_out)]
    plan = plan_from_order(graph, targets, list(selection.chosen), depth=depth, kinds=kinds,
                           pace=pace, follow=follow, lineage=lineage)
    plan.extra["budget"] = selection
    return plan
