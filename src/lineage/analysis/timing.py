"""Reading-time estimates: how long a paper, or a reading plan, takes to read.

A paper's time is, in order of preference:

1. its own ``minutes`` field, when a curator set one (a textbook chapter, a blog post);
2. ``pages`` × pace, where ``pages`` counts the main text only (no references or
   appendices) and the pace is :data:`DEFAULT_PACE` = 6 minutes per page, overridable by
   ``--pace N`` on the command line or ``$LINEAGE_PACE``;
3. otherwise :data:`DEFAULT_PAGES` = 12 pages × pace. Such a time is a guess about the
   paper's length, not just about the reader's speed, so outputs mark it (and every total
   that includes it) with a leading ``~``.

All times are whole minutes (rounded half up). :func:`format_minutes` prints them the way
the CLI does: ``45 min``, ``2 h 30 min`` (under ten hours), ``38 h`` (whole hours above).

>>> from lineage.model import Paper
>>> p = Paper("x", "X", ("A",), 2020, pages=9)
>>> reading_time(p, pace=6).minutes, reading_time(p, pace=6).estimated
(54, False)
>>> format_minutes(150), format_minutes(150, estimated=True), format_minutes(2290)
('2 h 30 min', '~2 h 30 min', '38 h')
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import LineageError
from ..model import Paper
from ..words import plural

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "reading_times",
    "DEFAULT_PACE", "DEFAULT_PAGES", "PACE_ENV", "ReadingTime", "reading_time",
    "resolve_pace", "total_time", "format_minutes", "parse_duration", "plan_summary",
    "pace_note",
]

#: Minutes per page of main text when neither ``--pace`` nor ``$LINEAGE_PACE`` says otherwise.
DEFAULT_PACE = 6.0
#: Pages assumed for a paper whose record has neither ``pages`` nor ``minutes``: about the
#: main text of a conference paper plus its figures. Times based on it are marked ``~``.
DEFAULT_PAGES = 12
#: The slowest pace accepted, from ``--pace`` and ``$LINEAGE_PACE`` alike.
MAX_PACE = 1000.0
#: Environment variable that overrides :data:`DEFAULT_PACE`.
PACE_ENV = "LINEAGE_PACE"


@dataclass(frozen=True)
class ReadingTime:
    """Minutes to read something, and what the number rests on.

    ``basis`` is ``"minutes"`` (the record's own field), ``"pages"`` (its page count × pace)
    or ``"default"`` (:data:`DEFAULT_PAGES` × pace: the paper's length is unknown).
    """

    minutes: int
    basis: str

    @property
    def estimated(self) -> bool:
        """True when the length of the paper itself was assumed."""
        return self.basis == "default"


def _round(value: float) -> int:
    return int(math.floor(value + 0.5))


def reading_time(paper: Paper, *, pace: float | None = None) -> ReadingTime:
    """The time to read ``paper`` at ``pace`` minutes per page (default: :func:`resolve_pace`)."""
    if paper.minutes is not None:
        return ReadingTime(paper.minutes, "minutes")
    pace = resolve_pace(pace)
    if paper.pages is not None:
        return ReadingTime(_round(paper.pages * pace), "pages")
    return ReadingTime(_round(DEFAULT_PAGES * pace), "default")


def reading_times(*, pace: float | None = None) -> Callable[[Paper], ReadingTime]:
    """:func:`reading_time` at ``pace`` as a function that computes each distinct length once
    (a long plan has only a handful of distinct lengths).

    >>> time_of = reading_times(pace=6)
    >>> time_of(Paper("a", "A", ("X",), 2020, pages=10)).minutes
    60
    """
    pace = resolve_pace(pace)
    known: dict[tuple[int | None, int | None], ReadingTime] = {}

    def time_of(paper: Paper) -> ReadingTime:
        length = (paper.minutes, paper.pages)
        time = known.get(length)
        if time is None:
            time = known[length] = reading_time(paper, pace=pace)
        return time

    return time_of


def resolve_pace(pace: float | None = None, environ: Mapping[str, str] | None = None) -> float:
    """``pace`` when given, else ``$LINEAGE_PACE`` when set, else :data:`DEFAULT_PACE`.

    Raises :class:`LineageError` when the value is not a positive number.
    """
    source = "pace"
    if pace is None:
        text = (os.environ if environ is None else environ).get(PACE_ENV, "").strip()
        if not text:
            return DEFAULT_PACE
        source = f"${PACE_ENV}"
        try:
            pace = float(text)
        except ValueError:
            raise LineageError(f"{source} must be minutes per page, e.g. 6; got {text!r}") from None
    if not math.isfinite(pace) or pace <= 0:
        raise LineageError(f"{source} must be a positive number of minutes per page; got {pace}")
    if pace > MAX_PACE:  # the range --pace allows; far above it totals overflow
        raise LineageError(f"{source} must be at most {MAX_PACE:g} minutes per page; got {pace:g}")
    return float(pace)


def total_time(graph: nx.DiGraph, ids: Iterable[str], *,
               pace: float | None = None) -> ReadingTime:
    """The summed time of the papers ``ids`` of ``graph``; ``basis`` is ``"default"`` when
    any of them is an estimate, else ``"pages"`` (callers only need ``.estimated``).

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("a", paper=Paper("a", "A", ("X",), 2020, pages=10))
    >>> g.add_node("b", paper=Paper("b", "B", ("X",), 2021, minutes=30))
    >>> total_time(g, ["a", "b"], pace=6)
    ReadingTime(minutes=90, basis='pages')
    """
    pace = resolve_pace(pace)
    times = [reading_time(graph.nodes[node]["paper"], pace=pace) for node in ids]
    estimated = any(t.estimated for t in times)
    return ReadingTime(sum(t.minutes for t in times), "default" if estimated else "pages")


def format_minutes(minutes: int, *, estimated: bool = False) -> str:
    """``45 min``, ``1 h``, ``2 h 30 min``; from ten hours on, whole hours (``38 h``).
    A leading ``~`` when ``estimated``."""
    prefix = "~" if estimated else ""
    if minutes < 60:
        return f"{prefix}{minutes} min"
    if minutes >= 600:
        return f"{prefix}{_round(minutes / 60)} h"
    hours, rest = divmod(minutes, 60)
    return f"{prefix}{hours} h" + (f" {rest} min" if rest else "")


_DURATION = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?|\.\d+)\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(?P<m>\d+(?:\.\d+)?|\.\d+)\s*m(?:in(?:utes?|s)?)?)?$", re.IGNORECASE)


def parse_duration(text: str) -> int:
    """Minutes in a duration such as ``90m``, ``10h``, ``1.5h`` or ``2h30m`` (rounded to
    the nearest minute). A bare number is refused: minutes or hours would be a guess.

    >>> [parse_duration(t) for t in ("90m", "10h", "1.5h", "2h30m", "2h 30min")]
    [90, 600, 90, 150, 150]
    """
    match = _DURATION.match(text.strip())
    if not text.strip() or not match or not (match["h"] or match["m"]):
        raise ValueError(f"{text!r} is not a duration; write e.g. 90m, 10h, 1.5h or 2h30m")
    hours = float(match["h"] or 0)
    minutes = float(match["m"] or 0)
    return _round(hours * 60 + minutes)


def plan_summary(plan) -> str:  # type: ignore[no-untyped-def]
    """``31 papers, ~38 h`` — with read marks ``31 papers, ~38 h; 12 read, ~22 h left``.

    Takes a :class:`~lineage.analysis.plan.ReadingPlan` (or anything with its ``entries``,
    ``read_count``, ``total_minutes``, ``left_minutes``, ``estimated`` and
    ``left_estimated``).
    """
    text = (f"{plural(len(plan.entries), 'paper')}, "
            f"{format_minutes(plan.total_minutes, estimated=plan.estimated)}")
    if plan.read_count:
        text += (f"; {plan.read_count} read, "
                 f"{format_minutes(plan.left_minutes, estimated=plan.left_estimated)} left")
    return text


def pace_note(plan) -> str:  # type: ignore[no-untyped-def]
    """How the times were computed, e.g. ``at 6 min/page; ~ = length unknown, 12 pages assumed``."""
    pace = plan.pace if plan.pace is not None else DEFAULT_PACE
    note = f"at {pace:g} min/page"
    if plan.estimated:
        note += f"; ~ = page count unknown, {DEFAULT_PAGES} pages assumed"
    return note
