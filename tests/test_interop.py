"""BibTeX, RIS, Mermaid, DOT and node-link JSON out; BibTeX in (`lineage add --bibtex`).

Outputs are read back with independent parsers where one exists here (bibtexparser with
pylatexenc's LaTeX decoder, Graphviz's `dot`, networkx's node_link_graph) and checked
structurally otherwise (Mermaid, RIS). The small graph's titles are hostile on purpose.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from conftest import paper, write_graph

# Titles as a user might type them, and what every format must give back (whitespace runs
# collapsed to one space, nothing else changed).
HOSTILE = {
    "a": "Curly {braces} & 100% $money$ #1 under_score ~tilde ^caret back\\slash \\N",
    "b": 'Unbalanced { brace, "quotes" and <script>alert(1)</script>',
    "c": "Line\nbreak\ttab `backtick` | pipe [brackets] (parens); semi é à ç ñ ø ß Schölkopf",
}
CLEAN = {k: " ".join(v.split()) for k, v in HOSTILE.items()}

# a(2010) → b(2012) → end(2020);  a → c(2013) → end;  x1(2015) → end;  x2(2015-05) → end
ORDER = ["a", "b", "c", "x1", "x2", "end"]
EDGES = {("a", "b"), ("a", "c"), ("b", "end"), ("c", "end"), ("x1", "end"), ("x2", "end")}
# Worked out by hand: surname (ASCII-folded) + year + first title word that is not a
# stopword; x1 and x2 collide and the earlier one (no month) keeps the plain key.
KEYS = ["scholkopf2010curly", "kaiser2012unbalanced", "celik2013line", "lecun2015deep",
        "lecun2015deepb", "hopper2020end"]


@pytest.fixture
def hostile(tmp_path):
    papers = [
        paper("a", 2010, title=HOSTILE["a"], authors=["Bernhard Schölkopf", "Ada Lovelace"],
              arxiv="1001.00001"),
        paper("b", 2012, title=HOSTILE["b"], authors=["Łukasz Kaiser", "et al."]),
        paper("c", 2013, title=HOSTILE["c"], authors=["Ünal Ö. Çelik"], arxiv="cs.LG/0101001"),
        paper("x1", 2015, title="Deep Learning, Part One", authors=["Yann LeCun"]),
        paper("x2", 2015, 5, title="Deep Learning, Part Two", authors=["Yann LeCun"]),
        paper("end", 2020, title="The End: a Target", authors=["Grace Hopper"]),
    ]
    edges = [{"paper": p, "builds_on": b, "kind": "method", "why": "w"} for b, p in sorted(EDGES)]
    return str(write_graph(tmp_path / "hostile", papers, edges))


def citation(pid: str) -> str:
    return {"a": "(Schölkopf & Lovelace, 2010)", "b": "(Kaiser et al., 2012)",
            "c": "(Çelik, 2013)", "x1": "(LeCun, 2015)", "x2": "(LeCun, 2015)",
            "end": "(Hopper, 2020)"}[pid]


def title_of(pid: str) -> str:
    return CLEAN.get(pid) or {"x1": "Deep Learning, Part One", "x2": "Deep Learning, Part Two",
                              "end": "The End: a Target"}[pid]


# ---------------------------------------------------------------- BibTeX out


def _latex_to_text():
    """pylatexenc's decoder, told the standard meaning of LaTeX's text-symbol commands
    (pylatexenc 2.x leaves \\textbraceleft and friends out)."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db.add_context_category("text-symbols", prepend=True, macros=[
        MacroTextSpec(n, simplify_repl=t) for n, t in [
            ("textbraceleft", "{"), ("textbraceright", "}"), ("textbackslash", "\\"),
            ("textasciitilde", "~"), ("textasciicircum", "^"), ("textless", "<"),
            ("textgreater", ">"), ("textbar", "|")]])
    decoder = LatexNodes2Text(latex_context=db, math_mode="verbatim", keep_braced_groups=False)
    return decoder.latex_to_text


