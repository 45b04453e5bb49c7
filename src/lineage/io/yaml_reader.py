"""Read the graph's YAML files into raw records that remember where they came from.

Only safe YAML is accepted: the C safe loader when libyaml is present, the pure-Python
safe loader otherwise; anchors and aliases are refused (no expansion bombs) and so is a
file over :data:`MAX_FILE_BYTES`.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DataError, not_utf8

if TYPE_CHECKING:
    import yaml

__all__ = ["RawRecord", "read_records", "read_text", "parse_records", "find_graph_dir", "MAX_FILE_BYTES"]

MAX_FILE_BYTES = 256 * 1024 * 1024  # room for a million edges with a reason each
#: No data file of ours nests beyond a few levels; deeper YAML is refused with its line
#: (constructing it would end in a RecursionError somewhere past ~250 levels).
MAX_DEPTH = 100


def _safe_loader() -> type:
    """libyaml's safe loader when present, else the pure-Python one. yaml is imported here,
    not at the top: a graph served from the cache never needs it."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True)
class RawRecord:
    """One mapping from a data file, with its 1-based line and the line of each key."""

    data: dict[str, Any]
    file: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


def read_records(path: str | os.PathLike[str], *,
                 on_progress: Callable[[float], object] | None = None) -> list[RawRecord]:
    """Parse a YAML file whose top level is a list of mappings.

    Raises :class:`DataError` naming the file (and line and column where YAML gives them)
    for a missing, empty, oversized or malformed file, anchors/aliases, a top level that is
    not a list, or an item that is not a mapping. ``on_progress`` is called now and then
    with the fraction of the file read so far.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "papers.yaml"
    >>> _ = p.write_text("- id: a\\n  year: 2017\\n")
    >>> [(r.data, r.line) for r in read_records(p)]
    [({'id': 'a', 'year': 2017}, 1)]
    """
    name = str(path)
    return parse_records(read_text(path, name), name, on_progress=on_progress)


def parse_records(text: str, name: str, *,
                  on_progress: Callable[[float], object] | None = None) -> list[RawRecord]:
    """:func:`read_records` of ``text``, reported as the file ``name``."""
    with gc_paused():
        try:
            return _records_from_events(text, name, on_progress)
        except _Unusual:
            pass  # anything out of the ordinary (or wrong) is read, and reported, from nodes
        return _records_from_nodes(text, name)


def read_text(path: str | os.PathLike[str], name: str) -> str:
    """A YAML file's text: a bounded read of a regular file (see :mod:`lineage.io.files`),
    and a :class:`~lineage.errors.DataError` naming ``name`` when it is not UTF-8."""
    from .files import read_bytes

    raw = read_bytes(path, what="a YAML file", limit=MAX_FILE_BYTES) or b""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(not_utf8(exc), name) from None


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small containers are made.

    The records hold no reference cycles, yet each collection walks every object built so
    far, so the collections alone would cost several times the parsing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Unusual(Exception):
    """The event reader met something it leaves to the node reader (errors included)."""


_STR_TAG = "tag:yaml.org,2002:str"


def _records_from_events(text: str, name: str,
                         on_progress: Callable[[float], object] | None) -> list[RawRecord]:
    """The common case, fast: a list of flat mappings whose values are scalars or lists of
    scalars, read from the parser's events without building a node tree.

    Raises :class:`_Unusual` for anything else (nested mappings, aliases, tags it does not
    construct, malformed YAML ...) so that :func:`_records_from_nodes` reads the file and
    reports any problem exactly as it always has.
    """
    import yaml

    resolved_by_first_char = {k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k}
    loader = _safe_loader()(text)
    get_event = loader.get_event
    scalar_event, start_mapping = yaml.ScalarEvent, yaml.MappingStartEvent
    sequence_start, sequence_end = yaml.SequenceStartEvent, yaml.SequenceEndEvent
    mapping_end = yaml.MappingEndEvent
    constructors = loader.yaml_constructors
    resolve = loader.resolve
    scalar_node = yaml.ScalarNode

    def scalar(event: Any) -> Any:
        tag = event.tag
        value = event.value
        if tag is None or tag == "!":
            if not event.implicit[0] or (value and value[0] not in resolved_by_first_char):
                return value  # quoted, or plain and not possibly a number, bool, null, date
            tag = resolve(scalar_node, value, event.implicit)
        if tag == _STR_TAG:
            return value
        construct = constructors.get(tag)
        if construct is None or tag.endswith((":merge", ":value", ":seq", ":map", ":set",
                                              ":omap", ":pairs")):
            raise _Unusual
        return construct(loader, scalar_node(tag, value, event.start_mark, event.end_mark,
                                             event.style))

    records: list[RawRecord] = []
    total = max(len(text), 1)
    try:
        for expected in (yaml.StreamStartEvent, yaml.DocumentStartEvent, sequence_start):
            event = get_event()
            if not isinstance(event, expected) or getattr(event, "tag", None) not in (None, "!"):
                raise _Unusual
        while True:
            event = get_event()
            if type(event) is not start_mapping:
                if type(event) is sequence_end:
                    break
                raise _Unusual
            if event.tag not in (None, "!"):
                raise _Unusual
            line = event.start_mark.line + 1
            data: dict[Any, Any] = {}
            key_lines: dict[str, int] = {}
            duplicates: list[tuple[str, int]] = []
            while True:
                key_event = get_event()
                if type(key_event) is not scalar_event:
                    if type(key_event) is mapping_end:
                        break
                    raise _Unusual
                key = scalar(key_event)
                key_line = key_event.start_mark.line + 1
                raw_key = key_event.value
                if raw_key in key_lines:
                    duplicates.append((raw_key, key_line))
                else:
                    key_lines[raw_key] = key_line
                event = get_event()
                if type(event) is scalar_event:
                    value = scalar(event)
                elif type(event) is sequence_start and event.tag in (None, "!"):
                    value = []
                    while True:
                        event = get_event()
                        if type(event) is scalar_event:
                            value.append(scalar(event))
                        elif type(event) is sequence_end:
                            break
                        else:
                            raise _Unusual
                else:
                    raise _Unusual
                try:
                    data[key] = value
                except TypeError:  # an unhashable key
                    raise _Unusual from None
            records.append(RawRecord(data, name, line, key_lines, duplicates))
            if on_progress is not None and len(records) % 4096 == 0:
                on_progress(event.end_mark.index / total)
        for expected in (yaml.DocumentEndEvent, yaml.StreamEndEvent):
            if not isinstance(get_event(), expected):
                raise _Unusual
    except yaml.YAMLError:
        raise _Unusual from None
    finally:
        loader.dispose()
    if not records:
        raise _Unusual  # an empty list: let the node reader decide what to say
    return records


