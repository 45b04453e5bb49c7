"""Every query command through click's CliRunner, on a small graph checked by hand."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import paper, write_graph
from lineage.cli.app import cli

# a(2010) ← b(2012), c(2012-03) ← d(2015) ← t(2018);  c ← e(2016) ← t
EXPECTED_ORDER = ["a", "b", "c", "d", "e", "t"]  # b before c: same year, b has no month


@pytest.fixture
def mini(tmp_path):
    papers = [
        paper("a", 2010, title="Alpha Networks", authors=["Ada Lovelace", "Alan Turing", "Grace Hopper"],
              arxiv="1001.00001", aliases=["Alpha"]),
        paper("b", 2012, title="Beta Learning", authors=["Barbara Liskov"]),
        paper("c", 2012, 3, title="Gamma: Attention", authors=["Claude Shannon", "Edsger Dijkstra"]),
        paper("d", 2015, title="Delta Models"),
        paper("e", 2016, title="Epsilon Scaling", topics=["scaling"]),
        paper("t", 2018, title="Target-1: Reasoning by RL", aliases=["T1"], arxiv="1801.12345"),
        paper("z", 2019, title="Zeta, unrelated"),
    ]
    for p in papers:
        p.pop("url") if "arxiv" in p else None
    edges = [
        {"paper": "b", "builds_on": "a", "kind": "method", "why": "uses alpha's units"},
        {"paper": "c", "builds_on": "a", "kind": "architecture", "why": "adds attention to alpha"},
        {"paper": "d", "builds_on": "b", "kind": "training", "why": "trains like beta"},
        {"paper": "d", "builds_on": "c", "kind": "architecture", "why": "uses gamma's attention"},
        {"paper": "e", "builds_on": "c", "kind": "scaling", "why": "scales gamma"},
        {"paper": "t", "builds_on": "d", "kind": "method", "why": "starts from delta"},
        {"paper": "t", "builds_on": "e", "kind": "scaling", "why": "follows epsilon's law"},
    ]
    return str(write_graph(tmp_path / "mini", papers, edges))


def test_version_and_help_with_examples(run):
    assert re.match(r"lineage, version \d+\.\d+\.\d+", run("--version").output)
    for name, _command in cli.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"`lineage {name} --help` shows no example"


def test_order_text_lists_prerequisites_first_and_marks_target(run, mini):
    result = run("--graph", mini, "order", "t")
    assert result.exit_code == 0
    ids = re.findall(r"\[([a-z])\]", result.output)
    assert ids == EXPECTED_ORDER
    assert "Reading order for Target-1: 6 papers"  # the title (to its colon), not the alias T1 in result.output
    assert "← target" in result.output.splitlines()[-3] or "← target" in result.output


@pytest.mark.parametrize("name", ["t", "T1", "t1", "1801.12345", "arXiv:1801.12345",
                                  "https://arxiv.org/abs/1801.12345v2", "target 1",
                                  "TARGET-1: reasoning by rl"])
def test_names_resolve_by_id_alias_arxiv_and_title(run, mini, name):
    result = run("--graph", mini, "order", name, "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["targets"] == ["t"]


def test_unknown_name_suggests_close_matches_and_exits_1(run, mini):
    result = run("--graph", mini, "order", "delta modles")
    assert result.exit_code == 1
    assert "no paper called 'delta modles'" in result.output
    assert "d" in result.output.split("did you mean:")[1]
    assert "Traceback" not in result.output


def test_usage_error_exits_2(run, mini):
    assert run("--graph", mini, "order").exit_code == 2
    assert run("--graph", mini, "order", "t", "--depth", "-1").exit_code == 2
    assert run("--graph", mini, "order", "t", "--format", "pdf").exit_code == 2


def test_order_json_shape_and_needed_by(run, mini):
    data = json.loads(run("--graph", mini, "order", "t", "--format", "json").output)
    assert data["targets"] == ["t"]
    assert [p["id"] for p in data["papers"]] == EXPECTED_ORDER
    assert [p["position"] for p in data["papers"]] == [1, 2, 3, 4, 5, 6]
    first = data["papers"][0]
    assert first["title"] == "Alpha Networks" and first["year"] == 2010
    assert first["authors"] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert first["arxiv"] == "1001.00001" and first["url"] == "https://arxiv.org/abs/1001.00001"
    needed = {p["id"]: p["needed_by"] for p in data["papers"]}
    assert needed == {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["t"], "e": ["t"], "t": []}


def test_depth_limits_hops(run, mini):
    data = json.loads(run("--graph", mini, "order", "t", "--depth", "1", "-f", "json").output)
    assert [p["id"] for p in data["papers"]] == ["d", "e", "t"]
    data = json.loads(run("--graph", mini, "order", "t", "--depth", "0", "-f", "json").output)
    assert [p["id"] for p in data["papers"]] == ["t"]


def test_kind_filter_follows_only_those_edges(run, mini):
    data = json.loads(run("--graph", mini, "order", "t", "--kind", "scaling", "-f", "json").output)
    assert [p["id"] for p in data["papers"]] == ["c", "e", "t"]


def test_several_targets_give_one_merged_order(run, mini):
    data = json.loads(run("--graph", mini, "order", "e", "b", "-f", "json").output)
    assert [p["id"] for p in data["papers"]] == ["a", "b", "c", "e"]
    assert data["targets"] == ["e", "b"]


def test_markdown_checklist_format(run, mini):
    out = run("--graph", mini, "order", "t", "--format", "markdown", "--no-why").output
    lines = out.splitlines()
    assert lines[0] == "# Reading order: Target-1"
    assert "6 papers" in lines[2]
    items = [line for line in lines if line.startswith("- [ ] ")]
    assert len(items) == 6
    assert items[0] == ("- [ ] **Alpha Networks** (Lovelace et al., 2010) — "
                        "[arXiv](https://arxiv.org/abs/1001.00001) — needed by Beta Learning, Gamma: Attention "
                        "— ~1\u00a0h\u00a012\u00a0min <!-- lineage:a -->")  # no pages: 12 pages x 6 min, marked ~
    assert items[2].startswith("- [ ] **Gamma: Attention** (Shannon & Dijkstra, 2012) — [link](<https://example.org/c>)")
    assert "**target**" in items[5]


def test_csv_has_a_row_per_paper(run, mini):
    rows = list(csv.DictReader(io.StringIO(run("--graph", mini, "order", "t", "-f", "csv").output)))
    assert [r["id"] for r in rows] == EXPECTED_ORDER
    assert rows[2]["needed_by"] == "d e"


def test_output_file_is_written_atomically_into_a_new_folder(run, mini, tmp_path):
    target = tmp_path / "new" / "dir" / "t.md"
    result = run("--graph", mini, "order", "t", "-f", "markdown", "-o", str(target))
    assert result.exit_code == 0 and target.is_file()
    assert "wrote" in result.output
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_prereqs_grouped_by_hops_from_the_target(run, mini):
    # t builds on d and e directly (1 hop); d on b and c, e on c (2 hops); b and c on a (3 hops)
    out = run("--graph", mini, "prereqs", "t").output
    assert "builds on 5 papers up to 3 hops back" in out and "eneration" not in out
    blocks = re.split(r"\n(\d+ hops?)\n", out)[1:]
    names = blocks[0::2]
    found = [re.findall(r"\[([a-z])\]", b) for b in blocks[1::2]]
    assert names == ["1 hop", "2 hops", "3 hops"]
    assert found == [["d", "e"], ["b", "c"], ["a"]]
    data = json.loads(run("--graph", mini, "prereqs", "t", "-f", "json").output)
    assert [(level["hops"], [p["id"] for p in level["papers"]]) for level in data["by_hops"]] == [
        (1, ["d", "e"]), (2, ["b", "c"]), (3, ["a"])]


def test_path_explains_each_hop(run, mini):
    out = run("--graph", mini, "path", "a", "t").output
    assert out.count("Path ") == 3  # a-b-d-t, a-c-d-t, a-c-e-t
    assert "a → c" in out and "adds attention to alpha" in out
    back = run("--graph", mini, "path", "t", "a")
    assert back.exit_code == 0 and "t does not lead to a, but a leads to t" in back.output
    none = run("--graph", mini, "path", "z", "a")
    assert none.exit_code == 1 and "not connected" in none.output


def test_show_lists_both_directions_and_descendants(run, mini):
    out = run("--graph", mini, "show", "Gamma").output
    assert "Gamma: Attention" in out
    assert "← a (architecture): adds attention to alpha" in out
    assert "→ d (architecture): uses gamma's attention" in out and "→ e (scaling): scales gamma" in out
    assert "3 papers in the graph descend from it." in out  # d, e, t
    data = json.loads(run("--graph", mini, "show", "c", "-f", "json").output)
    assert data["descendants"] == 3 and [b["id"] for b in data["builds_on"]] == ["a"]


def test_search_matches_title_author_alias_and_topic(run, mini):
    assert run("--graph", mini, "search", "attention").output.split()[1] == "c"
    assert "b " in run("--graph", mini, "search", "liskov").output
    assert "e " in run("--graph", mini, "search", "scaling").output
    miss = run("--graph", mini, "search", "quantum")
    assert miss.exit_code == 1


def test_list_filters_by_topic_and_year(run, mini):
    ids = [line.split()[1] for line in run("--graph", mini, "list", "--year", "2012-2016").output.splitlines()]
    assert ids == ["b", "c", "d", "e"]
    ids = [line.split()[1] for line in run("--graph", mini, "list", "--topic", "scaling").output.splitlines()]
    assert ids == ["e"]
    assert run("--graph", mini, "list", "--year", "soon").exit_code == 2
    assert run("--graph", mini, "list", "--topic", "astrology").exit_code == 2


def test_stats_counts_foundations_and_longest_chain(run, mini):
    data = json.loads(run("--graph", mini, "stats", "-f", "json").output)
    assert data["papers"] == 7 and data["edges"] == 7
    assert data["most_foundational"][0] == {"id": "a", "descendants": 5}
    assert len(data["longest_chain"]) == 4 and data["longest_chain"][0] == "a"
    assert data["roots"] == ["a", "z"]
    assert "Longest chain (4 papers)" in run("--graph", mini, "stats").output


def test_edited_graph_is_not_served_from_a_stale_cache(run, mini):
    from pathlib import Path

    assert "Delta Models" in run("--graph", mini, "show", "d").output
    papers = Path(mini) / "papers.yaml"
    papers.write_text(papers.read_text().replace("Delta Models", "Delta Revised"))
    assert "Delta Revised" in run("--graph", mini, "show", "d").output


def test_output_cut_short_by_a_pipe_is_not_an_error_message(mini):
    """`lineage show X | head -1`: the reader got what they wanted; no 'Broken pipe' noise."""
    import subprocess
    import sys

    code = ("import sys; from lineage.cli import main; sys.argv = ['lineage', '--graph', sys.argv[1], "
            "'show', 'a']; main()")
    child = subprocess.Popen([sys.executable, "-c", code, str(mini)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    child.stdout.close()  # the reader has gone before the first line is written
    err = child.stderr.read().decode()
    child.wait()
    assert "Broken pipe" not in err and "Traceback" not in err, err
