"""The reading order as an RIS file (the tagged format every reference manager imports).

One record per paper in reading order: ``TY`` (``GEN``, generic), ``ID`` (the citation key
BibTeX uses), ``TI``, one ``AU`` per author as "Surname, Given", ``PY``/``DA``, ``UR``,
``KW`` per topic, ``N1`` (position in the order and what the paper is needed for) and
``ER``. RIS has no escaping: a value is the rest of its line, so whitespace runs (newlines
included) are collapsed to one space.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..analysis.plan import ReadingPlan
from ..model import Paper
from ..naming import citation_keys, clean, real_authors, split_name
from .references import reading_note

__all__ = ["render", "record"]


def _line(tag: str, value: object) -> str:
    return f"{tag}  - {clean(str(value))}\r\n"


def record(paper: Paper, key: str, *, note: str | None = None) -> str:
    """One RIS record for ``paper``."""
    out = [_line("TY", "GEN"), _line("ID", key), _line("TI", paper.title)]
    for author in real_authors(paper):
        surname, given = split_name(author)
        out.append(_line("AU", f"{surname}, {given}" if given else surname))
    out.append(_line("PY", paper.year))
    if paper.month:
        out.append(_line("DA", f"{paper.year}/{paper.month:02d}"))
    if paper.link:
        out.append(_line("UR", paper.link))
    if paper.arxiv:
        out.append(_line("AN", f"arXiv:{paper.arxiv}"))
    for topic in paper.topics:
        out.append(_line("KW", topic))
    if note:
        out.append(_line("N1", note))
    out.append("ER  - \r\n")
    return "".join(out)


def render(plan: ReadingPlan, *, key_papers: Iterable[Paper] | None = None) -> str:
    """The plan as RIS records in reading order (CRLF line ends, as the RIS spec asks)."""
    keys = citation_keys([*(e.paper for e in plan.entries), *(key_papers or ())])
    return "\r\n".join(record(e.paper, keys[e.paper.id], note=reading_note(e, plan))
                       for e in plan.entries)
