"""A reading plan: the ordered papers for some targets, with what each is needed for.

This is the model every exporter renders; building it is the only place that joins the
graph analysis with the papers' records.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, overload

from .analysis import reading_order
from .model import Paper

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["PlanEntry", "PlanEntries", "ReadingPlan", "build_plan", "plan_from_order"]


@dataclass(frozen=True)
class PlanEntry:
    position: int
    paper: Paper
    needed_by: tuple[Paper, ...]
    is_target: bool = False
    read: bool = False
    #: Reading time in minutes (see :mod:`lineage.timing`); ``estimated`` when the paper's
    #: length is unknown and the default was assumed.
    minutes: int | None = None
    estimated: bool = False


class PlanEntries(Sequence[PlanEntry]):
    """A plan's entries in reading order, each built the first time it is asked for.

    Building an entry means finding the later papers that need it — a look at every link out
    of the paper, more than half a second for a 100k-paper plan. Built on demand, a stretch of
    a long plan is built by the worker process that renders it (:mod:`lineage.parallel`),
    and the plan's totals come from the reading times alone. Equal to the tuple of the same
    entries; iterating builds (and keeps) them all.
    """

    __slots__ = ("_graph", "_nodes", "_positions", "_position", "_papers", "_targets",
                 "_read", "_minutes", "_estimated", "_built")

    def __init__(self, graph: nx.DiGraph, order: list[str], nodes: list[str],
                 positions: list[int], targets: Collection[str], read: Collection[str],
                 minutes: list[int | None], estimated: list[bool]) -> None:
        self._graph = graph
        self._nodes = nodes
        self._positions = positions
        self._position = {node: i for i, node in enumerate(order)}
        node_data = graph._node  # the plain dict: a million NodeView lookups cost seconds
        self._papers = [node_data[node]["paper"] for node in order]
        self._targets = frozenset(targets)
        self._read = frozenset(read)
        self._minutes = minutes
        self._estimated = estimated
        self._built: list[PlanEntry | None] = [None] * len(nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    @overload
    def __getitem__(self, index: int) -> PlanEntry: ...

    @overload
    def __getitem__(self, index: slice) -> PlanEntries: ...

    def __getitem__(self, index: int | slice) -> PlanEntry | PlanEntries:
        if isinstance(index, slice):  # a stretch, built when it is iterated (by whoever renders it)
            return self._stretch(index)
        if index < 0:
            index += len(self._nodes)
        if not 0 <= index < len(self._nodes):
            raise IndexError("plan entry index out of range")
        return self._build(range(index, index + 1))[0]

    def __iter__(self) -> Iterator[PlanEntry]:
        return iter(self._build(range(len(self._nodes))))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (PlanEntries, tuple, list)):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<PlanEntries: {len(self)} papers>"

    def _build(self, indexes: range) -> list[PlanEntry]:
        built, nodes, papers, succ = self._built, self._nodes, self._papers, self._graph._succ
        position = self._position
        is_member, at, paper_at = position.__contains__, position.__getitem__, papers.__getitem__
        out = []
        append = out.append
        for i in indexes:
            entry = built[i]
            if entry is None:
                node = nodes[i]
                # The later papers of the order that build on this one, in reading order: their
                # positions, filtered and sorted in C.
                users = sorted(map(at, filter(is_member, succ[node])))
                entry = built[i] = PlanEntry(
                    self._positions[i], paper_at(position[node]), tuple(map(paper_at, users)),
                    node in self._targets, node in self._read, self._minutes[i],
                    self._estimated[i])
            append(entry)
        return out

    def marked(self, read: Collection[str], *, unread_only: bool = False) -> PlanEntries:
        """The same entries with ``read`` as the read marks (without those, with
        ``unread_only``); positions stay those of the full order."""
        read = frozenset(read)
        keep = [i for i, node in enumerate(self._nodes) if not (unread_only and node in read)]
        return self._copy(keep, read)

    def _stretch(self, index: slice) -> PlanEntries:
        if index.step not in (None, 1):
            return self._copy(list(range(len(self._nodes))[index]), self._read)
        start, stop, _ = index.indices(len(self._nodes))
        copy = self._copy(None, self._read)
        copy._nodes, copy._positions = self._nodes[start:stop], self._positions[start:stop]
        copy._minutes, copy._estimated = self._minutes[start:stop], self._estimated[start:stop]
        copy._built = self._built[start:stop]
        return copy

    def _copy(self, keep: list[int] | None, read: frozenset[str]) -> PlanEntries:
        """These entries (those at ``keep``) with ``read`` as the read marks."""
        copy = PlanEntries.__new__(PlanEntries)
        copy._graph, copy._position, copy._papers = self._graph, self._position, self._papers
        copy._targets, copy._read = self._targets, read
        if keep is not None:
            copy._nodes = [self._nodes[i] for i in keep]
            copy._positions = [self._positions[i] for i in keep]
            copy._minutes = [self._minutes[i] for i in keep]
            copy._estimated = [self._estimated[i] for i in keep]
            copy._built = [None] * len(keep)
        return copy

    # The plan's totals without building an entry.
    def reading_facts(self) -> tuple[list[bool], list[int | None], list[bool]]:
        """Per entry: read?, minutes, estimated?"""
        read = self._read
        return [node in read for node in self._nodes], self._minutes, self._estimated

    def link_counts(self) -> list[int]:
        """Per entry, how many papers build on it in the whole graph."""
        succ = self._graph._succ
        return [len(succ[node]) for node in self._nodes]


def link_counts(entries: Sequence[PlanEntry]) -> list[int]:
    """Per entry, its needed-by count, or for lazy entries an upper bound of it (how many
    papers build on it in the whole graph): a measure of the work of building and rendering
    the entry, without building it."""
    if isinstance(entries, PlanEntries):
        return entries.link_counts()
    return [len(e.needed_by) for e in entries]


def reading_facts(entries: Sequence[PlanEntry]) -> tuple[list[bool], list[int | None], list[bool]]:
    """Per entry of ``entries``: read?, minutes, estimated? — without building lazy entries."""
    if isinstance(entries, PlanEntries):
        return entries.reading_facts()
    return [e.read for e in entries], [e.minutes for e in entries], [e.estimated for e in entries]


@dataclass(frozen=True)
class ReadingPlan:
    targets: tuple[Paper, ...]
    #: A tuple, or :class:`PlanEntries` (built on demand) from :func:`build_plan`.
    entries: Sequence[PlanEntry]
    depth: int | None = None
    kinds: tuple[str, ...] | None = None
    extra: dict[str, object] = field(default_factory=dict)
    #: Minutes per page the entries' times were computed with.
    pace: float | None = None

    @property
    def title(self) -> str:
        names = [t.aliases[0] if t.aliases else t.title for t in self.targets]
        return ", ".join(names)

    @property
    def read_count(self) -> int:
        return sum(reading_facts(self.entries)[0])

    @property
    def total_minutes(self) -> int:
        """Minutes to read every entry."""
        return sum(m or 0 for m in reading_facts(self.entries)[1])

    @property
    def left_minutes(self) -> int:
        """Minutes to read the entries not yet read."""
        read, minutes, _ = reading_facts(self.entries)
        return sum(m or 0 for m, r in zip(minutes, read, strict=True) if not r)

    @property
    def estimated(self) -> bool:
        """True when some entry's time rests on an assumed length (shown as ``~``)."""
        return any(reading_facts(self.entries)[2])

    @property
    def left_estimated(self) -> bool:
        """True when some unread entry's time rests on an assumed length."""
        read, _, estimated = reading_facts(self.entries)
        return any(e for e, r in zip(estimated, read, strict=True) if not r)


