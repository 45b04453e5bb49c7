"""Fetching lineage from Semantic Scholar: replayed fixtures, never the network.

The fixtures (tests/fixtures/s2/, see its README) describe Open-Reasoner-Zero, a 2025 paper
outside the curated graph whose references reach DeepSeek-R1 and PPO.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
from pathlib import Path

import httpx
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from lineage.fetch import fetch_lineage, fetched_node_id, joined_graph
from lineage.s2 import BadResponse, NotFound, RateLimited, S2Client, Unavailable, s2_id_for
from lineage.store import Store, StoreError

S2 = FIXTURES / "s2"
IDS = json.loads((S2 / "ids.json").read_text())


def _load(name: str) -> object:
    return json.loads((S2 / name).read_text())


def fixture_routes() -> dict[tuple[str, int], object]:
    """(path, offset) → JSON body, for the replayed API."""
    base = "/graph/v1/paper/"
    return {
        (base + "ARXIV:2503.24290", 0): _load("paper-target.json"),
        (base + IDS["target"] + "/references", 0): _load("refs-target-0.json"),
        (base + IDS["target"] + "/references", 3): _load("refs-target-3.json"),
        (base + IDS["rpp"] + "/references", 0): _load("refs-rpp-0.json"),
        (base + IDS["rloo"] + "/references", 0): _load("refs-rloo-0.json"),
        (base + IDS["hostile"] + "/references", 0): _load("refs-hostile-0.json"),
        (base + IDS["cyca"] + "/references", 0): _load("refs-cyca-0.json"),
        (base + IDS["cycb"] + "/references", 0): _load("refs-cycb-0.json"),
    }


class Replay:
    """An httpx transport answering from the fixtures; records every request."""

    def __init__(self, routes=None, script=None) -> None:
        self.routes = routes if routes is not None else fixture_routes()
        self.script = list(script or [])  # responses served first, in order, whatever the path
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if self.script:
            item = self.script.pop(0)
            if isinstance(item, Exception):
                raise item
            return item
        offset = int(request.url.params.get("offset", 0))
        body = self.routes.get((request.url.path, offset))
        if body is None:
            body = self.routes.get((request.url.path, 0)) if "/references" not in request.url.path else None
        if body is None:
            if request.url.path.endswith("/references"):
                return httpx.Response(200, json={"offset": 0, "data": []})
            return httpx.Response(404, json={"error": "Paper with id not found"})
        return httpx.Response(200, json=body)


def client_for(replay: Replay, **kw) -> tuple[S2Client, list[float]]:
    waits: list[float] = []
    client = S2Client(base_url="http://127.0.0.1:9", transport=httpx.MockTransport(replay),
                      sleep=waits.append, clock=lambda: 0.0, **kw)
    return client, waits


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened


@pytest.fixture
def curated():
    from lineage import load_graph

    return load_graph()


def test_fetch_walks_builds_on_references_and_stops_at_curated(store, curated):
    replay = Replay()
    client, waits = client_for(replay)
    report = fetch_lineage("2503.24290", client=client, store=store, curated=curated, depth=2)
    # REINFORCE++ (influential) and the hostile paper (influential) are walked; the background-only
    # survey is not kept; DeepSeek-R1 and PPO are curated, so the walk stops there.
    assert report.curated == {"deepseek-r1", "ppo"}
    assert IDS["bg"] not in report.papers
    assert {IDS["rpp"], IDS["rloo"], IDS["hostile"], IDS["cyca"]} <= report.papers
    paths = [r.url.path for r in replay.seen]
    assert not any(IDS["r1"] in p for p in paths), "a curated paper's references are never fetched"
    assert sum(p.endswith(IDS["target"] + "/references") for p in paths) == 2  # both pages
    assert report.elided == [store.paper(IDS["hostile"]).title]  # the publisher withheld its list
    assert all(w <= 1.0 for w in waits)  # pacing only: no 429 here
    # stored: the unmatched entry is counted, not stored as a paper
    total, unmatched, elided, _ = store.reference_list(IDS["target"])
    assert (total, unmatched, elided) == (7, 1, False)
    assert store.reference_list(IDS["hostile"])[2] is True


def test_requests_are_paced_at_one_a_second_and_send_the_key(store):
    replay = Replay()
    waits: list[float] = []
    now = [0.0]

    def sleep(s: float) -> None:
        waits.append(s)
        now[0] += s

    client = S2Client(base_url="http://127.0.0.1:9", api_key="k3y",
                      transport=httpx.MockTransport(replay), sleep=sleep, clock=lambda: now[0])
    fetch_lineage("2503.24290", client=client, store=store, depth=2)
    assert len(replay.seen) >= 4
    assert waits and all(abs(w - 1.0) < 1e-9 for w in waits)  # never two requests within a second
    assert all(r.headers["x-api-key"] == "k3y" for r in replay.seen)


def test_429_honours_retry_after_then_succeeds(store):
    replay = Replay(script=[httpx.Response(429, headers={"Retry-After": "7"}),
                            httpx.Response(429)])
    client, waits = client_for(replay)
    paper = client.paper("ARXIV:2503.24290")
    assert paper.paper_id == IDS["target"]
    assert 7.0 in waits  # Retry-After obeyed
    assert any(1.0 <= w <= 4.0 for w in waits if w != 7.0)  # backoff with jitter without it


def test_persistent_429_is_rate_limited_not_empty(store):
    replay = Replay(script=[httpx.Response(429)] * 10)
    client, _ = client_for(replay, max_retries=3)
    with pytest.raises(RateLimited, match="rate-limited"):
        client.references(IDS["target"])


def test_5xx_and_timeouts_are_retried_then_reported():
    replay = Replay(script=[httpx.Response(503), httpx.ReadTimeout("slow")])
    client, _ = client_for(replay)
    assert client.paper("ARXIV:2503.24290").year == 2025
    replay = Replay(script=[httpx.Response(502)] * 10)
    client, _ = client_for(replay, max_retries=2)
    with pytest.raises(Unavailable, match="HTTP 502"):
        client.paper("ARXIV:2503.24290")


def test_unknown_paper_is_not_found():
    client, _ = client_for(Replay())
    with pytest.raises(NotFound):
        client.paper("ARXIV:9999.99999")


@pytest.mark.parametrize("body", [
    b'{"offset": 0, "data": [{"citedPaper": {"paperId": "abc"', b"<html>502 Bad Gateway</html>",
    b'{"offset": 0, "data": [{"isInfluential": "yes", "citedPaper": {"paperId": null}}]}',
    b'{"offset": 0, "data": "nope"}', b'{"offset": 0, "next": 0, "data": []}',
    b'{"offset": 0, "data": [{"citedPaper": {"paperId": "' + b"f" * 40 + b'", "year": "2020"}}]}',
])
def test_malformed_answers_are_refused_and_the_store_is_unchanged(store, body):
    routes = fixture_routes()
    replay = Replay(routes)
    client, _ = client_for(replay)
    target = client.paper("ARXIV:2503.24290")
    store.put_paper(target)
    bad = Replay(script=[httpx.Response(200, content=body)])
    bad_client, _ = client_for(bad)
    with pytest.raises(BadResponse):
        fetch_lineage(target, client=bad_client, store=store, depth=1)
    assert store.references(IDS["target"]) == []
    assert store.reference_list(IDS["target"]) is None


def test_hostile_strings_are_cleaned_before_they_are_stored(store):
    client, _ = client_for(Replay())
    fetch_lineage("2503.24290", client=client, store=store, depth=1)
    hostile = store.paper(IDS["hostile"])
    assert "\x1b" not in hostile.title and "\x07" not in hostile.title and "\x93" not in hostile.title
    assert "\u202e" not in hostile.authors[0]
    contexts = [c for r in store.references(IDS["target"]) for c in r.contexts]
    assert all("\x1b" not in c and "\x85" not in c for c in contexts)
    assert hostile.doi == "10.1234/hostile.5"


def test_fresh_lists_are_reused_and_old_ones_refetched(store):
    replay = Replay()
    client, _ = client_for(replay)
    fetch_lineage("2503.24290", client=client, store=store, depth=1)
    first = len(replay.seen)
    report = fetch_lineage("2503.24290", client=client, store=store, depth=1)
    assert report.reused == 1 and report.requested == 0
    assert len(replay.seen) == first + 1  # only the target's metadata
    report = fetch_lineage("2503.24290", client=client, store=store, depth=1, max_age_days=0)
    assert report.requested == 1


def test_max_papers_caps_the_walk_most_signalled_first(store):
    client, _ = client_for(Replay())
    report = fetch_lineage("2503.24290", client=client, store=store, depth=2, max_papers=3)
    assert report.capped
    assert len(report.papers) == 3
    # influential + methodology references come first: DeepSeek-R1 and REINFORCE++ (or the hostile one)
    assert IDS["r1"] in report.papers


def test_interrupt_keeps_what_was_fetched(store):
    calls = {"n": 0}
    routes = fixture_routes()

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return Replay(routes)(request)

    client = S2Client(base_url="http://127.0.0.1:9", transport=httpx.MockTransport(handler),
                      sleep=lambda s: None, clock=lambda: 0.0)
    report = fetch_lineage("2503.24290", client=client, store=store, depth=2)
    assert report.interrupted
    assert store.reference_list(IDS["target"]) is not None  # stored before the interrupt
    assert store.runs()[-1][-1] == "interrupted"


def test_joined_graph_marks_derived_and_lets_curated_links_win(store, curated):
    client, _ = client_for(Replay())
    fetch_lineage("2503.24290", client=client, store=store, curated=curated, depth=3)
    g, ids, report = joined_graph(curated, store, [IDS["target"]], depth=3)
    target = ids[IDS["target"]]
    assert target == fetched_node_id(IDS["target"])
    assert ids[IDS["r1"]] == "deepseek-r1" and ids[IDS["ppo"]] == "ppo"
    assert g.nodes[target]["source"] == "semantic-scholar"
    assert "source" not in g.nodes["deepseek-r1"]
    # fetched links are marked, quote the citation context, and never touch curated-curated pairs
    link = g.edges["deepseek-r1", target]
    assert link["source"] == "semantic-scholar" and link["signal"] == "influential"
    assert link["why"].startswith("“We follow DeepSeek-R1-Zero")
    assert link["why"].endswith("(cited; influential, per Semantic Scholar)")
    assert g.nodes[target]["paper"].derived and not g.nodes["deepseek-r1"]["paper"].derived
    assert all(d.get("source") is None for u, v, d in g.edges(data=True) if u in curated and v in curated)
    assert set(curated.edges) <= set(g.edges)
    assert not curated.has_node(target)  # the curated graph is untouched
    # REINFORCE++ cites a later paper: dropped and reported; the twins cite each other: one link dropped
    rpp = ids[IDS["rpp"]]
    assert (rpp, fetched_node_id(IDS["later"])) in report.dropped_later
    assert len(report.dropped_cycle) == 1
    assert nx.is_directed_acyclic_graph(g)
    # the whole lineage reads in order: nothing before what it builds on
    from lineage import reading_order

    order = reading_order(g, [target])
    assert order.index("ppo") < order.index(rpp) < order.index(target)
    assert order.index("deepseek-r1") < order.index(target)
    assert "transformer" in order  # the curated lineage of R1 comes along


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_joined_graph_is_acyclic_for_random_fetched_citations(tmp_path_factory, data):
    """Random citation lists (cycles, later papers and all): the join is a DAG and its orders valid."""
    from lineage import reading_order
    from lineage.model import Paper
    from lineage.s2 import FetchedPaper, Reference

    n = data.draw(st.integers(2, 9))
    papers = [FetchedPaper(paper_id=f"{i:040x}", title=f"P{i}", year=data.draw(st.integers(2015, 2020)),
                           authors=("A",)) for i in range(n)]
    store = Store(tmp_path_factory.mktemp("s") / "s.sqlite3")
    for p in papers:
        cited = data.draw(st.lists(st.sampled_from(papers), max_size=4, unique_by=lambda q: q.paper_id))
        store.put_references(p, [Reference(cited=c, is_influential=True) for c in cited])
    curated = nx.DiGraph()
    curated.add_node("x", paper=Paper("x", "X", ("A",), 2010, url="https://example.org"))
    g, ids, _ = joined_graph(curated, store, [papers[0].paper_id], depth=n)
    store.close()
    assert nx.is_directed_acyclic_graph(g)
    order = reading_order(g, [ids[papers[0].paper_id]])
    position = {p: i for i, p in enumerate(order)}
    for u, v in g.subgraph(order).edges:
        assert position[u] < position[v]


def test_store_is_wal_and_survives_concurrent_writers(tmp_path):
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    probe = sqlite3.connect(path)
    assert probe.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    probe.close()
    ctx = multiprocessing.get_context("spawn")  # fresh processes, as two `lineage fetch` are
    procs = [ctx.Process(target=_write_many, args=(str(path), k)) for k in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with Store(path) as s:
        assert len(list(s.papers())) == 2 * 40 + 1


def _write_many(path: str, k: int) -> None:
    from lineage.s2 import FetchedPaper, Reference

    with Store(path) as s:
        shared = FetchedPaper(paper_id="e" * 40, title="Shared", year=2020)
        for i in range(40):
            p = FetchedPaper(paper_id=f"{k}{i:039x}", title=f"P{k}-{i}", year=2021)
            s.put_references(p, [Reference(cited=shared, is_influential=True)])
    os._exit(0)


def test_killed_fetch_leaves_whole_lists_only(tmp_path):
    """A writer killed mid-transaction leaves the store as before that paper."""
    path = tmp_path / "s.sqlite3"
    ctx = multiprocessing.get_context("spawn")  # fresh processes, as two `lineage fetch` are
    proc = ctx.Process(target=_die_mid_write, args=(str(path),))
    proc.start()
    proc.join(30)
    with Store(path) as s:
        assert s.reference_list("d" * 40) is None
        assert s.references("d" * 40) == []
        assert s.reference_list("c" * 40) is not None


def _die_mid_write(path: str) -> None:
    from lineage.s2 import FetchedPaper, Reference

    s = Store(path)
    shared = FetchedPaper(paper_id="e" * 40, title="Shared", year=2020)
    s.put_references(FetchedPaper(paper_id="c" * 40, title="C", year=2021),
                     [Reference(cited=shared)])
    s._db.execute("BEGIN IMMEDIATE")
    s._db.execute("INSERT INTO refs VALUES (?,?,?,?,?,?,?)", ("d" * 40, "e" * 40, 1, "[]", "[]", "x", 0.0))
    os.kill(os.getpid(), 9)


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a lineage store"):
        Store(bad)
    assert bad.read_text().startswith("my notes")


@pytest.mark.parametrize(("text", "expected"), [
    ("2501.12948", "ARXIV:2501.12948"), ("arXiv:2501.12948v3", "ARXIV:2501.12948"),
    ("https://arxiv.org/pdf/2501.12948v1.pdf", "ARXIV:2501.12948"),
    ("https://doi.org/10.1038/nature14539", "DOI:10.1038/nature14539"),
    ("CorpusId:13756489", "CorpusId:13756489"), ("204e3073870fae3d05bcbc2f6a8e263d9b72e776",
                                                 "204e3073870fae3d05bcbc2f6a8e263d9b72e776"),
    ("Attention Is All You Need", None),
])
def test_ids_readers_type_become_api_ids(text, expected):
    assert s2_id_for(text) == expected


def test_base_url_must_be_http():
    with pytest.raises(Exception, match="http:// or https://"):
        S2Client(base_url="file:///etc/passwd")


@pytest.mark.live
@pytest.mark.skipif(os.environ.get("LINEAGE_LIVE") != "1", reason="live API check: set LINEAGE_LIVE=1")
def test_live_api_still_matches_the_fixtures(tmp_path):  # pragma: no cover - needs the network
    with S2Client() as client:
        paper = client.paper("ARXIV:1706.03762")
        assert paper.title.lower().startswith("attention is all you need")
        refs, _ = client.references(paper.paper_id)
        assert refs and any(r.cited for r in refs)


# ---- the command line against a local server (a plain http://127.0.0.1:PORT mirror) ----------

@pytest.fixture
def local_api(monkeypatch, tmp_path):
    """A real HTTP server on loopback answering from the fixtures; the CLI talks to it through
    LINEAGE_S2_URL exactly as it would to the real API."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlsplit

    routes = fixture_routes()
    routes[("/graph/v1/paper/search/match", 0)] = {"data": [{**_load("paper-target.json"), "matchScore": 97.1}]}
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urlsplit(self.path)
            seen.append(url.path)
            offset = int(parse_qs(url.query).get("offset", ["0"])[0])
            body = routes.get((url.path, offset))
            if body is None and url.path.endswith("/references"):
                body = {"offset": 0, "data": []}
            status = 200 if body is not None else 404
            data = json.dumps(body if body is not None else {"error": "not found"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("LINEAGE_S2_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("LINEAGE_S2_INTERVAL", "0")
    monkeypatch.setenv("LINEAGE_STORE", str(tmp_path / "store.sqlite3"))
    yield seen
    server.shutdown()


def test_fetch_then_order_joins_fetched_and_curated_marked(run, local_api, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # wide enough that no entry's first line wraps
    result = run("fetch", "2503.24290", "--depth", "2")
    assert result.exit_code == 0
    assert "reaches the curated graph at: deepseek-r1, ppo" in result.output
    assert any(p.endswith("/references") for p in local_api)

    result = run("order", "2503.24290", "--why")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    target_line = next(line for line in lines if "Open-Reasoner-Zero" in line and "← target" in line)
    assert "(derived: Semantic Scholar citations, not curated)" in target_line
    rpp = next(line for line in lines if "REINFORCE++" in line)
    assert "derived" in rpp
    r1 = next(line for line in lines if "[deepseek-r1]" in line)
    assert "derived" not in r1  # curated papers stay unmarked
    ids = [line.split("[")[-1].split("]")[0] for line in lines if "] " in line and "  [" in line]
    assert ids.index("ppo") < ids.index(fetched_node_id(IDS["rpp"])) < ids.index(fetched_node_id(IDS["target"]))
    assert "\x1b" not in result.output and "\x07" not in result.output

    shown = run("show", "2503.24290").stdout
    assert "derived: from Semantic Scholar citations, not curated" in shown
    assert shown.lower().count("derived") == 1  # said once, not again as its "why it matters"
    assert "derived" not in run("show", "deepseek-r1").stdout
    data = json.loads(run("order", "2503.24290", "-f", "json").stdout)
    by_id = {p["id"]: p for p in data["papers"]}
    assert by_id[fetched_node_id(IDS["target"])]["source"] == "semantic-scholar"
    assert by_id["deepseek-r1"]["source"] == "curated"


def test_unknown_name_suggests_fetch(run, local_api):
    result = run("order", "2503.24290")
    assert result.exit_code == 1
    assert "lineage fetch 2503.24290" in result.output


def test_fetch_is_suggested_for_identifiers_and_unknown_titles_not_for_typos(run):
    typo = run("show", "trasformer")
    assert typo.exit_code == 1 and "did you mean: transformer" in typo.output
    assert "lineage fetch" not in typo.output  # the suggestions answer a typo
    new = run("show", "a wholly unheard of paper about frogs")
    assert "lineage fetch 'a wholly unheard of paper about frogs'" in new.output
    doi = run("show", "10.48550/arXiv.2503.24290")
    assert "lineage fetch 10.48550/arXiv.2503.24290" in doi.output


def test_propose_prints_records_with_evidence_and_write_appends_todo(run, local_api, tmp_path):
    import shutil

    assert run("fetch", "2503.24290", "--depth", "1").exit_code == 0
    result = run("propose", "2503.24290")
    assert result.exit_code == 0
    assert "why: TODO" in result.output
    assert "# evidence (Semantic Scholar): influential; intents: background, methodology" in result.output
    graph = tmp_path / "graph"
    shutil.copytree(Path(__file__).resolve().parents[1] / "graph", graph)
    before = (graph / "papers.yaml").read_bytes()
    result = run("--graph", str(graph), "propose", "2503.24290", "--write")
    assert result.exit_code == 0, result.output
    after = (graph / "papers.yaml").read_bytes()
    assert after.startswith(before) and b"Open-Reasoner-Zero" in after[len(before):]
    check = run("--graph", str(graph), "check")
    assert check.exit_code == 0  # warnings only
    assert "why is TODO" in check.output


def test_render_of_a_fetched_target_escapes_hostile_titles(run, local_api, tmp_path):
    assert run("fetch", "2503.24290", "--depth", "2").exit_code == 0
    out = tmp_path / "page.html"
    result = run("render", "2503.24290", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "Open-Reasoner-Zero" in page
    assert "<script>alert" not in page and "<img src=x" not in page


def test_lint_list_online_finds_what_the_graph_lacks_and_marks_it(run, local_api, tmp_path):
    reading = tmp_path / "list.md"
    reading.write_text("- Attention Is All You Need\n"
                       "- Open-Reasoner-Zero: An Open Source Approach to Scaling Up RL on the Base Model\n")
    offline = run("lint-list", str(reading))
    assert "Unresolved (1)" in offline.output
    online = run("lint-list", str(reading), "--online")
    assert online.exit_code == 0, online.output
    assert "Unresolved" not in online.output
    assert "found online by Semantic Scholar's title match (derived, not curated)" in " ".join(online.output.split())
    assert "/graph/v1/paper/search/match" in local_api


def test_a_fetched_paper_without_a_year_is_left_out_and_said(run, tmp_path, monkeypatch):
    """An undated reference cannot be placed in a reading order: it is left out of the joined
    lineage, and the reader is told how many (it used to vanish without a word)."""
    from lineage.s2 import FetchedPaper, Reference

    path = tmp_path / "s.sqlite3"
    store = Store(path)
    target = FetchedPaper(paper_id="a" * 40, title="A Fetched Target Study", year=2025, authors=("A B",))
    dated = FetchedPaper(paper_id="b" * 40, title="A Dated Prior Work", year=2020, authors=("C D",))
    undated = FetchedPaper(paper_id="c" * 40, title="An Undated Report", authors=("E F",))
    store.put_references(target, [Reference(cited=dated, is_influential=True),
                                  Reference(cited=undated, is_influential=True)])
    store.close()
    monkeypatch.setenv("LINEAGE_STORE", str(path))
    result = run("order", "A Fetched Target Study", "-f", "json")
    assert result.exit_code == 0, result.output
    titles = [p["title"] for p in json.loads(result.stdout)["papers"]]
    assert titles == ["A Dated Prior Work", "A Fetched Target Study"]
    assert "left out 1 fetched paper Semantic Scholar gives no year for" in result.stderr
