"""Grow the graph from a BibTeX library: ``lineage add --bibtex FILE``.

:func:`propose` reads a ``.bib`` file with bibtexparser (v2) and turns each entry into a new
paper record (id, title, authors, year, month, arxiv or url), skipping entries that are
already in the graph (same arXiv id, or same title ignoring case and punctuation) and
entries that cannot become a valid record. :func:`append_records` adds the new records to
the end of ``papers.yaml`` as text, so every existing byte (comments, formatting) stays as
it was, and refuses to write anything unless the appended records pass validation.
Edges are never guessed.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analysis.resolve import normalize
from ..errors import DataError, LineageError, Problem, ValidationFailed
from ..model import ARXIV_ID, ARXIV_NEW, Paper
from ..naming import citation_key, clean, free_key
from .validate import URL_PATTERN, validate_records

__all__ = ["Proposal", "Skip", "ImportResult", "propose", "render_records", "append_records",
           "editable_graph", "papers_without_edges"]

_MONTHS = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_ARXIV_ID = re.compile(rf"^(?:arxiv:)?({ARXIV_ID})(?:v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(rf"arxiv\.org/(?:abs|pdf)/({ARXIV_ID})(?:v\d+)?", re.IGNORECASE)
_ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.({ARXIV_NEW})$", re.IGNORECASE)


@dataclass(frozen=True)
class Proposal:
    """A new paper record proposed from the BibTeX entry ``key`` (line ``line``)."""

    key: str
    line: int
    record: dict[str, Any]


@dataclass(frozen=True)
class Skip:
    """A BibTeX entry (or unparsable block) left out, and why."""

    key: str
    line: int
    reason: str


@dataclass
class ImportResult:
    proposals: list[Proposal] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


def _decoder():  # type: ignore[no-untyped-def]
    """pylatexenc's LaTeX → text converter, knowing the text commands our BibTeX export writes."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()  # a fresh copy each call: safe to extend
    db.add_context_category("lineage-text-commands", prepend=True, macros=[
        MacroTextSpec(name, simplify_repl=text) for name, text in (
            ("textbraceleft", "{"), ("textbraceright", "}"), ("textbackslash", "\\"),
            ("textasciitilde", "~"), ("textasciicircum", "^"), ("textless", "<"),
            ("textgreater", ">"), ("textbar", "|"))])
    converter = LatexNodes2Text(latex_context=db, math_mode="verbatim", keep_braced_groups=False)
    return lambda text: clean(converter.latex_to_text(text))


def _arxiv_of(fields: dict[str, Any]) -> str | None:
    """The arXiv id of the first field that gives one: eprint, a link, the DOI, a note."""
    eprint = str(fields.get("eprint", "")).strip()
    prefix = str(fields.get("archiveprefix", fields.get("eprinttype", "arxiv"))).strip().lower()
    found = [
        _ARXIV_ID.match(eprint) if eprint and prefix == "arxiv" else None,
        *(_ARXIV_URL.search(str(fields.get(name, ""))) for name in ("url", "pdf", "link")),
        _ARXIV_DOI.match(str(fields.get("doi", "")).strip()),
        *(re.search(rf"arxiv[:\s]*({ARXIV_NEW})", str(fields.get(name, "")), re.IGNORECASE)
          for name in ("journal", "note", "howpublished")),
    ]
    return next((match.group(1) for match in found if match), None)


def _url_of(fields: dict[str, Any]) -> str | None:
    for name in ("url", "howpublished"):
        url = str(fields.get(name, "")).strip()
        if url.startswith("\\url{") and url.endswith("}"):
            url = url[5:-1]
        if URL_PATTERN.match(url):
            return url
    doi = str(fields.get("doi", "")).strip()
    if doi.startswith("10."):
        return "https://doi.org/" + doi
    return None


