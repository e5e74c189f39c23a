"""Files an engine derives from its package's assets once and keeps in the user's cache,
so that a worker starts faster (a model with an extra output, dictionaries in a form that
loads in a fraction of the time).

Each file is named by a key: a hash of what it is made from (the engine's version, the
sources' contents, how it is made). It is written to a temporary file and renamed, and
every read checks it (the payload's SHA-256 in the file, or beside it for a file another
library opens by path); a file that fails its check, or cannot be read, is made again.
Nothing here is ever needed: when the folder cannot be written, the caller is told (None)
and loads its engine the slow way.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from pathlib import Path
from typing import Callable, Iterable

MAGIC = b"AADERIV1"
HEADER = struct.Struct("<8s32sQ")  # magic, SHA-256 of the payload, its length


def derived_dir() -> Path:
    """``AUDIO_ARTICLE_ENGINE_CACHE``, else the user's cache folder (XDG)."""
    if os.environ.get("AUDIO_ARTICLE_ENGINE_CACHE"):
        return Path(os.environ["AUDIO_ARTICLE_ENGINE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "audio-article" / "engines"


def key_of(parts: Iterable[str], files: Iterable[Path]) -> str:
    """A hash of ``parts`` (versions, recipe names) and of the contents of ``files``."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() + b"\0")
    for path in files:
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()[:32]


def derived_bytes(name: str, make: Callable[[], bytes | None]) -> bytes | None:
    """The payload kept as ``name`` (which carries its key), made by ``make`` and kept
    when it is missing or damaged; None when ``make`` can make nothing."""
    path = derived_dir() / name
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    payload = _checked(data)
    if payload is not None:
        return payload
    payload = make()
    if payload is not None:
        _write(path, HEADER.pack(MAGIC, hashlib.sha256(payload).digest(), len(payload))
               + payload)
    return payload


def _checked(data: bytes) -> bytes | None:
    if len(data) < HEADER.size:
        return None
    magic, digest, length = HEADER.unpack_from(data)
    payload = data[HEADER.size:]
    if magic != MAGIC or length != len(payload) or hashlib.sha256(payload).digest() != digest:
        return None
    return payload


def derived_file(name: str, make: Callable[[], bytes | None]) -> Path | None:
    """A file kept as ``name`` for a library that opens it by path (its SHA-256 in a
    ``.sha256`` file beside it, checked before the path is handed out); None when
    ``make`` can make nothing or the file cannot be kept."""
    path = derived_dir() / name
    check = path.with_name(path.name + ".sha256")
    try:
        if check.read_text() == hashlib.sha256(path.read_bytes()).hexdigest():
            return path
    except OSError:
        pass
    payload = make()
    if payload is None:
        return None
    # The file first and its check after: a reader never trusts a file without its check.
    if _write(path, payload) and _write(check, hashlib.sha256(payload).hexdigest().encode()):
        return path
    return None


def _write(path: Path, data: bytes) -> bool:
    """Write atomically; False (nothing left behind) when the folder cannot be written."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False
