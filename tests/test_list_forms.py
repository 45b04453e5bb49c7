"""`lineage lint-list` on the forms real reading lists take (tests/data/lists/), against a
small graph whose answers are written down by hand below: every link form, spelling
variant, citation style, the false matches a colon or a tag used to give, and the lines
an earlier version dropped without a word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import paper, write_graph

LISTS = Path(__file__).parent / "data" / "lists"


@pytest.fixture
def g(tmp_path):
    def p(pid, year, title, authors, **extra):
        record = paper(pid, year, title=title, authors=authors, **extra)
        if "arxiv" in extra:
            record.pop("url")
        return record

    papers = [
        p("alexnet", 2012, "ImageNet Classification with Deep Convolutional Neural Networks",
          ["Alex Krizhevsky", "et al."],
          url="https://papers.nips.cc/paper/4824-imagenet-classification"),
        p("batch-norm", 2015, "Batch Normalization: Accelerating Deep Network Training by "
          "Reducing Internal Covariate Shift", ["Sergey Ioffe", "Christian Szegedy"],
          arxiv="1502.03167"),
        p("transformer", 2017, "Attention Is All You Need", ["Ashish Vaswani", "et al."],
          arxiv="1706.03762", aliases=["Transformer"]),
        p("sparse-moe", 2017, "Outrageously Large Neural Networks: The Sparsely-Gated "
          "Mixture-of-Experts Layer", ["Noam Shazeer", "et al."], arxiv="1701.06538",
          aliases=["MoE"]),
        p("rlhf-prefs", 2017, "Deep Reinforcement Learning from Human Preferences",
          ["Paul Christiano", "et al."], arxiv="1706.03741"),
        p("scaling-laws", 2020, "Scaling Laws for Neural Language Models",
          ["Jared Kaplan", "et al."], arxiv="2001.08361"),
        p("gpt-3", 2020, "Language Models are Few-Shot Learners", ["Tom B. Brown", "et al."],
          arxiv="2005.14165"),
        p("vit", 2020, "An Image is Worth 16x16 Words: Transformers for Image Recognition "
          "at Scale", ["Alexey Dosovitskiy", "et al."], arxiv="2010.11929", aliases=["ViT"]),
        p("llama-3", 2024, "The Llama 3 Herd of Models", ["Abhimanyu Dubey", "et al."],
          arxiv="2407.21783"),
        p("openai-o1", 2024, "Learning to Reason with LLMs", ["OpenAI"],
          url="https://openai.com/index/learning-to-reason-with-llms/"),
    ]
    edges = [("transformer", "batch-norm"), ("scaling-laws", "transformer"),
             ("gpt-3", "scaling-laws"), ("vit", "transformer"), ("llama-3", "gpt-3"),
             ("openai-o1", "rlhf-prefs")]
    return str(write_graph(tmp_path / "g", papers,
                           [{"paper": a, "builds_on": b} for a, b in edges]))


def lint(run, g, name: str) -> dict:
    result = run("--graph", g, "lint-list", str(LISTS / name), "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def resolved(data: dict) -> list[tuple[int, str | None]]:
    return [(e["line"], e["id"]) for e in data["entries"]]


def accounted_for(data: dict, path: Path) -> None:
    """Every non-blank line that is not a heading is an entry or skipped with a reason."""
    lines = {e["line"] for e in data["entries"]} | {s["line"] for s in data["skipped"]}
    assert all(s["reason"] for s in data["skipped"])
    text = path.read_text(encoding="utf-8-sig").splitlines()
    fence = False
    for number, line in enumerate(text, start=1):
        if line.strip().startswith("```"):
            fence = not fence
            continue
        if not line.strip() or (line.startswith("#") and not fence) \
                or set(line.strip()) <= set("|-: "):
            continue
        assert number in lines, f"line {number} dropped: {line!r}"


def test_plain_lines_after_a_list_item_are_not_dropped(run, g):
    # before: the "1." line made every plain line prose, and the report said 1 entry
    data = lint(run, g, "silent-drop.md")
    assert resolved(data) == [(1, "transformer"), (2, "scaling-laws"), (3, "gpt-3"),
                              (4, "llama-3")]
    accounted_for(data, LISTS / "silent-drop.md")


def test_prose_notes_group_headings_comments_and_code_are_listed_as_skipped(run, g):
    data = lint(run, g, "prose.md")
    assert resolved(data) == [(4, "transformer"), (6, "scaling-laws")]
    reasons = {s["line"]: s["reason"] for s in data["skipped"]}
    assert "prose" in reasons[1] and "group heading" in reasons[3]
    assert reasons[5].startswith("a note under line 3") and "prose" in reasons[7]
    assert "comment" in reasons[8] and "code block" in reasons[10]
    accounted_for(data, LISTS / "prose.md")


def test_table_rows_are_entries_and_the_header_row_is_not(run, g):
    data = lint(run, g, "table.md")
    assert resolved(data) == [(5, "transformer"), (6, "scaling-laws")]
    assert [(s["line"], s["reason"]) for s in data["skipped"]] == [(3, "a table's header row")]


def test_a_byte_order_mark_is_ignored(run, g):
    assert resolved(lint(run, g, "bom.txt")) == [(1, "transformer"), (2, "scaling-laws")]


def test_arxiv_ids_in_every_kind_of_link_and_a_papers_own_link(run, g):
    data = lint(run, g, "links.md")
    assert [i for _, i in resolved(data)] == [
        "transformer", "vit", "llama-3", "scaling-laws", "rlhf-prefs", "gpt-3", "llama-3",
        "scaling-laws", "transformer", "alexnet"]
    assert not any(e["guess"] for e in data["entries"])


def test_abbreviations_spellings_the_and_citation_styles(run, g):
    data = lint(run, g, "variants.md")
    assert [i for _, i in resolved(data)] == [
        "openai-o1", "gpt-3", "batch-norm", "llama-3", "transformer", "scaling-laws", "gpt-3"]
    hows = [e["how"] for e in data["entries"]]
    assert hows[5] == "first author and year (Kaplan, 2020)"
    assert not any(e["guess"] for e in data["entries"])


def test_author_year_lines_resolve_only_when_one_paper_fits(run, g, tmp_path):
    listing = tmp_path / "l.md"
    listing.write_text("- Vaswani et al. 2017\n- Shazeer 2017\n- Nobody et al. 2017\n")
    data = json.loads(run("--graph", g, "lint-list", str(listing), "-f", "json").stdout)
    assert [e["id"] for e in data["entries"]] == ["transformer", "sparse-moe", None]
    # two papers by Lovelace in 2017: the line is ambiguous, not a pick of one
    two = str(write_graph(tmp_path / "two", [paper("p", 2017), paper("q", 2017)], []))
    listing.write_text("- Lovelace et al. 2017\n")
    entry = json.loads(run("--graph", two, "lint-list", str(listing), "-f", "json").stdout)[
        "entries"][0]
    assert entry["id"] is None and entry["ambiguous"] and entry["suggestions"] == ["p", "q"]


def test_a_tag_or_colon_is_not_taken_when_the_line_names_another_work(run, g):
    # before: GLaM → sparse-moe, DINOv2 → vit, "Deep RL: An Overview" → Christiano et al.
    data = lint(run, g, "false-matches.md")
    assert resolved(data) == [(1, None), (2, None), (3, None), (4, "sparse-moe")]
    refused = {e["line"]: [r["id"] for r in e["refused"]] for e in data["entries"] if not e["id"]}
    assert refused == {1: ["sparse-moe"], 2: ["vit"], 3: ["rlhf-prefs"]}
    last = data["entries"][3]
    assert last["guess"] is True and last["how"] == "a guess from the tag (MoE)"


def test_text_report_marks_guesses_and_refusals(run, g):
    out = run("--graph", g, "lint-list", str(LISTS / "false-matches.md")).stdout
    assert "4 entries: 1 paper resolved (1 of them guessed: check below), 3 unresolved" \
        in " ".join(out.split())
    assert "Guessed (1)" in out and "→ sparse-moe" in out
    assert "not taken as vit (from the tag (ViT)): the rest of the line names another work" \
        in " ".join(out.split())


def test_missing_prerequisites_are_cut_to_ten_unless_all(run, tmp_path):
    # a chain r0 → r1 → ... → r14 → top: listing only `top` lacks 15 prerequisites, each
    # needed by that one entry, oldest first
    papers = [paper(f"r{i}", 2000 + i) for i in range(15)] + [paper("top", 2020)]
    edges = [{"paper": f"r{i + 1}", "builds_on": f"r{i}"} for i in range(14)]
    edges.append({"paper": "top", "builds_on": "r14"})
    graph = str(write_graph(tmp_path / "chain", papers, edges))
    listing = tmp_path / "l.txt"
    listing.write_text("top\n")
    out = run("--graph", graph, "lint-list", str(listing)).stdout
    block = out.split("Missing prerequisites (15)")[1].split("Order:")[0]
    assert [line.split()[1] for line in block.splitlines()[1:11]] == [f"r{i}" for i in range(10)]
    assert "… and 5 more (--all lists them)" in block
    every = run("--graph", graph, "lint-list", str(listing), "--all").stdout
    assert "more (--all" not in every and " r14 " in every
