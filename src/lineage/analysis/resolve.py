"""Find a paper from whatever name a reader types: id, alias, arXiv id or link, or title,
ignoring case and punctuation."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from ..errors import UnknownNameError
from ..model import ARXIV_NEW

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["normalize", "resolve", "resolve_many", "name_index"]

_ARXIV_IN_TEXT = re.compile(rf"(?:https?://)?(?:www\.)?(?:arxiv\.org/(?:abs|pdf)/|arxiv:)?({ARXIV_NEW})(?:v\d+)?(?:\.pdf)?",
                            re.IGNORECASE)


def normalize(name: str) -> str:
    """Lower-case and drop everything but letters and digits.

    >>> normalize("DeepSeek-R1"), normalize("deepseek r1"), normalize(" Deepseek_R1! ")
    ('deepseekr1', 'deepseekr1', 'deepseekr1')
    """
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def name_index(graph: nx.DiGraph) -> dict[str, list[str]]:
    """Map every normalised name (id, alias, arXiv id, title) to the ids it can mean.

    Built from the graph as it is now: pass it to :func:`resolve` to resolve many names.
    """
    index: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        paper = data["paper"]
        names = [paper.id, paper.title, *paper.aliases]
        if paper.arxiv:
            names.append(paper.arxiv)
        if ":" in paper.title:  # "DeepSeek-R1: Incentivizing ..." is also "DeepSeek-R1"
            names.append(paper.title.split(":", 1)[0])
        for name in names:
            key = normalize(name)
            if key:
                ids = index.setdefault(key, [])
                if node not in ids:
                    ids.append(node)
    return index


def resolve(graph: nx.DiGraph, name: str, *, index: dict[str, list[str]] | None = None,
            suggestions: bool = True) -> str:
    """The id of the one paper ``name`` means (``index``: the graph's :func:`name_index`,
    built here when not given).

    Raises :class:`UnknownNameError` with up to five close matches when nothing matches
    (none without ``suggestions``: the search scans every name, too slow to run for each
    line of a long list), or with the candidates when the name fits several papers.
    """
    if name in graph:
        return name
    match = _ARXIV_IN_TEXT.fullmatch(name.strip())
    key = normalize(match.group(1) if match else name)
    if index is None:
        index = name_index(graph)
    ids = index.get(key)
    if ids and len(ids) == 1:
        return ids[0]
    if ids:
        raise UnknownNameError(name, sorted(ids)[:5], ambiguous=True)
    raise UnknownNameError(name, suggest(graph, name, index=index) if suggestions else [])


def resolve_many(graph: nx.DiGraph, names: list[str] | tuple[str, ...]) -> list[str]:
    """Resolve each name, keeping order and dropping repeats."""
    out: list[str] = []
    index = None if all(name in graph for name in names) else name_index(graph)
    for name in names:
        node = resolve(graph, name, index=index)
        if node not in out:
            out.append(node)
    return out


def suggest(graph: nx.DiGraph, name: str, limit: int = 5, *,
            index: dict[str, list[str]] | None = None) -> list[str]:
    """Up to ``limit`` ids whose names look like ``name``: substring hits first, then
    fuzzy matches."""
    key = normalize(name)
    if index is None:
        index = name_index(graph)
    found: list[str] = []
    if key:
        for candidate, ids in index.items():
            if key in candidate:
                found.extend(i for i in ids if i not in found)
                if len(found) >= limit:
                    return sorted(found)[:limit]
    for candidate in difflib.get_close_matches(key, list(index), n=limit * 2, cutoff=0.6):
        found.extend(i for i in index[candidate] if i not in found)
    return found[:limit]


def resolve_words(graph: nx.DiGraph, names: list[str] | tuple[str, ...],
                  ) -> tuple[list[str], str | None]:
    """:func:`resolve_many`, forgiving a name typed without quotes: when the names do not
    all resolve but the words joined with spaces name exactly one paper (``lineage order
    deepseek r1``), that paper, with a note saying so. Otherwise the first error, with a
    hint to quote a name made of several words.
    """
    try:
        return resolve_many(graph, names), None
    except UnknownNameError as exc:
        if len(names) < 2:
            raise
        joined = " ".join(names)
        try:
            node = resolve(graph, joined)
        except UnknownNameError:
            exc.args = (f"{exc.args[0]} (a name with spaces needs quotes: "
                        f"lineage order \"{joined}\")",)
            raise exc from None
        return [node], f"read {joined!r} as one name: {node} (quote names with spaces)"