def parse_bibtex(text: str):
    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors

    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library.entries


def test_bibtex_round_trips_through_bibtexparser(run, hostile):
    result = run("--graph", hostile, "order", "end", "--format", "bibtex")
    assert result.exit_code == 0
    entries = parse_bibtex(result.output)
    decode = _latex_to_text()
    assert [e.key for e in entries] == KEYS  # entry order is the reading order
    for pid, e in zip(ORDER, entries, strict=True):
        fields = {f.key: f.value for f in e.fields}
        assert decode(fields["title"]) == title_of(pid), pid
        assert fields["year"] == str({"a": 2010, "b": 2012, "c": 2013, "x1": 2015, "x2": 2015,
                                      "end": 2020}[pid])
    authors = {e.key: [_latex_to_text()(a) for a in e.fields_dict["author"].value] for e in entries}
    assert authors["scholkopf2010curly"] == ["Bernhard Schölkopf", "Ada Lovelace"]
    assert authors["kaiser2012unbalanced"] == ["Łukasz Kaiser", "others"]
    assert authors["celik2013line"] == ["Ünal Ö. Çelik"]


def test_bibtex_fields_arxiv_note_and_balanced_braces(run, hostile):
    text = run("--graph", hostile, "order", "end", "--format", "bibtex").output
    entries = {e.key: {f.key: f.value for f in e.fields} for e in parse_bibtex(text)}
    a = entries["scholkopf2010curly"]
    assert (a["eprint"], a["archivePrefix"], a["url"]) == (
        "1001.00001", "arXiv", "https://arxiv.org/abs/1001.00001")
    assert "primaryClass" not in a  # a new-style id does not name its category
    assert entries["celik2013line"]["primaryClass"] == "cs.LG"
    assert entries["celik2013line"]["eprint"] == "cs.LG/0101001"
    assert "eprint" not in entries["kaiser2012unbalanced"]
    assert entries["kaiser2012unbalanced"]["url"] == "https://example.org/b"
    assert entries["lecun2015deepb"]["month"] == "may"
    decode = _latex_to_text()
    assert decode(a["note"]) == ("Reading order 1 of 6 for The End (lineage): "
                                 "needed for " + CLEAN["b"] + ", " + CLEAN["c"])
    assert "a target" in decode(entries["hopper2020end"]["note"])
    # BibTeX itself counts braces without regard to backslashes: every entry must balance.
    for chunk in text.split("\n@")[1:]:
        assert chunk.count("{") == chunk.count("}"), chunk


def test_citation_keys_do_not_depend_on_the_reading_order(run, hostile):
    # x2 alone: its colliding twin x1 is not in this order, but the key stays graph-wide.
    entries = parse_bibtex(run("--graph", hostile, "order", "x2", "-f", "bibtex").output)
    assert [e.key for e in entries] == ["lecun2015deepb"]
    again = parse_bibtex(run("--graph", hostile, "order", "end", "-f", "bibtex").output)
    assert [e.key for e in again] == KEYS


# ---------------------------------------------------------------- RIS out


def test_ris_records_in_reading_order_with_every_title_on_one_line(run, hostile):
    text = run("--graph", hostile, "order", "end", "--format", "ris").output
    lines = text.replace("\r\n", "\n").split("\n")
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines if line), lines
    records = [r for r in text.replace("\r\n", "\n").split("ER  - \n") if r.strip()]
    assert len(records) == 6
    parsed = []
    for record in records:
        tags: dict[str, list[str]] = {}
        for line in record.strip().split("\n"):
            tags.setdefault(line[:2], []).append(line[6:])
        parsed.append(tags)
    assert [r["ID"][0] for r in parsed] == KEYS
    assert [r["TI"][0] for r in parsed] == [title_of(p) for p in ORDER]
    assert parsed[0]["AU"] == ["Schölkopf, Bernhard", "Lovelace, Ada"]
    assert parsed[1]["AU"] == ["Kaiser, Łukasz"]  # "et al." is not an author
    assert parsed[0]["UR"] == ["https://arxiv.org/abs/1001.00001"]
    assert parsed[4]["DA"] == ["2015/05"]
    assert parsed[0]["N1"][0].startswith("Reading order 1 of 6")
    assert all(r["TY"] == ["GEN"] for r in parsed)


