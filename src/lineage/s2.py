"""A small client for the Semantic Scholar Academic Graph API, and the checks its answers pass.

Only what ``lineage fetch`` needs: one paper's metadata, its references (paginated), a title
match. Every answer is validated and cleaned *here*, before anything is stored or shown: the
API is a stranger, so a malformed answer raises :class:`BadResponse` instead of reaching the
store, and control characters in titles, names and citation contexts are replaced before any
terminal or page can act on them.

Politeness: at most one request per ``min_interval`` seconds (1 s by default, the rate a free
key allows), ``Retry-After`` honoured on 429, exponential backoff with jitter on 429 without it,
on 5xx and on timeouts. A rate limit that outlasts the retries raises :class:`RateLimited`,
which a caller can tell apart from "this paper has no references".

The transport is injectable (``httpx.MockTransport`` in tests), and the base URL comes from
``LINEAGE_S2_URL`` so a mirror, a proxy or a local test server can stand in for the real API.
"""

from __future__ import annotations

import os
import random
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import LineageError
from .model import ARXIV_ID

__all__ = [
    "DEFAULT_URL", "S2Client", "S2Error", "RateLimited", "NotFound", "BadResponse", "Unavailable",
    "FetchedPaper", "Reference", "clean_text", "paper_from_json", "reference_from_json",
    "s2_id_for",
]

DEFAULT_URL = "https://api.semanticscholar.org"
PAPER_FIELDS = "paperId,externalIds,title,year,publicationDate,authors,venue,url"
REFERENCE_FIELDS = ("contexts,intents,isInfluential,citedPaper.paperId,citedPaper.externalIds,"
                    "citedPaper.title,citedPaper.year,citedPaper.publicationDate,citedPaper.authors")
PAGE_SIZE = 500  # the API's maximum for /references; fewer round trips at one request a second
MAX_BODY = 20 * 1024 * 1024  # the API caps answers at 10 MB; anything bigger is not an answer
MAX_CONTEXTS = 3  # the first few citation contexts are evidence enough; the rest is bulk

