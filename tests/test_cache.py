"""The parsed-graph cache: same graph as from YAML, used only when it is safe and current."""

from __future__ import annotations

import json
import os
import stat

import pytest

from conftest import paper, write_graph
from lineage.graph import build_graph
from lineage.io import cache
from lineage.io import graph_files as graph_module
from lineage.io.graph_files import check_graph, load_graph


def _records():
    papers = [paper("rnn", 1986, authors=["David Rumelhart", "Geoffrey Hinton"]),
              paper("lstm", 1997, aliases=["LSTM"], pages=32),
              paper("attn", 2014, 9, topics=["architecture", "foundations"]),
              paper("transformer", 2017, 6, arxiv="1706.03762", minutes=90, verified=False),
              paper("bert", 2018, 10), paper("gpt", 2018, 6)]
    # Edges deliberately not grouped by paper, one without a reason (a warning), mixed kinds.
    edges = [{"paper": "transformer", "builds_on": "attn", "kind": "architecture", "why": "attention"},
             {"paper": "lstm", "builds_on": "rnn", "why": "gates"},
             {"paper": "bert", "builds_on": "transformer", "kind": "architecture", "why": "encoder"},
             {"paper": "attn", "builds_on": "lstm", "kind": "method"},
             {"paper": "transformer", "builds_on": "lstm", "kind": "critique", "why": "no recurrence"},
             {"paper": "gpt", "builds_on": "transformer", "why": "decoder"},
             {"paper": "attn", "builds_on": "rnn", "kind": "method", "why": "encoder-decoder"}]
    return papers, edges


@pytest.fixture
def folder(tmp_path):
    return write_graph(tmp_path / "g", *_records())


def _reading_yaml_fails(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("YAML was read although the cache should have answered")

    monkeypatch.setattr(graph_module, "read_records", refuse)


def _fingerprint(g):
    """Everything a caller can observe, including adjacency order and source lines."""
    nodes = [(n, d["paper"], d["paper"].line) for n, d in g.nodes(data=True)]
    succ = [(n, list(g.succ[n].items())) for n in g]  # attribute dicts hold kind, why and line
    pred = [(n, list(g.pred[n].items())) for n in g]
    return nodes, succ, pred, g.graph["problems"]


def test_cached_graph_is_the_graph_built_from_yaml(folder, monkeypatch):
    papers, edges, problems = check_graph(folder)
    expected = build_graph(papers, edges)
    expected.graph["problems"] = problems
    assert any(p.severity == "warning" for p in problems)  # the edge without a reason
    load_graph(folder)  # writes the entry
    _reading_yaml_fails(monkeypatch)
    cached = load_graph(folder)
    assert _fingerprint(cached) == _fingerprint(expected)
    assert cached.graph["source"] == folder


def _entry_file():
    entries = list(cache.cache_dir().glob("*.json"))
    assert len(entries) == 1
    return entries[0]


def test_entry_is_private_plain_data(folder):
    load_graph(folder)
    base = cache.cache_dir()
    entry = _entry_file()
    assert stat.S_IMODE(base.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    data = json.loads(entry.read_bytes())  # JSON: nothing YAML could not hold
    assert data["entry"] == entry.stem
    assert data["papers"]["id"] == ["rnn", "lstm", "attn", "transformer", "bert", "gpt"]
    # edges as columns, papers by their place in the list: attn (2) builds on lstm (1)
    edges = data["edges"]
    i = list(zip(edges["paper"], edges["builds_on"], strict=True)).index((2, 1))
    # the record starts on line 12
    assert (edges["why"][i], edges["kind"][i], edges["line"][i], edges["role"][i]) == ("", "method", 12, "core")


def test_an_edit_invalidates_the_entry(folder):
    assert load_graph(folder).nodes["bert"]["paper"].title == "Paper bert"
    papers_file = folder / "papers.yaml"
    papers_file.write_text(papers_file.read_text().replace("Paper bert", "BERT revised"))
    assert load_graph(folder).nodes["bert"]["paper"].title == "BERT revised"
    edges_file = folder / "edges.yaml"
    edges_file.write_text(edges_file.read_text().replace("why: decoder", "why: decoder only"))
    assert load_graph(folder).edges["transformer", "gpt"]["why"] == "decoder only"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong-key", "not-a-graph",
                                    "ragged-columns", "paper-out-of-range", "wrong-types",
                                    "not-json-utf8"])
