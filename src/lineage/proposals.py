"""A fetched lineage as records for the curated graph: what ``lineage propose`` prints and,
with ``--write``, appends. Nothing fetched becomes curated without a curator: every link gets
``why: TODO`` (``lineage check`` warns until someone writes the sentence), and each record
carries Semantic Scholar's evidence as a comment."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["proposal_yaml", "append_proposal", "TODO"]

TODO = "TODO"


def proposal_yaml(curated: nx.DiGraph, joined: nx.DiGraph) -> tuple[str, str, int]:
    """``(papers_text, edges_text, count)``: YAML for the fetched papers of ``joined`` and the
    fetched links among them and to curated papers, with curated-style ids."""
    import yaml

    from .naming import citation_key, clean

    fetched = sorted((n for n in joined if joined.nodes[n]["paper"].derived),
                     key=lambda n: joined.nodes[n]["paper"].sort_key)
    taken = set(curated)
    slug: dict[str, str] = {}
    for node in fetched:
        base = citation_key(joined.nodes[node]["paper"])
        candidate, index = base, 1
        while candidate in taken:
            index += 1
            candidate = f"{base}-{index}"
        taken.add(candidate)
        slug[node] = candidate

    papers: list[str] = []
    for node in fetched:
        p = joined.nodes[node]["paper"]
        record: dict[str, object] = {"id": slug[node], "title": p.title,
                                     "authors": list(p.authors), "year": p.year}
        if p.month:
            record["month"] = p.month
        if p.arxiv:
            record["arxiv"] = p.arxiv
        else:
            record["url"] = p.url
        dumped = yaml.safe_dump([record], sort_keys=False, allow_unicode=True,
                                default_flow_style=None, width=100)
        s2_id = next((a for a in p.aliases if len(a) == 40), "")
        papers.append(f"# proposed from Semantic Scholar {s2_id}: check year, authors and link; "
                      "add topics, summary and why\n" + dumped)

    edges: list[str] = []
    for u, v, data in sorted(joined.edges(data=True), key=lambda e: (slug.get(e[1], e[1]), e[0])):
        if data.get("source") is None or (u not in slug and v not in slug):
            continue
        record = {"paper": slug.get(v, v), "builds_on": slug.get(u, u),
                  "role": data.get("role", "core"), "why": TODO}
        dumped = yaml.safe_dump([record], sort_keys=False, allow_unicode=True, width=100)
        evidence = (f"# evidence (Semantic Scholar): {data.get('signal')}; intents: "
                    f"{', '.join(data.get('intents') or []) or 'none'}; context: "
                    f"{clean(data.get('why', ''))[:300]}")
        edges.append(evidence + "\n" + dumped)
    header = "# ---- proposed by `lineage propose` from fetched citation data; not yet checked ----\n"
    return (header + "\n".join(papers) if papers else "", header + "\n".join(edges) if edges else "",
            len(papers) + len(edges))


def append_proposal(graph_dir: str | None, papers_text: str, edges_text: str) -> Path:
    """Append the proposal to the graph's two files, keeping their bytes; refuse (writing
    nothing) if the joined files would not validate."""
    from .io.bibtex_import import editable_graph
    from .io.files import locked

    folder = editable_graph(graph_dir)
    # Locked like `lineage add`, from reading the two files to writing them back.
    with locked(folder / "papers.yaml"), locked(folder / "edges.yaml"):
        return _append(folder, papers_text, edges_text)


def _append(folder: Path, papers_text: str, edges_text: str) -> Path:
    from .errors import Problem, ValidationFailed
    from .io.files import atomic_write, read_bytes
    from .io.graph_files import check_graph
    from .io.yaml_reader import MAX_FILE_BYTES as MAX_GRAPH_BYTES

    new: dict[str, bytes] = {}
    for name, text in (("papers.yaml", papers_text), ("edges.yaml", edges_text)):
        old = read_bytes(folder / name, what=f"the graph's {name}", limit=MAX_GRAPH_BYTES) or b""
        joiner = b"" if not old or old.endswith(b"\n") else b"\n"
        new[name] = old + joiner + b"\n" + text.encode("utf-8") if text else old
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in new.items():
            Path(tmp, name).write_bytes(data)
        _, _, problems = check_graph(tmp)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationFailed([Problem("error", p.message + " (nothing written)",
                                        str(folder / Path(p.file or "").name), p.line, p.column)
                                for p in errors])
    for name, data in new.items():
        atomic_write(folder / name, data)
    return folder
