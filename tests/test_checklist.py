"""Markdown checklists that round-trip: ticks and notes survive re-export, `lineage import`
reads ticks back. Small graph built by hand; expected files written out by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import paper, write_graph
from lineage.errors import LineageError
from lineage.io.checklist import merge_checklist, names_in_text, parse_checklist
from lineage.io.progress_file import load_progress

# a(2010) ← b(2012) ← d(2015) ← t(2018);  a ← c(2013) ← d.  Reading order: a b c d t.


@pytest.fixture
def g(tmp_path):
    papers = [paper("a", 2010, title="Alpha Networks", arxiv="1001.00001"),
              paper("b", 2012, title="Beta Learning"),
              paper("c", 2013, title="Gamma: Attention"),
              paper("d", 2015, title="Delta Models"),
              paper("t", 2018, title="Target Reasoning", aliases=["T1"])]
    papers[0].pop("url")
    edges = [{"paper": "b", "builds_on": "a"}, {"paper": "c", "builds_on": "a"},
             {"paper": "d", "builds_on": "b"}, {"paper": "d", "builds_on": "c"},
             {"paper": "t", "builds_on": "d"}]
    return str(write_graph(tmp_path / "g", papers, edges))


def _tick(text: str, pid: str, box: str = "x") -> str:
    """Tick the item carrying ``pid``'s marker, as a reader would in an editor."""
    out = []
    for line in text.splitlines():
        if f"<!-- lineage:{pid} -->" in line:
            line = line.replace("- [ ]", f"- [{box}]", 1)
        out.append(line)
    return "\n".join(out) + "\n"


def _item(text: str, pid: str) -> str:
    return next(line for line in text.splitlines() if f"<!-- lineage:{pid} -->" in line)


def test_parse_recognises_the_tick_styles_people_use():
    text = ("# List\n- [x] one\n- [X] two\n* [x] three\n+ [ ] four\n1. [x] five\n"
            "  - [x] a nested sub-task is a note, not an item\n-[x] not an item\n")
    items = parse_checklist(text).items
    assert [(i.text, i.ticked) for i in items] == [
        ("one", True), ("two", True), ("three", True), ("four", False), ("five", True)]
    assert items[-1].notes == ["  - [x] a nested sub-task is a note, not an item",
                               "-[x] not an item"]


def test_names_in_text_finds_titles_in_hand_written_items():
    assert names_in_text("**Gamma\\: Attention** (Shannon, 2013)")[0] == "Gamma: Attention"
    assert "InstructGPT" in names_in_text("Training Language Models to Follow Instructions "
                                          "(InstructGPT)")
    assert names_in_text("[Alpha Networks](https://example.org/a) — read twice")[0] == \
        "Alpha Networks"


def test_round_trip_export_tick_note_reexport_import_next(run, g, tmp_path):
    prog = tmp_path / "progress.yaml"
    out = tmp_path / "t.md"
    common = ("--graph", g)
    assert run(*common, "order", "t", "-f", "markdown", "-o", str(out),
               "--progress", str(prog)).exit_code == 0
    first = out.read_text()
    assert first.count("- [ ] ") == 5

    # The reader ticks a (lower-case x) and b (GitHub writes [x]; people also type [X]),
    # writes a note under b and a line of their own at the top.
    edited = _tick(_tick(first, "a"), "b", "X")
    edited = edited.replace(_item(edited, "b"), _item(edited, "b")
                            + "\n  - my note: section 3 is the key\n\n  second paragraph")
    edited = edited.replace("\n\n- [", "\n\nMy plan: one paper a week.\n\n- [", 1)
    out.write_text(edited)

    result = run(*common, "order", "t", "-f", "markdown", "-o", str(out), "--progress", str(prog))
    assert result.exit_code == 0
    assert "kept 2 ticks and the notes of 1 item; 0 papers added" in result.stderr
    again = out.read_text()
    assert _item(again, "a").startswith("- [x] ") and _item(again, "b").startswith("- [x] ")
    assert _item(again, "c").startswith("- [ ] ")
    assert "\n  - my note: section 3 is the key\n\n  second paragraph\n" in again
    assert again.count("My plan: one paper a week.") == 1
    assert again.index(_item(again, "b")) < again.index("my note") < again.index(_item(again, "c"))

    # Exporting once more changes nothing: the merge is stable.
    run(*common, "order", "t", "-f", "markdown", "-o", str(out), "--progress", str(prog))
    assert out.read_text() == again

    result = run(*common, "import", str(out), "--progress", str(prog))
    assert result.exit_code == 0
    assert "2 newly marked read" in result.stdout
    assert load_progress(prog).ids() == {"a", "b"}

    nxt = run(*common, "next", "t", "--progress", str(prog)).stdout
    assert re.findall(r"\[([a-z])\]", nxt) == ["c"]


