"""Commands that meet other tools: ``graph`` (Mermaid, DOT, node-link JSON) and
``add --bibtex`` (grow the graph from a reference manager's library)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from ..errors import LineageError
from ..formats import GRAPH_FORMATS
from ..words import plural
from .app import cli, graph_option, load, write_output
from .options import depth_option, format_option, kind_option, output_option


@cli.command("graph")
@click.argument("targets", nargs=-1)
@depth_option("With TARGETS: only prerequisites up to N hops back.")
@kind_option("With TARGETS: follow (and draw) only edges of this kind (repeatable).")
@format_option(sorted(GRAPH_FORMATS), "mermaid",
               "mermaid (GitHub Markdown), dot (Graphviz) or json (networkx node-link).")
@output_option()
@graph_option
@click.pass_context
def graph_command(ctx: click.Context, targets: tuple[str, ...], depth: int | None,
                  kinds: tuple[str, ...], fmt: str, output: str | None) -> None:
    """The whole graph, or TARGETS and everything they build on, as a diagram or data.

    Arrows run from a prerequisite to the paper that builds on it; nodes come in reading
    order. Mermaid renders inside a ```mermaid block on GitHub; DOT goes to Graphviz;
    json is networkx node-link data (networkx.node_link_graph(data, edges="edges")).

    \b
    Examples:
      lineage graph deepseek-r1 --depth 2            # Mermaid, paste into a README
      lineage graph R1 -f dot | dot -Tsvg -o r1.svg
      lineage graph -f json -o lineage.json          # the whole graph for a notebook
    """
    from ..analysis.reports import lineage_subgraph
    from ..analysis.resolve import resolve_many
    from ..formats import render_graph

    graph = load(ctx, targets)
    if not targets and (depth is not None or kinds):
        raise click.UsageError("--depth and --kind need TARGETS")
    ids = resolve_many(graph, list(targets))
    if ids:
        graph = lineage_subgraph(graph, ids, depth=depth, kinds=kinds)
    write_output(render_graph(graph, fmt, targets=ids), output,
                 what=f"{graph.number_of_nodes()} papers, {graph.number_of_edges()} edges")


@cli.command()
@click.option("--bibtex", "bib_file", required=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="A .bib file (e.g. exported from Zotero, JabRef or Mendeley).")
@click.option("--dry-run", is_flag=True, help="Show what would be added; write nothing.")
@graph_option
@click.pass_context
def add(ctx: click.Context, bib_file: str, dry_run: bool) -> None:
    """Add the papers of a BibTeX file that the graph does not have yet.

    Entries already in the graph (same arXiv id, or same title ignoring case and
    punctuation) are skipped and named. New records (id like vaswani2017attention, title,
    authors, year, month, arxiv from eprint/arxiv.org url, else url) are appended to the
    end of papers.yaml; nothing already in the file changes, comments included. Nothing is
    written if a new record would not validate. Edges are not guessed: the command lists
    the new papers that have no prerequisites yet.

    \b
    Example:
      lineage add --bibtex my-library.bib --dry-run
      lineage add --bibtex my-library.bib
    """
    from ..io.bibtex_import import append_records, editable_graph, papers_without_edges, propose
    from ..io.files import locked, read_bytes
    from ..io.yaml_reader import read_records
    from ..words import visible, visible_lines

    folder = editable_graph((ctx.find_root().obj or {}).get("graph_dir"))
    papers_file = folder / "papers.yaml"
    raw = read_bytes(bib_file, what="a BibTeX file") or b""
    try:
        bib_text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LineageError(f"{visible(bib_file)}: not UTF-8 text; re-export it as UTF-8") from None
    # Locked from reading papers.yaml to appending to it: two `add` at once both land. A dry
    # run writes nothing, so it takes no lock (and leaves no lock file in the graph folder).
    with contextlib.nullcontext() if dry_run else locked(papers_file):
        existing = [r.data for r in read_records(papers_file)] if papers_file.is_file() and \
            papers_file.stat().st_size else []
        result = propose(bib_text, existing)
        name = visible(Path(bib_file).name)
        count = len(result.proposals) + len(result.skipped)
        # Keys and titles come from the user's file: control characters are shown, not sent.
        click.echo(f"{name}: {plural(count, 'entry', 'entries')}, "
                   f"{len(result.proposals)} new, {len(result.skipped)} skipped")
        for skip in sorted(result.skipped, key=lambda s: s.line):
            click.echo(f"  skipped {visible(skip.key)} (line {skip.line}): {visible(skip.reason)}")
        for p in result.proposals:
            click.echo(f"  new     {visible(str(p.record['id']))}: {visible(str(p.record['title']))}"
                       f" ({p.record['year']})  [from {visible(p.key)}]")
        if not result.proposals:
            click.echo("nothing to add")
            return
        if not papers_file.is_file():
            raise LineageError(f"{papers_file}: file not found")
        added = append_records(papers_file, result.proposals, source=bib_file, dry_run=dry_run)
    if dry_run:
        click.echo(f"\ndry run: nothing written; would append to {papers_file}:\n")
        click.echo(visible_lines(added.strip("\r\n").replace("\r\n", "\n")))
    else:
        click.echo(f"wrote {plural(len(result.proposals), 'new paper')} to {papers_file}")
    lonely = papers_without_edges(folder, [p.record["id"] for p in result.proposals])
    if lonely:
        click.echo(f"No prerequisites yet (add `builds_on` edges to {folder / 'edges.yaml'}): "
                   + ", ".join(lonely))
