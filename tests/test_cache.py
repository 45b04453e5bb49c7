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
