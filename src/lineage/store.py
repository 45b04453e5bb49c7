"""The local store of fetched citation data: one SQLite file, safe to share between processes.

Tables: ``papers`` (what S2 says about each paper), ``refs`` (one row per citing → cited
reference, with S2's isInfluential, intents, the first contexts, when and from where it was
fetched), ``ref_lists`` (when a paper's reference list was fetched and what it held, so an
empty list is told apart from a list never fetched) and ``runs`` (one row per ``lineage fetch``).

Every paper's references are replaced in one transaction, so a fetch that is killed leaves
each paper either fully stored or as before. WAL mode lets readers work while a fetch writes,
and a busy timeout makes a second concurrent fetch wait for the lock instead of failing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import LineageError
from .s2 import FetchedPaper, Reference

__all__ = ["Store", "StoredReference", "StoreError", "default_store_path"]

SCHEMA_VERSION = 1
SOURCE = "semantic-scholar"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    paper_id   TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    year       INTEGER,
    month      INTEGER,
    authors    TEXT NOT NULL,            -- JSON list of names
    arxiv      TEXT,
    doi        TEXT,
    corpus_id  INTEGER,
    venue      TEXT NOT NULL DEFAULT '',
    url        TEXT,
    source     TEXT NOT NULL,
    fetched_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS papers_arxiv ON papers(arxiv);
CREATE INDEX IF NOT EXISTS papers_doi ON papers(doi);
CREATE TABLE IF NOT EXISTS refs (
    citing         TEXT NOT NULL,
    cited          TEXT NOT NULL,
    is_influential INTEGER NOT NULL,
    intents        TEXT NOT NULL,        -- JSON list
    contexts       TEXT NOT NULL,        -- JSON list, the first few
    source         TEXT NOT NULL,
    fetched_at     REAL NOT NULL,
    PRIMARY KEY (citing, cited)
);
CREATE INDEX IF NOT EXISTS refs_cited ON refs(cited);
CREATE TABLE IF NOT EXISTS ref_lists (
    paper_id   TEXT PRIMARY KEY,
    total      INTEGER NOT NULL,         -- entries in the bibliography as S2 returned it
    unmatched  INTEGER NOT NULL,         -- entries S2 could not match to a paper
    elided     INTEGER NOT NULL,         -- 1: the publisher withheld the list
    fetched_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    target     TEXT NOT NULL,
    depth      INTEGER NOT NULL,
    max_papers INTEGER NOT NULL,
    signal     TEXT NOT NULL,
    started_at REAL NOT NULL,
    finished_at REAL,
    papers     INTEGER NOT NULL DEFAULT 0,
    status     TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class StoreError(LineageError):
    """The store file cannot be used (not a database, newer format, unreadable)."""


@dataclass(frozen=True)
class StoredReference:
    """A stored citing → cited reference, with S2's evidence for it."""

    citing: str
    cited: str
    is_influential: bool
    intents: tuple[str, ...]
    contexts: tuple[str, ...]
    fetched_at: float