def _year_month(fields: dict[str, Any]) -> tuple[int | None, int | None]:
    year: int | None = None
    month: int | None = None
    raw_year = re.search(r"\d{4}", str(fields.get("year", "")))
    date = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?", str(fields.get("date", "")))
    if raw_year:
        year = int(raw_year.group(0))
    elif date:
        year = int(date.group(1))
    raw_month = str(fields.get("month", "")).strip().lower().rstrip(".")
    if raw_month.isdigit() and 1 <= int(raw_month) <= 12:
        month = int(raw_month)
    elif raw_month[:3] in _MONTHS:
        month = _MONTHS[raw_month[:3]]
    elif date and date.group(2) and 1 <= int(date.group(2)) <= 12:
        month = int(date.group(2))
    return year, month


def _authors(names: list[Any], decode) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    others = False
    for name in names:
        text = decode(name.merge_first_name_first) if hasattr(name, "merge_first_name_first") \
            else decode(str(name))
        if text.lower() == "others":
            others = True
        elif text:
            out.append(text)
    if len(out) > 6:  # the graph's convention: the full list up to six, else three and et al.
        out, others = out[:3], True
    return out + (["et al."] if others and out else [])


def _existing_names(records: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str], set[str]]:
    by_arxiv: dict[str, str] = {}
    by_title: dict[str, str] = {}
    ids: set[str] = set()
    for data in records:
        pid = str(data.get("id", ""))
        ids.add(pid)
        arxiv = data.get("arxiv")
        if arxiv:
            by_arxiv[re.sub(r"v\d+$", "", str(arxiv)).lower()] = pid
        if data.get("title"):
            by_title[normalize(str(data["title"]))] = pid
    return by_arxiv, by_title, ids


def propose(bib_text: str, existing: list[dict[str, Any]]) -> ImportResult:
    """New paper records for the entries of ``bib_text`` that ``existing`` (the raw records
    of papers.yaml) does not already hold.

    >>> bib = '@article{v, title={Attention Is All You Need}, author={Vaswani, Ashish}, '\\
    ...       'year=2017, eprint={1706.03762}, archivePrefix={arXiv}}'
    >>> propose(bib, []).proposals[0].record["id"]
    'vaswani2017attention'
    >>> propose(bib, [{"id": "transformer", "arxiv": "1706.03762"}]).skipped[0].reason
    'already in the graph as transformer (same arXiv id 1706.03762)'
    """
    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # failures are reported below, per block
    try:
        library = bibtexparser.parse_string(
            bib_text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    finally:
        logger.setLevel(level)
    decode = _decoder()
    by_arxiv, by_title, taken = _existing_names(existing)
    result = ImportResult()
    for block in library.failed_blocks:
        head = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)", getattr(block, "raw", None) or "")
        key = getattr(block, "key", None) or (head.group(1) if head else "?")
        what = "duplicate entry key" if type(block).__name__ == "DuplicateBlockKeyBlock" \
            else "could not be parsed as BibTeX"
        result.skipped.append(Skip(str(key), (block.start_line or 0) + 1, what))
    seen_arxiv: dict[str, str] = {}
    seen_title: dict[str, str] = {}
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        fields = {f.key.lower(): f.value for f in entry.fields}
        title = decode(str(fields.get("title", "")))
        authors = _authors(fields.get("author") or fields.get("editor") or [], decode)
        year, month = _year_month(fields)
        arxiv = _arxiv_of(fields)
        url = None if arxiv else _url_of(fields)
        norm = normalize(title)
        missing = [name for name, value in (("author", authors), ("year", year)) if not value]
        earlier = (seen_arxiv.get(arxiv.lower()) if arxiv else None) or seen_title.get(norm)
        if not title:
            reason = "no title"
        # Known papers first: an entry the graph already has is named as such, whatever
        # else it lacks.
        elif arxiv and arxiv.lower() in by_arxiv:
            reason = f"already in the graph as {by_arxiv[arxiv.lower()]} (same arXiv id {arxiv})"
        elif norm in by_title:
            reason = f"already in the graph as {by_title[norm]} (same title)"
        elif missing:
            reason = "no " + " or ".join(missing)
        elif not arxiv and not url:
            reason = "no arXiv id (eprint or arxiv.org url) and no http(s) url or doi"
        elif earlier:
            reason = f"same paper as entry {earlier} above"
        else:
            reason = ""
        if reason:
            result.skipped.append(Skip(entry.key, line, reason))
            continue
        assert year is not None
        pid = free_key(citation_key(Paper("x", title, tuple(authors), year)), taken)
        taken.add(pid)
        record: dict[str, Any] = {"id": pid, "title": title, "authors": authors, "year": year}
        if month:
            record["month"] = month
        if arxiv:
            record["arxiv"] = arxiv
            seen_arxiv[arxiv.lower()] = entry.key
        else:
            record["url"] = url
        seen_title[norm] = entry.key
        result.proposals.append(Proposal(entry.key, line, record))
    return result


