"""Cover art that claims to be enormous (issue 23): a PNG or JPEG of a few hundred bytes
whose header says 50,000 x 50,000 pixels (a decompression bomb) as the show's image
(show.toml), as an item image ``feed check --files`` measures, or as ``narrate --cover``:
one clear line, no traceback, no warning dump, and memory far under 500 MB."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from attack_support import assert_one_error, copy_episode, narrated_episode, run_cli


def png(width: int, height: int) -> bytes:
    """A PNG header claiming ``width`` x ``height`` RGB pixels, one small IDAT."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 4096, 9)) + chunk(b"IEND", b""))


def jpeg(width: int, height: int) -> bytes:
    """A baseline JPEG header (SOI, SOF0 for three components) claiming the size."""
    sof = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x11\x00\x02\x11\x01\x03\x11\x01"
    return (b"\xff\xd8" + b"\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof
            + b"\xff\xd9")


BOMBS = {
    "png-50000": ("cover.png", png(50_000, 50_000)),
    "jpeg-50000": ("cover.jpg", jpeg(50_000, 50_000)),
    "png-65535-wide": ("cover.png", png(65_535, 65_535)),
    "png-10000": ("cover.png", png(10_000, 10_000)),  # past Pillow's warning, not its limit
}


@pytest.fixture(scope="module")
def episode(tmp_path_factory) -> Path:
    return narrated_episode(tmp_path_factory)


@pytest.mark.parametrize("case", BOMBS)
def test_publish_refuses_a_show_image_that_claims_too_many_pixels(case, episode, tmp_path):
    out = tmp_path / "out"
    folder = copy_episode(episode, out)
    name, data = BOMBS[case]
    (out / name).write_bytes(data)
    show = tmp_path / "show.toml"
    show.write_text(f'title = "Show"\nimage = "{name}"\n', encoding="utf-8")
    run = run_cli(["publish", str(folder), "--feed", str(out / "feed.xml"), "--show", str(show)],
                  cwd=tmp_path)
    assert_one_error(run, contains=name)
    assert "Warning" not in run.stderr
    assert not (out / "feed.xml").exists()


@pytest.mark.parametrize("case", ["png-50000", "jpeg-50000"])
def test_feed_check_measures_a_bomb_without_a_traceback(case, episode, tmp_path):
    """A feed whose images are such a file: a violation line naming it, per image."""
    out = tmp_path / "out"
    folder = copy_episode(episode, out)
    run = run_cli(["publish", str(folder), "--feed", str(out / "feed.xml")], cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    cover = next(out.glob("cover-*.png"))  # the drawn cover the feed's images name
    cover.write_bytes(BOMBS[case][1])
    run = run_cli(["feed", "check", str(out / "feed.xml"), "--files", str(out)], cwd=tmp_path)
    assert "Traceback" not in run.stderr and "Warning" not in run.stderr, run.stderr
    assert run.returncode == 1 and run.peak_mb < 500
    assert cover.name in run.stdout and "pixels" in run.stdout, run.stdout


@pytest.mark.parametrize("case", ["png-50000", "jpeg-50000"])
def test_narrate_still_refuses_a_cover_that_claims_too_many_pixels(case, tmp_path):
    """--cover reads only the JPEG header: refused as not square-at-most-3000 (this held
    before; kept beside the others)."""
    name, data = BOMBS[case]
    cover = tmp_path / name
    cover.write_bytes(data)
    source = tmp_path / "a.txt"
    source.write_text("Title: T\n\nOne sentence here.\n", encoding="utf-8")
    run = run_cli(["narrate", str(source), "-o", str(tmp_path / "out"), "--cover", str(cover)],
                  cwd=tmp_path)
    assert_one_error(run)
