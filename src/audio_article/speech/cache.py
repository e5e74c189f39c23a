"""A content-addressed clip cache on disk.

The key is the segment id: a hash of engine, engine version, voice, settings and spoken
text (speech/synth.py). A clip is int16 PCM at the programme rate behind a small header
carrying its length, its measurements (loudness, true peak, and the K-weighted energy
of every 10 ms, so the mixer levels a programme without measuring its clips again) and
a CRC, so a truncated or corrupt entry is detected and re-synthesized. Entries of the
first format (no measurements) read as missing and are made again.

Beside the clips live encoded units (``.piece``: the MP3 frames of a unit of clips,
levelled and encoded alone, with the clips' measurements; audio/pieces.py), keyed by the
clips, the pauses between them, the gain offset and the encoder, also CRC-checked, so a
re-render after an edit encodes only the units that changed. A clip whose engine gives
word timings has them beside it (``.words``, JSON), written before the clip and removed
with it; one that cannot be read counts as none (the episode then has no word timings for
that sentence, nothing worse).

Entries are written to a temporary file and renamed, so a reader never
sees half an entry, and two runs sharing the cache stay correct. Eviction removes the
least recently used entries over the size cap, never ones used in the last hour (a run
still mixing may need them).
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..audio.loudness import ClipStats
from ..audio.pieces import Piece
from ..errors import EngineError
from .base import SpokenWord

MAGIC = b"AACLIP2\0"
# magic, sample rate, sample count, crc32 of everything after the header, loudness
# (LUFS; NaN: not measured), true peak (linear; NaN: not measured), energy values
HEADER = struct.Struct("<8sIQIddI")
PIECE_MAGIC = b"AAPIECE2"
# magic, crc32 of everything after the header, clips, bytes of MP3 data; then per clip
# (length, LUFS, true peak, gain, energy values, kept values: 0 or the same count) as
# float64, the energies and the limiter's kept ratios, and the MP3 frames.
PIECE_ROW = 6
PIECE_HEADER = struct.Struct("<8sIII")
DEFAULT_CAP_BYTES = 2 * 1024**3
PROTECT_S = 3600


def default_cache_dir() -> Path:
    if os.environ.get("AUDIO_ARTICLE_CACHE_DIR"):
        return Path(os.environ["AUDIO_ARTICLE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "audio-article" / "clips"


@dataclass(frozen=True, eq=False)
class CacheEntry:
    """A cached clip: int16 samples at ``rate``, and its measurements when it has them."""

    samples: np.ndarray
    rate: int
    stats: ClipStats | None = None


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    entries: int  # clips and pieces
    bytes: int
    pieces: int = 0  # of the entries, encoded units

    @property
    def clips(self) -> int:
        return self.entries - self.pieces


class ClipCache:
    def __init__(self, root: Path | None = None, cap_bytes: int = DEFAULT_CAP_BYTES) -> None:
        self.root = Path(root) if root else default_cache_dir()
        self.cap_bytes = cap_bytes

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.clip"

    def entry(self, key: str) -> CacheEntry | None:
        """The clip, or None if missing or damaged (then removed)."""
        return _read(self.path(key), _decode)

    def length(self, key: str) -> int | None:
        """Sample count from the header alone (a cheap check that an entry exists)."""
        try:
            with open(self.path(key), "rb") as handle:
                head = handle.read(HEADER.size)
        except OSError:
            return None
        if len(head) < HEADER.size or head[:8] != MAGIC:
            return None
        return HEADER.unpack(head)[2]

    def put(self, key: str, samples: np.ndarray, rate: int,
            stats: ClipStats | None = None) -> Path:
        pcm = np.ascontiguousarray(samples, dtype="<i2").tobytes()
        energy = b"" if stats is None else np.ascontiguousarray(stats.energy, "<f8").tobytes()
        payload = energy + pcm
        lufs, peak = (np.nan, np.nan) if stats is None else (stats.lufs, stats.peak)
        header = HEADER.pack(MAGIC, rate, len(pcm) // 2, zlib.crc32(payload), lufs, peak,
                             len(energy) // 8)
        return self._write(self.path(key), header + payload)

    def _write(self, path: Path, data: bytes) -> Path:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # The writer's pid in the name: remove_orphans knows whose it was.
            fd, tmp = tempfile.mkstemp(prefix=f".tmp-{os.getpid()}-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise EngineError(f"cannot write the clip cache at {self.root}: {exc}") from exc
        return path

    def words_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.words"

    def put_words(self, key: str, words: tuple[SpokenWord, ...]) -> Path | None:
        """A clip's word timings (nothing is written when the engine gave none)."""
        if not words:
            return None
        data = json.dumps([[w.text, w.start_s, w.end_s] for w in words], ensure_ascii=False)
        return self._write(self.words_path(key), data.encode("utf-8"))

    def words(self, key: str) -> tuple[SpokenWord, ...]:
        """A clip's word timings; none when there are none or they cannot be read."""
        try:
            rows = json.loads(self.words_path(key).read_text(encoding="utf-8"))
            return tuple(SpokenWord(str(text), float(start), float(end))
                         for text, start, end in rows)
        except (OSError, ValueError, TypeError):
            return ()

    def piece_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.piece"

    def piece(self, key: str) -> Piece | None:
        """An encoded unit, or None if missing or damaged (then removed)."""
        return _read(self.piece_path(key), _decode_piece)

    def put_piece(self, key: str, piece: Piece) -> Path:
        rows, arrays = [], []
        for length, stats, gain, kept in zip(piece.lengths, piece.stats, piece.gains,
                                             piece.kept):
            rows.append((length, stats.lufs, stats.peak, gain, len(stats.energy),
                         0 if kept is None else len(kept)))
            arrays.append(np.ascontiguousarray(stats.energy, "<f8"))
            if kept is not None:
                arrays.append(np.ascontiguousarray(kept, "<f8"))
        table = np.array(rows, "<f8").reshape(-1, PIECE_ROW)
        payload = b"".join([table.tobytes(), *(a.tobytes() for a in arrays), piece.data])
        header = PIECE_HEADER.pack(PIECE_MAGIC, zlib.crc32(payload), len(rows), len(piece.data))
        return self._write(self.piece_path(key), header + payload)

    def info(self) -> CacheInfo:
        files = list(self._entries())
        return CacheInfo(self.root, len(files), sum(size for _p, size, _t in files),
                         sum(path.suffix == ".piece" for path, _s, _t in files))

    def clear(self) -> int:
        removed = 0
        for path, _size, _mtime in self._entries():
            _remove(path)
            removed += 1
        return removed

    def evict(self) -> int:
        """Drop least recently used entries until under the cap; returns how many."""
        entries = sorted(self._entries(), key=lambda e: e[2])
        total = sum(size for _p, size, _t in entries)
        removed, fresh = 0, time.time() - PROTECT_S
        for path, size, mtime in entries:
            if total <= self.cap_bytes or mtime > fresh:
                break
            _remove(path)
            total -= size
            removed += 1
        return removed

    def remove_temporary(self, pids: list[int]) -> None:
        """Remove the temporary files of the writers ``pids`` (workers this run stopped)."""
        for pid in pids:
            for path in self.root.glob(f"*/.tmp-{pid}-*") if self.root.is_dir() else ():
                path.unlink(missing_ok=True)

    def remove_orphans(self) -> int:
        """Remove the temporary files of writers that are gone (a worker killed while it
        wrote an entry); returns how many. Another run's are left alone."""
        from ..package.folder import is_alive

        removed = 0
        for path in self.root.glob("*/.tmp-*") if self.root.is_dir() else ():
            pid = path.name.split("-")[1]
            if pid.isdigit() and not is_alive(int(pid)):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def _entries(self):
        if not self.root.is_dir():
            return
        for pattern in ("*/*.clip", "*/*.piece"):
            for path in self.root.glob(pattern):
                try:
                    stat = path.stat()
                except OSError:
                    continue
                yield path, stat.st_size, stat.st_mtime


