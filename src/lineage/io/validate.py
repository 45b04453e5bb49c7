"""Check raw records against the schema and the graph's rules; build Paper/Edge records.

Every finding is a :class:`~lineage.errors.Problem` located by file and line. Errors make
the graph unusable; warnings (unknown fields, missing recommended fields) do not, unless
the caller is strict.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable
from typing import Any

from ..errors import Problem
from ..model import ARXIV_ID, EDGE_FIELDS, EDGE_KINDS, EDGE_ROLES, PAPER_FIELDS, TOPICS, WORK_TYPES, Edge, Paper
from .yaml_reader import RawRecord

__all__ = ["validate_records", "find_cycle"]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Characters no field may hold: control characters other than newline and tab (a terminal
#: runs escape sequences it is sent — a title could recolour, retitle or write to the
#: clipboard of whoever prints it) and the bidirectional overrides that make text display
#: in another order than it reads.
CONTROL_PATTERN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ARXIV_PATTERN = re.compile(rf"^{ARXIV_ID}(?:v\d+)?$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
RECOMMENDED = ("summary", "why", "topics")


def validate_records(paper_records: Iterable[RawRecord], edge_records: Iterable[RawRecord],
                     ) -> tuple[list[Paper], list[Edge], list[Problem]]:
    """Turn raw records into papers and edges, collecting every problem found.

    Records with errors are left out of the returned lists, so the caller can still report
    everything at once. Graph-level rules checked here: duplicate ids, edges naming unknown
    papers, self-loops, duplicate edges, edges pointing forward in time and cycles.
    """
    problems: list[Problem] = []
    papers: list[Paper] = []
    by_id: dict[str, Paper] = {}
    invalid_ids: set[str] = set()  # papers already reported; their edges are not re-reported
    for record in paper_records:
        paper = _paper_from_record(record, problems)
        if paper is None:
            raw_id = record.data.get("id")
            if isinstance(raw_id, str):
                invalid_ids.add(raw_id)
            continue
        if paper.id in by_id:
            first = by_id[paper.id]
            problems.append(_error(record, f"duplicate paper id {paper.id!r} (first defined "
                                   f"on line {first.line})", "id"))
            continue
        by_id[paper.id] = paper
        papers.append(paper)

    edges: list[Edge] = []
    seen: dict[tuple[str, str], Edge] = {}
    edges_file: str | None = None
    for record in edge_records:
        edges_file = record.file
        edge = _edge_from_record(record, problems)
        if edge is None:
            continue
        if {edge.paper, edge.builds_on} & invalid_ids:
            continue
        unknown = [key for key in ("paper", "builds_on") if getattr(edge, key) not in by_id]
        for key in unknown:
            name = getattr(edge, key)
            problems.append(_error(record, f"edge names unknown paper {name!r}{_suggest(name, by_id)}", key))
        if unknown:
            continue
        if edge.paper == edge.builds_on:
            problems.append(_error(record, f"paper {edge.paper!r} cannot build on itself", "builds_on"))
            continue
        pair = (edge.builds_on, edge.paper)
        if pair in seen:
            problems.append(_error(record, f"duplicate edge {edge.paper} builds on {edge.builds_on} "
                                   f"(first on line {seen[pair].line})", "paper"))
            continue
        later, earlier = by_id[edge.paper], by_id[edge.builds_on]
        if _when(earlier) > _when(later):
            problems.append(_error(
                record, f"{edge.paper} ({_date(later)}) cannot build on the later paper "
                f"{edge.builds_on} ({_date(earlier)})", "builds_on"))
            continue
        seen[pair] = edge
        edges.append(edge)

    cycle = find_cycle(edges)
    if cycle:
        first = next(e for e in edges if e.paper == cycle[0] and e.builds_on == cycle[1])
        problems.append(Problem("error", "cycle: " + " → ".join(cycle) +
                                "  (each builds on the next)", edges_file, first.line))
    return papers, edges, problems


def find_cycle(edges: Iterable[Edge]) -> list[str] | None:
    """A cycle of "builds on" relations as ``[a, b, ..., a]`` (a builds on b ...), or None.

    An iterative depth-first search, linear in papers + edges (networkx's ``find_cycle``
    restarts its search from every node: quadratic on a large acyclic graph).

    >>> find_cycle([Edge("a", "b"), Edge("b", "c"), Edge("c", "a")])
    ['a', 'b', 'c', 'a']
    >>> find_cycle([Edge("a", "b")]) is None
    True
    """
    builds_on: dict[str, list[str]] = {}
    for edge in edges:
        builds_on.setdefault(edge.paper, []).append(edge.builds_on)
    done: set[str] = set()
    for root in builds_on:
        if root in done:
            continue
        path = [root]
        on_path = {root: 0}
        todo = [iter(builds_on.get(root, ()))]
        while todo:
            step = next(todo[-1], None)
            if step is None:
                node = path.pop()
                del on_path[node]
                done.add(node)
                todo.pop()
                continue
            if step in on_path:
                nodes = path[on_path[step]:]
                start = nodes.index(min(nodes))  # start at the smallest id so the message is stable
                nodes = nodes[start:] + nodes[:start]
                return nodes + [nodes[0]]
            if step in done:
                continue
            on_path[step] = len(path)
            path.append(step)
            todo.append(iter(builds_on.get(step, ())))
    return None


def _has_error(problems: list[Problem], since: int) -> bool:
    return any(p.severity == "error" for p in problems[since:])


def _when(paper: Paper) -> tuple[int, int]:
    return (paper.year, paper.month or 0)


def _date(paper: Paper) -> str:
    return f"{paper.year}-{paper.month:02d}" if paper.month else str(paper.year)


def _error(record: RawRecord, message: str, key: str | None = None) -> Problem:
    return Problem("error", message, record.file, record.line_of(key) if key else record.line)


def _warning(record: RawRecord, message: str, key: str | None = None) -> Problem:
    return Problem("warning", message, record.file, record.line_of(key) if key else record.line)


def _suggest(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(name), list(choices), n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _unknown(what: str, value: str, known: Collection[str]) -> str:
    return f"unknown {what} {value!r}{_suggest(value, known)} (known: {', '.join(known)})"


def _check_fields(record: RawRecord, allowed: dict[str, bool], what: str,
                  problems: list[Problem]) -> bool:
    ok = True
    for key, line in record.duplicate_keys:
        problems.append(Problem("error", f"field {key!r} appears twice in one {what}",
                                record.file, line))
        ok = False
    for key in record.data:
        if key not in allowed:
            problems.append(_warning(record, f"unknown field {key!r} in {what}"
                                     + _suggest(key, allowed), key))
    for key, required in allowed.items():
        if required and key not in record.data:
            problems.append(_error(record, f"{what} is missing required field {key!r}"))
            ok = False
    return ok


def _string(record: RawRecord, key: str, problems: list[Problem], *, required: bool) -> str | None:
    value = record.data.get(key)
    if value is None:
        if required and key in record.data:
            problems.append(_error(record, f"field {key!r} is empty", key))
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        problems.append(_error(record, f"field {key!r} must be text, got {_type(value)}", key))
        return None
    text = str(value).strip()
    if required and not text:
        problems.append(_error(record, f"field {key!r} is empty", key))
        return None
    if not _printable(record, key, text, problems):
        return None
    return text


def _printable(record: RawRecord, key: str, text: str, problems: list[Problem]) -> bool:
    found = CONTROL_PATTERN.search(text)
    if found is None:
        return True
    problems.append(_error(record, f"field {key!r} holds the control character "
                           f"U+{ord(found.group()):04X}, which a terminal would act on", key))
    return False


def _int(record: RawRecord, key: str, problems: list[Problem], lo: int, hi: int) -> int | None:
    value = record.data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(_error(record, f"field {key!r} must be a whole number, got "
                               f"{_type(value)} {value!r}", key))
        return None
    if not lo <= value <= hi:
        problems.append(_error(record, f"field {key!r} must be between {lo} and {hi}, "
                               f"got {value}", key))
        return None
    return value


def _string_list(record: RawRecord, key: str, problems: list[Problem]) -> tuple[str, ...] | None:
    value = record.data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        problems.append(_error(record, f"field {key!r} must be a list (e.g. [{value!r}]), "
                               "got text", key))
        return None
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) and
                                              not isinstance(v, bool) for v in value):
        problems.append(_error(record, f"field {key!r} must be a list of text", key))
        return None
    items = tuple(str(v).strip() for v in value)
    if not all(_printable(record, key, item, problems) for item in items):
        return None
    return items


def _type(value: Any) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def _paper_from_record(record: RawRecord, problems: list[Problem]) -> Paper | None:
    before = len(problems)
    if not _check_fields(record, PAPER_FIELDS, "paper", problems):
        return None
    paper_id = _string(record, "id", problems, required=True)
    if paper_id is not None and not ID_PATTERN.match(paper_id):
        problems.append(_error(record, f"id {paper_id!r} must be a slug: lowercase letters, "
                               "digits and '-', starting with a letter or digit", "id"))
    title = _string(record, "title", problems, required=True)
    authors = _string_list(record, "authors", problems)
    if authors == ():
        problems.append(_error(record, "field 'authors' must list at least one author", "authors"))
    year = _int(record, "year", problems, 1000, 2100)
    month = _int(record, "month", problems, 1, 12)
    arxiv = _string(record, "arxiv", problems, required=False)
    if arxiv is not None and not ARXIV_PATTERN.match(arxiv):
        problems.append(_error(record, f"arxiv {arxiv!r} is not an arXiv id like '1706.03762'",
                               "arxiv"))
    url = _string(record, "url", problems, required=False)
    if url is not None and not URL_PATTERN.match(url):
        problems.append(_error(record, f"url {url!r} must be an http:// or https:// address",
                               "url"))
    if not arxiv and not url:
        problems.append(_error(record, "paper needs an 'arxiv' id or a 'url'"))
    topics = _string_list(record, "topics", problems)
    for topic in topics or ():
        if topic not in TOPICS:
            problems.append(_error(record, _unknown("topic", topic, TOPICS), "topics"))
    aliases = _string_list(record, "aliases", problems)
    summary = _string(record, "summary", problems, required=False)
    why = _string(record, "why", problems, required=False)
    pages = _int(record, "pages", problems, 1, 5000)
    minutes = _int(record, "minutes", problems, 1, 100000)
    verified = record.data.get("verified", True)
    if not isinstance(verified, bool):
        problems.append(_error(record, "field 'verified' must be true or false", "verified"))
    work_type = _string(record, "type", problems, required=False) or "paper"
    if work_type not in WORK_TYPES:
        problems.append(_error(record, _unknown("type", work_type, WORK_TYPES), "type"))
    if _has_error(problems, since=before):
        return None
    for key in RECOMMENDED:
        if not record.data.get(key):
            problems.append(_warning(record, f"paper {paper_id!r} has no {key!r}"))
    assert paper_id and title and authors and year is not None
    return Paper(id=paper_id, title=title, authors=authors, year=year, month=month,
                 arxiv=arxiv, url=url, topics=topics or (), aliases=aliases or (),
                 summary=summary or "", why=why or "", pages=pages, minutes=minutes,
                 verified=bool(verified), type=work_type, line=record.line)


def _edge_from_record(record: RawRecord, problems: list[Problem]) -> Edge | None:
    before = len(problems)
    if not _check_fields(record, EDGE_FIELDS, "edge", problems):
        return None
    paper = _string(record, "paper", problems, required=True)
    builds_on = _string(record, "builds_on", problems, required=True)
    why = _string(record, "why", problems, required=False)
    kind = _string(record, "kind", problems, required=False)
    if kind is not None and kind not in EDGE_KINDS:
        problems.append(_error(record, _unknown("edge kind", kind, EDGE_KINDS), "kind"))
    role = _string(record, "role", problems, required=False) or "core"
    if role not in EDGE_ROLES:
        problems.append(_error(record, f"edge role must be one of {', '.join(EDGE_ROLES)}, got {role!r}",
                               "role"))
    if _has_error(problems, since=before):
        return None
    if not why:
        problems.append(_warning(record, f"edge {paper} → {builds_on} has no 'why'"))
    elif why == "TODO":
        problems.append(_warning(record, f"edge {paper} → {builds_on}: why is TODO (from `lineage "
                                 "propose`); say in one line what it takes", "why"))
    assert paper and builds_on
    return Edge(paper=paper, builds_on=builds_on, why=why or "", kind=kind, line=record.line, role=role)
