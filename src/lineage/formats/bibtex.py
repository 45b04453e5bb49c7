"""The reading order as a BibTeX file for Zotero, JabRef, Mendeley or a LaTeX paper.

Entries come in reading order; each entry's ``note`` says its position and what it is needed
for. arXiv papers are ``@misc`` entries with ``eprint``/``archivePrefix`` (and
``primaryClass`` when the id names it), as arXiv's own export writes them.

Text is escaped for BibTeX and LaTeX: ``& % $ # _`` get a backslash; ``\\ { } ~ ^ < > |``
become text commands such as ``{\\textbraceleft}`` (a bare ``\\{`` would unbalance the braces
BibTeX counts); accented letters become ``{\\"{o}}``; words with inner capitals (``BERT``,
``DeepSeek-R1``) are wrapped in braces so bibliography styles keep their case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..analysis.plan import ReadingPlan
from ..model import ARXIV_ARCHIVE, Paper
from ..naming import citation_keys, clean, has_et_al, real_authors
from .references import reading_note

__all__ = ["render", "escape", "entry"]

_SPECIAL = {
    "\\": "{\\textbackslash}", "{": "{\\textbraceleft}", "}": "{\\textbraceright}",
    "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_",
    "~": "{\\textasciitilde}", "^": "{\\textasciicircum}",
    "<": "{\\textless}", ">": "{\\textgreater}", "|": "{\\textbar}",
}
#: Combining mark → LaTeX accent command.
_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0308": '"', "\u0304": "=",
    "\u0307": ".", "\u0327": "c", "\u030c": "v", "\u030a": "r", "\u0306": "u", "\u030b": "H",
    "\u0328": "k", "\u0323": "d", "\u0331": "b",
}
_LETTERS = {
    "ß": "{\\ss}", "ø": "{\\o}", "Ø": "{\\O}", "æ": "{\\ae}", "Æ": "{\\AE}", "œ": "{\\oe}",
    "Œ": "{\\OE}", "ł": "{\\l}", "Ł": "{\\L}", "ı": "{\\i}",
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_OLD_ARXIV = re.compile(rf"^({ARXIV_ARCHIVE})/\d{{7}}")


def _char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch.isascii():
        return ch
    if ch in _LETTERS:
        return _LETTERS[ch]
    base, *marks = unicodedata.normalize("NFD", ch)
    if base.isascii() and base.isalpha() and marks and all(m in _ACCENTS for m in marks):
        inner = base
        for mark in marks:
            inner = f"\\{_ACCENTS[mark]}{{{inner}}}"
        return "{" + inner + "}"
    return ch  # other characters stay UTF-8, which BibTeX, biber and LaTeX accept


def escape(text: str) -> str:
    r"""``text`` as the inside of a braced BibTeX field: every character typesets as itself.

    >>> escape('Schölkopf & {50%} C:\\')
    'Sch{\\"{o}}lkopf \\& {\\textbraceleft}50\\%{\\textbraceright} C:{\\textbackslash}'
    """
    return "".join(_char(ch) for ch in unicodedata.normalize("NFC", clean(text)))


def _title(text: str) -> str:
    """Escape a title, bracing words with inner capitals so styles do not lower-case them."""
    return " ".join("{" + escape(word) + "}" if any(c.isupper() for c in word[1:]) else escape(word)
                    for word in clean(text).split(" "))


def _name(name: str) -> str:
    escaped = escape(name)
    # A comma or a lone "and" would split or reorder the name: keep it as one unit.
    if "," in name or re.search(r"\band\b", name, re.IGNORECASE):
        return "{" + escaped + "}"
    return escaped


def entry(paper: Paper, key: str, *, note: str | None = None) -> str:
    """One ``@misc`` entry for ``paper`` under citation ``key``."""
    fields: list[tuple[str, str]] = [("title", "{" + _title(paper.title) + "}")]
    names = [_name(a) for a in real_authors(paper)]
    if has_et_al(paper):
        names.append("others")
    if names:
        fields.append(("author", "{" + " and ".join(names) + "}"))
    fields.append(("year", "{" + str(paper.year) + "}"))
    if paper.month:
        fields.append(("month", _MONTHS[paper.month - 1]))
    if paper.arxiv:
        fields.append(("eprint", "{" + escape(paper.arxiv) + "}"))
        fields.append(("archivePrefix", "{arXiv}"))
        old = _OLD_ARXIV.match(paper.arxiv)
        if old:
            fields.append(("primaryClass", "{" + escape(old.group(1)) + "}"))
    if paper.link:
        fields.append(("url", "{" + escape(paper.link) + "}"))
    if paper.topics:
        fields.append(("keywords", "{" + escape(", ".join(paper.topics)) + "}"))
    if note:
        fields.append(("note", "{" + escape(note) + "}"))
    width = max(len(name) for name, _ in fields)
    body = "".join(f"  {name:<{width}} = {value},\n" for name, value in fields)
    return f"@misc{{{key},\n{body}}}\n"


def render(plan: ReadingPlan, *, key_papers: Iterable[Paper] | None = None) -> str:
    """The plan as BibTeX, entries in reading order.

    Citation keys are disambiguated among ``key_papers`` (e.g. every paper of the graph,
    so a paper's key does not depend on which reading order it was exported in), else
    among the plan's papers.
    """
    papers = [e.paper for e in plan.entries]
    keys = citation_keys([*papers, *(key_papers or ())])
    head = (f"% Reading order generated by lineage: {len(plan.entries)} entries, each after "
            "everything it builds on.\n% Import into Zotero, JabRef or Mendeley; the note field "
            "of each entry says its place in the order.\n")
    return head + "".join(
        "\n" + entry(e.paper, keys[e.paper.id], note=reading_note(e, plan)) for e in plan.entries)
