"""The ID3v2.3 tag against STANDARDS.md section 1.2, read back with mutagen and a raw
frame walker."""

from __future__ import annotations

import json

import lameenc
import numpy as np
import pytest
from mutagen.id3 import ID3, Encoding

from audio_article import DISCLOSURE
from audio_article.errors import PackageError
from audio_article.models import Chapter
from audio_article.audio.formats.id3 import build_tag, write_tag


@pytest.fixture()
def mp3(tmp_path):
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(64)
    encoder.set_in_sample_rate(44100)
    encoder.set_channels(1)
    pcm = (np.sin(np.arange(44100) * 0.05) * 5000).astype("<i2")
    path = tmp_path / "a.mp3"
    path.write_bytes(encoder.encode(pcm.tobytes()) + encoder.flush())
    return path


def walk_frames(path) -> tuple[int, list[bytes]]:
    """Walk the tag by declared frame sizes (STANDARDS.md 1.3); returns version and IDs."""
    data = path.read_bytes()
    assert data[:3] == b"ID3"
    size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
    body, pos, ids = data[10:10 + size], 0, []
    while pos + 10 <= len(body) and body[pos:pos + 4] != b"\0\0\0\0":
        frame_id = body[pos:pos + 4]
        assert frame_id.isalnum() and frame_id.upper() == frame_id, f"bad frame id at {pos}"
        ids.append(frame_id)
        pos += 10 + int.from_bytes(body[pos + 4:pos + 8], "big")
    assert pos <= len(body), "frame overruns the tag"
    return data[3], ids


CHAPTERS = (Chapter("Introduction", 0, 4000),
            Chapter("A very long chapter title that makes this frame the largest of all", 4000, 9000),
            Chapter("Ж", 9000, 12000),
            Chapter("Photos", 12000, 15500))


def make_tag(**overrides):
    args = dict(title="Title ü", artist="The Kyiv Independent", album="Show", language="en",
                voice="hibari/heart", chapters=CHAPTERS, provenance={"tool": "x"},
                date="2022-03-16", url="https://example.com/a", transcript="One. Two.")
    args.update(overrides)
    return build_tag(**args)


def test_frames_walk_cleanly_in_v23_and_chapters_in_time_order(mp3):
    write_tag(str(mp3), make_tag())
    version, ids = walk_frames(mp3)
    assert version == 3
    chap_positions = [i for i, f in enumerate(ids) if f == b"CHAP"]
    assert ids.index(b"CTOC") < chap_positions[0]
    tag = ID3(mp3)
    assert [c.start_time for c in tag.getall("CHAP")] == [0, 4000, 9000, 12000]
    # mutagen reads back in file order: physical order is chronological.
    assert [c.sub_frames["TIT2"].text[0] for c in tag.getall("CHAP")] == [c.title for c in CHAPTERS]


def test_chapter_fields(mp3):
    write_tag(str(mp3), make_tag())
    tag = ID3(mp3)
    chaps = tag.getall("CHAP")
    (toc,) = tag.getall("CTOC")
    assert int(toc.flags) == 3
    assert toc.child_element_ids == [c.element_id for c in chaps]
    ids = [c.element_id for c in chaps] + [toc.element_id]
    assert len(set(ids)) == len(ids) and all(i.isascii() for i in ids)
    for chap in chaps:
        assert (chap.start_offset, chap.end_offset) == (0xFFFFFFFF, 0xFFFFFFFF)
        assert chap.sub_frames["TIT2"].encoding == Encoding.UTF16


