"""Importing this package registers every command on :data:`lineage.cli.cli`."""

from . import (
    interop,  # noqa: F401
    progress,  # noqa: F401
    query,  # noqa: F401
    render,  # noqa: F401
)