def test_papers_no_longer_in_the_path_move_to_their_own_section(run, g, tmp_path):
    out = tmp_path / "t.md"
    run("--graph", g, "order", "t", "-f", "markdown", "-o", str(out))
    ticked = _tick(_tick(out.read_text(), "d"), "a")
    ticked = ticked.replace(_item(ticked, "d"), _item(ticked, "d") + "\n  - loved it")
    out.write_text(ticked)
    result = run("--graph", g, "order", "b", "-f", "markdown", "-o", str(out))  # path a, b
    assert result.exit_code == 0
    assert '3 moved to "No longer in this path"' in result.stderr
    text = out.read_text()
    head, _, tail = text.partition("## No longer in this path")
    assert "lineage:a" in head and "lineage:b" in head and "lineage:d" not in head
    assert _item(text, "a").startswith("- [x] ")
    assert [m for m in re.findall(r"lineage:(\w)", tail)] == ["c", "d", "t"]
    assert _item(text, "d").startswith("- [x] ") and "\n  - loved it" in tail
    # Back to the full path: they return to the list, ticks and notes intact.
    run("--graph", g, "order", "t", "-f", "markdown", "-o", str(out))
    text = out.read_text()
    assert "No longer in this path" not in text
    assert _item(text, "d").startswith("- [x] ") and "\n  - loved it" in text


def test_new_papers_are_added_unticked(run, g, tmp_path):
    out = tmp_path / "t.md"
    run("--graph", g, "order", "b", "-f", "markdown", "-o", str(out))
    out.write_text(_tick(out.read_text(), "a"))
    result = run("--graph", g, "order", "t", "-f", "markdown", "-o", str(out))
    assert "kept 1 tick" in result.stderr and "3 papers added" in result.stderr
    text = out.read_text()
    assert [line[:6] for line in text.splitlines() if "lineage:" in line] == \
        ["- [x] ", "- [ ] ", "- [ ] ", "- [ ] ", "- [ ] "]


def test_hand_edited_items_match_by_arxiv_link_or_title(run, g, tmp_path):
    out = tmp_path / "mine.md"
    out.write_text("# My list\n\n- [x] https://arxiv.org/abs/1001.00001v2\n"
                   "- [x] Gamma: attention\n  - note on gamma\n- [ ] Something Else Entirely\n")
    result = run("--graph", g, "order", "t", "-f", "markdown", "-o", str(out))
    assert result.exit_code == 0
    text = out.read_text()
    assert _item(text, "a").startswith("- [x] ") and _item(text, "c").startswith("- [x] ")
    assert text.index(_item(text, "c")) < text.index("  - note on gamma")
    assert "My list" in text  # the reader's own heading line is kept
    tail = text.partition("## No longer in this path")[2]
    assert "- [ ] Something Else Entirely" in tail


def test_import_matches_id_arxiv_and_title_and_lists_unmatched_lines(run, g, tmp_path):
    prog = tmp_path / "p.yaml"
    md = tmp_path / "github.md"
    md.write_text("## Week 1\n\n"
                  "- [x] Beta Learning <!-- lineage:b -->\n"
                  "* [X] [Alpha](https://arxiv.org/abs/1001.00001)\n"
                  "- [x] **Delta Models** (Lovelace, 2015)\n"
                  "- [ ] Gamma: Attention\n"
                  "- [x] A Paper Nobody Has Heard Of\n")
    result = run("--graph", g, "import", str(md), "--progress", str(prog))
    assert result.exit_code == 0
    assert load_progress(prog).ids() == {"a", "b", "d"}
    assert "1 item matched no paper" in result.stdout
    assert "line 7: [x] A Paper Nobody Has Heard Of" in result.stdout
    assert md.read_text().startswith("## Week 1")  # the checklist itself is not changed


