"""Every kind of bad input gives one readable message with file and line, exit 1, no traceback."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import FIXTURES
from lineage.io.yaml_reader import MAX_FILE_BYTES

# fixture folder → (text the message must contain, file:line[:col] it must point at)
BROKEN = {
    "malformed-yaml": ("malformed YAML", "papers.yaml:20:7"),
    "top-level-not-list": ("top level must be a list", "papers.yaml:1:1"),
    "record-not-mapping": ("must be a mapping", "papers.yaml:18:3"),
    "missing-field": ("missing required field 'year'", "papers.yaml:18"),
    "wrong-type": ("'year' must be a whole number", "papers.yaml:21"),
    "duplicate-id": ("duplicate paper id 'rnn' (first defined on line 1)", "papers.yaml:18"),
    "unknown-paper": ("unknown paper 'lstm'", "edges.yaml:6"),
    "self-loop": ("cannot build on itself", "edges.yaml:6"),
    "duplicate-edge": ("duplicate edge attn builds on rnn (first on line 1)", "edges.yaml:5"),
    "cycle": ("cycle: a → b → c → a", "edges.yaml:1"),
    "builds-on-later": ("rnn (2014) cannot build on the later paper attn (2017-06)", "edges.yaml:2"),
    "bad-url": ("must be an http:// or https:// address", "papers.yaml:22"),
    "empty-file": ("file is empty", "papers.yaml"),
    "yaml-alias": ("anchors and aliases", "papers.yaml:7:3"),
    "unknown-kind": ("unknown edge kind 'architectur'; did you mean 'architecture'", "edges.yaml:3"),
    "bad-topic": ("unknown topic 'fundations'; did you mean 'foundations'", "papers.yaml:6"),
    "no-link": ("needs an 'arxiv' id or a 'url'", "papers.yaml:18"),
    "missing-edges-file": ("file not found", "edges.yaml"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_check_reports_one_clear_error(run, case):
    expected, where = BROKEN[case]
    result = run("--graph", str(FIXTURES / case), "check")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if "error:" in line]
    assert len(errors) == 1, errors
    assert expected in errors[0]
    assert f"{case}/{where}:" in errors[0] or errors[0].split(": ")[0].endswith(f"{case}/{where}")


@pytest.mark.parametrize("case", ["malformed-yaml", "cycle", "yaml-alias", "unknown-paper"])
def test_every_command_refuses_a_broken_graph_cleanly(run, case):
    result = run("--graph", str(FIXTURES / case), "order", "attn")
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_unknown_field_is_a_warning_that_strict_turns_into_failure(run):
    folder = str(FIXTURES / "unknown-field")
    ok = run("--graph", folder, "check")
    assert ok.exit_code == 0
    assert "warning: unknown field 'summery' in paper; did you mean 'summary'?" in ok.output
    assert run("--graph", folder, "check", "--strict").exit_code == 1


def test_valid_fixture_is_clean(run):
    result = run("--graph", str(FIXTURES / "valid"), "check", "--strict")
    assert result.exit_code == 0
    assert "ok:" in result.output and "2 papers, 1 edges, 0 errors, 0 warnings" in result.output


def test_oversized_file_is_refused_before_parsing(run, tmp_path):
    shutil.copytree(FIXTURES / "valid", tmp_path / "g")
    with open(tmp_path / "g" / "papers.yaml", "r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1024 * 1024)  # sparse: cheap to make, too big to accept
    result = run("--graph", str(tmp_path / "g"), "check")
    assert result.exit_code == 1
    assert f"the limit is {MAX_FILE_BYTES // 2**20} MB" in result.output


def test_unsafe_yaml_tags_are_not_executed(run, tmp_path):
    shutil.copytree(FIXTURES / "valid", tmp_path / "g")
    marker = tmp_path / "pwned"
    (tmp_path / "g" / "papers.yaml").write_text(
        f"- !!python/object/apply:os.system ['touch {marker}']\n")
    result = run("--graph", str(tmp_path / "g"), "check")
    assert result.exit_code == 1
    assert not marker.exists()
    assert "Traceback" not in result.output


def test_non_utf8_file_is_reported(run, tmp_path):
    shutil.copytree(FIXTURES / "valid", tmp_path / "g")
    (tmp_path / "g" / "papers.yaml").write_bytes(b"- id: \xff\xfe\n")
    result = run("--graph", str(tmp_path / "g"), "check")
    assert result.exit_code == 1 and "not UTF-8" in result.output


def test_graph_discovery_order(run, tmp_path, monkeypatch):
    """--graph beats $LINEAGE_GRAPH beats ./graph beats the shipped copy."""
    shutil.copytree(FIXTURES / "valid", tmp_path / "graph")
    monkeypatch.chdir(tmp_path)
    assert "2 papers" in run("check").output                      # ./graph
    monkeypatch.setenv("LINEAGE_GRAPH", str(FIXTURES / "unknown-field"))
    assert "3 papers" in run("check").output                      # env beats ./graph
    assert "FAILED" in run("--graph", str(FIXTURES / "cycle"), "check").output  # option beats env
    monkeypatch.delenv("LINEAGE_GRAPH")
    os.rename(tmp_path / "graph", tmp_path / "elsewhere")
    shipped = run("check")                                        # falls back to the shipped graph
    assert "2 papers" not in shipped.output


@pytest.mark.parametrize("field, value, code", [
    ("title", "Red \x1b[31malert\x1b[0m", "U+001B"),          # a terminal colour escape
    ("why", "rings the bell\x07", "U+0007"),
    ("authors", ["Ada \u202eecalevoL"], "U+202E"),           # right-to-left override
    ("summary", "ends with a C1 control \x9b", "U+009B"),
])
def test_text_a_terminal_would_act_on_is_refused(run, tmp_path, field, value, code):
    from conftest import paper, write_graph

    record = paper("evil", 2020)
    record[field] = value
    folder = write_graph(tmp_path / "g", [record], [])
    result = run("--graph", str(folder), "check")
    assert result.exit_code == 1
    assert f"error: field '{field}' holds the control character {code}" in result.output
    assert "papers.yaml:" in result.output
    assert chr(int(code[2:], 16)) not in result.output  # named, never echoed to the terminal


def test_newlines_and_tabs_in_prose_are_fine(run, tmp_path):
    from conftest import paper, write_graph

    record = paper("fine", 2020)
    record["summary"] = "first line\nsecond line\twith a tab"
    result = run("--graph", str(write_graph(tmp_path / "g", [record], [])), "check")
    assert result.exit_code == 0, result.output


def test_work_type_and_edge_role_are_checked(run, tmp_path):
    from conftest import paper, write_graph

    book = paper("book", 2016, type="boook", minutes=600)
    folder = write_graph(tmp_path / "g", [paper("a", 2015), book],
                         [{"paper": "book", "builds_on": "a", "why": "w", "role": "maybe"}])
    result = run("--graph", str(folder), "check")
    assert result.exit_code == 1
    assert "unknown type 'boook'; did you mean 'book'" in result.output
    assert "edge role must be one of core, context, got 'maybe'" in result.output


def test_edge_role_defaults_to_core_and_types_load(tmp_path):
    from conftest import paper, write_graph
    from lineage import load_graph
    from lineage.graph import edge

    folder = write_graph(tmp_path / "g", [paper("a", 2015), paper("b", 2016, type="blog", minutes=20),
                                          paper("c", 2017)],
                         [{"paper": "b", "builds_on": "a", "why": "w"},
                          {"paper": "c", "builds_on": "b", "why": "w", "role": "context"}])
    g = load_graph(folder)
    assert edge(g, "a", "b").role == "core"
    assert edge(g, "b", "c").role == "context"
    assert g.nodes["b"]["paper"].type == "blog"