def render_records(proposals: list[Proposal], *, source: str, newline: str = "\n") -> str:
    """The YAML text appended to papers.yaml: a comment line, then one record per proposal."""
    import yaml

    text = (f"# ---- imported from {os.path.basename(source)} by `lineage add --bibtex` ----\n"
            "# Not yet checked by a curator: add topics, summary and why, and their edges in edges.yaml.\n")
    for proposal in proposals:
        dumped = yaml.safe_dump([proposal.record], sort_keys=False, allow_unicode=True,
                                default_flow_style=None, width=100)
        key = clean(proposal.key)  # the comment stays one line
        text += f"\n# from BibTeX entry {key}\n" + dumped
    return text.replace("\n", newline)


def append_records(papers_file: str | os.PathLike[str], proposals: list[Proposal], *,
                   source: str, dry_run: bool = False) -> str:
    """Append ``proposals`` to ``papers_file`` as text and return the appended text.

    The new file is the old file's bytes followed by the new records. Before anything is
    written, the whole new file is parsed and validated with the graph's edges; an error in
    the appended records raises :class:`ValidationFailed` and the file is left untouched.
    Errors elsewhere in the graph (e.g. a graph still being edited) do not block the import.
    """
    from .files import atomic_write
    from .yaml_reader import parse_records, read_records, read_text

    path = Path(papers_file)
    original_text = read_text(path, str(path))
    newline = "\r\n" if "\r\n" in original_text else "\n"
    separator = "" if not original_text or original_text.endswith(("\n", "\r")) else newline
    added = separator + newline + render_records(proposals, source=source, newline=newline)
    first_new_line = original_text.count("\n") + 1 + (1 if separator else 0)

    old_records = read_records(path) if original_text.strip() else []
    edges_file = path.parent / "edges.yaml"
    edge_records = read_records(edges_file) if edges_file.is_file() else []
    # Parsed from memory under the real name: an error must name papers.yaml, not a copy.
    records = parse_records(original_text + added, str(path))
    if len(records) != len(old_records) + len(proposals) or any(
            a.data != b.data for a, b in zip(old_records, records, strict=False)):
        raise DataError("appending would change how the existing records read (is the file's "
                        "last record unfinished?); nothing written", str(path))
    _, _, problems = validate_records(records, edge_records)
    new_errors = [p for p in problems if p.severity == "error" and p.file == str(path)
                  and p.line is not None and p.line >= first_new_line]
    if new_errors:
        raise ValidationFailed([Problem(p.severity, p.message + " (in the records to add; "
                                        "nothing written)", p.file, p.line, p.column)
                                for p in new_errors])
    if not dry_run:
        atomic_write(path, original_text + added)
    return added


def editable_graph(graph_dir: str | None) -> Path:
    """The graph folder ``lineage add`` may append to (found as for any command); never the
    copy installed inside the package."""
    from .yaml_reader import find_graph_dir

    folder = find_graph_dir(graph_dir)
    installed = Path(__file__).resolve().parents[1] / "data" / "graph"
    if folder.resolve() == installed.resolve():
        raise LineageError("refusing to edit the graph installed inside the package; "
                           "copy it and pass --graph DIR")
    return folder


def papers_without_edges(folder: Path, ids: list[str]) -> list[str]:
    """Those of ``ids`` that build on nothing yet in ``folder``'s edges.yaml."""
    from .yaml_reader import read_records

    edges_file = folder / "edges.yaml"
    with_prereqs = {str(r.data.get("paper")) for r in read_records(edges_file)} \
        if edges_file.is_file() and edges_file.stat().st_size else set()
    return [i for i in ids if i not in with_prereqs]
