"""The one reader for bytes a user or a remote document supplies: capped in size and
bounded in time, and the one place TOML and JSON from such bytes are parsed.

Every file the tool is pointed at may be something other than a file: ``/dev/zero``
never ends, a FIFO nobody writes to never answers (and opening one blocks until a writer
comes), a network share may stall. So a read takes at most ``limit`` bytes (one more tells
"too big") and gives up at a deadline; the size the file system claims is never trusted
(it is 0 for pipes and devices). Regular files are read straight; anything else is polled.

Parsing: a document nested 5,000 deep overflows the recursive parsers (RecursionError),
JSON may spell ``Infinity`` or a number of 5,000 digits; each becomes one error of the
caller's type, never a traceback.
"""

from __future__ import annotations

import errno
import json
import math
import os
import select
import stat
import sys
import time
from pathlib import Path
from typing import Any

from .errors import AudioArticleError, InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MB = 1024 * 1024
# The limits, stated once (README "Security" repeats them).
ARTICLE_BYTES = 10 * MB  # an article: a file, standard input, a fetched page or feed
SETTINGS_BYTES = 1 * MB  # a lexicon, --config, a voice profile, show.toml, an @list
MANIFEST_BYTES = 4 * MB  # episode.json, chapters.json
FEED_BYTES = 64 * MB  # feed.xml and the batch state read back (a show of thousands of items)
# Seconds for a whole read of a pipe, a FIFO or a device (regular files need none).
READ_TIMEOUT = float(os.environ.get("AUDIO_ARTICLE_READ_TIMEOUT", "60"))
JSON_INT_DIGITS = 30  # longer integers in JSON are refused, not parsed
_CHUNK = 64 * 1024


def size_text(limit: int) -> str:
    mb, rest = divmod(limit, MB)
    return f"{mb} MB" if mb and not rest else f"{limit} bytes"


def read_capped(path: Path | str, limit: int, what: str = "file", *,
                error: type[AudioArticleError] = InputError,
                timeout: float = READ_TIMEOUT, follow: bool = True) -> bytes:
    """The bytes of ``path`` ("-": standard input); ``error`` naming ``what`` ("file",
    "lexicon", ...) when it cannot be read, holds more than ``limit`` bytes, or is not
    done within ``timeout`` seconds (a terminal on standard input has no time limit).
    ``follow=False``: a symbolic link is refused, not read (files inside a folder we
    wrote, which nothing should lead out of)."""
    if str(path) == "-":
        return _read_stdin(limit, error, timeout)
    label = f"{what} {path}"
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        # O_NONBLOCK: opening a FIFO would otherwise wait for a writer, forever.
        fd = os.open(path, flags if follow else flags | os.O_NOFOLLOW)
    except FileNotFoundError:
        raise error(f"{what} not found: {path}") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise error(f"{label} is a symbolic link, which is not read") from None
        raise error(f"cannot read {label}: {exc.strerror or exc}") from None
    try:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise error(f"{label} is a directory, not a file")
        return _read_fd(fd, limit, label, error, timeout)
    finally:
        os.close(fd)


def read_body(stream, length: int, limit: int, what: str = "upload", *,
              error: type[AudioArticleError] = InputError,
              timeout: float = READ_TIMEOUT) -> bytes:
    """The ``length`` bytes a client declared it sends (an HTTP request body, read from
    ``stream``, whose socket has its own per-read timeout): refused before a byte is
    read when ``length`` is over ``limit``, and given up at ``timeout`` seconds in all
    (a client that trickles) or when the client stops short."""
    if length > limit:
        raise error(f"the {what} is larger than {size_text(limit)}")
    deadline = time.monotonic() + timeout
    # read1: what has come (read() would wait for the whole chunk, a byte at a time)
    read = getattr(stream, "read1", stream.read)
    chunks, size = [], 0
    while size < length:
        try:
            if time.monotonic() > deadline:
                raise TimeoutError
            chunk = read(min(_CHUNK, length - size))
        except TimeoutError:  # ours, or the stream's own deadline or idle timeout
            raise error(f"gave up reading the {what} after {timeout:g} s") from None
        except OSError as exc:  # a reset
            raise error(f"cannot read the {what}: {exc.strerror or exc}") from None
        if not chunk:
            raise error(f"the {what} ended after {size} of {length} bytes")
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _read_stdin(limit: int, error, timeout: float) -> bytes:
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by an in-memory stream
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise error(f"standard input is larger than {size_text(limit)}") from None
        return data
    return _read_fd(fd, limit, "standard input", error, timeout, interactive=os.isatty(fd))


