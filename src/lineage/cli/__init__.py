"""The ``lineage`` command line: :mod:`.app` holds the group, the shared options and the
error handling; the other modules hold the commands, by theme."""

from __future__ import annotations

import codecs
import contextlib
import sys

from . import fetched, interop, progress, query, render  # noqa: F401  (each registers its commands)
from .app import cli

__all__ = ["cli", "main"]

_REPLACED: list[str] = []


def _replace_and_remember(exc: UnicodeError) -> tuple[str, int]:
    """The ``replace`` error handler that also notes that it was needed."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    _REPLACED.append(exc.encoding)
    return "?" * (exc.end - exc.start), exc.end


def _warn_once() -> None:
    if _REPLACED:
        # ASCII only, on stderr's bytes: the warning itself must be writable.
        message = (f"warning: the output encoding ({_REPLACED[0]}) cannot show some characters; "
                   "they were printed as '?'. Use a UTF-8 locale or PYTHONIOENCODING=utf-8.\n")
        try:
            sys.stderr.flush()
            sys.stderr.buffer.write(message.encode("ascii"))
            sys.stderr.buffer.flush()
        except (AttributeError, OSError, ValueError):
            pass


def _tolerate_output_encoding() -> None:
    """Characters the output encoding (latin-1, ascii ...) lacks become ``?`` instead of a
    UnicodeEncodeError traceback; one warning at exit says so."""
    codecs.register_error("lineage-replace", _replace_and_remember)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="lineage-replace")


def main() -> None:
    _tolerate_output_encoding()
    try:
        cli(prog_name="lineage")
    finally:
        _warn_once()