def test_a_damaged_entry_is_ignored(folder, damage):
    expected = _fingerprint(load_graph(folder))
    entry = _entry_file()
    raw = entry.read_bytes()
    data = json.loads(raw)
    if damage == "garbage":
        raw = b"\x00not an entry at all"
    elif damage == "truncated":
        raw = raw[: len(raw) // 2]
    elif damage == "not-json-utf8":
        raw = b"\xff\xfe" + raw
    else:
        if damage == "wrong-key":
            data["entry"] = "0" * 64
        elif damage == "not-a-graph":
            data = ["rnn", "lstm"]
        elif damage == "ragged-columns":
            data["edges"]["why"].pop()
            data["papers"]["title"].pop()
        elif damage == "paper-out-of-range":
            data["edges"]["paper"][0] = 99
        elif damage == "wrong-types":
            data["warnings"] = 7
        raw = json.dumps(data).encode()
    entry.write_bytes(raw)
    assert _fingerprint(load_graph(folder)) == expected
    # ... and the damaged entry was replaced by a good one, which is then used.
    assert json.loads(entry.read_bytes())["entry"] == entry.stem


def test_an_entry_owned_by_someone_else_is_ignored(folder, monkeypatch):
    load_graph(folder)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(folder).st_uid + 1)
    calls = []
    real = graph_module.read_records
    monkeypatch.setattr(graph_module, "read_records",
                        lambda *a, **k: calls.append(a) or real(*a, **k))
    assert load_graph(folder).nodes["bert"]["paper"].year == 2018
    assert len(calls) == 2  # both YAML files were read again


def test_no_cache_when_turned_off(folder, monkeypatch):
    monkeypatch.setenv("LINEAGE_NO_CACHE", "1")
    base = cache.cache_dir()
    assert base is None
    monkeypatch.delenv("LINEAGE_NO_CACHE")
    base = cache.cache_dir()
    monkeypatch.setenv("LINEAGE_NO_CACHE", "1")
    load_graph(folder)
    load_graph(folder)
    assert not base.exists() or not list(base.iterdir())


def test_an_invalid_graph_is_never_cached(tmp_path):
    papers, edges = _records()
    edges.append({"paper": "rnn", "builds_on": "gpt", "why": "time travel"})
    folder = write_graph(tmp_path / "bad", papers, edges)
    with pytest.raises(Exception, match="cannot build on the later paper"):
        load_graph(folder)
    base = cache.cache_dir()
    assert not base.exists() or not list(base.glob("*.json"))


def test_the_cli_serves_an_unchanged_graph_from_the_cache(run, folder, monkeypatch):
    first = run("--graph", str(folder), "order", "bert")
    assert first.exit_code == 0
    _reading_yaml_fails(monkeypatch)
    second = run("--graph", str(folder), "order", "bert")
    assert second.exit_code == 0
    assert second.output == first.output


def test_going_back_to_earlier_contents_is_served_from_their_entry(folder, monkeypatch):
    papers_file = folder / "papers.yaml"
    original = papers_file.read_text()
    load_graph(folder)
    papers_file.write_text(original.replace("Paper bert", "BERT revised"))
    assert load_graph(folder).nodes["bert"]["paper"].title == "BERT revised"
    papers_file.write_text(original)  # e.g. `git checkout` of the earlier version
    _reading_yaml_fails(monkeypatch)
    assert load_graph(folder).nodes["bert"]["paper"].title == "Paper bert"


# --- issue 19: trust checks, clean-up, hostile entries ---------------------------------------

def _age(path, days=30):
    old = os.stat(path, follow_symlinks=False).st_mtime - days * 24 * 3600
    os.utime(path, (old, old), follow_symlinks=False)


def _fresh_copy(folder, tmp_path, name="g2"):
    """Another graph folder, so that loading it writes (and cleans up) again."""
    import shutil

    other = tmp_path / name
    shutil.copytree(folder, other)
    return other


