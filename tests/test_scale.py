"""The fast paths added for large graphs give exactly what the straightforward code gives."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap

import networkx as nx
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import paper, write_graph
from lineage.formats.wrapping import wrap
from lineage.io import yaml_reader as load
from lineage.io.progressbar import ProgressBar
from lineage.io.validate import find_cycle
from lineage.model import Edge

# ---- YAML: the event reader equals the node reader (which keeps every error message) ----

_scalars = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.integers(-10**6, 10**6), st.booleans(), st.none(), st.floats(allow_nan=False),
    st.sampled_from(["yes", "No", "on", "~", "null", "0x1F", "017", "1_000", "1:30", "2017-06-12",
                     ".inf", "1e3", "<<", "=", "!x", "&a", "- b", "#c", "a: b", "'q'", ""]),
)
_values = st.one_of(_scalars, st.lists(_scalars, max_size=3))
_records = st.lists(st.dictionaries(st.sampled_from(["id", "title", "year", "authors", "why", "yes",
                                                     "1", "kind"]), _values, max_size=5),
                    max_size=5)


def _both(text: str):
    try:
        fast = load._records_from_events(text, "f.yaml", None)
    except load._Unusual:
        fast = None
    try:
        slow = load._records_from_nodes(text, "f.yaml")
    except Exception as exc:  # noqa: BLE001 - compared, not swallowed
        slow = exc
    return fast, slow


def _view(records):
    return [(r.data, r.line, r.key_lines, r.duplicate_keys) for r in records]


@settings(max_examples=300, deadline=None)
@given(_records, st.sampled_from([{}, {"default_flow_style": True}, {"default_style": '"'},
                                  {"default_style": "'"}, {"width": 20}]))
def test_event_reader_matches_node_reader(records, style):
    text = yaml.safe_dump(records, allow_unicode=True, sort_keys=False, **style)
    fast, slow = _both(text)
    if fast is not None:  # the event reader only answers when it is sure
        assert not isinstance(slow, Exception)
        assert _view(fast) == _view(slow)


@pytest.mark.parametrize("text", [
    "- id: a\n  id: b\n  year: 2017\n",              # duplicate key: both lines kept
    "- id: a  # comment\n  authors: [x, 'y', \"z\"]\n  month:\n",
    "- {id: a, year: 2017}\n- id: b\n  why: >\n    folded\n    text\n",
    "- id: !!str 2017\n  year: !!int '5'\n  when: 2017-06-12\n",
])
def test_event_reader_matches_node_reader_on_hand_written_files(text):
    fast, slow = _both(text)
    assert fast is not None
    assert _view(fast) == _view(slow)


@pytest.mark.parametrize("text", [
    "- &x {id: a}\n- *x\n", "- id: a\n  nested: {k: v}\n", "- !!python/object:os.system {}\n",
    "a: b\n", "- [a]\n", "- id: a\n- id: [b\n", "--- []\n--- []\n", "- ? [a, b]\n  : c\n",
])
def test_anything_unusual_is_left_to_the_node_reader(text):
    fast, _ = _both(text)
    assert fast is None


def test_large_file_reports_progress(tmp_path):
    file = tmp_path / "edges.yaml"
    file.write_text("".join(f"- paper: p{i}\n  builds_on: q{i}\n" for i in range(10000)))
    seen: list[float] = []
    records = load.read_records(file, on_progress=seen.append)
    assert len(records) == 10000 and records[-1].line == 19999
    assert seen and seen == sorted(seen) and 0 < seen[-1] <= 1


# ---- cycles: the linear search agrees with networkx -------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=20))
def test_find_cycle_agrees_with_networkx(pairs):
    pairs = [(f"n{a}", f"n{b}") for a, b in dict.fromkeys(pairs) if a != b]
    cycle = find_cycle([Edge(a, b) for a, b in pairs])
    has_cycle = not nx.is_directed_acyclic_graph(nx.DiGraph(pairs))
    assert (cycle is not None) == has_cycle
    if cycle:
        assert cycle[0] == cycle[-1] == min(cycle)
        assert len(set(cycle)) == len(cycle) - 1
        assert all(pair in set(pairs) for pair in zip(cycle[:-1], cycle[1:], strict=True))


def test_cycle_check_is_linear_on_a_long_chain():
    # networkx's find_cycle restarted from every node: quadratic, minutes at 10k papers.
    edges = [Edge(f"p{i + 1}", f"p{i}") for i in range(200000)]
    assert find_cycle(edges) is None
    assert find_cycle(edges + [Edge("p0", "p200000")]) is not None


# ---- text wrapping: the fast paths give textwrap's lines --------------------------------

@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab-,. \t\nxyz", max_size=80), st.integers(0, 6), st.integers(0, 8),
       st.integers(2, 50), st.booleans())
def test_wrap_equals_textwrap(text, first, rest, extra, hyphens):
    width = max(first, rest) + extra  # textwrap itself can loop forever when width < indent
    expected = textwrap.wrap(text, width, initial_indent=" " * first,
                             subsequent_indent=" " * rest, break_on_hyphens=hyphens)
    assert wrap(text, width, " " * first, " " * rest, break_on_hyphens=hyphens) == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,14},?", fullmatch=True), min_size=1, max_size=30),
       st.integers(0, 6), st.integers(0, 10), st.integers(2, 60))
@example(words=["a00000000000"], first=1, rest=0, extra=11)  # a word longer than line 1's room
def test_wrap_of_id_lists_equals_textwrap(words, first, rest, extra):
    """The shape the fast line-jumping path serves: "needed by: a-b, c-d, ..." lists."""
    text = "needed by: " + " ".join(words)
    width = max(first, rest) + extra
    expected = textwrap.wrap(text, width, initial_indent=" " * first,
                             subsequent_indent=" " * rest, break_on_hyphens=False)
    assert wrap(text, width, " " * first, " " * rest, break_on_hyphens=False) == expected


# ---- progress bar -------------------------------------------------------------------------

class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_is_silent_for_a_fast_load():
    stream = _Terminal()
    bar = ProgressBar(stream=stream, delay=60)
    bar.update(0.5, "reading papers.yaml")
    bar.close()
    assert stream.getvalue() == ""


def test_progress_bar_redraws_one_line_on_a_terminal():
    stream = _Terminal()
    bar = ProgressBar(stream=stream, delay=0)
    bar.update(0.25, "reading papers.yaml")
    bar.update(0.8, "checking")
    bar.close()
    out = stream.getvalue()
    assert "\r" in out and out.count("\n") == 1  # one line redrawn, then the closing line
    assert "[#######" in out and " 80%  checking" in out and "loaded in" in out


def test_progress_bar_writes_plain_lines_elsewhere():
    stream = io.StringIO()
    bar = ProgressBar(stream=stream, delay=0)
    bar.update(0.1, "reading edges.yaml")
    bar.close()
    assert stream.getvalue().splitlines()[0] == "lineage:  10%  reading edges.yaml"
    assert "\r" not in stream.getvalue()


def test_cli_output_has_no_progress_lines(run, tmp_path):
    folder = write_graph(tmp_path / "g", [paper("a", 2017), paper("b", 2018)],
                         [{"paper": "b", "builds_on": "a", "why": "w"}])
    for args in (["order", "b"], ["check"]):
        result = run("--graph", str(folder), *args)
        assert result.exit_code == 0
        assert "lineage:" not in result.output


# ---- the import path of `lineage order` -------------------------------------------------

HEAVY = ("pyvis", "jinja2", "bibtexparser", "platformdirs", "hypothesis", "IPython", "numpy")


def test_order_never_imports_heavy_modules(tmp_path):
    folder = write_graph(tmp_path / "g", [paper("a", 2017), paper("b", 2018)],
                         [{"paper": "b", "builds_on": "a", "why": "w"}])
    probe = (
        "import runpy, sys, json\n"
        "sys.argv = ['lineage', '--graph', sys.argv[1], 'order', 'b']\n"
        "def report():\n"
        "    print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
        "try:\n    runpy.run_module('lineage', run_name='__main__')\n"
        "except SystemExit:\n    report()\n")
    env = {"LINEAGE_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path), "LINEAGE_PROGRESS": str(tmp_path / "progress.yaml")}
    for attempt in ("first run", "cached run"):
        done = subprocess.run([sys.executable, "-c", probe, str(folder)], capture_output=True,
                              text=True, env=env, check=True)
        assert "a" in done.stdout and "b" in done.stdout
        modules = set(json.loads(done.stderr.strip().splitlines()[-1]))
        loaded = {m.split(".")[0] for m in modules}
        assert not loaded & set(HEAVY), (attempt, loaded & set(HEAVY))
        # the fetched-data join and checklist merging load only when a command needs them
        assert not modules & {"lineage.fetch", "lineage.store", "lineage.io.checklist"}, attempt
        if attempt == "cached run":
            assert "yaml" not in loaded  # an unchanged graph comes from the cache