def _read_fd(fd: int, limit: int, label: str, error, timeout: float,
             interactive: bool = False) -> bytes:
    regular = stat.S_ISREG(os.fstat(fd).st_mode)
    deadline = None if regular or interactive else time.monotonic() + timeout
    chunks, size = [], 0
    while size <= limit:
        if deadline is not None:
            _wait_readable(fd, deadline, label, error, timeout)
        try:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
        except BlockingIOError:
            continue  # poll said readable, the data went elsewhere: wait again
        except OSError as exc:
            raise error(f"cannot read {label}: {exc.strerror or exc}") from None
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise error(f"{label} is larger than {size_text(limit)}")
    return b"".join(chunks)


def _wait_readable(fd: int, deadline: float, label: str, error, timeout: float) -> None:
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    left = deadline - time.monotonic()
    if left <= 0 or not poller.poll(left * 1000):
        raise error(f"gave up reading {label} after {timeout:g} s (nothing more came: "
                    "a FIFO without a writer, or a stalled stream)")


def load_toml(data: bytes, label: str, error: type[AudioArticleError]) -> dict:
    """``data`` parsed as a TOML document (UTF-8); ``error`` says "cannot read LABEL".
    Integers are 64-bit, as TOML 1.0 says (tomllib would take any length)."""
    try:
        document = tomllib.loads(data.decode("utf-8"))
        if not _int64_only(document):
            raise error(f"cannot read {label}: an integer beyond TOML's 64 bits")
        return document
    except UnicodeDecodeError as exc:
        raise error(f"cannot read {label}: not UTF-8 (bad byte at offset {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"cannot read {label}: not a readable TOML file ({exc})") from None
    except RecursionError:
        raise error(f"cannot read {label}: nested too deeply") from None


def _int64_only(value: Any) -> bool:
    """Whether every integer in a parsed document fits in 64 bits (nesting is bounded:
    tomllib gave up on what is deeper than the stack)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, int) and not -2**63 <= item < 2**63:
            return False
    return True


def load_json(data: bytes | str, label: str, error: type[AudioArticleError]) -> Any:
    """``data`` parsed as JSON, refusing what JSON does not have (NaN, Infinity) and
    integers longer than JSON_INT_DIGITS digits (Python would parse 4,300 of them)."""
    try:
        return json.loads(data, parse_constant=_no_constant, parse_int=_bounded_int,
                          parse_float=_finite_float)
    except UnicodeDecodeError as exc:
        raise error(f"cannot read {label}: not UTF-8 (bad byte at offset {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise error(f"{label}: not valid JSON (line {exc.lineno}, column {exc.colno}): "
                    f"{exc.msg}") from None
    except RecursionError:
        raise error(f"cannot read {label}: nested too deeply") from None
    except ValueError as exc:  # from the parse_* hooks below
        raise error(f"cannot read {label}: {exc}") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > JSON_INT_DIGITS:
        raise ValueError(f"a number of {len(text)} digits is out of range")
    return int(text)


def _finite_float(text: str) -> float:
    if len(text) > 64:
        raise ValueError(f"a number of {len(text)} characters is out of range")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def read_toml(path: Path | str, what: str, error: type[AudioArticleError],
              limit: int = SETTINGS_BYTES) -> dict:
    """A settings file (lexicon, config, voice profile, show.toml) as a dict."""
    return load_toml(read_capped(path, limit, what, error=error), f"{what} {path}", error)


def read_json(path: Path | str, what: str, error: type[AudioArticleError],
              limit: int = MANIFEST_BYTES, follow: bool = True) -> Any:
    return load_json(read_capped(path, limit, what, error=error, follow=follow),
                     f"{what} {path}", error)
