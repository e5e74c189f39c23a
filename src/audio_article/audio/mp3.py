"""CBR MP3 encoding with lameenc, plus the Info/LAME header lameenc does not write.

Without an Info frame a player estimates the duration from the file size and seeks
poorly (STANDARDS.md section 3), and it cannot trim the encoder delay and padding, so
chapter times drift from the audio. We write the frame ourselves: the Xing layout with
the "Info" magic (CBR), frame and byte counts, a linear TOC, and LAME's extension with
delay and padding (layout: gabriel.mp3-tech.org/mp3infotag.html).

Encoding streams: PCM is fed in chunks, encoded frames are spooled to a temporary file
in the destination folder, and the final file is the Info frame plus the spool, renamed
into place. A long programme never needs its whole MP3 in memory.
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
from pathlib import Path

import lameenc
import numpy as np

from ..errors import AudioError

SAMPLES_PER_FRAME = 1152  # MPEG-1 Layer III
ENCODER_DELAY = 576  # LAME's encoder delay; measured against ffmpeg in tests/test_mp3.py
BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)  # MPEG-1 L3
SAMPLE_RATES = {44100: 0, 48000: 1, 32000: 2}
ENCODER_NAME = b"LAME3.100"
INFO_BYTES = 4 + 4 + 4 + 4 + 100 + 4 + 36  # Xing magic, flags, frames, bytes, TOC, scale, LAME


class Mp3Encoder:
    """Feed mono int16 PCM in chunks, then ``finish(path)``; or ``abort()``."""

    def __init__(self, sample_rate: int = 44100, bitrate_kbps: int = 64,
                 spool_dir: Path | None = None) -> None:
        if sample_rate not in SAMPLE_RATES:
            raise AudioError(f"MP3 sample rate must be one of {sorted(SAMPLE_RATES)}, not {sample_rate}")
        if bitrate_kbps not in BITRATES:
            raise AudioError(f"{bitrate_kbps} kbps is not an MPEG-1 Layer III bitrate "
                             f"({', '.join(map(str, BITRATES))})")
        self.sample_rate, self.bitrate_kbps = sample_rate, bitrate_kbps
        self._lame = _lame(sample_rate, bitrate_kbps)
        self._spool = tempfile.NamedTemporaryFile(prefix=".mp3-spool-", dir=spool_dir, delete=False)
        self.samples_in = 0

    def feed(self, samples: np.ndarray) -> None:
        pcm = np.ascontiguousarray(samples, dtype="<i2")
        self.samples_in += len(pcm)
        if len(pcm):
            self._spool.write(bytes(self._lame.encode(pcm.tobytes())))

    def finish(self, path: Path) -> None:
        """Write the MP3 at ``path`` atomically (temporary file in the same folder)."""
        path = Path(path)
        try:
            self._spool.write(bytes(self._lame.flush()))
            self._spool.close()
            frames, audio_bytes, first = _scan_frames(self._spool.name)
            info = info_frame(first, frames, audio_bytes, self.samples_in, self.bitrate_kbps)
            _assemble(path, info, self._spool.name)
        finally:
            self.abort()

    def abort(self) -> None:
        self._spool.close()
        Path(self._spool.name).unlink(missing_ok=True)


def _lame(sample_rate: int, bitrate_kbps: int) -> lameenc.Encoder:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate_kbps)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_out_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(2)  # 2 = high quality, LAME's "-q 2"
    return encoder


def _assemble(path: Path, info: bytes, spool: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(spool, "rb") as audio:
            out.write(info)
            shutil.copyfileobj(audio, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def frame_length(header: bytes) -> int:
    """Bytes in an MPEG-1 Layer III frame, from its 4-byte header."""
    if header[0] != 0xFF or (header[1] & 0xFE) != 0xFA:
        raise AudioError(f"not an MPEG-1 Layer III frame header: {header.hex()}")
    bitrate = BITRATES[(header[2] >> 4) - 1] * 1000 if 0 < header[2] >> 4 < 15 else 0
    rates = {v: k for k, v in SAMPLE_RATES.items()}
    rate = rates.get((header[2] >> 2) & 3)
    if not bitrate or rate is None:
        raise AudioError(f"bad bitrate or sample rate in frame header {header.hex()}")
    return 144 * bitrate // rate + ((header[2] >> 1) & 1)


def _scan_frames(path: str) -> tuple[int, int, bytes]:
    """Count frames and bytes by walking headers; also checks the stream is one CBR rate."""
    frames = size = 0
    first = b""
    with open(path, "rb") as stream:
        while header := stream.read(4):
            if len(header) < 4:
                raise AudioError("the encoder left a truncated frame")
            first = first or header
            if header[2] >> 4 != first[2] >> 4:
                raise AudioError("the encoder did not produce constant-bitrate frames")
            length = frame_length(header)
            stream.seek(length - 4, os.SEEK_CUR)
            frames, size = frames + 1, size + length
    if not frames:
        raise AudioError("the encoder produced no audio frames")
    return frames, size, first


def info_frame(first_header: bytes, frames: int, audio_bytes: int, samples: int,
               bitrate_kbps: int) -> bytes:
    """An "Info" (CBR Xing) frame with LAME's extension, matching the audio frames."""
    side_info = 17 if (first_header[3] >> 6) == 3 else 32  # MPEG-1: mono 17, else 32
    header = _info_header(first_header, side_info + INFO_BYTES)
    size = frame_length(header)
    total = audio_bytes + size
    toc = bytes(min(255, i * 256 // 100) for i in range(100))
    # Flags: frames, bytes, TOC and quality present, as LAME writes them.
    xing = b"Info" + struct.pack(">III", 0x0F, frames, total) + toc + struct.pack(">I", 0)
    padding = frames * SAMPLES_PER_FRAME - ENCODER_DELAY - samples
    if padding < 0 or padding > 0xFFF:
        raise AudioError(f"encoder padding {padding} out of range: {frames} frames for {samples} samples")
    lame = _lame_extension(bitrate_kbps, padding, total)
    body = header + bytes(side_info) + xing + lame
    crc = crc16(body)
    frame = body + struct.pack(">H", crc)
    return frame + bytes(size - len(frame))


def _info_header(audio_header: bytes, needed: int) -> bytes:
    """The audio frames' header without padding, at a higher bitrate if a frame at the
    programme's bitrate is too small to hold the tag (as LAME does at low bitrates);
    decoders play the Info frame as silence that the LAME delay field accounts for."""
    for index in range(audio_header[2] >> 4, len(BITRATES) + 1):
        header = bytes([audio_header[0], audio_header[1],
                        (index << 4) | (audio_header[2] & 0x0C), audio_header[3]])
        if frame_length(header) >= needed:
            return header
    raise AudioError("no MPEG frame size can hold the Info tag")


def _lame_extension(bitrate_kbps: int, padding: int, music_length: int) -> bytes:
    """LAME tag fields up to (not including) its own CRC."""
    delays = (ENCODER_DELAY << 12) | padding
    return (ENCODER_NAME
            + bytes([0x01])          # tag revision 0, VBR method 1 = constant bitrate
            + bytes([0])             # lowpass: unknown
            + bytes(4 + 2 + 2)       # peak amplitude, radio and audiophile replay gain: unset
            + bytes([0])             # encoding flags and ATH type
            + bytes([min(bitrate_kbps, 255)])
            + delays.to_bytes(3, "big")
            + bytes([0, 0])          # misc, MP3 gain
            + bytes(2)               # preset and surround
            + struct.pack(">I", music_length)
            + bytes(2))              # music CRC: not computed (no reader checks it)


def crc16(data: bytes) -> int:
    """CRC-16/ARC (reflected 0x8005), the CRC LAME puts on its tag."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc
