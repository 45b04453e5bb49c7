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

from ..errors import DataError, not_utf8
from ..io.checklist import HEADING, MARKER, arxiv_ids
from .resolve import name_index, normalize, suggest

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ListEntry", "Violation", "ListReport", "read_list_lines", "resolve_entry",
           "match_items", "lint_list"]

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
    #: How the paper was found ("arXiv id 1706.03762", "a guess from the tag (ViT)" ...).
    how: str = ""
    #: True when found only from part of the line (see :func:`resolve_entry`).
    guess: bool = False
    #: Guesses refused because the rest of the line names another work: (id, from what).
    refused: list[tuple[str, str]] = field(default_factory=list)
    #: False when close matches were not searched for (past the first MAX_SUGGESTED unresolved).
    searched: bool = True


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
    #: Lines that are not entries, with the reason: (line, text, reason).
    skipped: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def guesses(self) -> list[ListEntry]:
        return [e for e in self.entries if e.id is not None and e.guess]

    def reordered_with_unresolved(self) -> list[ListEntry | str]:
        """:attr:`reordered`, with each unresolved entry kept after the entry that preceded
        it in the list (at the top when none did)."""
        after: dict[str | None, list[ListEntry]] = {}
        previous: str | None = None
        for e in self.entries:
            if e.id is None:
                after.setdefault(previous, []).append(e)
            elif e not in self.duplicates:
                previous = e.id
        out: list[ListEntry | str] = list(after.get(None, []))
        for node in self.reordered:
            out.append(node)
            out.extend(after.get(node, []))
        return out

    def violation_groups(self) -> list[tuple[str, int, list[Violation]]]:
        """The violations grouped by the paper listed too late: (id, its line, the entries
        above it that build on it), in list order."""
        groups: dict[str, list[Violation]] = {}
        for v in self.violations:
            groups.setdefault(v.builds_on, []).append(v)
        return sorted(((node, vs[0].builds_on_line, vs) for node, vs in groups.items()),
                      key=lambda g: g[1])

    @property
    def unresolved(self) -> list[ListEntry]:
        return [e for e in self.entries if e.id is None]

    @property
    def misplaced(self) -> list[str]:
        """Entries that come before some paper they build on, in list order."""
        return list(dict.fromkeys(v.paper for v in self.violations))


def read_list_lines(path: str | os.PathLike[str],
                    ) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
    """The entries of a reading list file as (line, text) pairs, and the lines that are not
    entries as (line, text, reason): no line but blank ones, headings and rules goes
    unmentioned.

    ``.yaml``/``.yml`` files must hold a list of strings; anything else is read as text or
    Markdown, one entry per line (a byte-order mark is ignored).
    """
    from ..io.files import read_bytes
    from ..words import visible

    name = str(path)
    # A regular file only, bounded: a FIFO would hang, /dev/zero would fill the memory.
    raw = read_bytes(path, what="a reading list") or b""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(not_utf8(exc), name) from None
    # Entries are echoed in every report: their control characters are shown, never sent.
    if Path(name).suffix.lower() in (".yaml", ".yml"):
        return [(line, visible(entry, keep="\t")) for line, entry in _yaml_entries(text, name)], []
    return _text_entries(visible(text, keep="\t\n\r"))


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


_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
#: An entry that counts only if it plainly names a paper starts with ``\x00why\x00``, ``why``
#: saying what the line is when it does not (see :func:`_text_entries`).
_TENTATIVE = re.compile(r"^\x00([^\x00]*)\x00")


def _tentative(reason: str, text: str) -> str:
    return f"\x00{reason}\x00{text}"