def default_store_path() -> Path:
    """``$LINEAGE_STORE``, else ``fetched.sqlite3`` in the user's data folder."""
    env = os.environ.get("LINEAGE_STORE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("lineage", appauthor=False)) / "fetched.sqlite3"


class Store:
    """The fetched-data store at ``path`` (created on first use).

    >>> import tempfile, pathlib
    >>> s = Store(pathlib.Path(tempfile.mkdtemp()) / "s.sqlite3")
    >>> s.paper("0" * 40) is None
    True
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, timeout: float = 60.0) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.path}: the store must be a regular file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # `timeout` is also SQLite's busy timeout: a second writer waits for the lock
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            with self._transaction():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                row = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if row is None:
                    self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                elif row[0] != str(SCHEMA_VERSION):
                    raise StoreError(f"{self.path}: store format {row[0]} is not the one this lineage "
                                     f"reads ({SCHEMA_VERSION}); use another --store")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a lineage store ({exc})") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error): the write lock is taken up
        front, so two writers queue on the busy timeout instead of failing mid-way."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:  # SQLite may already have rolled back (an I/O error does)
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- writing --------------------------------------------------------------------------
    def put_paper(self, paper: FetchedPaper, *, now: float | None = None) -> None:
        with self._transaction():
            self._put_paper(paper, now if now is not None else time.time())

    def _put_paper(self, p: FetchedPaper, now: float) -> None:
        self._db.execute(
            "INSERT INTO papers VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(paper_id) DO UPDATE SET "
            "title=excluded.title, year=excluded.year, month=excluded.month, authors=excluded.authors, "
            "arxiv=excluded.arxiv, doi=excluded.doi, corpus_id=excluded.corpus_id, "
            "venue=excluded.venue, url=excluded.url, fetched_at=excluded.fetched_at",
            (p.paper_id, p.title, p.year, p.month, json.dumps(list(p.authors)), p.arxiv, p.doi,
             p.corpus_id, p.venue, p.url, SOURCE, now))

    def put_references(self, citing: FetchedPaper, refs: Iterable[Reference], *, elided: bool = False,
                       now: float | None = None) -> None:
        """Store ``citing`` and its whole reference list, replacing what was stored before,
        in one transaction."""
        now = now if now is not None else time.time()
        refs = list(refs)
        with self._transaction():
            self._put_paper(citing, now)
            self._db.execute("DELETE FROM refs WHERE citing=?", (citing.paper_id,))
            unmatched = sum(ref.cited is None for ref in refs)
            for ref in refs:
                if ref.cited is None or ref.cited.paper_id == citing.paper_id:
                    continue
                if self.paper(ref.cited.paper_id) is None:  # never overwrite fuller metadata
                    self._put_paper(ref.cited, now)
                self._db.execute(
                    "INSERT OR REPLACE INTO refs VALUES (?,?,?,?,?,?,?)",
                    (citing.paper_id, ref.cited.paper_id, int(ref.is_influential),
                     json.dumps(list(ref.intents)), json.dumps(list(ref.contexts)), SOURCE, now))
            self._db.execute("INSERT OR REPLACE INTO ref_lists VALUES (?,?,?,?,?)",
                             (citing.paper_id, len(refs), unmatched, int(elided), now))

    def start_run(self, target: str, depth: int, max_papers: int, signal: str) -> int:
        with self._transaction():
            cur = self._db.execute("INSERT INTO runs (target, depth, max_papers, signal, started_at) "
                                   "VALUES (?,?,?,?,?)", (target, depth, max_papers, signal, time.time()))
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, papers: int, status: str) -> None:
        with self._transaction():
            self._db.execute("UPDATE runs SET finished_at=?, papers=?, status=? WHERE id=?",
                             (time.time(), papers, status, run_id))

    # -- reading --------------------------------------------------------------------------
    def paper(self, paper_id: str) -> FetchedPaper | None:
        row = self._db.execute("SELECT * FROM papers WHERE paper_id=?", (paper_id,)).fetchone()
        return _paper(row) if row else None

    def find(self, *, arxiv: str | None = None, doi: str | None = None,
             corpus_id: int | None = None) -> FetchedPaper | None:
        """The stored paper with this arXiv id, DOI or corpus id."""
        for column, value in (("arxiv", arxiv), ("doi", doi and doi.lower()), ("corpus_id", corpus_id)):
            if value is not None:
                row = self._db.execute(f"SELECT * FROM papers WHERE {column}=? LIMIT 1",  # noqa: S608
                                       (value,)).fetchone()
                if row:
                    return _paper(row)
        return None

    def papers(self) -> Iterator[FetchedPaper]:
        for row in self._db.execute("SELECT * FROM papers ORDER BY paper_id"):
            yield _paper(row)

    def references(self, citing: str) -> list[StoredReference]:
        rows = self._db.execute("SELECT citing, cited, is_influential, intents, contexts, fetched_at "
                                "FROM refs WHERE citing=? ORDER BY cited", (citing,))
        return [StoredReference(c, d, bool(i), tuple(json.loads(it)), tuple(json.loads(cx)), f)
                for c, d, i, it, cx, f in rows]

    def reference_list(self, paper_id: str) -> tuple[int, int, bool, float] | None:
        """``(total, unmatched, elided, fetched_at)`` of a fetched reference list, or ``None``."""
        row = self._db.execute("SELECT total, unmatched, elided, fetched_at FROM ref_lists "
                               "WHERE paper_id=?", (paper_id,)).fetchone()
        return (row[0], row[1], bool(row[2]), row[3]) if row else None

    def is_fresh(self, paper_id: str, max_age_days: float, *, now: float | None = None) -> bool:
        """True when the paper's references were fetched less than ``max_age_days`` ago."""
        listed = self.reference_list(paper_id)
        now = now if now is not None else time.time()
        return listed is not None and now - listed[3] < max_age_days * 86400

    def runs(self) -> list[tuple]:
        return list(self._db.execute("SELECT id, target, depth, max_papers, signal, started_at, "
                                     "finished_at, papers, status FROM runs ORDER BY id"))


def _paper(row: tuple) -> FetchedPaper:
    (paper_id, title, year, month, authors, arxiv, doi, corpus_id, venue, url, _source, _at) = row
    return FetchedPaper(paper_id=paper_id, title=title, year=year, month=month,
                        authors=tuple(json.loads(authors)), arxiv=arxiv, doi=doi,
                        corpus_id=corpus_id, venue=venue, url=url)
