"""Safe updates: one writer at a time, and no reader ever sees a half-written file.

The read-modify-write of the feed runs under an exclusive ``flock`` on a lock file beside
it, so two publishers never both start from the same old feed and lose an episode. Each
write goes to a temporary file in the same folder, is fsynced, then renamed over the old
file (rename is atomic within a file system), then the folder is fsynced so the rename
itself survives a crash. A process killed at any point leaves the previous feed whole.
(Issue 7, "Safe updates"; DESIGN.md, "Writes are atomic".)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from pathlib import Path
from typing import Iterator

from ..capped import FEED_BYTES, read_capped
from .errors import PublishError

LOCK_TIMEOUT_S = 60.0
_POLL_S = 0.05


def lock_path(target: Path) -> Path:
    # Hidden, so the preview server never serves it; never deleted, because a process
    # holding a lock on a deleted file would not exclude one locking a new file.
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def exclusive(target: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the exclusive lock for ``target``. The kernel drops a flock when its holder
    dies, even by SIGKILL, so a killed publisher never blocks the next one."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path(target), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # a read-only or full file system, a missing permission
        raise PublishError(f"cannot lock {target}: {exc.strerror or exc}") from None
    try:
        _acquire(fd, target, timeout)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _acquire(fd: int, target: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise PublishError(f"{target} is locked by another publish for over "
                                   f"{timeout:.0f} s; try again when it has finished") from None
            time.sleep(_POLL_S)


def temp_prefix(target: Path) -> str:
    return f".{target.name}."


def remove_stale_temps(target: Path, *others: str) -> None:
    """Delete temporary files a killed writer left behind for ``target`` and for the files
    named by the glob patterns ``others``; call only under the lock, when no live writer
    can own one."""
    patterns = [f"{temp_prefix(target)}*.tmp"] + [f".{name}.*.tmp" for name in others]
    for pattern in patterns:
        for stale in target.parent.glob(pattern):
            with contextlib.suppress(OSError):
                stale.unlink()


def write_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` by ``data`` all at once: temporary file, fsync, rename."""
    try:
        fd, temp = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".tmp",
                                    dir=target.parent)
    except OSError as exc:
        raise PublishError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)  # mkstemp creates 0600; a web server must read the feed
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise PublishError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
    fsync_dir(target.parent)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_bytes(target: Path, what: str = "file", limit: int = FEED_BYTES) -> bytes | None:
    """The bytes of a file this tool keeps (the feed, the batch state), None when there is
    none; through the capped reader, since the path may have been replaced by anything."""
    if not os.path.lexists(target):
        return None
    return read_capped(target, limit, what, error=PublishError)