# ---------------------------------------------------------------- Mermaid out

_NODE = re.compile(r'^  (\w+)\["(.*)"\]$')
_EDGE = re.compile(r"^  (\w+) --> (\w+)$")


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Structural check of our flowchart subset: returns node id → label and the edges."""
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "flowchart TD"
    nodes: dict[str, str] = {}
    edges = []
    for line in lines[1:]:
        if m := _NODE.match(line):
            assert m.group(1) not in nodes, f"node {m.group(1)} declared twice"
            label = m.group(2)
            assert '"' not in label, f"unescaped quote in {label!r}"
            assert "`" not in label and "<" not in label.replace("<br/>", "")
            assert re.fullmatch(r"(?:[^#]|#(?:quot|amp|lt|gt|35|96);)*", label), label
            nodes[m.group(1)] = label
        elif m := _EDGE.match(line):
            edges.append((m.group(1), m.group(2)))
        else:
            assert line.startswith(("  classDef ", "  class ")), line
    for a, b in edges:
        assert a in nodes and b in nodes
    return nodes, edges


def mermaid_text(label: str) -> str:
    """What a reader sees: entity codes decoded, line breaks as spaces."""
    label = label.replace("<br/>", " ")
    return html.unescape(re.sub(r"#(\w+);", lambda m: "&" + ("#" if m.group(1).isdigit() else "")
                                + m.group(1) + ";", label))


def test_mermaid_declares_each_node_once_draws_each_edge_and_escapes_labels(run, hostile):
    text = run("--graph", hostile, "order", "end", "--format", "mermaid").output
    nodes, edges = parse_mermaid(text)
    ids = {pid: "p_" + pid for pid in ORDER}
    assert list(nodes) == [ids[p] for p in ORDER]
    assert sorted(edges) == sorted((ids[a], ids[b]) for a, b in EDGES)
    for pid in ORDER:
        assert mermaid_text(nodes[ids[pid]]) == f"{title_of(pid)} {citation(pid)}"
    assert "class p_end target" in text  # "end" is a Mermaid keyword; the id is prefixed


def test_graph_command_mermaid_subgraph_and_whole(run, hostile):
    nodes, edges = parse_mermaid(run("--graph", hostile, "graph", "b").output)
    assert list(nodes) == ["p_a", "p_b"] and edges == [("p_a", "p_b")]
    nodes, edges = parse_mermaid(run("--graph", hostile, "graph").output)
    assert len(nodes) == 6 and len(edges) == len(EDGES)


def test_markdown_diagram_embeds_the_mermaid_of_the_path(run, hostile):
    out = run("--graph", hostile, "order", "end", "-f", "markdown", "--diagram").output
    mermaid = run("--graph", hostile, "order", "end", "-f", "mermaid").output
    checklist, block = out.split("\n```mermaid\n", 1)
    assert checklist.count("- [ ]") == 6  # the list comes first, the diagram under it
    assert block.split("```\n", 1)[0] == mermaid
    assert "```mermaid" not in run("--graph", hostile, "order", "end", "-f", "markdown").output
    assert run("--graph", hostile, "order", "end", "-f", "json", "--diagram").exit_code == 2


# ---------------------------------------------------------------- DOT out


def _dot_works() -> bool:
    if not shutil.which("dot"):
        return False
    return subprocess.run(["dot", "-V"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _dot_works(), reason="Graphviz `dot` not installed (apt-get install graphviz)")
@pytest.mark.parametrize("command", [("order", "end", "-f", "dot"), ("graph", "-f", "dot")])
def test_dot_is_parsed_by_graphviz_with_every_node_edge_and_title(run, hostile, command):
    text = run("--graph", hostile, *command).output
    svg = subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True, check=True)
    root = ET.fromstring(svg.stdout)
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = root.findall(".//s:g[@class='node']", ns)
    edges = root.findall(".//s:g[@class='edge']", ns)
    assert len(groups) == 6 and len(edges) == len(EDGES)
    shown = {g.find("s:title", ns).text: " ".join(t.text or "" for t in g.iter(f"{{{ns['s']}}}text"))
             for g in groups}
    assert shown == {pid: f"{title_of(pid)} {citation(pid)}" for pid in ORDER}
    assert {e.find("s:title", ns).text for e in edges} == {f"{a}->{b}" for a, b in EDGES}


# ---------------------------------------------------------------- node-link JSON out


def test_node_link_json_loads_back_into_the_same_graph(run, hostile):
    data = json.loads(run("--graph", hostile, "graph", "-f", "json").output)
    back = nx.node_link_graph(data, edges="edges")
    expected = nx.DiGraph(sorted(EDGES))
    assert back.is_directed() and nx.is_isomorphic(back, expected)
    assert set(back.edges) == EDGES  # same names too, not just the same shape
    assert list(back.nodes) == ORDER
    assert back.nodes["b"]["title"] == HOSTILE["b"]  # plain data, unescaped
    assert back.nodes["b"]["authors"] == ["Łukasz Kaiser", "et al."]
    assert back.nodes["a"]["link"] == "https://arxiv.org/abs/1001.00001"
    assert back.edges["a", "b"] == {"kind": "method", "why": "w"}
    sub = json.loads(run("--graph", hostile, "graph", "end", "--depth", "1", "-f", "json").output)
    assert {n["id"] for n in sub["nodes"]} == {"b", "c", "x1", "x2", "end"}
    assert sub["graph"]["targets"] == ["end"]


# ---------------------------------------------------------------- BibTeX in

PAPERS_YAML = """\
# yaml-language-server: $schema=./schema/papers.schema.json
# My graph.   Comments and   odd spacing must survive.