def test_text_frames_and_disclosure(mp3):
    write_tag(str(mp3), make_tag())
    tag = ID3(mp3)
    assert tag.version == (2, 3, 0)
    assert tag["TIT2"].text == ["Title ü"] and tag["TIT2"].encoding == Encoding.UTF16
    assert tag["TPE1"].text == ["The Kyiv Independent"]
    assert tag["TLAN"].text == ["eng"]
    assert tag["TCON"].text == ["Podcast"]
    assert str(tag["TDRC"].text[0]) == "2022-03-16"  # mutagen reads TYER+TDAT back as TDRC
    assert {b"TYER", b"TDAT"} <= set(walk_frames(mp3)[1])
    assert tag.getall("WOAR")[0].url == "https://example.com/a"
    assert tag.getall("COMM")[0].text == [DISCLOSURE]
    assert tag["TXXX:AI_GENERATED"].text == ["true"]
    assert tag["TXXX:AI_VOICE"].text == ["hibari/heart"]
    assert json.loads(tag["TXXX:PROVENANCE"].text[0]) == {"tool": "x"}
    assert tag.getall("USLT")[0].text == "One. Two."
    assert not mp3.read_bytes()[-128:].startswith(b"TAG")  # no ID3v1


def test_chapter_count_limits():
    with pytest.raises(PackageError):
        make_tag(chapters=())
    lengths = [10 + (i * 7919) % 50 for i in range(300)]
    starts = [sum(lengths[:i]) for i in range(300)]
    many = tuple(Chapter(f"c{i}", s, s + n) for i, (s, n) in enumerate(zip(starts, lengths)))
    tag = make_tag(chapters=many)
    chaps = tag.getall("CHAP")
    assert len(chaps) == 255 and len(tag.getall("CTOC")[0].child_element_ids) == 255
    assert chaps[0].start_time == 0 and chaps[-1].end_time == many[-1].end_ms
    assert all(a.end_time == b.start_time for a, b in zip(chaps, chaps[1:]))
    assert len(make_tag(chapters=many[:255]).getall("CHAP")) == 255


def test_comment_is_the_description_with_the_disclosure(mp3):
    write_tag(str(mp3), make_tag(description="The old bridge is back."))
    assert ID3(mp3).getall("COMM")[0].text == [f"The old bridge is back. {DISCLOSURE}"]


DATA = __import__("pathlib").Path(__file__).parent / "data"


def test_cover_and_chapter_url_and_image(mp3, tmp_path):
    from audio_article.package.cover import load_cover
    cover = load_cover(DATA / "cover-1400.jpg")
    assert (cover.width, cover.height) == (1400, 1400)
    chapters = (Chapter("Intro", 0, 1000, url="https://example.com/a#intro",
                        image=str(DATA / "cover-1400.jpg")), Chapter("Rest", 1000, 2000))
    write_tag(str(mp3), make_tag(chapters=chapters, cover=cover.data))
    tag = ID3(mp3)
    (apic,) = tag.getall("APIC")
    assert apic.type == 3 and apic.mime == "image/jpeg" and apic.data == cover.data
    first = tag.getall("CHAP")[0]
    assert first.sub_frames.getall("WXXX")[0].url == "https://example.com/a#intro"
    assert first.sub_frames.getall("APIC")[0].data == cover.data
    assert walk_frames(mp3)[0] == 3


def test_a_linked_chapter_photo_is_not_downloaded_nor_embedded(mp3):
    chapters = (Chapter("Intro", 0, 1000, url="https://example.com/a#intro",
                        image="https://example.com/photo.jpg"), Chapter("Rest", 1000, 2000))
    write_tag(str(mp3), make_tag(chapters=chapters))
    first = ID3(mp3).getall("CHAP")[0]
    assert first.sub_frames.getall("WXXX")[0].url == "https://example.com/a#intro"
    assert first.sub_frames.getall("APIC") == []


@pytest.mark.parametrize("name, message", [
    ("cover-wide.jpg", "square"), ("cover-3200.jpg", "at most 3000"),
    ("cover-1400.png", "not a JPEG"), ("missing.jpg", "cannot read")])
def test_bad_covers(name, message):
    from audio_article.errors import InputError
    from audio_article.package.cover import load_cover
    with pytest.raises(InputError, match=message):
        load_cover(DATA / name)
