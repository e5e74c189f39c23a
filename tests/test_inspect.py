"""`inspect --strict` against files made to break each rule of STANDARDS.md 1.2 and 3."""

from __future__ import annotations

import subprocess
import sys

import lameenc
import numpy as np
import pytest
from mutagen.id3 import CHAP, CTOC, ID3, TIT2, USLT, CTOCFlags

from audio_article.audio.loudness import limit_true_peak, match_loudness
from audio_article.audio.mp3 import Mp3Encoder
from audio_article.models import Chapter
from audio_article.audio.formats.id3 import build_tag, write_tag
from audio_article.package.inspect import ChapterFact, Facts, inspect_file
from audio_article.package.rules import check

RATE = 44100
SECONDS = 3


def speechlike(seconds=SECONDS, lufs=-19.0, seed=0):
    from scipy.signal import butter, sosfilt
    rng = np.random.default_rng(seed)
    # Speech-like band: a 64 kbps encode keeps it, so the loudness survives encoding.
    band = butter(4, [120, 3500], btype="bandpass", fs=RATE, output="sos")
    noise = sosfilt(band, rng.standard_normal(RATE * seconds)).astype(np.float32)
    envelope = (np.sin(np.arange(len(noise)) * 2 * np.pi * 3 / RATE) > 0).astype(np.float32)
    audio = limit_true_peak(match_loudness(noise * (0.2 + envelope), RATE, lufs), RATE)
    return (np.clip(audio, -1, 1) * 32767).astype(np.int16)


def encode(path, pcm):
    with Mp3Encoder(RATE, 64) as encoder:
        encoder.feed(pcm)
        encoder.finish(path)
    return path


def tagged(path, chapters=None, **kwargs):
    length = round(3.0 * 1000)
    chapters = chapters or (Chapter("Introduction", 0, 1000), Chapter("Story", 1000, length))
    write_tag(str(path), build_tag(title="T", artist="A", album="S", language="en",
                                   voice="x/y", chapters=chapters, provenance={}, **kwargs))
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return encode(tmp_path_factory.mktemp("inspect") / "base.mp3", speechlike())


@pytest.fixture()
def good(base, tmp_path):
    path = tmp_path / "good.mp3"
    path.write_bytes(base.read_bytes())
    return tagged(path)


def rules_broken(path) -> set[str]:
    return {v.rule for v in check(inspect_file(path))}


def retag(path, chapters, flags=3, children=None, version=3, cls=ID3):
    tag = cls()
    tag.add(TIT2(encoding=1, text=["T"]))
    ids = [c.element_id for c in chapters]
    tag.add(CTOC(element_id="toc", flags=flags, child_element_ids=children or ids,
                 sub_frames=[TIT2(encoding=1, text=["Contents"])]))
    for chapter in chapters:
        tag.add(chapter)
    if version == 3:
        tag.update_to_v23()
    tag.save(path, v2_version=version, v1=0)
    return path


def chap(cid, start, end, title="Chapter", offsets=0xFFFFFFFF):
    subs = [TIT2(encoding=1, text=[title])] if title is not None else []
    return CHAP(element_id=cid, start_time=start, end_time=end, start_offset=offsets,
                end_offset=offsets, sub_frames=subs)


def test_a_good_file_passes(good):
    assert check(inspect_file(good)) == []


@pytest.mark.parametrize("name, chapters, kwargs, rule", [
    ("flags", [chap("c0", 0, 1000), chap("c1", 1000, 3000)], {"flags": CTOCFlags.TOP_LEVEL}, "1.2-#1"),
    ("children", [chap("c0", 0, 1000), chap("c1", 1000, 3000)], {"children": ["c0"]}, "1.2-#2"),
    ("untitled", [chap("c0", 0, 1000, title=None), chap("c1", 1000, 3000)], {}, "1.2-#5"),
    ("offsets", [chap("c0", 0, 1000, offsets=0), chap("c1", 1000, 3000)], {}, "1.2-#6"),
    ("late start", [chap("c0", 500, 1000), chap("c1", 1000, 3000)], {}, "1.2-#7"),
    ("gap", [chap("c0", 0, 900), chap("c1", 1000, 3000)], {}, "1.2-#8"),
    ("short end", [chap("c0", 0, 1000), chap("c1", 1000, 2500)], {}, "1.2-#8"),
    ("v2.4", [chap("c0", 0, 1000), chap("c1", 1000, 3000)], {"version": 4}, "1.2-#10"),
])
def test_each_broken_chapter_rule_is_named(base, tmp_path, name, chapters, kwargs, rule):
    path = tmp_path / "x.mp3"
    path.write_bytes(base.read_bytes())
    retag(path, chapters, **kwargs)
    assert rule in rules_broken(path), name


