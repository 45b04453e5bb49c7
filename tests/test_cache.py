"""The parsed-graph cache: same graph as from YAML, used only when it is safe and current."""

from __future__ import annotations

import json
import os
import stat

import pytest

from conftest import paper, write_graph
from lineage import cache
from lineage import graph as graph_module
from lineage.graph import build_graph, check_graph, load_graph


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


def test_entry_is_private_json(folder):
    load_graph(folder)
    base = cache.cache_dir()
    entries = list(base.glob("*.json"))
    assert len(entries) == 1
    assert stat.S_IMODE(base.stat().st_mode) == 0o700
    assert stat.S_IMODE(entries[0].stat().st_mode) == 0o600
    data = json.loads(entries[0].read_text(encoding="utf-8"))  # plain JSON, nothing to execute
    assert data["papers"]["id"] == ["rnn", "lstm", "attn", "transformer", "bert", "gpt"]


def test_an_edit_invalidates_the_entry(folder):
    assert load_graph(folder).nodes["bert"]["paper"].title == "Paper bert"
    papers_file = folder / "papers.yaml"
    papers_file.write_text(papers_file.read_text().replace("Paper bert", "BERT revised"))
    assert load_graph(folder).nodes["bert"]["paper"].title == "BERT revised"
    edges_file = folder / "edges.yaml"
    edges_file.write_text(edges_file.read_text().replace("why: decoder", "why: decoder only"))
    assert load_graph(folder).edges["transformer", "gpt"]["why"] == "decoder only"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong-key", "scrambled-permutation",
                                    "ragged-columns", "edge-index-out-of-range"])
def test_a_damaged_entry_is_ignored(folder, damage):
    expected = _fingerprint(load_graph(folder))
    entry = next(cache.cache_dir().glob("*.json"))
    text = entry.read_text(encoding="utf-8")
    data = json.loads(text)
    if damage == "garbage":
        text = "\x00not json at all"
    elif damage == "truncated":
        text = text[: len(text) // 2]
    else:
        if damage == "wrong-key":
            data["key"] = "0" * 64
        elif damage == "scrambled-permutation":
            data["by_prerequisite"] = list(reversed(data["by_prerequisite"]))
        elif damage == "ragged-columns":
            data["papers"]["title"].pop()
        else:
            data["edges"]["builds_on"][0] = 999
        text = json.dumps(data)
    entry.write_text(text, encoding="utf-8")
    assert _fingerprint(load_graph(folder)) == expected
    # ... and the damaged entry was replaced by a good one, which is then used.
    assert json.loads(entry.read_text(encoding="utf-8"))["key"] != "0" * 64


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
