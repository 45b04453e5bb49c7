"""``lineage render``: the graph as one interactive, offline HTML page."""

from __future__ import annotations

import time

import click

from .app import cli, graph_option, load, output_file
from .options import all_links_option, kind_option, output_option, progress_option
from .progress import load_progress_for


@cli.command()
@click.argument("targets", nargs=-1)
@output_option("out/graph.html")
@all_links_option
@click.option("--context", is_flag=True,
              help="With targets: also show the rest of the graph, dimmed.")
@kind_option("Show and follow only links of this kind (repeatable), as `order --kind` does.")
@click.option("--title", metavar="TEXT", help="Name of the graph in the page's title and heading.")
@progress_option
@graph_option
@click.pass_context
def render(ctx: click.Context, targets: tuple[str, ...], output: str, all_links: bool, context: bool,
           kinds: tuple[str, ...], title: str | None, progress_file: str | None) -> None:
    """Draw what `lineage order TARGETS` reads as one HTML page that works offline: the
    core lineage (the papers a reader needs), plus the related papers one context link off
    it, drawn pale with a dashed outline; `--all` draws every link's lineage instead. No
    TARGETS: the whole graph.

    The reading order is always in the list on the left (ticks from `lineage done`, reading
    times, a button to copy it as a Markdown checklist). In the graph, history runs left to
    right with one lane per topic (colour by topic); the target and what it needs directly
    are drawn largest and named first; names are drawn at a legible size only where they
    fit (zoom for more). Core links are solid, context links dashed; hover a paper or a link
    for its summary or its kind and why; click a paper to see its own order and its path to
    the target. Papers and links joined from Semantic Scholar citation data (`lineage
    fetch`) are drawn hollow and dotted and marked derived, not curated.

    Above 3000 papers the page shows the targets' neighbourhood (or, without targets, the
    most influential papers) and says so on stderr.

    \b
    Examples:
      lineage render deepseek-r1 -o out/graph.html
      lineage render R1 --all                # every link's lineage, context ones too
      lineage render R1 --context            # the whole graph, R1's lineage in front
      lineage render                         # every paper
      lineage render gpt-4 --kind architecture
    """
    from ..analysis.resolve import resolve_many
    from ..formats.page import html
    from ..io.files import atomic_write

    started = time.perf_counter()
    graph = load(ctx, targets)
    ids = resolve_many(graph, list(targets))
    view = html.choose_view(graph, ids, context=context, kinds=kinds or None, max_nodes=html.MAX_NODES,
                            follow="all" if all_links else "core")
    if view.note:
        click.echo(f"note: {view.note}", err=True)
    read = load_progress_for(graph, progress_file).ids()
    page = html.render_html(graph, ids, kinds=kinds or None, read=read, title=title, view=view)
    path = atomic_write(output_file(output, "html"), page)
    click.echo(f"wrote {path} ({len(view.ids)} papers, {len(page) // 1024} KiB, "
               f"{time.perf_counter() - started:.2f} s); open it in a browser", err=True)

