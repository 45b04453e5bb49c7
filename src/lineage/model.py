"""The domain records: :class:`Paper` and :class:`Edge`, and the fixed vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Paper", "Edge", "TOPICS", "EDGE_KINDS", "EDGE_ROLES", "WORK_TYPES", "PAPER_FIELDS", "EDGE_FIELDS",
           "ARXIV_NEW", "ARXIV_ARCHIVE", "ARXIV_ID"]

#: The one arXiv identifier pattern, in parts that each use composes: new style
#: (``2501.12948``), or an old-style archive (``hep-th``, ``math.GT``) and number.
ARXIV_NEW = r"\d{4}\.\d{4,5}"
ARXIV_ARCHIVE = r"[a-z-]+(?:\.[A-Z]{2})?"
ARXIV_ID = rf"(?:{ARXIV_NEW}|{ARXIV_ARCHIVE}/\d{{7}})"

#: The topic vocabulary a paper's ``topics`` are drawn from.
TOPICS: tuple[str, ...] = (
    "foundations", "architecture", "language-models", "scaling", "efficiency", "alignment",
    "interpretability", "reasoning", "agents", "retrieval", "vision", "multimodal",
    "generative-images", "speech-audio", "safety", "tokenization", "reinforcement-learning",
    "code", "data", "evaluation", "science",
)

#: What kind of work a record is; anything but a paper usually carries ``url`` and ``minutes``.
WORK_TYPES: tuple[str, ...] = ("paper", "blog", "book", "course", "talk")

#: Whether a reader needs the earlier work to follow the later one. ``core``: the later work uses
#: it in a way a reader must understand first; ``context``: a true link that is not needed to follow
#: the later work (a baseline, a benchmark it evaluates on, a student model, a judge).
EDGE_ROLES: tuple[str, ...] = ("core", "context")

#: What kind of debt an edge records: what the later paper took from the earlier one.
EDGE_KINDS: dict[str, str] = {
    "architecture": "takes a network design (layers, attention variant, model family)",
    "method": "takes an algorithm or technique (an objective, a prompting scheme, a procedure)",
    "training": "takes a training recipe, optimizer or fine-tuning procedure",
    "data": "takes a dataset or corpus",
    "scaling": "scales the earlier work up, or applies its scaling law",
    "evaluation": "takes a benchmark or evaluation methodology",
    "critique": "answers, refutes or corrects the earlier work",
}

#: Every field a paper record may have, with whether it is required.
PAPER_FIELDS: dict[str, bool] = {
    "id": True, "title": True, "authors": True, "year": True, "month": False, "arxiv": False,
    "url": False, "topics": False, "aliases": False, "summary": False, "why": False,
    "pages": False, "minutes": False, "verified": False, "type": False,
}
EDGE_FIELDS: dict[str, bool] = {"paper": True, "builds_on": True, "why": False, "kind": False,
                                 "role": False}


@dataclass(frozen=True, slots=True)  # slots: a large graph holds many of them
class Paper:
    """One paper (or book, or post) of the graph."""

    id: str
    title: str
    authors: tuple[str, ...]
    year: int
    month: int | None = None
    arxiv: str | None = None
    url: str | None = None
    topics: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    summary: str = ""
    why: str = ""
    pages: int | None = None
    minutes: int | None = None
    verified: bool = True
    type: str = "paper"
    line: int | None = field(default=None, compare=False, repr=False)
    #: "curated" for the records of graph/papers.yaml; "semantic-scholar" for a paper joined in
    #: from fetched citation data (lineage.fetch), which every output marks as derived
    source: str = "curated"

    @property
    def derived(self) -> bool:
        """True for a paper that comes from fetched citation data, not from the curated graph."""
        return self.source != "curated"

    @property
    def short_name(self) -> str:
        """Its first alias (``R1``), else its title."""
        return self.aliases[0] if self.aliases else self.title

    @property
    def link(self) -> str | None:
        """The best http(s) link to the paper: its arXiv abstract page, else its url."""
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        return self.url

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """Chronological key used to break ties: year, then month (unknown first), then id."""
        return (self.year, self.month or 0, self.id)

    @property
    def citation(self) -> str:
        """Short citation such as ``Vaswani et al., 2017``: surnames of people, an
        organisation's name as it is.

        >>> Paper("m", "M", ("Noam Shazeer",), 2019).citation
        'Shazeer, 2019'
        >>> Paper("g", "G", ("OpenAI",), 2023).citation, Paper("t", "T", ("Gemini Team",), 2023).citation
        ('OpenAI, 2023', 'Gemini Team, 2023')
        """
        authors = self.authors
        first = next((a for a in authors if not _is_et_al(a)), None)
        if first is None:
            who = "Anonymous et al." if authors else "Anonymous"
        elif len(authors) == 1:
            who = first if _is_organisation(first) else _surname(first)
        elif len(authors) == 2 and not (_is_et_al(authors[0]) or _is_et_al(authors[1])):
            who = f"{_surname(first)} & {_surname(authors[1])}"
        else:
            who = f"{_surname(first)} et al."
        return f"{who}, {self.year}"

    def to_dict(self) -> dict[str, object]:
        """The record as plain data, in schema field order, without empty optional fields."""
        out: dict[str, object] = {}
        for name in PAPER_FIELDS:
            value = getattr(self, name)
            if value in (None, (), "") or (name, value) in (("verified", True), ("type", "paper")):
                continue
            out[name] = list(value) if isinstance(value, tuple) else value
        return out


_ORGANISATION_WORDS = frozenset({"team", "lab", "labs", "ai", "research", "inc.", "collaboration"})


def _surname(name: str) -> str:
    return name.rsplit(None, 1)[-1]


def _is_et_al(name: str) -> bool:
    return name.lower().rstrip(".") == "et al"


def _is_organisation(name: str) -> bool:
    """True for an author such as ``OpenAI`` or ``Gemini Team`` rather than a person."""
    words = name.split()
    return len(words) == 1 or words[-1].lower() in _ORGANISATION_WORDS


@dataclass(frozen=True, slots=True)
class Edge:
    """``paper`` builds on ``builds_on``; in the graph the arrow runs builds_on → paper."""

    paper: str
    builds_on: str
    why: str = ""
    kind: str | None = None
    line: int | None = field(default=None, compare=False, repr=False)
    role: str = "core"

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"paper": self.paper, "builds_on": self.builds_on}
        if self.kind:
            out["kind"] = self.kind
        if self.role != "core":
            out["role"] = self.role
        if self.why:
            out["why"] = self.why
        return out
