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
* **Selection.** Greedy, most important first: each paper is added when it still fits in
  what is left of the budget, otherwise skipped (a smaller, less important one may still
  fit). Never over budget; every left-out paper was longer than what was left when its
  turn came, so the choice is the best one in importance order (it prefers one more important
  paper to any number of less important ones), not the largest total score.
* **Prerequisites are not forced in.** A paper is chosen without the papers it builds on
  when those did not make the cut (requiring all of them would spend the whole budget on the
  oldest foundations, never reaching the target's own lineage). Instead the plan says, for
  each chosen paper, which of its direct prerequisites it *assumes known*, and lists every
  left-out paper with its score.
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
           "its direct prerequisites 1/2, ...); ties: older first, then id. Chosen greedily, "
           "most important first, while it fits; prerequisites left out are listed as "
           "assumed known.")


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
             kinds: Iterable[str] | None) -> tuple[list[str], dict[str, int], dict[str, list[str]]]:
    """The full reading order, each member's hops to the nearest target, and each member's
    direct prerequisites inside the lineage along followed edges."""
    from .orders import _kind, reading_order

    order = reading_order(graph, targets, depth=depth, kinds=kinds)
    members = set(order)
    allowed = set(kinds) if kinds is not None else None
    parents: dict[str, list[str]] = {}
    for node in order:
        parents[node] = [p for p, attrs in graph.pred[node].items()
                         if p in members and (allowed is None or _kind(attrs) in allowed)]
    hops = {t: 0 for t in targets}
    frontier = list(dict.fromkeys(targets))
    while frontier:  # breadth-first back from the targets along followed edges
        nxt = []
        for node in frontier:
            for parent in parents[node]:
                if parent not in hops:
                    hops[parent] = hops[node] + 1
                    nxt.append(parent)
        frontier = nxt
    return order, hops, parents


def importance(graph: nx.DiGraph, targets: str | Iterable[str], *, depth: int | None = None,
               kinds: Iterable[str] | None = None) -> dict[str, float]:
    """The importance of every prerequisite of ``targets`` for reading them (see the module
    docstring): the sum, over papers of the lineage that build directly on it, of
    ``2 ** -hops`` of that paper.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "t"), ("a", "t")])
    >>> importance(g, "t")
    {'a': 1.5, 'b': 1.0}
    """
    targets = [targets] if isinstance(targets, str) else list(targets)
    order, hops, parents = _lineage(graph, targets, depth, kinds)
    target_set = set(targets)
    score = {n: 0.0 for n in order if n not in target_set}
    for node in order:
        for parent in parents[node]:
            if parent in score:
                score[parent] += 2.0 ** -hops[node]
    return dict(sorted(score.items()))


def select_within_budget(graph: nx.DiGraph, targets: Iterable[str], budget: int, *,
                         depth: int | None = None, kinds: Iterable[str] | None = None,
                         pace: float | None = None) -> BudgetSelection:
    """Choose the most important papers of the targets' lineage that fit in ``budget``
    minutes (see the module docstring). Raises :class:`BudgetTooSmall` when the targets
    alone take longer."""
    from .timing import reading_time, resolve_pace

    targets = list(dict.fromkeys(targets))
    kinds = tuple(kinds) if kinds is not None else None
    pace = resolve_pace(pace)
    order, hops, parents = _lineage(graph, targets, depth, kinds)
    nodes = graph.nodes
    times = {n: reading_time(nodes[n]["paper"], pace=pace) for n in order}
    base = sum(times[t].minutes for t in targets)
    if base > budget:
        raise BudgetTooSmall(budget, base, any(times[t].estimated for t in targets), targets)
    weights = importance(graph, targets, depth=depth, kinds=kinds)
    scores = {n: Scored(n, w, hops[n], times[n].minutes, times[n].estimated)
              for n, w in weights.items()}
    ranked = sorted(scores.values(),
                    key=lambda s: (-s.importance, nodes[s.id]["paper"].sort_key))
    chosen = set(targets)
    left = budget - base
    for item in ranked:
        if item.minutes <= left:
            chosen.add(item.id)
            left -= item.minutes
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
                      pace: float | None = None) -> ReadingPlan:
    """A :class:`~lineage.analysis.plan.ReadingPlan` of :func:`select_within_budget`'s choice; the
    selection itself is in ``plan.extra["budget"]`` for the exporters."""
    from .plan import plan_from_order

    targets = list(dict.fromkeys(targets))
    selection = select_within_budget(graph, targets, budget, depth=depth, kinds=kinds, pace=pace)
    plan = plan_from_order(graph, targets, list(selection.chosen), depth=depth, kinds=kinds,
                           pace=pace)
    plan.extra["budget"] = selection
    return plan
