"""Exceptions raised by lineage: one base class, a few precise subclasses.

The CLI turns every :class:`LineageError` into a message on stderr and exit code 1.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "LineageError",
    "DataError",
    "Problem",
    "ValidationFailed",
    "UnknownNameError",
]


class LineageError(Exception):
    """Base class of every error lineage reports to a user."""


@dataclass(frozen=True)
class Problem:
    """One finding of validation, located in a file.

    ``severity`` is ``"error"`` or ``"warning"``; ``line`` and ``column`` are 1-based
    (``None`` when the problem has no single location, e.g. a cycle).
    """

    severity: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.severity}: {self.message}"


class DataError(LineageError):
    """A data file cannot be read at all (malformed YAML, wrong shape, too big)."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.problem = Problem("error", message, file, line, column)
        super().__init__(str(self.problem))


class ValidationFailed(LineageError):
    """The graph has errors; ``problems`` lists every finding (errors and warnings)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__("\n".join(str(p) for p in errors) or "validation failed")


class UnknownNameError(LineageError):
    """A paper name resolved to nothing, or to more than one paper."""

    def __init__(self, name: str, suggestions: list[str], ambiguous: bool = False) -> None:
        self.name = name
        self.suggestions = suggestions
        self.ambiguous = ambiguous
        if ambiguous:
            message = f"{name!r} is ambiguous; it could mean: " + ", ".join(suggestions)
        elif suggestions:
            message = f"no paper called {name!r}; did you mean: " + ", ".join(suggestions) + "?"
        else:
            message = f"no paper called {name!r} (try `lineage search`)"
        super().__init__(message)


def not_utf8(exc: UnicodeDecodeError) -> str:
    """What is wrong with a file that is not UTF-8 text."""
    return f"not UTF-8 text ({exc.reason} at byte {exc.start})"
