"""Reading lists people already have, checked against the graph (``lineage lint-list``).

A list is a text or Markdown file with one paper per line (a title, an arXiv id or link, or
an id; bullets, numbers and checkboxes are ignored, and so are headings, blank lines and
lines indented deeper than the entries, which are taken as notes), or a YAML list of such
strings. :func:`lint_list` resolves every entry, finds the prerequisites the list lacks and
the entries placed before a paper they build on, and re-orders the list.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError, UnknownNameError, not_utf8
from ..io.checklist import HEADING, MARKER, arxiv_ids, names_in_text
from .resolve import name_index, normalize, resolve, suggest

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ListEntry", "Violation", "ListReport", "read_list", "resolve_entry", "match_items",
           "lint_list"]

_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,9}[.)])\s+")
_BOX = re.compile(r"^\[[ xX]\]\s*")


@dataclass
class ListEntry:
    """One line of the list and the paper it names (``id`` None when unresolved)."""

    line: int
    text: str
    id: str | None = None
    suggestions: list[str] = field(default_factory=list)
    ambiguous: bool = False


@dataclass(frozen=True)
class Violation:
    """``paper`` (at ``line``) comes before ``builds_on`` (at ``builds_on_line``), which it
    builds on — directly when ``direct``, else through other papers."""

    paper: str
    line: int
    builds_on: str
    builds_on_line: int
    direct: bool


@dataclass
class ListReport:
    file: str
    entries: list[ListEntry]
    #: Resolved ids in list order, first occurrence only.
    ids: list[str]
    #: Entries naming a paper an earlier entry already named.
    duplicates: list[ListEntry]
    #: Papers the entries build on (transitively) that the list lacks: (id, entries needing
    #: it in list order), most needed first.
    missing: list[tuple[str, list[str]]]
    violations: list[Violation]
    #: The resolved entries in a valid reading order.
    reordered: list[str]

    @property
    def unresolved(self) -> list[ListEntry]:
        return [e for e in self.entries if e.id is None]

    @property
    def misplaced(self) -> list[str]:
        """Entries that come before some paper they build on, in list order."""
        return list(dict.fromkeys(v.paper for v in self.violations))


def read_list(path: str | os.PathLike[str]) -> list[tuple[int, str]]:
    """The entries of a reading list file as (line, text) pairs.

    ``.yaml``/``.yml`` files must hold a list of strings; anything else is read as text or
    Markdown, one entry per line.
    """
    from ..io.files import read_bytes
    from ..words import visible

    name = str(path)
    raw = read_bytes(path, what="a reading list") or b""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(not_utf8(exc), name) from None
    if Path(name).suffix.lower() in (".yaml", ".yml"):
        entries = _yaml_entries(text, name)
    else:
        entries = _text_entries(text)
    # Entries are echoed in every report: control characters are shown, never sent.
    return [(line, visible(entry.replace("\t", " "))) for line, entry in entries]


def _yaml_entries(text: str, name: str) -> list[tuple[int, str]]:
    import yaml

    from ..io.yaml_reader import _refuse_aliases, _safe_loader, compose

    root = compose(_safe_loader()(text), name, text=text)
    if root is None:
        return []
    _refuse_aliases(root, name, text)
    if not isinstance(root, yaml.SequenceNode):
        raise DataError("a YAML reading list must be a list (`- title` lines)", name,
                        root.start_mark.line + 1, root.start_mark.column + 1)
    out = []
    for node in root.value:
        if not isinstance(node, yaml.ScalarNode):
            raise DataError("each item must be a title, arXiv id or link, or paper id", name,
                            node.start_mark.line + 1, node.start_mark.column + 1)
        # The scalar as written: `1706.03762` must not become the float 1706.03762.
        if node.value.strip():
            out.append((node.start_mark.line + 1, node.value.strip()))
    return out


def _text_entries(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, int, str]] = []
    fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or not stripped or HEADING.match(line) or stripped.startswith(("<!--", ">")):
            continue
        if set(stripped) <= set("-*_=|: "):  # rules and table borders
            continue
        lines.append((number, len(line) - len(line.lstrip(" \t")), line))
    # In a Markdown list the entries are its items; prose around them is not an entry.
    bulleted = [t for t in lines if _BULLET.match(t[2])]
    if bulleted:
        lines = bulleted
    if not lines:
        return []
    base = min(indent for _, indent, _ in lines)
    out = []
    for number, indent, line in lines:
        if indent > base + 1:  # a note under an entry
            continue
        entry = _BULLET.sub("", line.strip(), count=1)
        entry = _BOX.sub("", entry, count=1).strip()
        if entry:
            out.append((number, entry))
    return out


#: Close matches are searched for this many unresolved entries at most (each search scans
#: every name of the graph): a 10 MB list of unknown titles took minutes before the cap.
MAX_SUGGESTED = 200
#: Only this much of an unresolved entry is compared for close matches.
_SUGGEST_CHARS = 200


def resolve_entry(graph: nx.DiGraph, text: str, *,
                  index: dict[str, list[str]] | None = None,
                  titles: list[tuple[str, str]] | None = None,
                  suggestions: bool = True) -> ListEntry:
    entry = ListEntry(0, text)
    marker = MARKER.search(text)
    if marker and marker.group(1) in graph:
        entry.id = marker.group(1)
        return entry
    for arxiv in arxiv_ids(text):
        try:
            entry.id = resolve(graph, arxiv, index=index, suggestions=False)
            return entry
        except UnknownNameError:
            pass
    names = names_in_text(text) or [text]
    ambiguous: list[str] = []
    for name in names:
        try:
            entry.id = resolve(graph, name, index=index, suggestions=False)
            return entry
        except UnknownNameError as exc:
            if exc.ambiguous and not ambiguous:
                ambiguous = exc.suggestions
    prefixed = _title_prefix(graph, names, titles)
    if prefixed:
        entry.id = prefixed
        return entry
    if ambiguous:
        entry.ambiguous, entry.suggestions = True, ambiguous
    elif suggestions:
        seen: list[str] = []
        for name in names:
            seen.extend(s for s in suggest(graph, name[:_SUGGEST_CHARS], index=index)
                        if s not in seen)
        entry.suggestions = seen[:5]
    return entry


def match_items(graph: nx.DiGraph, items: list) -> tuple[list[str], list]:  # type: ignore[type-arg]
    """The ids of the ticked checklist ``items`` (each once, in order) and the items that
    match no paper."""
    index = name_index(graph)
    titles = title_keys(graph)
    ticked: list[str] = []
    unmatched = []
    for item in items:
        entry = resolve_entry(graph, item.text, index=index, titles=titles, suggestions=False)
        if entry.id is None:
            unmatched.append(item)
        elif item.ticked and entry.id not in ticked:
            ticked.append(entry.id)
    return ticked, unmatched


def title_keys(graph: nx.DiGraph) -> list[tuple[str, str]]:
    """Every paper's normalised title with its id, sorted, computed once per list: a prefix
    is then found by bisection instead of a scan of every title per entry."""
    return sorted((normalize(d["paper"].title), n) for n, d in graph.nodes(data=True))


def _title_prefix(graph: nx.DiGraph, names: list[str],
                  titles: list[tuple[str, str]] | None = None) -> str | None:
    """The one paper whose full title starts with a long enough name (a shortened title
    such as "Training Language Models to Follow Instructions")."""
    if titles is None:
        titles = title_keys(graph)
    for name in names:
        key = normalize(name)
        if len(key) < 20:
            continue
        start = bisect.bisect_left(titles, (key, ""))
        hits = [n for title, n in titles[start:start + 2] if title.startswith(key)]
        if len(hits) == 1:
            return hits[0]
    return None


def lint_list(graph: nx.DiGraph, items: list[tuple[int, str]], *, file: str = "") -> ListReport:
    """Check a reading list (``(line, text)`` pairs, see :func:`read_list`) against the graph.

    Missing prerequisites are every paper some entry builds on, directly or not, that the
    list lacks, ordered by how many entries need it (then by date). A violation is an entry
    placed before a paper it builds on, directly or through other papers. The re-ordered
    list respects those transitive relations: it is the entries' order within the reading
    order of the entries and all their prerequisites (:func:`lineage.analysis.orders.order_subset`).
    """
    from .orders import _sort_key, order_subset, prerequisites

    index = name_index(graph)
    titles = title_keys(graph)
    entries: list[ListEntry] = []
    ids: list[str] = []
    duplicates: list[ListEntry] = []
    line_of: dict[str, int] = {}
    unresolved = 0
    for number, text in items:
        entry = resolve_entry(graph, text, index=index, titles=titles,
                              suggestions=unresolved < MAX_SUGGESTED)
        unresolved += entry.id is None
        entry.line = number
        entries.append(entry)
        if entry.id is None:
            continue
        if entry.id in line_of:
            duplicates.append(entry)
            continue
        line_of[entry.id] = number
        ids.append(entry.id)

    ancestors = {i: prerequisites(graph, i) for i in ids}
    members = set(ids)
    need: dict[str, list[str]] = {}
    for i in ids:
        for p in ancestors[i] - members:
            need.setdefault(p, []).append(i)
    missing = sorted(need.items(), key=lambda kv: (-len(kv[1]), _sort_key(graph, kv[0])))

    violations = []
    for position, i in enumerate(ids):
        for later in ids[position + 1:]:
            if later in ancestors[i]:
                violations.append(Violation(i, line_of[i], later, line_of[later],
                                            graph.has_edge(later, i)))
    everything = members.union(*ancestors.values()) if ids else set()
    reordered = [n for n in order_subset(graph, everything) if n in members]
    return ListReport(file, entries, ids, duplicates, missing, violations, reordered)
