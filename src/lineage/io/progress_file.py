"""What a reader has read: a small YAML file of paper ids and the dates they were read.

The file is meant to be read and edited by hand::

    # lineage reading progress ...
    read:
      transformer: 2025-03-02
      gpt-2: 2025-03-09

It is found from an explicit path (``--progress FILE``), else ``$LINEAGE_PROGRESS``, else
``progress.yaml`` in the user's data folder (platformdirs, e.g.
``~/.local/share/lineage/progress.yaml``). It is loaded with the safe YAML loader; a file that
cannot be read or has the wrong shape raises :class:`ProgressError` naming the file and line,
and is never overwritten. Each save first copies the last good version to
``progress.yaml.bak``, then replaces the file atomically (:func:`lineage.io.files.atomic_write`),
so a crash leaves either the old file or the new one. Ids the graph no longer has are kept.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError, not_utf8

if TYPE_CHECKING:
    import networkx as nx


__all__ = ["Progress", "ProgressError", "progress_path", "load_progress", "save_progress",
           "render_progress", "progress_lock", "KEY", "HEADER"]

#: The top-level key holding the ``id: date`` mapping.
KEY = "read"

HEADER = """\
# lineage reading progress: the papers you have read, with the date you read each.
# Written by `lineage done` / `lineage undone` / `lineage import`; safe to edit by hand:
# one `paper-id: YYYY-MM-DD` line per paper under `read:` (leave the date empty if unknown).
# Before each change the previous version is copied next to this file, with .bak added.
"""


class ProgressError(DataError):
    """The progress file cannot be read or does not have the expected shape."""


@dataclass
class Progress:
    """The papers read (id → ISO date, or None when the date is unknown) and where they
    are kept."""

    path: Path
    read: dict[str, str | None] = field(default_factory=dict)
    #: The file's bytes when it was loaded (None: it did not exist), so a save can refuse
    #: to overwrite edits made meanwhile.
    loaded: bytes | None = field(default=None, repr=False)

    def ids(self) -> set[str]:
        return set(self.read)

    def vanished(self, graph: nx.DiGraph) -> list[str]:
        """The ids marked read that the graph does not have (kept, never dropped)."""
        return sorted(i for i in self.read if i not in graph)

    def mark(self, ids: Iterable[str], *, on: dt.date | None = None,
             overwrite: bool = False) -> list[str]:
        """Mark ``ids`` read on ``on`` (default today); return those newly marked.

        A paper already read keeps its date unless ``overwrite``.
        """
        date = (on or dt.date.today()).isoformat()
        added = []
        for i in ids:
            if i not in self.read:
                added.append(i)
                self.read[i] = date
            elif overwrite:
                self.read[i] = date
        return added

    def unmark(self, ids: Iterable[str]) -> list[str]:
        """Forget ``ids``; return those that were marked."""
        return [i for i in ids if self.read.pop(i, False) is not False]


def progress_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the progress file is: ``explicit``, else ``$LINEAGE_PROGRESS``, else
    ``progress.yaml`` in the user's data folder."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("LINEAGE_PROGRESS")
    if env:
        return Path(env)
    if sys.platform.startswith("linux"):  # what platformdirs answers, without importing it
        base = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return Path(base) / "lineage" / "progress.yaml"
    import platformdirs

    return Path(platformdirs.user_data_dir("lineage", appauthor=False)) / "progress.yaml"


def load_progress(path: str | os.PathLike[str] | None = None) -> Progress:
    """Read the progress file (see :func:`progress_path`); a missing file is empty progress.

    Raises :class:`ProgressError` (file, line and column) when the file cannot be read, is
    not YAML, uses anchors/aliases, or is not a ``read:`` mapping of ids to dates.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "progress.yaml"
    >>> _ = p.write_text("read:\\n  transformer: 2025-03-02\\n  bert:\\n")
    >>> load_progress(p).read
    {'transformer': '2025-03-02', 'bert': None}
    """
    target = progress_path(path)
    name = str(target)
    raw = _read(target)
    if raw is None:
        return Progress(target)
    return Progress(target, _parse(_decode(raw, name), name), loaded=raw)


def _read(target: Path) -> bytes | None:
    from .files import read_bytes

    return read_bytes(target, what="the YAML progress file", missing_ok=True, error=ProgressError)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ProgressError(not_utf8(exc), name, line) from None


def _parse(text: str, name: str) -> dict[str, str | None]:
    import yaml

    from .yaml_reader import _refuse_aliases, _safe_loader, compose

    root = compose(_safe_loader()(text), name, ProgressError, text=text)
    if root is None:  # an empty file (or only comments): nothing read yet
        return {}
    _refuse_aliases(root, name, text, ProgressError)

    def fail(message: str, node: yaml.Node) -> ProgressError:
        return ProgressError(message, name, node.start_mark.line + 1, node.start_mark.column + 1)

    if not isinstance(root, yaml.MappingNode):
        raise fail(f"expected a mapping with one key `{KEY}:` (paper id: date lines under it)",
                   root)
    body: yaml.Node | None = None
    for key_node, value_node in root.value:
        if not (isinstance(key_node, yaml.ScalarNode) and key_node.value == KEY):
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else type(key_node).__name__
            raise fail(f"unknown top-level key {key!r}; the file holds only `{KEY}:`", key_node)
        if body is not None:  # YAML keeps the last one: the ticks above would be lost
            raise fail(f"`{KEY}:` appears twice; merge the two blocks into one", key_node)
        body = value_node
    if body is None or (isinstance(body, yaml.ScalarNode) and body.tag.endswith(":null")):
        return {}
    if not isinstance(body, yaml.MappingNode):
        raise fail(f"`{KEY}:` must be a mapping of `paper-id: YYYY-MM-DD` lines", body)
    read: dict[str, str | None] = {}
    for key_node, value_node in body.value:
        if not isinstance(key_node, yaml.ScalarNode) or not key_node.value.strip():
            raise fail("each key under `read:` must be a paper id", key_node)
        paper = key_node.value.strip()
        if paper in read:
            raise fail(f"{paper!r} is listed twice under `{KEY}:`; keep one line", key_node)
        read[paper] = _date(value_node, fail, paper)
    return read


def _date(node, fail, paper: str) -> str | None:  # type: ignore[no-untyped-def]
    import yaml

    if isinstance(node, yaml.ScalarNode):
        value = node.value.strip()
        if node.tag.endswith(":null") or value in ("", "~", "null"):
            return None
        for parse in (dt.date.fromisoformat, lambda v: dt.datetime.fromisoformat(v).date()):
            try:
                return parse(value).isoformat()
            except ValueError:
                pass
    raise fail(f"the date read for {paper!r} must look like 2025-03-14 (or be empty)", node)


def render_progress(read: dict[str, str | None]) -> str:
    """The file's text: the comment header, then ``read:`` with one line per paper, oldest
    first (unknown dates first), ties by id."""
    import yaml

    items = sorted(read.items(), key=lambda kv: (kv[1] or "", kv[0]))
    body = {KEY: {k: (dt.date.fromisoformat(v) if v else None) for k, v in items}}
    if not read:
        return HEADER + f"{KEY}: {{}}\n"
    dumped = yaml.safe_dump(body, sort_keys=False, default_flow_style=False, allow_unicode=True,
                            width=1000)
    return HEADER + dumped.replace(": null\n", ":\n")


def save_progress(progress: Progress) -> Path:
    """Write ``progress`` back: copy the current (good) file to ``<name>.bak``, then replace
    the file atomically. Returns the path."""
    from .files import atomic_write

    target = progress.path
    current = _read(target)
    if current != progress.loaded:
        raise ProgressError("the file changed since lineage read it (edited meanwhile?); "
                            "nothing was written, run the command again", str(target))
    if current is not None:
        # Only a file that parses is a "last good version" worth keeping as the backup.
        _parse(_decode(current, str(target)), str(target))
        atomic_write(target.with_name(target.name + ".bak"), current)
    text = render_progress(progress.read).encode("utf-8")
    atomic_write(target, text)
    progress.loaded = text
    return target


def progress_lock(path: str | os.PathLike[str] | None = None):  # type: ignore[no-untyped-def]
    """An exclusive lock on the progress file (see :func:`progress_path`) for the whole
    load → change → save of one command, so parallel commands each add their ticks."""
    from .files import locked

    return locked(progress_path(path))