_PAPER_ID = re.compile(r"^[0-9a-f]{40}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ARXIV = re.compile(rf"^{ARXIV_ID}(v\d+)?$")


class S2Error(LineageError):
    """Semantic Scholar could not give an answer we can use."""


class RateLimited(S2Error):
    """The API kept answering 429 after every retry: try later, or with ``S2_API_KEY``."""


class NotFound(S2Error):
    """The API does not know this paper (404)."""


class BadResponse(S2Error):
    """The API answered something that is not what its schema promises."""


class Unavailable(S2Error):
    """The API could not be reached, timed out or kept failing (5xx) after every retry."""


def clean_text(value: object, *, limit: int = 2000) -> str:
    """``value`` as one line of printable text: control characters (C0, C1, bidi overrides)
    become spaces, runs of white space collapse, and the text is cut to ``limit`` characters.

    >>> clean_text("Attention\\x1b]0;pwned\\x07 is \\u0093all\\u0094 you need\\n")
    'Attention ]0;pwned is all you need'
    """
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    return text[:limit]


@dataclass(frozen=True)
class FetchedPaper:
    """A paper as Semantic Scholar describes it, validated and cleaned."""

    paper_id: str
    title: str
    year: int | None = None
    month: int | None = None
    authors: tuple[str, ...] = ()
    arxiv: str | None = None
    doi: str | None = None
    corpus_id: int | None = None
    venue: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Reference:
    """One entry of a paper's bibliography: the cited paper (``None`` when S2 could not match
    the entry to a paper) and what S2 says about the citation."""

    cited: FetchedPaper | None
    is_influential: bool = False
    intents: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    raw_title: str = ""


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise BadResponse(f"Semantic Scholar answered an unexpected shape: {what}")


def paper_from_json(data: Any, *, where: str = "paper") -> FetchedPaper | None:
    """Validate one paper object of the API; ``None`` for an unmatched reference
    (``paperId`` null). Raises :class:`BadResponse` when a field has the wrong type."""
    _expect(isinstance(data, dict), f"{where} is not an object")
    paper_id = data.get("paperId")
    if paper_id is None:
        return None
    _expect(isinstance(paper_id, str) and bool(_PAPER_ID.match(paper_id)),
            f"{where}.paperId {paper_id!r} is not a 40-digit hex id")
    title = data.get("title")
    _expect(title is None or isinstance(title, str), f"{where}.title is not text")
    year = data.get("year")
    _expect(year is None or (isinstance(year, int) and not isinstance(year, bool)),
            f"{where}.year is not a number")
    if year is not None and not 1000 <= year <= 2100:
        year = None
    month = None
    date = data.get("publicationDate")
    _expect(date is None or isinstance(date, str), f"{where}.publicationDate is not text")
    if date and re.match(r"^\d{4}-\d{2}", date) and 1 <= int(date[5:7]) <= 12:
        month = int(date[5:7])
        if year is None:
            year = int(date[:4])
    authors = data.get("authors") or []
    _expect(isinstance(authors, list), f"{where}.authors is not a list")
    names = []
    for author in authors:
        _expect(isinstance(author, dict), f"{where}.authors holds a non-object")
        name = author.get("name")
        _expect(name is None or isinstance(name, str), f"{where}.authors[].name is not text")
        if name := clean_text(name or "", limit=200):
            names.append(name)
    ids = data.get("externalIds") or {}
    _expect(isinstance(ids, dict), f"{where}.externalIds is not an object")
    arxiv = ids.get("ArXiv")
    arxiv = arxiv if isinstance(arxiv, str) and _ARXIV.match(arxiv) else None
    doi = ids.get("DOI")
    doi = doi.strip().lower() if isinstance(doi, str) and doi.startswith("10.") else None
    corpus = ids.get("CorpusId", data.get("corpusId"))
    corpus = corpus if isinstance(corpus, int) and not isinstance(corpus, bool) else None
    venue = data.get("venue")
    url = data.get("url")
    url = url if isinstance(url, str) and re.match(r"^https?://", url, re.I) else None
    return FetchedPaper(
        paper_id=paper_id, title=clean_text(title or "(untitled)", limit=500) or "(untitled)",
        year=year, month=month, authors=tuple(names), arxiv=arxiv, doi=doi, corpus_id=corpus,
        venue=clean_text(venue, limit=200) if isinstance(venue, str) else "", url=url)


def reference_from_json(data: Any) -> Reference:
    """Validate one item of a ``/references`` page."""
    _expect(isinstance(data, dict), "a reference is not an object")
    cited_raw = data.get("citedPaper")
    _expect(isinstance(cited_raw, dict), "a reference has no citedPaper object")
    cited = paper_from_json(cited_raw, where="citedPaper")
    influential = data.get("isInfluential", False)
    _expect(isinstance(influential, bool), "isInfluential is not true/false")
    intents = data.get("intents") or []
    _expect(isinstance(intents, list) and all(isinstance(i, str) for i in intents),
            "intents is not a list of text")
    contexts = data.get("contexts") or []
    _expect(isinstance(contexts, list) and all(isinstance(c, str) for c in contexts),
            "contexts is not a list of text")
    raw_title = cited_raw.get("title") if isinstance(cited_raw.get("title"), str) else ""
    return Reference(cited=cited, is_influential=influential,
                     intents=tuple(sorted({clean_text(i, limit=40) for i in intents})),
                     contexts=tuple(clean_text(c, limit=600) for c in contexts[:MAX_CONTEXTS]),
                     raw_title=clean_text(raw_title, limit=500))


def s2_id_for(name: str) -> str | None:
    """The API id for what a reader typed: an arXiv id or link, a DOI or doi.org link, an S2
    paper id or link, ``CorpusId:N``; ``None`` when it is none of these (e.g. a title).

    >>> s2_id_for("https://arxiv.org/abs/2501.12948v2"), s2_id_for("10.1038/323533a0")
    ('ARXIV:2501.12948', 'DOI:10.1038/323533a0')
    >>> s2_id_for("CorpusId:1981188"), s2_id_for("attention is all you need") is None
    ('CorpusId:1981188', True)
    """
    text = name.strip()
    m = re.search(r"arxiv\.org/(?:abs|pdf|html)/([^\s?#]+?)(?:v\d+)?(?:\.pdf)?/?$", text, re.I)
    if m:
        text = m.group(1)
    m = re.match(rf"^(?:arxiv:)?({ARXIV_ID})(?:v\d+)?$", text, re.I)
    if m:
        return f"ARXIV:{m.group(1)}"
    m = re.search(r"(?:doi\.org/|^doi:|^)(10\.\d{4,9}/\S+)$", text, re.I)
    if m:
        return f"DOI:{m.group(1)}"
    m = re.match(r"^corpusid:(\d+)$", text, re.I)
    if m:
        return f"CorpusId:{m.group(1)}"
    m = re.search(r"(?:semanticscholar\.org/paper/(?:[^/]+/)?)?\b([0-9a-f]{40})/?$", text)
    if m:
        return m.group(1)
    return None


class S2Client:
    """Talks to the Graph API politely; every method returns validated, cleaned values.

    ``transport`` is an ``httpx`` transport (``httpx.MockTransport`` in tests); ``sleep`` and
    ``clock`` are injectable so tests never wait; ``on_wait(seconds, reason)`` is told about
    every pause (the progress bar shows them).
    """

    def __init__(self, *, base_url: str | None = None, api_key: str | None = None,
                 transport: Any = None, min_interval: float = 1.0, max_retries: int = 5,
                 timeout: float = 30.0, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 on_wait: Callable[[float, str], None] | None = None) -> None:
        import httpx  # only `fetch` and `lint-list --online` pay for it

        base = (base_url or os.environ.get("LINEAGE_S2_URL") or DEFAULT_URL).rstrip("/")
        if not re.match(r"^https?://[^\s/]+", base, re.I):
            raise S2Error(f"LINEAGE_S2_URL must be an http:// or https:// address, got {base!r}")
        key = api_key if api_key is not None else os.environ.get("S2_API_KEY")
        headers = {"User-Agent": "lineage (reading-order tool)"}
        if key:
            headers["x-api-key"] = key
        self._http = httpx.Client(base_url=base, headers=headers, transport=transport,
                                  timeout=timeout, follow_redirects=False)
        self._httpx = httpx
        self.base_url = base
        self.min_interval = _interval(min_interval)
        self.max_retries = max_retries
        self._sleep, self._clock, self._on_wait = sleep, clock, on_wait
        self._last: float | None = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> S2Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait(self, seconds: float, reason: str) -> None:
        if seconds <= 0:
            return
        if self._on_wait:
            self._on_wait(seconds, reason)
        self._sleep(seconds)

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        """One call, with pacing and retries; the decoded JSON body."""
        httpx = self._httpx
        for attempt in range(self.max_retries + 1):
            delay = min(2.0**attempt, 60)  # backoff before a retry, with as much again of jitter
            if self._last is not None:
                self._wait(self.min_interval - (self._clock() - self._last), "pacing")
            self._last = self._clock()
            last_try = attempt == self.max_retries
            try:
                response = self._http.request(method, path, **kwargs)
            except httpx.TimeoutException as exc:
                if last_try:
                    raise Unavailable(f"Semantic Scholar timed out ({self.base_url}{path})") from exc
                self._wait(delay + random.uniform(0, delay), "timeout, retrying")
                continue
            except httpx.HTTPError as exc:
                raise Unavailable(f"cannot reach Semantic Scholar at {self.base_url}: {exc}") from exc
            status = response.status_code
            if status == 429:
                if last_try:
                    raise RateLimited("Semantic Scholar keeps answering 429 (rate-limited); try again "
                                      "later, or set S2_API_KEY to a free key")
                retry_after = _retry_after(response.headers.get("Retry-After"))
                wait = retry_after if retry_after is not None else delay + random.uniform(0, delay)
                self._wait(min(wait, 300), "rate-limited")
                continue
            if status >= 500:
                if last_try:
                    raise Unavailable(f"Semantic Scholar failed with HTTP {status} after "
                                      f"{attempt + 1} tries")
                self._wait(delay + random.uniform(0, delay), f"HTTP {status}, retrying")
                continue
            if status == 404:
                raise NotFound(_error_text(response) or "not found")
            if status != 200:
                raise S2Error(f"Semantic Scholar answered HTTP {status}: "
                              f"{_error_text(response) or 'no message'}")
            body = response.content
            if len(body) > MAX_BODY:
                raise BadResponse(f"Semantic Scholar answered {len(body)} bytes, more than any "
                                  "real answer")
            try:
                return response.json()
            except ValueError as exc:
                raise BadResponse("Semantic Scholar answered something that is not JSON "
                                  f"(truncated or malformed): {exc}") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def paper(self, s2_id: str) -> FetchedPaper:
        """Metadata of one paper (``ARXIV:…``, ``DOI:…``, ``CorpusId:…`` or a paperId)."""
        data = self._request("GET", f"/graph/v1/paper/{s2_id}", params={"fields": PAPER_FIELDS})
        paper = paper_from_json(data)
        _expect(paper is not None, "the paper has no paperId")
        assert paper is not None
        return paper

    def references(self, paper_id: str) -> tuple[list[Reference], bool]:
        """Every reference of a paper, following ``next`` page by page, and whether the
        publisher elided the list (S2 then answers an empty list with a message)."""
        refs: list[Reference] = []
        offset: int | None = 0
        elided = False
        pages = 0
        while offset is not None:
            data = self._request("GET", f"/graph/v1/paper/{paper_id}/references",
                                 params={"fields": REFERENCE_FIELDS, "offset": offset,
                                         "limit": PAGE_SIZE})
            _expect(isinstance(data, dict), "a references page is not an object")
            items = data.get("data")
            _expect(isinstance(items, list), "a references page has no data list")
            if not items and offset == 0:
                # S2 says so in a message beside the empty list; its key has varied
                elided = "elided" in repr({k: v for k, v in data.items() if k != "data"}).lower()
            refs.extend(reference_from_json(item) for item in items)
            nxt = data.get("next")
            _expect(nxt is None or (isinstance(nxt, int) and not isinstance(nxt, bool)),
                    "next is not a number")
            pages += 1
            if nxt is not None and (nxt <= offset or pages > 100):
                raise BadResponse("the references pages do not advance")
            offset = nxt
        return refs, elided

    def match_title(self, title: str) -> FetchedPaper | None:
        """The paper whose title best matches, or ``None`` when S2 finds no match."""
        try:
            data = self._request("GET", "/graph/v1/paper/search/match",
                                 params={"query": title[:300], "fields": PAPER_FIELDS})
        except NotFound:
            return None
        _expect(isinstance(data, dict), "a title match is not an object")
        items = data.get("data")
        _expect(isinstance(items, list), "a title match has no data list")
        return paper_from_json(items[0]) if items else None


def _interval(default: float) -> float:
    """``$LINEAGE_S2_INTERVAL`` (seconds between requests, for a mirror or a local server with
    its own rules), else ``default``."""
    value = os.environ.get("LINEAGE_S2_INTERVAL")
    if value is None:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise S2Error(f"LINEAGE_S2_INTERVAL must be a number of seconds, got {value!r}") from None
    if not 0 <= seconds <= 60:
        raise S2Error(f"LINEAGE_S2_INTERVAL must be between 0 and 60 seconds, got {value!r}")
    return seconds


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None  # an HTTP date: rare here; back off instead
    return seconds if 0 <= seconds < 3600 else None


def _error_text(response: Any) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    return clean_text(data.get("error") or data.get("message") or "", limit=200) \
        if isinstance(data, dict) else ""