def compose(loader: Any, name: str, error: type[DataError] = DataError, *,
            text: str | None = None) -> yaml.Node | None:
    """The node tree of the one document ``loader`` reads (None when it is empty); malformed
    YAML raises ``error`` with the file, line and column, and so does a raw control
    character (``text``, the loader's input, gives its line) or nesting deeper than
    :data:`MAX_DEPTH` (constructing such a tree would end in a RecursionError). Disposes of
    the loader."""
    import yaml

    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(filter(None, [exc.context, exc.problem])) or "malformed YAML"
        raise error(f"malformed YAML: {message}", name, mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:  # a raw control character: a position, no mark
        line = text[:exc.position].count("\n") + 1 if text is not None else None
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise error(f"character U+{character:04X} is not allowed in YAML", name, line) from None
    except RecursionError:
        raise error(f"nested more than {MAX_DEPTH} levels deep", name) from None
    except yaml.YAMLError as exc:
        raise error(f"malformed YAML: {exc}", name) from None
    finally:
        loader.dispose()
    too_deep = _too_deep(root)
    if too_deep is not None:
        mark = too_deep.start_mark
        raise error(f"nested more than {MAX_DEPTH} levels deep", name, mark.line + 1,
                    mark.column + 1)
    return root


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The nodes directly under ``node``: a list's items, a mapping's keys and values."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return node.value if isinstance(node, yaml.SequenceNode) else []


def _too_deep(root: yaml.Node | None) -> yaml.Node | None:
    """The first node deeper than :data:`MAX_DEPTH` (an iterative walk: no recursion)."""
    if root is None:
        return None
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return node
        stack.extend((child, depth + 1) for child in _children(node))
    return None


def _records_from_nodes(text: str, name: str) -> list[RawRecord]:
    import yaml

    loader = _safe_loader()(text)
    root = compose(loader, name, text=text)
    if root is None:
        raise DataError("file is empty; expected a list of records", name)
    _refuse_aliases(root, name, text)
    if not isinstance(root, yaml.SequenceNode):
        raise DataError("the top level must be a list of records (`- key: value` items)",
                        name, root.start_mark.line + 1, root.start_mark.column + 1)

    records = []
    for item in root.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            raise DataError("each list item must be a mapping of fields (`key: value`)",
                            name, line, item.start_mark.column + 1)
        records.append(_record_from_node(loader, item, name))
    return records


def _record_from_node(loader: Any, node: yaml.MappingNode, name: str) -> RawRecord:
    import yaml

    key_lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
        if key in key_lines:
            duplicates.append((key, key_node.start_mark.line + 1))
        key_lines.setdefault(key, key_node.start_mark.line + 1)
    try:
        data = loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or node.start_mark
        raise DataError(f"malformed YAML: {exc.problem}", name, mark.line + 1,
                        mark.column + 1) from None
    except TypeError as exc:  # e.g. an unhashable key such as a list
        raise DataError(f"malformed record: {exc}", name, node.start_mark.line + 1) from None
    return RawRecord(data, name, node.start_mark.line + 1, key_lines, duplicates)


def _refuse_aliases(root: yaml.Node, name: str, text: str, error: type[DataError] = DataError) -> None:
    """Raise ``error`` if any node is reachable twice: that only happens through an alias."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            mark = _first_alias_mark(text) or node.start_mark
            raise error("YAML anchors and aliases (&name / *name) are not allowed",
                        name, mark.line + 1, mark.column + 1)
        seen.add(id(node))
        stack.extend(_children(node))


def _first_alias_mark(text: str | None) -> Any:
    """Where the first ``*alias`` is, found by re-reading the events (error path only)."""
    if not text:
        return None
    import yaml

    try:
        events = yaml.parse(text, Loader=_safe_loader())
        return next((event.start_mark for event in events if isinstance(event, yaml.AliasEvent)), None)
    except yaml.YAMLError:
        return None


def find_graph_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the graph lives: ``explicit``, else ``$LINEAGE_GRAPH``, else ``./graph`` when it
    exists, else the curated graph shipped with the package.

    A symlink loop (``--graph`` naming a link that leads back to itself) raises
    :class:`DataError` naming it."""
    given = explicit or os.environ.get("LINEAGE_GRAPH")
    if given:
        try:
            os.stat(given)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise DataError("symlink loop (a link that leads back to itself), expected "
                                "the graph folder", os.fspath(given)) from None
        return Path(given)
    local = Path("graph")
    if (local / "papers.yaml").is_file():
        return local
    return shipped_graph_dir()


def shipped_graph_dir() -> Path:
    """The curated graph installed with the package (or, in a source checkout, the repo's)."""
    packaged = Path(__file__).parents[1] / "data" / "graph"
    if (packaged / "papers.yaml").is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "graph"