def _remove(path: Path) -> None:
    """An entry, and a clip's word timings with it."""
    path.unlink(missing_ok=True)
    if path.suffix == ".clip":
        path.with_suffix(".words").unlink(missing_ok=True)


def _read(path: Path, decode):
    """An entry decoded, or None if missing or damaged (a damaged one is removed); a
    read marks the entry as recently used."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    decoded = decode(data)
    if decoded is None:
        path.unlink(missing_ok=True)
        return None
    _touch(path)
    return decoded


def _decode(data: bytes) -> CacheEntry | None:
    if len(data) < HEADER.size:
        return None
    magic, rate, count, crc, lufs, peak, values = HEADER.unpack_from(data)
    payload = data[HEADER.size:]
    if magic != MAGIC or len(payload) != 2 * count + 8 * values or zlib.crc32(payload) != crc:
        return None
    samples = np.frombuffer(payload, dtype="<i2", offset=8 * values)
    if not values:
        return CacheEntry(samples, rate)
    # A copy: a view would keep the whole entry (its PCM) alive as long as the stats,
    # and the mixer keeps every clip's stats to the end of the programme.
    energy = np.frombuffer(payload, dtype="<f8", count=values).copy()
    return CacheEntry(samples, rate, ClipStats(lufs, peak, energy))


def _decode_piece(data: bytes) -> Piece | None:
    if len(data) < PIECE_HEADER.size:
        return None
    magic, crc, count, size = PIECE_HEADER.unpack_from(data)
    payload = data[PIECE_HEADER.size:]
    row = 8 * PIECE_ROW
    if magic != PIECE_MAGIC or zlib.crc32(payload) != crc or len(payload) < row * count + size:
        return None
    table = np.frombuffer(payload, "<f8", count * PIECE_ROW).reshape(count, PIECE_ROW)
    values = int(table[:, 4].sum() + table[:, 5].sum())
    if len(payload) != row * count + 8 * values + size:
        return None
    position, lengths, stats, gains, kept = row * count, [], [], [], []
    for length, lufs, peak, gain, energies, kept_count in table.tolist():
        energy = np.frombuffer(payload, "<f8", int(energies), position).copy()
        position += 8 * int(energies)
        ratios = None
        if kept_count:
            ratios = np.frombuffer(payload, "<f8", int(kept_count), position).copy()
            position += 8 * int(kept_count)
        lengths.append(int(length))
        stats.append(ClipStats(lufs, peak, energy))
        gains.append(gain)
        kept.append(ratios)
    return Piece(payload[position:], tuple(lengths), tuple(stats), tuple(gains), tuple(kept))


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass  # a read-only cache still works; it just cannot track recency