def build_plan(graph: nx.DiGraph, targets: Iterable[str], *, depth: int | None = None,
               kinds: Iterable[str] | None = None, read: Collection[str] = (),
               unread_only: bool = False, pace: float | None = None) -> ReadingPlan:
    """Plan the reading of ``targets`` (ids): order, needed-by links, read marks and
    reading times at ``pace`` minutes per page (default: ``$LINEAGE_PACE``, else 6).

    With ``unread_only`` the papers in ``read`` are left out (positions stay those of the
    full order, so a reader can still find their place).
    """
    targets = list(targets)
    kinds_t = tuple(kinds) if kinds is not None else None
    order = reading_order(graph, targets, depth=depth, kinds=kinds_t)
    return plan_from_order(graph, targets, order, depth=depth, kinds=kinds_t, read=read,
                           unread_only=unread_only, pace=pace)


def plan_from_order(graph: nx.DiGraph, targets: Iterable[str], order: list[str], *,
                    depth: int | None = None, kinds: Iterable[str] | None = None,
                    read: Collection[str] = (), unread_only: bool = False,
                    pace: float | None = None) -> ReadingPlan:
    """A plan over an already computed reading ``order`` (e.g. a budgeted subset)."""
    from .timing import reading_times, resolve_pace

    targets = list(targets)
    kinds_t = tuple(kinds) if kinds is not None else None
    pace = resolve_pace(pace)
    nodes = graph.nodes
    node_data = graph._node  # the plain dict: a million NodeView lookups cost seconds
    kept = [(position, node) for position, node in enumerate(order, start=1)
            if not (unread_only and node in read)]
    time_of = reading_times(pace=pace)
    times = [time_of(node_data[node]["paper"]) for _, node in kept]
    minutes = [t.minutes for t in times]
    estimated = [t.estimated for t in times]
    entries = PlanEntries(graph, order, [node for _, node in kept], [p for p, _ in kept],
                          targets, read, minutes, estimated)
    return ReadingPlan(tuple(nodes[t]["paper"] for t in targets), entries, depth, kinds_t,
                       pace=pace)
