"""Cover art for the ID3 tag (APIC): a JPEG, square, at most 3000 px (Apple's limits,
STANDARDS.md section 2)."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..capped import read_capped

MAX_SIDE = 3000
MAX_BYTES = 2 * 1024 * 1024
# SOF markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class Cover:
    data: bytes
    width: int
    height: int
    mime: str = "image/jpeg"


def load_cover(path: str | Path) -> Cover:
    path = Path(path)
    data = read_capped(path, MAX_BYTES, "the cover")
    width, height = jpeg_size(data, path)
    if width != height or width > MAX_SIDE:
        raise InputError(f"the cover must be a square JPEG of at most {MAX_SIDE} px; "
                         f"{path} is {width}x{height}")
    return Cover(data, width, height)


def jpeg_size(data: bytes, name: Path | str = "image") -> tuple[int, int]:
    """Width and height from the first SOF segment of a JPEG."""
    if data[:2] != b"\xff\xd8":
        raise InputError(f"{name} is not a JPEG image")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if marker in SOF_MARKERS and pos + 9 <= len(data):
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return width, height
        pos += 2 + length
    raise InputError(f"{name} is not a readable JPEG (no frame header)")
