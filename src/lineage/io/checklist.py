"""Markdown checklists that round-trip: re-exporting over a file a reader has ticked and
annotated keeps their ticks and notes.

An item is a top-level task-list line (``- [ ]``, ``- [x]``, ``* [X]``, ``1. [x]`` …) and the
lines under it up to the next item or heading. Items are identified by the
``<!-- lineage:ID -->`` marker :mod:`lineage.formats.markdown` writes, else (for items a
person wrote or edited by hand, e.g. on GitHub) by an arXiv id or link, else by the
normalised title. Lines under an item other than the generated ``_Why:_`` / ``_Assumes
known:_`` lines are the reader's notes.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from ..analysis.resolve import normalize
from ..errors import DataError, LineageError, not_utf8
from ..model import ARXIV_NEW

__all__ = ["Item", "Checklist", "MergeResult", "parse_checklist", "merge_checklist", "merge_into_file",
           "read_checklist",
           "names_in_text", "arxiv_ids", "NO_LONGER", "ALREADY_READ"]

NO_LONGER = "No longer in this path"
ALREADY_READ = "Already read"
#: Sections the exporter writes; their text is regenerated on every export.
GENERATED_SECTIONS = {"left out", NO_LONGER.lower(), ALREADY_READ.lower()}
#: ... and the one whose heading names the targets ("Related, not needed to follow R1").
GENERATED_PREFIXES = ("related, not needed to follow",)

ITEM = re.compile(r"^(?P<lead> ?(?:[-*+]|\d{1,9}[.)])[ \t]+)\[(?P<box>[ xX])\](?P<rest>(?:[ \t].*)?)$")
HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*#*[ \t]*$")
MARKER = re.compile(r"<!--\s*lineage:\s*([^\s>]+?)\s*-->")
GENERATED_LINE = re.compile(r"^\s+[-*+]\s+_(?:Why|Assumes known):_")
_ARXIV = re.compile(rf"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*|(?<![\w./]))({ARXIV_NEW})(?:v\d+)?(?![\d])",
                    re.IGNORECASE)
_LINK = re.compile(r"!?\[((?:\\.|[^\]\\])*)\]\((?:<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_BOLD = re.compile(r"\*\*((?:\\.|[^*\\])+)\*\*|__((?:\\.|[^_\\])+)__")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # any escaped ASCII punctuation (CommonMark)
_URL = re.compile(r"<?https?://\S+>?")


@dataclass
class Item:
    """One task-list item of a checklist."""

    lineno: int  # 1-based
    line: str
    ticked: bool
    text: str
    body: list[str] = field(default_factory=list)
    section: str | None = None

    @property
    def marker(self) -> str | None:
        found = MARKER.search(self.text)
        return found.group(1) if found else None

    @property
    def notes(self) -> list[str]:
        """The reader's own lines under the item (generated lines left out, trailing blank
        lines dropped)."""
        return _strip_blank([line for line in self.body if not GENERATED_LINE.match(line)], leading=True)

    def with_tick(self, ticked: bool) -> str:
        match = ITEM.match(self.line)
        assert match is not None
        box = "x" if ticked else " "
        return f"{match.group('lead')}[{box}]{match.group('rest')}"


@dataclass
class Checklist:
    """A Markdown file split into the lines before the first item or section (``preamble``),
    the items, and the sections (heading line, then its non-item lines)."""

    preamble: list[str]
    items: list[Item]
    sections: list[tuple[str, list[str]]]


def parse_checklist(text: str) -> Checklist:
    """Split Markdown ``text`` into preamble, items and sections.

    >>> c = parse_checklist("# T\\n\\n- [x] **A** <!-- lineage:a -->\\n  my note\\n- [ ] B\\n")
    >>> [(i.marker, i.ticked, i.notes) for i in c.items]
    [('a', True, ['  my note']), (None, False, [])]
    """
    preamble: list[str] = []
    items: list[Item] = []
    sections: list[tuple[str, list[str]]] = []
    current: list[str] = preamble
    section: str | None = None
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if fence is not None or stripped.startswith(("```", "~~~")):  # a fenced code block
            if fence is None:
                fence = stripped[:3]
            elif stripped.startswith(fence):
                fence = None
            current.append(line)
            continue
        match = ITEM.match(line)
        if match:
            item = Item(number, line, match.group("box") in "xX", match.group("rest").strip(),
                        section=section)
            items.append(item)
            current = item.body
            continue
        heading = HEADING.match(line)
        if heading and (items or sections or len(heading.group("level")) >= 2):
            section = (heading.group("text") or "").strip()
            lines: list[str] = []
            sections.append((line, lines))
            current = lines
            continue
        current.append(line)
    return Checklist(preamble, items, sections)


def arxiv_ids(text: str) -> list[str]:
    """The arXiv ids in ``text`` (links, ``arXiv:`` ids, bare ids), version dropped."""
    return list(dict.fromkeys(m.group(1) for m in _ARXIV.finditer(text)))


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def names_in_text(text: str) -> list[str]:
    """The ways a line of a reading list may name a paper, most specific first: a bold
    title, link texts, the cleaned line, its part before `` — `` / `` (`` / ``:``, and any
    parenthesised name (``Training ... (InstructGPT)``).

    >>> names_in_text("**Attention Is All You Need** (Vaswani et al., 2017) — [arXiv](x)")
    ... # doctest: +NORMALIZE_WHITESPACE
    ['Attention Is All You Need', 'Attention Is All You Need (Vaswani et al., 2017) — arXiv',
     'Attention Is All You Need (Vaswani et al., 2017)', 'Vaswani et al., 2017']
    """
    text = MARKER.sub("", text)
    names = [_unescape(match.group(1) or match.group(2)) for match in _BOLD.finditer(text)]
    for match in _LINK.finditer(text):
        label = _unescape(match.group(1)).strip()
        if label.lower() not in ("arxiv", "link", "pdf", "paper", "abs"):
            names.append(label)
    plain = _LINK.sub(lambda m: m.group(1), text)
    plain = _URL.sub("", plain)
    plain = re.sub(r"\*\*|__|`", "", plain)
    plain = _unescape(plain).strip(" \t-–—:;,.")
    if plain:
        head = re.split(r"\s+[—–-]\s+|\s+\|\s+", plain)[0].strip()
        bare = re.sub(r"\s*\([^)]*\)", "", head).strip()
        names += [plain, head, bare]
        if ":" in bare:
            names.append(bare.split(":", 1)[0].strip())
        names.extend(p.strip() for p in re.findall(r"\(([^)]*)\)", head))
    return list(dict.fromkeys(name for name in names if name and normalize(name)))


@dataclass
class MergeResult:
    """A merged checklist and what the merge did."""

    text: str
    #: Ticks of the old file carried over (in the list or in a kept section).
    kept_ticks: int = 0
    #: Items whose notes were carried over.
    kept_notes: int = 0
    #: Ids of papers new in this export (added unticked unless read).
    added: list[str] = field(default_factory=list)
    #: Items of the old file moved to "No longer in this path" (their ids, or their text).
    moved: list[str] = field(default_factory=list)


def _matches(old: Checklist, new: Checklist) -> Iterator[tuple[Item, str | None]]:
    """Each item of ``old`` with the id of the item of ``new`` it stands for (None: none),
    found by its marker, else an arXiv id, else its title."""
    by_arxiv: dict[str, str] = {}
    by_title: dict[str, str] = {}
    for item in new.items:
        pid = item.marker
        if pid is None:
            continue
        for arxiv in arxiv_ids(item.text):
            by_arxiv.setdefault(arxiv, pid)
        names = names_in_text(item.text)
        if names:
            by_title.setdefault(normalize(names[0]), pid)
    fresh_ids = [i.marker for i in new.items if i.marker]
    for item in old.items:
        yield item, _identify(item, fresh_ids, by_arxiv, by_title)


def _identify(item: Item, ids: Collection[str], by_arxiv: dict[str, str],
              by_title: dict[str, str]) -> str | None:
    marker = item.marker
    if marker in ids:
        return marker
    for arxiv in arxiv_ids(item.text):
        if arxiv in by_arxiv:
            return by_arxiv[arxiv]
    for name in names_in_text(item.text):
        if normalize(name) in by_title:
            return by_title[normalize(name)]
    return None


def merge_checklist(old: str, new: str, *, read_elsewhere: Collection[str] = (),
                    name: str = "the file") -> MergeResult:
    """Merge a freshly rendered checklist ``new`` into the ``old`` text of the same file.

    Every old tick and note is kept: an item of ``new`` is ticked when it is ticked in
    either, and the reader's notes follow its generated lines; old items ``new`` lacks go
    to a "No longer in this path" section as they were written (or "Already read" when
    their id is in ``read_elsewhere``, e.g. an ``--unread`` export). Lines the reader added
    before the list and sections they wrote are kept too.

    For the items it contains, the file wins: an item unticked there stays unticked even
    when ``new`` ticks it (see :func:`checklist_ticks` for what to tell the reader).

    Raises :class:`LineageError` when ``old`` is not a Markdown checklist (see
    :func:`is_checklist`): merging, say, a plain-text order into a checklist would append
    every paper again, so such a file is not overwritten.
    """
    before = parse_checklist(old)
    if old.strip() and not is_checklist(old, before):
        raise LineageError(not_ours(name, old))
    after = parse_checklist(new)
    result = MergeResult("")

    matched: dict[str, list[Item]] = {}
    leftover: list[Item] = []
    for item, pid in _matches(before, after):
        if item.ticked:
            result.kept_ticks += 1
        if pid is None:
            leftover.append(item)
        else:
            matched.setdefault(pid, []).append(item)

    lines = new.splitlines()
    out: list[str] = []
    starts = {item.lineno: item for item in after.items}
    reader_preamble = _strip_blank([line for line in before.preamble
                                    if not line.startswith("# Reading order")
                                    and "Generated by `lineage`" not in line], leading=True)

    out.extend(_strip_blank(after.preamble))
    if reader_preamble:
        out.extend(["", *reader_preamble])
    if out:
        out.append("")
    index = len(after.preamble)
    while index < len(lines):
        number = index + 1
        item = starts.get(number)
        if item is None:
            out.append(lines[index])
            index += 1
            continue
        olds = matched.get(item.marker or "", [])
        if not olds:
            result.added.append(item.marker or item.text)
        out.append(item.with_tick(any(o.ticked for o in olds) if olds else item.ticked))
        body = _strip_blank(item.body)  # the reader's notes go before the blank lines
        out.extend(body)
        for o in olds:
            if o.notes:
                result.kept_notes += 1
                out.extend(o.notes)
        out.extend(item.body[len(body):])
        index += 1 + len(item.body)

    for heading, content in before.sections:
        match = HEADING.match(heading)
        text = (match.group("text") or "").strip().lower() if match else ""
        if text in GENERATED_SECTIONS or text.startswith(GENERATED_PREFIXES):
            continue
        _blank(out)
        out.extend([heading, *_strip_blank(content)])

    gone = [i for i in leftover if i.marker not in read_elsewhere]
    read = [i for i in leftover if i.marker in read_elsewhere]
    for title, intro, group in (
            (ALREADY_READ, "Papers of this path you have already read, as you left them.", read),
            (NO_LONGER, "Papers an earlier export listed that this one no longer includes, "
                        "kept with your ticks and notes.", gone)):
        if not group:
            continue
        _blank(out)
        out.extend([f"## {title}", "", f"_{intro}_", ""])
        for o in group:
            out.append(o.line)
            out.extend(_strip_blank(o.body))
    result.moved = [o.marker or o.text for o in gone]
    result.text = "\n".join(out).rstrip("\n") + "\n"
    return result


#: The first line of ``lineage order``'s plain-text output.
_TEXT_ORDER = re.compile(r"^Reading order for .*: \d+ papers?\b")


def is_checklist(text: str, parsed: Checklist | None = None) -> bool:
    """True when ``text`` is a Markdown checklist that may be merged into: one lineage wrote
    (an item marker or the generated header line), or a task list a person wrote. Not
    lineage's plain-text order (which has ``1. [ ]`` lines too) nor a file without items."""
    if MARKER.search(text) or "Generated by `lineage`" in text:
        return True
    first = next((line for line in text.splitlines() if line.strip()), "")
    if _TEXT_ORDER.match(first.strip()):
        return False
    return bool((parsed or parse_checklist(text)).items)


def not_ours(name: str, text: str = "") -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    what = ("is lineage's plain-text reading order, not a Markdown checklist"
            if _TEXT_ORDER.match(first.strip()) else
            "is not a Markdown checklist (it has no `- [ ]` items)")
    return (f"{name} {what}; refusing to merge into it or overwrite it. Write elsewhere, or "
            f"add --force to replace it (the old file is kept as {name}.bak). Its ticks can "
            f"be copied to your progress first: lineage import {name}")


def checklist_ticks(old: str, new: str) -> dict[str, bool]:
    """For each item of the fresh checklist ``new`` that the reader's file ``old`` also
    contains: whether it is ticked there (the file's word on what is read)."""
    ticks: dict[str, bool] = {}
    for item, pid in _matches(parse_checklist(old), parse_checklist(new)):
        if pid is not None:
            ticks[pid] = ticks.get(pid, False) or item.ticked
    return ticks


def read_existing(path: str | None, *, force: bool = False) -> str | None:
    """The text of the checklist at ``path`` to merge into, or None when there is nothing to
    merge (no path, stdout, no file, an empty file, or — with ``force`` — a file that is not
    a lineage checklist, which is first copied to ``path.bak``). Raises :class:`LineageError`
    for a file that is not a lineage checklist without ``force``."""
    import os
    import shutil

    from .files import read_bytes

    # Only a regular file holds ticks to keep: a FIFO, /dev/stdout or a terminal is written to.
    if not path or path == "-" or not os.path.isfile(path):
        return None
    raw = read_bytes(path, what="a Markdown checklist") or b""
    try:
        old = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not force:
            raise DataError(not_utf8(exc) + "; not overwritten", path) from None
        old = None
    if old is not None and (not old.strip() or is_checklist(old)):
        return old if old.strip() else None
    if not force:
        raise LineageError(not_ours(path, old or ""))
    shutil.copy2(path, path + ".bak")
    return None


def _strip_blank(lines: list[str], *, leading: bool = False) -> list[str]:
    """A copy of ``lines`` without its trailing blank lines (and leading ones with ``leading``)."""
    lines = list(lines)
    while lines and not lines[-1].strip():
        lines.pop()
    while leading and lines and not lines[0].strip():
        lines.pop(0)
    return lines


def _blank(out: list[str]) -> None:
    while out and not out[-1].strip():
        out.pop()
    out.append("")


def merge_into_file(path: str | None, text: str, *, read_elsewhere: Collection[str] = (),
                    old: str | None = None) -> tuple[str, str | None]:
    """When ``path`` is an existing lineage checklist (``old``: its text, read here when not
    given): ``text`` (a fresh checklist) merged into it, so the reader's ticks and notes
    survive, and a sentence saying what was kept. Otherwise ``text`` and None."""
    from ..words import plural

    if old is None:
        old = read_existing(path)
    if old is None:
        return text, None
    assert path is not None
    merged = merge_checklist(old, text, read_elsewhere=read_elsewhere, name=path)
    message = (f"merged into {path}: kept {plural(merged.kept_ticks, 'tick')} and the notes "
               f"of {plural(merged.kept_notes, 'item')}; {plural(len(merged.added), 'paper')} "
               "added")
    if merged.moved:
        message += f"; {len(merged.moved)} moved to \"{NO_LONGER}\""
    return merged.text, message


def read_checklist(path: str) -> Checklist:
    """The checklist in the file at ``path``."""
    from .files import read_bytes

    raw = read_bytes(path, what="a Markdown checklist") or b""
    try:
        # utf-8-sig: an editor's byte-order mark must not hide the first item.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(not_utf8(exc), path) from None
    return parse_checklist(text)
