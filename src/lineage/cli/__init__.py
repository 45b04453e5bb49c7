"""The ``lineage`` command line: :mod:`.app` holds the group, the shared options and the
error handling; the other modules hold the commands, by theme."""

from . import fetched, interop, progress, query, render  # noqa: F401  (each registers its commands)
from .app import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="lineage")
