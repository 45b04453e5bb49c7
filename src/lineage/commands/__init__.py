"""Importing this package registers every command on :data:`lineage.cli.cli`."""

from . import (
    query,  # noqa: F401
    render,  # noqa: F401
)