def test_chapters_stored_out_of_time_order(base, tmp_path):
    # Plain mutagen orders frames by size: a long first title moves that CHAP last.
    path = tmp_path / "x.mp3"
    path.write_bytes(base.read_bytes())
    retag(path, [chap("c0", 0, 1000, title="A much longer title than the other " * 3),
                 chap("c1", 1000, 3000, title="B")])
    assert "1.2-#9" in rules_broken(path)


def test_non_synchsafe_v24_sizes(base, tmp_path):
    path = tmp_path / "x.mp3"
    path.write_bytes(base.read_bytes())
    tag = ID3()
    tag.add(USLT(encoding=3, lang="eng", desc="", text="x" * 300))
    tag.save(path, v2_version=4)
    data = bytearray(path.read_bytes())
    at = data.index(b"USLT")
    data[at + 4:at + 8] = (len("x" * 300) + 5).to_bytes(4, "big")  # plain, not synchsafe
    path.write_bytes(bytes(data))
    assert "1.2-#11" in rules_broken(path)


def test_id3v1_tag(good):
    good.write_bytes(good.read_bytes() + b"TAG" + bytes(125))
    assert rules_broken(good) == {"3.2-#11"}


def test_too_loud_and_clipping(tmp_path):
    loud = tagged(encode(tmp_path / "loud.mp3", speechlike(lufs=-14.0)))
    assert "3.1-#1" in rules_broken(loud)
    square = (np.sign(np.sin(np.arange(RATE * SECONDS) * 0.02)) * 32767).astype(np.int16)
    clipped = tagged(encode(tmp_path / "clip.mp3", square))
    assert {"3.1-#1", "3.1-#2"} <= rules_broken(clipped)


@pytest.mark.parametrize("rate, channels, rules", [
    (22050, 1, {"3.2-#6", "3.2-#8", "3.2-#9"}),  # MPEG-2 at 22.05 kHz, no Info header
    (44100, 2, {"3.2-#7", "3.2-#8", "3.2-#9"}),
])
def test_encoding_rules(tmp_path, rate, channels, rules):
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(64)
    encoder.set_in_sample_rate(rate)
    encoder.set_out_sample_rate(rate)
    encoder.set_channels(channels)
    pcm = np.repeat(speechlike()[: rate * SECONDS], channels)
    path = tmp_path / "x.mp3"
    path.write_bytes(encoder.encode(pcm.tobytes()) + encoder.flush())
    assert rules <= rules_broken(path)


def test_rules_on_facts_that_are_hard_to_write():
    facts = Facts("x.mp3", 1, tag_version="2.3", duration_ms=2000.0, sample_rate=44100,
                  channels=1, bitrate_mode="CBR", mpeg="MPEG-1 Layer 3", info_header="Info")
    facts.chapters = [ChapterFact("c0", "A", 0, 1000, 0xFFFFFFFF, 0xFFFFFFFF),
                      ChapterFact("c0", "B", 1000, 2000, 0xFFFFFFFF, 0xFFFFFFFF),
                      ChapterFact("cé", "C", 1000, 2000, 0xFFFFFFFF, 0xFFFFFFFF)]
    facts.tocs = [{"element_id": "toc", "flags": 3, "children": ["c0"] * 256, "has_title": True}]
    assert {"1.2-#3", "1.2-#4"} <= {v.rule for v in check(facts)}


def test_cli_strict_exit_status_and_json(good, tmp_path):
    run = lambda *args: subprocess.run([sys.executable, "-m", "audio_article", "inspect", *args],
                                       capture_output=True, text=True)
    ok = run(str(good), "--strict")
    assert ok.returncode == 0 and "all 14 rules" in ok.stdout
    bad = tmp_path / "bad.mp3"
    bad.write_bytes(good.read_bytes() + b"TAG" + bytes(125))
    failed = run(str(bad), "--strict")
    assert failed.returncode == 1 and "[3.2-#11]" in failed.stdout
    import json
    data = json.loads(run(str(bad), "--json").stdout)
    assert data["violations"] == [{"rule": "3.2-#11", "message": "the file ends with an ID3v1 tag"}]
    missing = run(str(tmp_path / "nope.mp3"))
    assert missing.returncode == 1 and missing.stderr.startswith("Error: file not found")
    notmp3 = tmp_path / "x.mp3"
    notmp3.write_text("hello")
    assert run(str(notmp3)).returncode == 1