- id: transformer        # the one
  title: "Attention Is All You Need"
  authors: [Ashish Vaswani, et al.]
  year: 2017
  month: 6
  arxiv: "1706.03762"
  topics: [architecture]
  summary: s
  why: w

- id: bert
  title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding'
  authors: [Jacob Devlin]
  year: 2018
  arxiv: "1810.04805"
  summary: s
  why: w
  topics: [language-models]
# trailing comment, no newline at the end"""

EDGES_YAML = "- {paper: bert, builds_on: transformer, kind: architecture, why: uses it}\n"

BIB = r"""
% exported from somewhere
@inproceedings{vaswani,
  title = {Attention is All you Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  booktitle = {NeurIPS}, year = {2017},
  eprint = {1706.03762v7}, archivePrefix = {arXiv},
}
@article{devlin,
  title = {{BERT}: Pre-Training of Deep Bidirectional Transformers for Language Understanding},
  author = {Devlin, Jacob and others}, year = 2019,
}
@article{kernel,
  title = {Nonlinear Component Analysis as a Kernel Eigenvalue Problem},
  author = {Sch{\"o}lkopf, Bernhard and Smola, Alexander and M{\"u}ller, Klaus-Robert},
  journal = {Neural Computation}, year = {1998}, month = jul,
  doi = {10.1162/089976698300017467},
}
@misc{gpt4,
  title = {{GPT}-4 Technical Report \& 50\% more},
  author = {{OpenAI}}, year = {2023}, month = {3},
  url = {https://arxiv.org/abs/2303.08774v6},
}
@misc{nolink, title = {Nowhere}, author = {A. Person}, year = {2020}}
"""


@pytest.fixture
def small(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "papers.yaml").write_text(PAPERS_YAML, encoding="utf-8")
    (folder / "edges.yaml").write_text(EDGES_YAML, encoding="utf-8")
    bib = tmp_path / "library.bib"
    bib.write_text(BIB, encoding="utf-8")
    return folder, bib


