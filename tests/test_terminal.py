"""Output that fits the terminal: width from $COLUMNS (else the terminal, else 100 when
piped), no id or time split across lines, colour only when asked for or on a terminal,
the brief order, names typed without quotes, and the checklist workflow's safety rules."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import REPO, paper, write_graph
from lineage.cli.app import cli

SHIPPED = str(REPO / "graph")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def invoke(*args: str, columns: int | None = None, env: dict | None = None):
    env = dict(env or {})
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return CliRunner().invoke(cli, list(args), env=env)


def widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


@pytest.fixture(scope="module")
def r1_ids():
    import lineage
    from lineage.analysis.plan import plan_reading

    graph = lineage.load_graph(SHIPPED)
    plan = plan_reading(graph, [lineage.resolve(graph, "deepseek-r1")])  # what `order` lists
    return [e.paper.id for e in plan.entries]


@pytest.mark.parametrize("columns", [80, 120, None])
@pytest.mark.parametrize("layout", [[], ["--why"], ["--no-why"], ["--brief"]])
def test_order_fits_the_width_and_never_splits_an_id_or_a_time(columns, layout, r1_ids):
    result = invoke("--graph", SHIPPED, "order", "deepseek-r1", *layout, columns=columns)
    assert result.exit_code == 0, result.output
    width = columns or 100  # not a terminal: 100 columns
    assert widest(result.stdout) <= width
    lines = result.stdout.splitlines()
    # each paper's id whole, in brackets, on one line; a time is never cut from its unit
    for node in r1_ids:
        assert any(f"[{node}]" in line for line in lines), node
    for line in lines:
        assert not re.search(r"(^|\s)~?\d+ h$", line.rstrip()) or line.rstrip().endswith(" h"), line
        assert not re.match(r"^\s+min\b", line), line
        assert not re.match(r"^\s+\d+ min\b", line) or "[" not in line, line


def test_the_brief_order_is_one_line_per_paper_with_a_footer(r1_ids):
    out = invoke("--graph", SHIPPED, "order", "deepseek-r1", "--brief", columns=80).stdout
    numbered = [line for line in out.splitlines() if re.match(r"^\s*\d+\. \[[ x]\] ", line)]
    assert len(numbered) == len(r1_ids)
    assert [re.search(r"\[([a-z0-9-]+)\]", line.split("]", 1)[1]).group(1) for line in numbered] \
        == r1_ids
    footer = out.split("More:")[1]
    for hint in ("--why", "--budget", "-o reading.md", "lineage render deepseek-r1"):
        assert hint in footer


def test_piped_order_keeps_the_full_form_for_scripts():
    out = invoke("--graph", SHIPPED, "order", "deepseek-r1").stdout
    assert "needed by:" in out and "More:" not in out and not ANSI.search(out)


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", [["path", "transformer", "deepseek-r1"], ["stats"],
                                     ["show", "transformer"], ["next", "deepseek-r1", "-n", "3"],
                                     ["prereqs", "deepseek-r1"], ["progress", "deepseek-r1"],
                                     ["list"], ["search", "attention"],
                                     ["lint-list", str(REPO / "tests/data/seed-004-read-in-order.txt")]])
def test_reports_fit_the_width(columns, command):
    result = invoke("--graph", SHIPPED, *command, columns=columns)
    assert result.exit_code == 0, result.output
    assert widest(result.stdout) <= columns


def test_colour_only_when_asked_and_never_in_a_file(tmp_path):
    plain = invoke("--graph", SHIPPED, "order", "deepseek-r1", "--brief").stdout
    assert not ANSI.search(plain)
    coloured = invoke("--graph", SHIPPED, "--color", "order", "deepseek-r1", "--brief").stdout
    assert ANSI.search(coloured) and ANSI.sub("", coloured) == plain
    # the flag after the command name too, and it wins over NO_COLOR
    assert ANSI.search(invoke("--graph", SHIPPED, "order", "deepseek-r1", "--color",
                              env={"NO_COLOR": "1"}).stdout)
    out = tmp_path / "r1.txt"
    invoke("--graph", SHIPPED, "--color", "order", "deepseek-r1", "-o", str(out))
    assert not ANSI.search(out.read_text())


def test_no_color_is_honoured_on_a_terminal(monkeypatch):
    from lineage import term

    monkeypatch.setattr(term, "is_terminal", lambda stream=None: True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert term.wants_color(None) is False
    monkeypatch.delenv("NO_COLOR")
    assert term.wants_color(None) is True
    assert term.wants_color(False) is False


def test_names_with_spaces_need_no_quotes_when_they_name_one_paper():
    result = invoke("--graph", SHIPPED, "order", "attention", "is", "all", "you", "need",
                    "--depth", "0")
    assert result.exit_code == 0, result.output
    assert "read 'attention is all you need' as one name: transformer" in result.stderr
    assert "[transformer]" in result.stdout
    bad = invoke("--graph", SHIPPED, "order", "no", "such", "paper")
    assert bad.exit_code == 1 and 'needs quotes: lineage order "no such paper"' in bad.stderr


def test_order_is_headed_by_the_title_not_an_alias():
    import lineage

    graph = lineage.load_graph(SHIPPED)
    node = lineage.resolve(graph, "Let's Verify Step by Step")
    out = invoke("--graph", SHIPPED, "order", node, "--depth", "0").stdout
    assert out.startswith("Reading order for Let's Verify Step by Step:")


# --- the checklist workflow -------------------------------------------------------------

@pytest.fixture
def small(tmp_path):
    papers = [paper("a", 2010, title="Alpha"), paper("b", 2012, title="Beta"),
              paper("t", 2015, title="Target Work")]
    edges = [{"paper": "b", "builds_on": "a"}, {"paper": "t", "builds_on": "b"}]
    return str(write_graph(tmp_path / "g", papers, edges))


def test_format_comes_from_the_extension(small, tmp_path):
    for ext, probe in ((".md", "- [ ] **Alpha**"), (".json", '"id": "a"'), (".bib", "@misc{"),
                       (".csv", "position,"), (".mmd", "flowchart TD")):
        out = tmp_path / f"r{ext}"
        result = invoke("--graph", small, "order", "t", "-o", str(out))
        assert result.exit_code == 0 and "from the " + ext + " extension" in result.stderr
        assert probe in out.read_text(), ext


def test_plain_text_then_markdown_over_it_is_refused_and_the_file_kept(small, tmp_path):
    out = tmp_path / "r.txt"
    assert invoke("--graph", small, "order", "t", "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    assert before.startswith(b"Reading order for Target Work")
    result = invoke("--graph", small, "order", "t", "-f", "markdown", "-o", str(out))
    assert result.exit_code == 1
    assert "plain-text reading order, not a Markdown checklist" in result.stderr
    assert out.read_bytes() == before and not (tmp_path / "r.txt.bak").exists()
    forced = invoke("--graph", small, "order", "t", "-f", "markdown", "-o", str(out), "--force")
    assert forced.exit_code == 0 and "r.txt.bak" in forced.stderr
    assert (tmp_path / "r.txt.bak").read_bytes() == before
    text = out.read_text()
    assert text.count("<!-- lineage:") == 3 and "No longer in this path" not in text


def test_importing_the_plain_text_order_reads_its_ids(small, tmp_path):
    out = tmp_path / "r.txt"
    invoke("--graph", small, "order", "t", "-o", str(out))
    out.write_text(out.read_text().replace("1. [ ]", "1. [x]"))
    progress = tmp_path / "p.yaml"
    result = invoke("--graph", small, "import", str(out), "--progress", str(progress))
    assert result.exit_code == 0 and "1 newly marked read" in result.stdout
    assert "matched no paper" not in result.stdout


def test_the_file_wins_for_its_items_and_the_header_counts_follow_the_ticks(small, tmp_path):
    progress = tmp_path / "p.yaml"
    invoke("--graph", small, "done", "a", "--progress", str(progress))
    md = tmp_path / "r.md"
    invoke("--graph", small, "order", "t", "-o", str(md), "--progress", str(progress))
    text = md.read_text()
    assert "- [x] **Alpha**" in text and "1 read" in text
    # the reader unticks Alpha and ticks Beta by hand
    md.write_text(text.replace("- [x] **Alpha**", "- [ ] **Alpha**")
                  .replace("- [ ] **Beta**", "- [x] **Beta**"))
    result = invoke("--graph", small, "order", "t", "-o", str(md), "--progress", str(progress))
    assert result.exit_code == 0
    assert "1 paper unticked in the file, kept unticked" in result.stderr and ": a" in result.stderr
    assert "1 paper ticked in the file only" in result.stderr
    again = md.read_text()
    assert "- [ ] **Alpha**" in again and "- [x] **Beta**" in again
    header = again.splitlines()[2]
    assert "3 papers" in header and "1 read" in header  # Beta, from the ticks


def test_import_names_unticked_items_and_untick_unreads_them(small, tmp_path):
    progress = tmp_path / "p.yaml"
    invoke("--graph", small, "done", "a", "b", "--progress", str(progress))
    md = tmp_path / "r.md"
    invoke("--graph", small, "order", "t", "-o", str(md), "--progress", str(progress))
    md.write_text(md.read_text().replace("- [x] **Alpha**", "- [ ] **Alpha**"))
    said = invoke("--graph", small, "import", str(md), "--progress", str(progress))
    assert "1 item unticked here but read in your progress file (kept read" in said.stdout
    assert "a:" in progress.read_text()  # nothing un-read without --untick
    done = invoke("--graph", small, "import", str(md), "--untick", "--progress", str(progress))
    assert "1 marked not read" in done.stdout and "not read: " in done.stdout
    assert "a:" not in progress.read_text() and "b:" in progress.read_text()
