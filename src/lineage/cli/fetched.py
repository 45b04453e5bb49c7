"""Commands for papers outside the curated graph: ``fetch`` (Semantic Scholar → the local
store) and ``propose`` (a fetched lineage as YAML records for a curator), and the join that
lets every other command answer for a fetched paper."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..words import plural
from .app import cli, graph_option, load

if TYPE_CHECKING:
    import networkx as nx

    from ..store import Store


def _store_path(ctx: click.Context) -> Path:
    """--store / $LINEAGE_STORE, else the store in the data folder."""
    from ..store import default_store_path

    obj = ctx.find_root().obj or {}
    return Path(obj["store"]) if obj.get("store") else default_store_path()


def find_stored(store: Store, name: str):  # type: ignore[no-untyped-def]
    """The stored paper a reader means by ``name`` (arXiv id or link, DOI, S2 id, CorpusId,
    or an exact title ignoring case and punctuation), else ``None``."""
    from ..analysis.resolve import normalize
    from ..s2 import s2_id_for

    api_id = s2_id_for(name)
    if api_id is not None:
        if api_id.startswith("ARXIV:"):
            return store.find(arxiv=api_id[6:])
        if api_id.startswith("DOI:"):
            return store.find(doi=api_id[4:])
        if api_id.startswith("CorpusId:"):
            return store.find(corpus_id=int(api_id[9:]))
        return store.paper(api_id)
    wanted = normalize(name)
    return next((p for p in store.papers() if normalize(p.title) == wanted), None)


def join_fetched(ctx: click.Context, graph: nx.DiGraph, names: Iterable[str]) -> nx.DiGraph:
    """``graph`` joined with the stored lineage of every name it cannot resolve (and, with
    ``--with-fetched``, of every fetched target); ``graph`` itself when there is nothing to join."""
    from ..analysis.resolve import resolve
    from ..errors import UnknownNameError

    obj = ctx.find_root().obj or {}
    missing = []
    for name in names:
        try:
            resolve(graph, name)
        except UnknownNameError:
            missing.append(name)
    if not missing and not obj.get("with_fetched"):
        return graph
    path = _store_path(ctx)
    if not path.exists():
        return graph
    from ..fetch import joined_graph  # the S2 client and the SQLite store: only when joining
    from ..store import Store

    with Store(path) as store:
        roots: dict[str, str] = {}
        for name in missing:
            found = find_stored(store, name)
            if found is not None:
                roots[found.paper_id] = name
        if obj.get("with_fetched"):
            for run in store.runs():
                roots.setdefault(run[1], "")
        if not roots:
            return graph
        joined, _, report = joined_graph(graph, store, list(roots), depth=64, names=roots)
    if report.papers:
        click.echo(f"joined {len(report.papers)} fetched papers and {report.links} fetched links "
                   "(Semantic Scholar, marked as derived) to the curated graph", err=True)
    for later, earlier in report.dropped_later:
        click.echo(f"note: dropped the fetched link {later} → {earlier}: {earlier} is dated after "
                   f"{later}", err=True)
    for later, earlier in report.dropped_cycle:
        click.echo(f"note: dropped the fetched link {later} → {earlier}: it would close a cycle",
                   err=True)
    if report.undated:
        click.echo(f"note: left out {plural(report.undated, 'fetched paper')} Semantic Scholar "
                   "gives no year for (a reading order needs dates)", err=True)
    return joined


def find_online(ctx: click.Context, graph: nx.DiGraph, texts: list[str]) -> nx.DiGraph:
    """``graph`` with the papers that ``texts`` name, found in the store or else by Semantic
    Scholar (an id or link it understands, else its title match), joined as derived papers
    that the texts resolve to. A text nothing matches stays unresolved; a rate limit or an
    unreachable API stops the look-ups with a warning and keeps what was found."""
    from ..fetch import joined_graph
    from ..s2 import S2Client, S2Error, s2_id_for
    from ..store import Store

    roots: dict[str, str] = {}
    with Store(_store_path(ctx)) as store, S2Client() as client:
        for text in texts:
            found = find_stored(store, text)
            if found is None:
                try:
                    api_id = s2_id_for(text)
                    found = client.paper(api_id) if api_id else client.match_title(text)
                except S2Error as exc:
                    click.echo(f"warning: stopped looking entries up online: {exc}", err=True)
                    break
                if found is not None:
                    store.put_paper(found)
            if found is not None:
                roots.setdefault(found.paper_id, text)
        if not roots:
            return graph
        joined, _, _ = joined_graph(graph, store, list(roots), depth=1, names=roots)
    return joined


@cli.command()
@click.argument("paper")
@click.option("--depth", type=click.IntRange(min=1, max=6), default=2, show_default=True,
              help="Hops of references to follow.")
@click.option("--max-papers", type=click.IntRange(min=1, max=5000), default=300, show_default=True,
              help="Stop once the lineage holds this many papers (most-signalled kept first).")
@click.option("--signal", type=click.Choice(["influential", "methodology", "any"]),
              default="methodology", show_default=True,
              help="Which references count as 'builds on': S2's isInfluential; that or a "
                   "methodology intent; or every reference.")
@click.option("--max-age", type=click.FloatRange(min=0), default=30, show_default=True,
              metavar="DAYS", help="Re-fetch reference lists older than this.")
@graph_option
@click.pass_context
def fetch(ctx: click.Context, paper: str, depth: int, max_papers: int, signal: str,
          max_age: float) -> None:
    """Fetch the lineage of PAPER from Semantic Scholar into the local store.

    PAPER is an arXiv id or link, a DOI, a Semantic Scholar id, CorpusId:N, a title, or a
    curated paper's name. References that PAPER builds on (by --signal) are followed
    breadth-first to --depth, stopping at curated papers (their lineage is known) and at
    --max-papers. Everything fetched is kept in a SQLite store (--store, $LINEAGE_STORE, else
    your data folder); afterwards `lineage order PAPER` joins it to the curated graph, with
    every fetched paper and link marked as derived. Ctrl-C keeps what was fetched.

    At most one request a second; set S2_API_KEY to a free key to be served reliably
    (without one, the shared pool may answer "rate-limited"). LINEAGE_S2_URL points at a
    mirror or a local server.

    \b
    Examples:
      lineage fetch 2503.24290                # Open-Reasoner-Zero, by arXiv id
      lineage fetch https://arxiv.org/abs/2503.24290 --depth 3 --signal influential
      lineage order 2503.24290                # then read it like any curated paper
    """
    from ..fetch import fetch_lineage
    from ..io.progressbar import ProgressBar
    from ..s2 import S2Client
    from ..store import Store

    graph = load(ctx)
    bar = ProgressBar(delay=0.5)

    def on_wait(seconds: float, reason: str) -> None:
        if reason != "pacing":
            bar.update(bar.fraction, f"{reason}: waiting {seconds:.0f} s")

    def on_progress(report, paper) -> None:  # type: ignore[no-untyped-def]
        done = report.requested + report.reused
        bar.update(min(len(report.papers) / max_papers, 0.99),
                   f"{done} reference lists, {len(report.papers)} papers: {paper.title[:40]}")

    with Store(_store_path(ctx)) as store, S2Client(on_wait=on_wait) as client:
        try:
            report = fetch_lineage(paper, client=client, store=store, curated=graph, depth=depth,
                                   max_papers=max_papers, signal=signal, max_age_days=max_age,
                                   on_progress=on_progress)
        finally:
            bar.close()
    target = report.target
    click.echo(f"{target.title} ({target.year}): {len(report.papers)} papers in its fetched lineage; "
               f"{report.requested} reference lists fetched, {report.reused} reused from {store.path}")
    if report.curated:
        click.echo(f"reaches the curated graph at: {', '.join(sorted(report.curated))}")
    for title in report.elided:
        click.echo(f"note: the publisher withheld the reference list of {title!r}; its lineage "
                   "stops there", err=True)
    if report.capped:
        click.echo(f"note: stopped at --max-papers {max_papers}", err=True)
    if report.interrupted:
        click.echo("interrupted: what was fetched so far is kept", err=True)
    click.echo(f"next: lineage order {target.arxiv or target.paper_id}   "
               "(fetched papers and links are marked as derived)")


@cli.command()
@click.argument("paper")
@click.option("--write", is_flag=True,
              help="Append the records to graph/papers.yaml and graph/edges.yaml (why: TODO).")
@graph_option
@click.pass_context
def propose(ctx: click.Context, paper: str, write: bool) -> None:
    """Print the papers and links a fetched lineage would add to the curated graph.

    Each record comes with its evidence (S2's signal, intents and the first citation
    context) as comments, for a curator to check and edit. --write appends them to the
    graph's YAML files, keeping everything already there byte for byte; links get
    `why: TODO`, which `lineage check` reports until a curator writes the sentence.

    \b
    Example:
      lineage fetch 2503.24290 && lineage propose 2503.24290
    """
    from ..proposals import proposal_yaml

    graph = load(ctx)
    joined = join_fetched(ctx, graph, [paper])
    papers_text, edges_text, count = proposal_yaml(graph, joined)
    if not count:
        raise click.ClickException(f"nothing fetched to propose for {paper!r}: run "
                                   f"`lineage fetch {paper}` first")
    if not write:
        click.echo("# ---- for graph/papers.yaml ----")
        click.echo(papers_text)
        click.echo("# ---- for graph/edges.yaml ----")
        click.echo(edges_text)
        return
    from ..proposals import append_proposal

    obj = ctx.find_root().obj or {}
    written = append_proposal(obj.get("graph_dir"), papers_text, edges_text)
    click.echo(f"appended {count} records to {written}; write each `why: TODO` before "
               "committing (`lineage check` lists them)", err=True)