def test_add_bibtex_appends_new_papers_and_keeps_the_file_byte_for_byte(run, small):
    folder, bib = small
    before = (folder / "papers.yaml").read_bytes()
    result = run("--graph", str(folder), "add", "--bibtex", str(bib))
    assert result.exit_code == 0
    out = result.output
    assert "skipped vaswani (line 3): already in the graph as transformer (same arXiv id 1706.03762)" in out
    assert "skipped devlin (line 9): already in the graph as bert (same title)" in out
    assert "skipped nolink" in out
    after = (folder / "papers.yaml").read_bytes()
    assert after.startswith(before) and len(after) > len(before)

    import yaml

    records = yaml.safe_load(after.decode("utf-8"))
    assert [r["id"] for r in records] == ["transformer", "bert", "scholkopf1998nonlinear",
                                          "openai2023gpt"]
    assert records[2] == {"id": "scholkopf1998nonlinear",
                          "title": "Nonlinear Component Analysis as a Kernel Eigenvalue Problem",
                          "authors": ["Bernhard Schölkopf", "Alexander Smola", "Klaus-Robert Müller"],
                          "year": 1998, "month": 7,
                          "url": "https://doi.org/10.1162/089976698300017467"}
    assert records[3] == {"id": "openai2023gpt", "title": "GPT-4 Technical Report & 50% more",
                          "authors": ["OpenAI"], "year": 2023, "month": 3, "arxiv": "2303.08774"}
    assert ("No prerequisites yet" in out and "scholkopf1998nonlinear, openai2023gpt" in out)
    assert run("--graph", str(folder), "check").exit_code == 0
    # Running it again adds nothing: every entry is now known.
    again = run("--graph", str(folder), "add", "--bibtex", str(bib))
    assert again.exit_code == 0 and "nothing to add" in again.output
    assert (folder / "papers.yaml").read_bytes() == after


def test_add_bibtex_dry_run_writes_nothing(run, small):
    folder, bib = small
    before = (folder / "papers.yaml").read_bytes()
    result = run("--graph", str(folder), "add", "--bibtex", str(bib), "--dry-run")
    assert result.exit_code == 0
    assert "dry run: nothing written" in result.output
    assert "- id: scholkopf1998nonlinear" in result.output
    assert (folder / "papers.yaml").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["edges.yaml", "papers.yaml"]  # no lock file left


def test_add_bibtex_writes_nothing_when_a_new_record_is_invalid(run, small, tmp_path):
    folder, _ = small
    before = (folder / "papers.yaml").read_bytes()
    bad = tmp_path / "bad.bib"
    bad.write_text("@misc{future, title={From the Future}, author={A B}, year={3001},"
                   " url={https://example.org/f}}\n", encoding="utf-8")
    result = run("--graph", str(folder), "add", "--bibtex", str(bad))
    assert result.exit_code == 1
    assert "nothing written" in result.output
    assert (folder / "papers.yaml").read_bytes() == before


def test_our_own_bibtex_export_imports_back_unchanged(run, hostile, tmp_path):
    exported = tmp_path / "order.bib"
    assert run("--graph", hostile, "order", "end", "-f", "bibtex", "-o", str(exported)).exit_code == 0
    target = write_graph(tmp_path / "empty", [paper("other", 2001, title="Something Else")], [])
    assert run("--graph", str(target), "add", "--bibtex", str(exported)).exit_code == 0

    import yaml

    records = {r["title"]: r for r in yaml.safe_load((target / "papers.yaml").read_text())}
    assert set(records) == {"Something Else", *(title_of(p) for p in ORDER)}
    assert records[CLEAN["a"]]["authors"] == ["Bernhard Schölkopf", "Ada Lovelace"]
    assert records[CLEAN["a"]]["arxiv"] == "1001.00001"
    assert records[CLEAN["c"]]["arxiv"] == "cs.LG/0101001"
    assert records[CLEAN["b"]]["authors"] == ["Łukasz Kaiser", "et al."]
