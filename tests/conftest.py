from __future__ import annotations

import os
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lineage.cli.app import cli

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_user_files(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the developer's own cache or progress file from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LINEAGE_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("LINEAGE_PROGRESS", str(home / "progress.yaml"))
    monkeypatch.delenv("LINEAGE_GRAPH", raising=False)
    monkeypatch.delenv("LINEAGE_PACE", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # tests that care about width set it
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def run():
    """Invoke the CLI in-process; show output and any traceback when an assertion fails."""

    def invoke(*args: str, input: str | None = None) -> Result:
        result = CliRunner().invoke(cli, list(args), input=input)
        if result.exc_info and not isinstance(result.exception, SystemExit):
            traceback.print_exception(*result.exc_info)
        print(result.output)
        return result

    return invoke


def write_graph(folder: Path, papers: list[dict], edges: list[dict]) -> Path:
    """Write a small graph folder from plain records (YAML via safe_dump)."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "papers.yaml").write_text(yaml.safe_dump(papers, sort_keys=False))
    (folder / "edges.yaml").write_text(yaml.safe_dump(edges, sort_keys=False))
    return folder


def paper(pid: str, year: int, month: int | None = None, **extra: object) -> dict:
    record: dict = {"id": pid, "title": extra.pop("title", f"Paper {pid}"),
                    "authors": extra.pop("authors", ["Ada Lovelace"]), "year": year}
    if month:
        record["month"] = month
    record["url"] = extra.pop("url", f"https://example.org/{pid}")
    record.update({"topics": ["foundations"], "summary": "s", "why": "w"})
    record.update(extra)
    return record


def shipped_graph_exists() -> bool:
    return (REPO / "graph" / "papers.yaml").is_file() and os.path.getsize(REPO / "graph" / "papers.yaml") > 0
