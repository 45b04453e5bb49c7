"""Names of papers and people, shared by reading (BibTeX import) and writing (BibTeX, RIS):
citation keys, ASCII-folded names, author lists without their ``et al.`` marker.

Citation keys look like Google Scholar's: first author's surname (ASCII-folded) + year +
first significant title word, e.g. ``vaswani2017attention``. Keys are computed from the
paper alone; only papers whose keys collide get a suffix (``b``, ``c``, ...), given in
chronological order (year, month, id) among the colliding papers, so the same graph always
yields the same keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from itertools import chain, count
from string import ascii_lowercase

from .model import Paper

__all__ = ["citation_key", "citation_keys", "fold", "real_authors", "has_et_al", "split_name", "clean",
           "free_key"]

#: Title words skipped when choosing the key's word ("The Annotated ..." → "annotated").
_STOPWORDS = """
a an the and or but nor of on in into onto at to for from by with without via as is are was
were be been being do does did can could should would will shall may might must not no yes
how what when where which who why whose this that these those it its we our you your their
toward towards about over under between beyond through up down out off than then so
"""
STOPWORDS = frozenset(_STOPWORDS.split())


def clean(text: str) -> str:
    """Collapse every run of whitespace (newlines, tabs) to one space and strip the ends."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: ``"Schölkopf"`` → ``"scholkopf"``.

    >>> fold("Schölkopf"), fold("DeepSeek-AI"), fold("Łukasz")
    ('scholkopf', 'deepseekai', 'lukasz')
    """
    special = {"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
               "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i", "þ": "th", "ð": "d"}
    text = "".join(special.get(ch, ch) for ch in text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def has_et_al(paper: Paper) -> bool:
    return any(_is_et_al(a) for a in paper.authors)


def real_authors(paper: Paper) -> list[str]:
    """The authors without the trailing ``et al.`` marker, whitespace cleaned."""
    return [clean(a) for a in paper.authors if not _is_et_al(a) and clean(a)]


def _is_et_al(name: str) -> bool:
    return clean(name).lower().rstrip(".") in ("et al", "others")


def split_name(name: str) -> tuple[str, str]:
    """``"Ashish Vaswani"`` → ``("Vaswani", "Ashish")``: the last word is the surname.

    A one-word name (an organisation such as ``DeepSeek-AI``) has no given name.
    """
    words = clean(name).split(" ")
    if len(words) == 1:
        return words[0], ""
    return words[-1], " ".join(words[:-1])


def citation_key(paper: Paper) -> str:
    """The citation key of ``paper`` alone, before disambiguation.

    >>> citation_key(Paper("t", "Attention Is All You Need", ("Ashish Vaswani", "et al."), 2017))
    'vaswani2017attention'
    """
    authors = real_authors(paper)
    surname = fold(split_name(authors[0])[0]) if authors else ""
    words = map(fold, re.split(r"[\s\-–—/:]+", paper.title))
    word = next((w for w in words if w and w not in STOPWORDS), "")
    return f"{surname or 'anon'}{paper.year}{word}"


def citation_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """Paper id → unique citation key. Colliding keys get ``b``, ``c``, ... in the order
    (year, month, id) of the colliding papers; the earliest keeps the plain key."""
    papers = sorted({p.id: p for p in papers}.values(), key=lambda p: p.sort_key)
    bases = {p.id: citation_key(p) for p in papers}
    taken = set(bases.values())
    seen: set[str] = set()
    keys: dict[str, str] = {}
    for p in papers:
        base = bases[p.id]
        keys[p.id] = free_key(base, taken) if base in seen else base
        seen.add(base)
        taken.add(keys[p.id])
    return keys


def free_key(base: str, taken: Collection[str]) -> str:
    """The first of ``base``, ``base`` + ``b``, ``c``, ..., ``z``, ``27``, ``28``, ... that is
    not in ``taken``."""
    suffixes = chain([""], ascii_lowercase[1:], map(str, count(27)))
    return next(base + suffix for suffix in suffixes if base + suffix not in taken)