def _text_entries(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
    """Entries and skipped lines of a text or Markdown list.

    Bulleted lines (any depth) are entries; a bullet with bullets nested under it is marked
    a possible group heading, and in a bulleted file a plain line is marked prose: both are
    entries only when they name a paper (decided in :func:`lint_list`), else skipped with
    that reason. Without bullets every plain line is an entry. Table rows are entries (the
    header row and the rule under it are not).
    """
    raw = text.splitlines()
    out: list[tuple[int, str]] = []
    skipped: list[tuple[int, str, str]] = []
    fence = False
    candidates: list[tuple[int, int, str, str]] = []  # line, indent, kind, text
    for number, line in enumerate(raw, start=1):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence:
            if stripped:
                skipped.append((number, stripped, "inside a code block"))
            continue
        if not stripped or HEADING.match(line):
            continue
        if stripped.startswith("<!--"):
            skipped.append((number, stripped, "an HTML comment"))
            continue
        if _TABLE_RULE.match(stripped):
            if candidates and candidates[-1][2] == "table" and candidates[-1][0] == number - 1:
                head = candidates.pop()
                skipped.append((head[0], head[3], "a table's header row"))
            continue
        if set(stripped) <= set("-*_= "):
            continue  # a horizontal rule: markup, like a heading
        indent = len(line) - len(line.lstrip(" \t"))
        if stripped.startswith(">"):
            stripped = stripped.lstrip("> ").strip()
            if not stripped:
                continue
        if stripped.startswith("|") and stripped.count("|") >= 2:
            cells = [c.strip() for c in stripped.strip("|").split("|") if c.strip()]
            candidates.append((number, indent, "table", " | ".join(cells)))
        elif _BULLET.match(stripped):
            entry = _BULLET.sub("", stripped, count=1)
            entry = _BOX.sub("", entry, count=1).strip()
            candidates.append((number, indent, "bullet", entry))
        else:
            candidates.append((number, indent, "plain", stripped))
    bullets = [c for c in candidates if c[2] == "bullet"]
    base = min((c[1] for c in bullets), default=0)
    parent = 0
    for position, (number, indent, kind, entry) in enumerate(candidates):
        if not entry:
            skipped.append((number, raw[number - 1].strip(), "an empty item"))
            continue
        after = candidates[position + 1:position + 2]
        nested = bool(after) and after[0][2] == "bullet" and after[0][1] > indent
        if kind == "bullet" and indent <= base + 1:
            parent = number
            out.append((number, _tentative("a group heading (items are nested under it)", entry)
                        if nested else entry))
        elif kind == "bullet" or (kind == "plain" and bullets and indent > base + 1):
            out.append((number, _tentative(f"a note under line {parent}", entry)))
        elif kind == "plain" and bullets:
            out.append((number, _tentative("prose between the list's items", entry)))
        else:
            out.append((number, entry))
    skipped.sort()
    return out, skipped


_STOP = frozenset(["a", "an", "and", "the", "of", "for", "in", "on", "with", "to", "from", "by",
                   "via", "at", "is", "are", "as", "its", "into", "using", "towards", "toward",
                   "without", "over", "under"])
#: Abbreviations reading lists use, written out the way titles spell them.
_ABBREVIATIONS = {
    "llm": "large language model", "llms": "large language models", "lm": "language model",
    "lms": "language models", "nn": "neural network", "nns": "neural networks",
    "cnn": "convolutional neural network", "cnns": "convolutional neural networks",
    "rnn": "recurrent neural network", "rnns": "recurrent neural networks",
    "rl": "reinforcement learning", "rlhf": "reinforcement learning from human feedback",
    "nlp": "natural language processing", "gans": "generative adversarial networks",
}
#: British → American endings, applied to both sides of a comparison (so a rare false
#: "spelling" of an unrelated word only ever compares equal to itself).
_SPELLING = [(re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
             (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"), (re.compile(r"our(s|ed|ing)?$"), r"or\1"),
             (re.compile(r"ll(ing|ed|er|ers)$"), r"l\1"), (re.compile(r"tre(s)?$"), r"ter\1")]
_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{8,})[\"“”«»]")
_AUTHOR_YEAR = re.compile(
    r"^\s*(?P<name>[^\W\d_][\w'’-]+)(?:,\s*(?:[A-Z]\.\s*)+)?(?:,?\s+et\s+al\.?|\s+(?:and|&)\s+"
    r"[^\W\d_][\w'’-]+)?,?\s*\(?(?P<year>(?:19|20)\d\d)\)?")
#: Pages that name an arXiv paper by its id in their path.
_ARXIV_HOSTS = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html|format)|ar5iv(?:\.labs\.arxiv)?\.org/(?:abs|html)|"
    r"alphaxiv\.org/(?:abs|overview|pdf)|huggingface\.co/papers|semanticscholar\.org/arxiv|"
    r"doi\.org/10\.48550/arxiv\.|paperswithcode\.com/paper/arxiv)/?"
    r"(?P<id>\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_ANY_URL = re.compile(r"https?://[^\s<>)\]|\"']+", re.IGNORECASE)


def canonical(text: str) -> str:
    """A title's words with abbreviations written out, American spelling and no leading
    "The", run together: the key under which spelling variants of one title meet.

    >>> canonical("The Modelling of LLMs") == canonical("modeling of large language models")
    True
    """
    words = _WORD.findall(text.casefold())
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    out = []
    for word in words:
        for part in _ABBREVIATIONS.get(word, word).split():
            for pattern, repl in _SPELLING:
                part = pattern.sub(repl, part)
            out.append(part)
    return "".join(out)


def _significant(text: str) -> set[str]:
    return {canonical(w) for w in _WORD.findall(text.casefold())
            if len(w) >= 3 and w not in _STOP}


def _url_key(url: str) -> str:
    url = url.split("#", 1)[0].rstrip("/").casefold()
    url = re.sub(r"^https?://(?:www\.)?", "", url)
    return url


class Matcher:
    """The graph's names, spelling variants, links and first authors, indexed once to
    resolve many entries."""

    def __init__(self, graph: nx.DiGraph, index: dict[str, list[str]] | None = None) -> None:
        self.graph = graph
        self.index = index if index is not None else name_index(graph)
        self.canonical: dict[str, set[str]] = {}
        self.urls: dict[str, set[str]] = {}
        self.author_year: dict[tuple[str, int], set[str]] = {}
        self.titles: list[tuple[str, str]] | None = None
        for node, data in graph.nodes(data=True):
            paper = data["paper"]
            names = [paper.title, *paper.aliases]
            if ":" in paper.title:
                names.append(paper.title.split(":", 1)[0])
            for name in names:
                key = canonical(name)
                if len(key) >= 4:
                    self.canonical.setdefault(key, set()).add(node)
            if paper.url:
                self.urls.setdefault(_url_key(paper.url), set()).add(node)
            if paper.authors:
                surname = paper.authors[0].split()[-1] if paper.authors[0].split() else ""
                self.author_year.setdefault((normalize(surname), paper.year), set()).add(node)

    def exact(self, name: str) -> tuple[str | None, list[str]]:
        """(id, []) for a name of exactly one paper; (None, candidates) when ambiguous."""
        if name in self.graph:
            return name, []
        hits = self.index.get(normalize(name)) or self.canonical.get(canonical(name), ())
        if len(hits) == 1:
            return next(iter(hits)), []
        return None, sorted(hits)

    def prefix(self, name: str) -> str | None:
        """The one paper whose full title starts with a long enough ``name`` (a shortened
        title such as "Training Language Models to Follow Instructions")."""
        key = normalize(name)
        if len(key) < 20:
            return None
        if self.titles is None:  # sorted once: a prefix is then two lookups, not a scan
            self.titles = sorted((normalize(d["paper"].title), n)
                                 for n, d in self.graph.nodes(data=True))
        start = bisect.bisect_left(self.titles, (key, ""))
        hits = [n for title, n in self.titles[start:start + 2] if title.startswith(key)]
        return hits[0] if len(hits) == 1 else None

    def consistent(self, node: str, rest: str) -> bool:
        """Whether the words of an entry other than the part a guess matched on (``rest``)
        fit the paper guessed: most of its significant words are in the paper's title or
        aliases. "GLaM (MoE)" → MoE fails: "GLaM" names another work."""
        words = _significant(rest)
        if not words:
            return True
        paper = self.graph.nodes[node]["paper"]
        known = _significant(" ".join([paper.title, *paper.aliases, paper.id.replace("-", " ")]))
        return len(words & known) * 2 >= len(words)


def _names(text: str) -> tuple[list[str], str, list[tuple[str, str]]]:
    """The full names an entry gives (quoted title, table cells, bold title, link labels,
    the cleaned line, its part before a dash, that part without parentheses), that last
    "bare" part, and the fallbacks as (name, how): the part before a colon and
    parenthesised tags (not a year or a citation such as "(Vaswani et al., 2017)")."""
    from ..io.checklist import _BOLD, _LINK, _URL, _unescape

    text = MARKER.sub("", text)
    names: list[str] = [m.group(1).strip(" .,") for m in _QUOTED.finditer(text)]
    if " | " in text:
        names.extend(c.strip() for c in text.split(" | "))
    names.extend(_unescape(m.group(1) or m.group(2)) for m in _BOLD.finditer(text))
    names.extend(label for label in (_unescape(m.group(1)).strip() for m in _LINK.finditer(text))
                 if label.lower() not in ("arxiv", "link", "pdf", "paper", "abs", "html"))
    plain = _LINK.sub(lambda m: m.group(1), text)
    plain = _URL.sub("", plain)
    plain = _unescape(re.sub(r"\*\*|__|`", "", plain)).strip(" \t-–—:;,.")
    head = re.split(r"\s+[—–-]\s+|\s+\|\s+", plain)[0].strip()
    bare = re.sub(r"\s*\([^)]*\)", "", head).strip(" .,")
    names.extend([plain, head, bare])
    fallbacks: list[tuple[str, str]] = []
    if ":" in bare:
        fallbacks.append((bare.split(":", 1)[0].strip(), "the words before its colon"))
    for tag in (t.strip() for t in re.findall(r"\(([^)]*)\)", head)):
        if tag and not re.search(r"\b(?:19|20)\d\d[a-z]?$", tag):
            fallbacks.append((tag, f"the tag ({tag})"))
    return list(dict.fromkeys(n for n in names if n and normalize(n))), bare, fallbacks


#: Close matches are searched for this many unresolved entries of a list at most (each
#: search scans every name of the graph, too slow to run for every line of a long list).
MAX_SUGGESTED = 50
#: Only this much of an unresolved entry is compared for close matches.
_SUGGEST_CHARS = 200


def resolve_entry(graph: nx.DiGraph, text: str, *,
                  index: dict[str, list[str]] | None = None,
                  matcher: Matcher | None = None, guesses: bool = True,
                  suggestions: bool = True) -> ListEntry:
    """The paper one line of a list names, with how it was found (``entry.how``).

    Tried in turn: a ``<!-- lineage:ID -->`` marker; an arXiv id (bare, ``arXiv:``, or in an
    arxiv.org, ar5iv, alphaxiv, Hugging Face, arXiv DOI or Semantic Scholar link); a paper's
    own link; the names the line gives (bold or quoted title, link text, table cells, the
    line), exactly or up to abbreviations, British spelling and a leading "The"; a shortened
    title; the first author and year (``Kaplan et al. 2020``) when only one paper fits.
    Last, with ``guesses``, the words before a colon or a parenthesised tag: such a match is
    marked a guess, and refused when the rest of the line names something else.
    """
    m = matcher or Matcher(graph, index)
    marker = MARKER.search(text)
    if marker and marker.group(1) in graph:
        return ListEntry(0, text, id=marker.group(1), how="its lineage marker")
    ids = [match.group("id") for match in _ARXIV_HOSTS.finditer(text)] + arxiv_ids(text)
    for arxiv in dict.fromkeys(ids):
        hits = m.index.get(normalize(arxiv))
        if hits and len(hits) == 1:
            return ListEntry(0, text, id=hits[0], how=f"arXiv id {arxiv}")
    for url in _ANY_URL.findall(text):
        hits = m.urls.get(_url_key(url))
        if hits and len(hits) == 1:
            return ListEntry(0, text, id=next(iter(hits)), how="its link")
    names, bare, fallbacks = _names(text)
    ambiguous: list[str] = []
    for name in names:
        node, candidates = m.exact(name)
        if node is not None:
            return ListEntry(0, text, id=node, how="its name")
        if candidates and not ambiguous:
            ambiguous = candidates
    for name in names:
        node = m.prefix(name)
        if node is not None:
            return ListEntry(0, text, id=node, how="the start of its title")
    cited = _AUTHOR_YEAR.match(MARKER.sub("", text).lstrip("*_ "))
    if cited and not _QUOTED.search(text):
        hits = m.author_year.get((normalize(cited.group("name")), int(cited.group("year"))), set())
        if len(hits) == 1 and m.consistent(next(iter(hits)), text[cited.end():]):
            how = f"first author and year ({cited.group('name')}, {cited.group('year')})"
            return ListEntry(0, text, id=next(iter(hits)), how=how)
        if len(hits) > 1 and not ambiguous:
            ambiguous = sorted(hits)
    entry = ListEntry(0, text)
    if guesses:
        for name, how in fallbacks:
            node, _ = m.exact(name)
            node = node or m.prefix(name)
            if node is None:
                continue
            rest = bare.replace(name, " ") if name in bare else bare
            if m.consistent(node, rest):
                return ListEntry(0, text, id=node, how=f"a guess from {how}", guess=True)
            entry.refused.append((node, how))
    if ambiguous:
        entry.ambiguous, entry.suggestions = True, ambiguous[:5]
    else:
        seen: list[str] = [n for n, _ in entry.refused]
        for name in (names or [text]) if suggestions else ():
            seen.extend(s for s in suggest(graph, name[:_SUGGEST_CHARS], index=m.index)
                        if s not in seen)
        entry.suggestions = seen[:5]
        entry.searched = suggestions
    return entry


def match_items(graph: nx.DiGraph, items: list,  # type: ignore[type-arg]
                unticked: list[str] | None = None) -> tuple[list[str], list]:  # type: ignore[type-arg]
    """The ids of the ticked checklist ``items`` (each once, in order) and the items that
    match no paper; the ids of unticked items are appended to ``unticked`` when given."""
    matcher = Matcher(graph)
    ticked: list[str] = []
    unmatched = []
    for item in items:
        entry = resolve_entry(graph, _TEXT_ID.sub(r"\1", item.text), matcher=matcher,
                              guesses=False, suggestions=False)
        if entry.id is None:
            unmatched.append(item)
        elif item.ticked and entry.id not in ticked:
            ticked.append(entry.id)
        elif not item.ticked and unticked is not None and entry.id not in unticked:
            unticked.append(entry.id)
    return ticked, unmatched


#: ``lineage order``'s plain-text line ends ``Title (Author, 2017)  [id]  1 h``: the id is
#: the name to use when such a file is imported.
_TEXT_ID = re.compile(r"^.*\s\s\[([a-z0-9][a-z0-9-]*)\](?:\s\s.*)?$")


def lint_list(graph: nx.DiGraph, items: list[tuple[int, str]], *, file: str = "",
              skipped: list[tuple[int, str, str]] | None = None) -> ListReport:
    """Check a reading list (``(line, text)`` pairs, see :func:`read_list_lines`) against the graph.

    Missing prerequisites are every paper some entry needs along core links (as ``lineage
    order`` follows them, see :mod:`lineage.analysis.links`), directly or not, that the
    list lacks, ordered by how many entries need it (then by date). A violation is an entry
    placed before a paper it builds on, directly or through other papers. The re-ordered
    list respects those transitive relations: it is the entries' order within the reading
    order of the entries and all their prerequisites (:func:`lineage.analysis.orders.order_subset`).
    """
    from .links import core_links
    from .orders import _sort_keys, order_subset, prerequisites

    matcher = Matcher(graph)
    entries: list[ListEntry] = []
    ids: list[str] = []
    duplicates: list[ListEntry] = []
    line_of: dict[str, int] = {}
    skipped = list(skipped or [])
    unresolved = 0
    for number, text in items:
        tentative = _TENTATIVE.match(text)
        kind = tentative.group(1) if tentative else ""
        text = text[tentative.end():] if tentative else text
        # a heading-like bullet or a prose line counts only when it plainly names a paper
        entry = resolve_entry(graph, text, matcher=matcher, guesses=not kind,
                              suggestions=unresolved < MAX_SUGGESTED)
        unresolved += entry.id is None
        if kind and entry.id is None:
            skipped.append((number, text, kind + " that names no paper"))
            continue
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
    # Missing means what `lineage order` would add: papers needed along core links; a paper
    # cited only as context (a baseline, a benchmark) is true background, not a gap.
    core = core_links(graph)
    need: dict[str, list[str]] = {}
    for i in ids:
        for p in prerequisites(core, i) - members:
            need.setdefault(p, []).append(i)
    key = _sort_keys(graph)
    missing = sorted(need.items(), key=lambda kv: (-len(kv[1]), key(kv[0])))

    violations = []
    for position, i in enumerate(ids):
        for later in ids[position + 1:]:
            if later in ancestors[i]:
                violations.append(Violation(i, line_of[i], later, line_of[later],
                                            graph.has_edge(later, i)))
    everything = members.union(*ancestors.values()) if ids else set()
    reordered = [n for n in order_subset(graph, everything) if n in members]
    return ListReport(file, entries, ids, duplicates, missing, violations, reordered,
                      sorted(skipped))
