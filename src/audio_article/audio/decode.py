"""Reading MP3s back with a real decoder, ffmpeg: for the tests and for ``inspect``.

The binary is imageio-ffmpeg's (the ``test`` extra bundles one), else an ``ffmpeg`` on
PATH. A failure raises AudioError carrying the command and the last lines of its stderr.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Iterator

import numpy as np

from ..errors import AudioError

TIMEOUT_S = 600
STDERR_LINES = 8


def ffmpeg_exe() -> str:
    """Path of an ffmpeg binary; AudioError saying how to get one if there is none."""
    try:
        import imageio_ffmpeg
    except ImportError:
        found = shutil.which("ffmpeg")
    else:
        try:
            # Honours IMAGEIO_FFMPEG_EXE, then the bundled binary, then PATH.
            found = imageio_ffmpeg.get_ffmpeg_exe()
        except RuntimeError:
            found = None
    if not found:
        raise AudioError("ffmpeg is needed to decode audio and was not found: install it, "
                         "or the test extra (pip install 'audio-article[test]', which "
                         "brings imageio-ffmpeg)")
    return found


def run_ffmpeg(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg with ``args``; stdout and stderr captured; AudioError on failure."""
    command = [ffmpeg_exe(), "-nostdin", "-hide_banner", *args]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise AudioError(f"ffmpeg timed out after {TIMEOUT_S} s: {shlex.join(command)}") from exc
    except OSError as exc:
        raise AudioError(f"cannot run ffmpeg ({exc}): {shlex.join(command)}") from exc
    if done.returncode != 0:
        raise AudioError(f"ffmpeg failed with exit status {done.returncode}: "
                         f"{shlex.join(command)}\n{_tail(done.stderr)}")
    return done


def decode_mp3(path: str | Path) -> tuple[np.ndarray, int]:
    """Decode to mono int16 PCM at the file's own sample rate: (samples, rate).

    ffmpeg reads the LAME tag and trims the encoder delay and end padding, so a file
    from ``Mp3Encoder`` gives back exactly as many samples as were fed in."""
    done = run_ffmpeg(["-i", str(path), "-map", "0:a:0", "-f", "s16le",
                       "-acodec", "pcm_s16le", "-ac", "1", "pipe:1"])
    rate = _input_rate(done.stderr)
    if rate is None:
        raise AudioError(f"ffmpeg did not report the sample rate of {path}:\n"
                         f"{_tail(done.stderr)}")
    return np.frombuffer(done.stdout, dtype="<i2"), rate


def decode_stream(path: str | Path, rate: int, seconds: float = 1.0) -> Iterator[np.ndarray]:
    """Mono int16 PCM at ``rate`` in chunks of ``seconds``, as ffmpeg decodes it: a
    two-hour file costs one chunk of memory, not the whole programme."""
    command = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-v", "error", "-i", str(path),
               "-map", "0:a:0", "-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1",
               "-ar", str(rate), "pipe:1"]
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors)
        except OSError as exc:
            raise AudioError(f"cannot run ffmpeg ({exc}): {shlex.join(command)}") from exc
        try:
            while chunk := process.stdout.read(int(rate * seconds) * 2):
                yield np.frombuffer(chunk[: len(chunk) // 2 * 2], dtype="<i2")
        finally:
            process.stdout.close()
            status = process.wait()
        if status != 0:
            errors.seek(0)
            raise AudioError(f"ffmpeg failed with exit status {status}: "
                             f"{shlex.join(command)}\n{_tail(errors.read(64 * 1024))}")


def ffmpeg_chapters(path: str | Path) -> list[dict]:
    """The chapters ffmpeg's demuxer reads, in the order it reads them (for ID3, CHAP
    frame order, not CTOC order): ``[{"title", "start_ms", "end_ms"}, ...]``."""
    # -copyts: otherwise the CLI moves chapters by the input's start time (the 25 ms of
    # encoder delay that the LAME tag tells it to skip), 1500 ms reading as 1475.
    done = run_ffmpeg(["-copyts", "-i", str(path), "-f", "ffmetadata", "pipe:1"])
    return parse_ffmetadata_chapters(done.stdout.decode("utf-8", errors="replace"))


def parse_ffmetadata_chapters(text: str) -> list[dict]:
    """The [CHAPTER] sections of an FFMETADATA1 document."""
    chapters, section = [], None
    for key, value in _ffmetadata_entries(text):
        if value is None:
            section = {} if key == "[CHAPTER]" else None
            if section is not None:
                chapters.append(section)
        elif section is not None:
            section[key] = value
    return [_chapter(fields) for fields in chapters]


def _chapter(fields: dict[str, str]) -> dict:
    # A missing TIMEBASE is documented as 1/1000 (STANDARDS.md 1.5: ffmpeg 5.1 read it
    # as ns when *parsing*; what ffmpeg writes always has one).
    unit = Fraction(fields.get("TIMEBASE", "1/1000")) * 1000
    try:
        return {"title": fields.get("title", ""),
                "start_ms": round(int(fields["START"]) * unit),
                "end_ms": round(int(fields["END"]) * unit)}
    except (KeyError, ValueError) as exc:
        raise AudioError(f"unreadable chapter in ffmpeg's metadata: {fields}") from exc


def _ffmetadata_entries(text: str):
    """(key, value) per logical line; (line, None) for a [SECTION] line. FFMETADATA
    escapes '=', ';', '#', '\\' and newline with a backslash; ';' or '#' starts a comment."""
    for line in _logical_lines(text):
        raw = "".join(char for char, _ in line)
        if not line or raw.startswith((";", "#")) and not line[0][1]:
            continue
        split = next((i for i, (char, escaped) in enumerate(line)
                      if char == "=" and not escaped), None)
        if split is None:
            yield raw.strip(), None
        else:
            yield raw[:split], raw[split + 1:]


def _logical_lines(text: str) -> list[list[tuple[str, bool]]]:
    lines, line, escaped = [], [], False
    for char in text:
        if escaped:
            line.append((char, True))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "\n":
            lines.append(line)
            line = []
        else:
            line.append((char, False))
    return lines + [line] if line else lines


def _input_rate(stderr: bytes) -> int | None:
    text = stderr.decode(errors="replace")
    match = re.search(r"Input #0.*?Stream #0:\d+.*?: Audio: [^\n]*?(\d+) Hz", text, re.S)
    return int(match.group(1)) if match else None


def _tail(stderr: bytes) -> str:
    return "\n".join(stderr.decode(errors="replace").rstrip().splitlines()[-STDERR_LINES:])

