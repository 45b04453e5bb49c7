"""Reading and writing files a user points lineage at, without hanging, exhausting memory or
replacing what is not ours.

Reads (:func:`read_bytes`) open without blocking and accept only regular files, read at most
``limit`` bytes, and name the file in every error: a FIFO would otherwise hang the command
forever, and a symlink to ``/dev/zero`` (git stores symlinks, so a cloned graph can hold one)
would read until memory runs out.

Writes (:func:`atomic_write`) go through a symlink to its target (so a linked progress file
keeps being the one updated), write character devices, FIFOs and ``/dev/std*`` directly
(renaming a temporary file over ``/dev/null`` would replace the system's ``/dev/null``),
refuse other special files and read-only files, and otherwise replace the file atomically.

:func:`locked` holds an exclusive lock for a read-modify-write of a file we own.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import DataError

__all__ = ["read_bytes", "atomic_write", "locked", "MAX_USER_FILE_BYTES"]

#: Reading lists, checklists, progress files and BibTeX libraries are text a person keeps;
#: 64 MB is far above any real one and far below what would hurt.
MAX_USER_FILE_BYTES = 64 * 1024 * 1024

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (a link that points back to itself)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "file not found"
    return exc.strerror or str(exc)


def read_bytes(path: str | os.PathLike[str], *, what: str, limit: int = MAX_USER_FILE_BYTES,
               missing_ok: bool = False, error: type[DataError] = DataError) -> bytes | None:
    """The bytes of the regular file at ``path`` (None if it is missing and ``missing_ok``).

    Raises ``error`` naming the file for anything else: a folder, a FIFO or device (also
    through a symlink), a symlink loop, no permission, or more than ``limit`` bytes.
    ``what`` completes "expected ...", e.g. ``"a YAML file"``.
    """
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        # Non-blocking: opening a FIFO with no writer returns at once instead of waiting.
        fd = os.open(name, flags)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise error("file not found", name) from None
    except IsADirectoryError:
        raise error(f"is a directory, expected {what}", name) from None
    except OSError as exc:
        raise error(f"cannot read: {_os_reason(exc)}", name) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"is {_kind(info.st_mode)}, expected {what} (a regular file)", name)
        if info.st_size > limit:
            raise error(f"file is {info.st_size / 2**20:.0f} MB; the limit is "
                        f"{limit // 2**20} MB", name)
        chunks = []
        size = 0
        while True:  # bounded even if the file grows while it is read
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise error(f"file is over the limit of {limit // 2**20} MB", name)
    except OSError as exc:
        raise error(f"cannot read: {_os_reason(exc)}", name) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


_STD_NAMES = {"/dev/stdout": 1, "/dev/stderr": 2, "/dev/stdin": 0}
_FD_NAME = re.compile(r"^/(?:dev|proc/self)/fd/(\d+)$")


def _std_fd(name: str) -> int | None:
    """The open descriptor that ``/dev/stdout``, ``/dev/fd/N`` ... stands for, if any."""
    match = _FD_NAME.match(name)
    fd = int(match.group(1)) if match else _STD_NAMES.get(name)
    if fd is None:
        return None
    try:
        os.fstat(fd)
    except OSError:
        return None
    return fd


def _write_all(fd: int, chunks: list[bytes]) -> None:
    for chunk in chunks:
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view):]


def atomic_write(path: str | os.PathLike[str], text: str | bytes | list[bytes]) -> Path:
    """Write ``text`` (or the byte strings of a list, one after another, so a large file
    need not be joined in memory first) to ``path`` through a temporary file in the same
    folder, fsync it, then rename it over the target: a reader sees the old file or the new
    one, never half of one. Creates missing parent folders.

    A symlink is written through (its target is replaced, the link stays); a character
    device, a FIFO or ``/dev/std*`` is written directly (never replaced); other special
    files and read-only files are refused. Errors are :class:`DataError` naming ``path``
    (never a temporary file). Returns ``path``."""
    import sys
    import tempfile

    chunks = [text.encode("utf-8")] if isinstance(text, str) else (
        text if isinstance(text, list) else [text])
    name = os.fspath(path)
    if name.endswith(("/", os.sep)):
        raise DataError("names a folder; give a file name", name)
    std = _std_fd(name)
    if std is not None:  # the descriptor itself: reopening could truncate or reposition it
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        try:
            _write_all(std, chunks)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise DataError(f"cannot write: {_os_reason(exc)}", name) from None
        return Path(name)
    try:
        info: os.stat_result | None = os.stat(name)
    except (FileNotFoundError, NotADirectoryError):  # the folder check below says which
        info = None
    except OSError as exc:
        raise DataError(f"cannot write: {_os_reason(exc)}", name) from None
    # Through a symlink (even a dangling one) to the file it names.
    real = Path(os.path.realpath(name))
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
            try:  # a terminal, /dev/null, a pipe: write into it, never replace it
                fd = os.open(real, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
                try:
                    _write_all(fd, chunks)
                finally:
                    os.close(fd)
            except OSError as exc:
                raise DataError(f"cannot write: {_os_reason(exc)}", name) from None
            return Path(name)
        raise DataError(f"is {_kind(info.st_mode)}; refusing to replace it", name)
    if info is not None and (not info.st_mode & 0o222 or not os.access(real, os.W_OK)):
        # A direct write would be refused; a rename would silently replace the file.
        raise DataError("is read-only; not replaced (make it writable first)", name)
    folder = real.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise DataError(f"cannot create the folder {folder}: a file of that name is in the "
                        "way", name) from None
    except OSError as exc:
        raise DataError(f"cannot create the folder {folder}: {_os_reason(exc)}", name) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DataError(f"cannot write: {_os_reason(exc)}", name) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            os.chmod(tmp, info.st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, real)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise DataError(f"cannot write: {_os_reason(exc)}", name) from None
        raise
    return Path(name)


@contextlib.contextmanager
def locked(path: str | os.PathLike[str], *, timeout: float = 60.0) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (through a symlink, on its target) for a
    read-modify-write: another lineage process waits until it is released.

    The lock is ``flock`` on ``<file>.lock`` beside the file (created ``0600``, never
    deleted: deleting a lock file lets two processes lock two different files). The lock
    file is separate because the file itself is replaced by a rename on every save.
    """
    real = Path(os.path.realpath(os.fspath(path)))
    lock = real.with_name(real.name + ".lock")
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as exc:
        raise DataError(f"cannot create the lock file {lock.name}: {_os_reason(exc)}",
                        os.fspath(path)) from None
    try:
        _acquire(fd, os.fspath(path), timeout)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _acquire(fd: int, name: str, timeout: float) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: lock the first byte instead (msvcrt retries for ~10 s)
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise DataError(f"another lineage has been writing this file for over "
                                f"{timeout:.0f} s; nothing was written, try again", name) from None
            time.sleep(0.01)