def test_import_never_unmarks_papers(run, g, tmp_path):
    prog = tmp_path / "p.yaml"
    run("--graph", g, "done", "c", "--date", "2024-02-02", "--progress", str(prog))
    md = tmp_path / "c.md"
    md.write_text("- [ ] Gamma: Attention\n- [x] Beta Learning\n")
    run("--graph", g, "import", str(md), "--progress", str(prog))
    assert load_progress(prog).read["c"] == "2024-02-02"
    assert load_progress(prog).ids() == {"b", "c"}


def test_import_of_a_missing_file_exits_1(run, g, tmp_path):
    result = run("--graph", g, "import", str(tmp_path / "nope.md"))
    assert result.exit_code == 1 and "file not found" in result.stderr


def test_an_existing_file_that_is_not_a_checklist_is_not_overwritten(run, g, tmp_path):
    out = tmp_path / "README.md"
    out.write_text("# My project\n\nImportant prose.\n")
    result = run("--graph", g, "order", "t", "-f", "markdown", "-o", str(out))
    assert result.exit_code == 1 and "not a Markdown checklist" in result.stderr
    assert out.read_text() == "# My project\n\nImportant prose.\n"


def test_merge_keeps_reader_sections_and_is_idempotent():
    new = ("# Reading order: T\n\n_2 papers. Generated by `lineage`; tick._\n\n"
           "- [ ] **A** <!-- lineage:a -->\n  - _Why:_ new why\n- [ ] **B** <!-- lineage:b -->\n")
    old = ("# Reading order: T\n\n_1 paper. Generated by `lineage`; tick._\n\n"
           "- [x] **A** <!-- lineage:a -->\n  - _Why:_ old why\n  - mine\n\n"
           "## My questions\n\nWhy does A work?\n")
    merged = merge_checklist(old, new)
    expected = ("# Reading order: T\n\n_2 papers. Generated by `lineage`; tick._\n\n"
                "- [x] **A** <!-- lineage:a -->\n  - _Why:_ new why\n  - mine\n"
                "- [ ] **B** <!-- lineage:b -->\n\n## My questions\n\nWhy does A work?\n")
    assert merged.text == expected
    assert (merged.kept_ticks, merged.kept_notes, merged.added, merged.moved) == (1, 1, ["b"], [])
    assert merge_checklist(merged.text, new).text == expected


def test_merge_refuses_a_file_without_items():
    with pytest.raises(LineageError, match="not a Markdown checklist"):
        merge_checklist("just prose\n", "- [ ] **A** <!-- lineage:a -->\n")


def test_unread_export_keeps_read_items_in_an_already_read_section(run, g, tmp_path):
    prog = tmp_path / "p.yaml"
    out = tmp_path / "t.md"
    run("--graph", g, "order", "t", "-f", "markdown", "-o", str(out), "--progress", str(prog))
    out.write_text(_tick(out.read_text(), "a"))
    run("--graph", g, "import", str(out), "--progress", str(prog))
    run("--graph", g, "order", "t", "-f", "markdown", "-o", str(out), "--unread",
        "--progress", str(prog))
    text = out.read_text()
    head, _, tail = text.partition("## Already read")
    assert "lineage:a" not in head and _item(tail, "a").startswith("- [x] ")
    assert "No longer in this path" not in text


def test_markdown_to_stdout_is_never_merged(run, g, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("-").write_text("- [x] **Beta Learning** <!-- lineage:b -->\n")
    result = run("--graph", g, "order", "t", "-f", "markdown", "-o", "-")
    assert "- [ ] **Beta Learning**" in result.stdout and "merged" not in result.stderr