def test_clean_up_never_deletes_files_that_are_not_ours(folder, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setenv("LINEAGE_CACHE_DIR", str(shared))
    theirs = {"package.json": b'{"name": "x"}', "notes.last": b"n", "a.lcache": b"x",
              "graphs.json": b"{}"}
    for name, body in theirs.items():
        (shared / name).write_bytes(body)
        _age(shared / name)
    load_graph(folder)
    ours = cache.cache_dir()
    lookalike = ours / ("f" * 64 + ".json")  # our name, not our header
    lookalike.write_bytes(b'{"something": "else"}')
    lookalike.chmod(0o600)
    readme = ours / "README.json"
    readme.write_bytes(b"{}")
    stale = ours / ("e" * 64 + ".json")  # one of ours, for files since edited
    stale.write_bytes(b'{"entry":"' + b"e" * 64 + b'","papers":[],"edges":[],"warnings":[]}')
    stale.chmod(0o600)
    for path in (lookalike, readme, stale):
        _age(path)
    load_graph(_fresh_copy(folder, tmp_path))
    for name, body in theirs.items():
        assert (shared / name).read_bytes() == body
    assert lookalike.exists() and readme.exists()
    assert not stale.exists()


def test_a_dangling_symlink_does_not_turn_caching_off(folder, tmp_path):
    load_graph(folder)
    (cache.cache_dir() / ("d" * 64 + ".json")).symlink_to(tmp_path / "nowhere")
    other = _fresh_copy(folder, tmp_path)
    load_graph(other)
    assert len(list(cache.cache_dir().glob("*.json"))) == 3  # two entries and the link


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_folder_others_may_write_is_not_trusted(folder, monkeypatch, mode):
    load_graph(folder)
    cache.cache_dir().chmod(mode)
    _count_yaml_reads = []
    real = graph_module.read_records
    monkeypatch.setattr(graph_module, "read_records",
                        lambda *a, **k: _count_yaml_reads.append(a) or real(*a, **k))
    load_graph(folder)
    assert len(_count_yaml_reads) == 2


def test_a_symlinked_cache_folder_is_not_trusted(folder, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    base = tmp_path / "cachebase"
    base.mkdir()
    (base / "graphs").symlink_to(elsewhere)
    monkeypatch.setenv("LINEAGE_CACHE_DIR", str(base))
    load_graph(folder)
    assert not list(elsewhere.iterdir())


def test_an_entry_others_may_write_is_ignored(folder, monkeypatch):
    load_graph(folder)
    entry = _entry_file()
    entry.chmod(0o666)
    _reading_yaml_fails(monkeypatch)
    with pytest.raises(AssertionError, match="YAML was read"):
        load_graph(folder)


def test_a_symlinked_entry_is_not_followed_and_is_replaced_not_written_through(folder, tmp_path,
                                                                              monkeypatch):
    load_graph(folder)
    entry = _entry_file()
    target = tmp_path / "victim.json"
    target.write_bytes(entry.read_bytes())
    target.chmod(0o600)
    entry.unlink()
    entry.symlink_to(target)
    before = target.read_bytes()
    calls = []
    real = graph_module.read_records
    monkeypatch.setattr(graph_module, "read_records",
                        lambda *a, **k: calls.append(a) or real(*a, **k))
    load_graph(folder)
    assert len(calls) == 2  # the link was not followed
    assert target.read_bytes() == before  # and not written through
    assert entry.is_file() and not entry.is_symlink()


@pytest.mark.parametrize("damage", ["deep-header", "deep-body", "control-char", "cycle",
                                    "unknown-topic", "bool-year", "edge-to-nowhere"])
def test_a_hostile_entry_is_ignored_and_rewritten(folder, damage):
    expected = _fingerprint(load_graph(folder))
    entry = _entry_file()
    data = json.loads(entry.read_bytes())
    stem = entry.stem
    if damage == "deep-header":
        raw = b'{"entry":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    elif damage == "deep-body":
        raw = (b'{"entry":"' + stem.encode() + b'","papers":' + b"[" * 100_000
               + b"]" * 100_000 + b"}")
    else:
        papers, edges = data["papers"], data["edges"]

        def link(builds_on: int, paper: int) -> None:
            edges["builds_on"].append(builds_on)
            edges["paper"].append(paper)
            for name, value in (("kind", None), ("why", "x"), ("line", None), ("role", "core")):
                edges[name].append(value)

        if damage == "control-char":
            papers["title"][0] = "Paper \x1b]0;pwned\x07"
        elif damage == "cycle":  # gpt (last) → rnn (first): rnn already leads to gpt
            link(len(papers["id"]) - 1, 0)
        elif damage == "unknown-topic":
            papers["topics"][0] = ["astrology"]
        elif damage == "bool-year":
            papers["year"][0] = True
        elif damage == "edge-to-nowhere":
            link(-1, 0)  # a negative index would silently name the last paper
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    entry.write_bytes(raw)
    assert _fingerprint(load_graph(folder)) == expected  # a traceback on every run before
    assert json.loads(entry.read_bytes())["entry"] == stem  # rewritten
