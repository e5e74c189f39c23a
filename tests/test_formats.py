"""M4A and Opus beside the MP3, from one narration (the real CLI, the eSpeak voice, the
sample article): every file read back by real decoders and tag readers (ffmpeg,
mutagen, MediaInfo), measured decoded, and listed in the feed and on the page."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from audio_article import DISCLOSURE
from audio_article.audio.decode import decode_mp3, ffmpeg_chapters
from audio_article.audio.loudness import true_peak_dbtp

SAMPLE = Path(__file__).parents[1] / "src/audio_article/samples/kyiv-independent-20-days.txt"
FORMATS = ("mp3", "m4a", "opus")
# One codec frame: the most a chapter may move from the MP3's (MP3 1152 samples at 44.1
# kHz, AAC 1024, Opus 20 ms).
FRAME_MS = {"mp3": 1152 * 1000 / 44100, "m4a": 1024 * 1000 / 44100, "opus": 20.0}


def cli(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "audio_article", *args],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def episode(tmp_path_factory):
    """The sample narrated in the three formats, with a cover; and the MP3 alone from a
    separate narration (same clip cache), to compare with."""
    from PIL import Image

    base = tmp_path_factory.mktemp("formats")
    cover = base / "cover.jpg"
    Image.new("RGB", (1400, 1400), (30, 90, 160)).save(cover, "JPEG")
    common = ("--voice", "espeak", "--cache-dir", str(base / "cache"), "--title", "Twenty days")
    cli("narrate", str(SAMPLE), "-o", str(base / "all"), "--format", ",".join(FORMATS),
        "--cover", str(cover), *common)
    cli("narrate", str(SAMPLE), "-o", str(base / "alone"), *common)
    folder = base / "all" / "twenty-days"
    return {"folder": folder, "files": {f: folder / f"twenty-days.{f}" for f in FORMATS},
            "alone": base / "alone" / "twenty-days" / "twenty-days.mp3", "cover": cover,
            "out": base / "all"}


def test_every_format_decodes_to_the_programmes_length(episode):
    manifest = json.loads((episode["folder"] / "episode.json").read_text(encoding="utf-8"))
    samples = manifest["duration_ms"]  # for scale only; the MP3 is exact to the sample
    mp3, rate = decode_mp3(episode["files"]["mp3"])
    m4a, m4a_rate = decode_mp3(episode["files"]["m4a"])
    opus, opus_rate = decode_mp3(episode["files"]["opus"])
    assert rate == m4a_rate == 44100 and opus_rate == 48000
    # The AAC priming is in the edit list and Opus's pre-skip in its header: a decoder
    # gives back the programme, not a sample more or less.
    assert len(m4a) == len(mp3)
    assert len(opus) == round(len(mp3) * 48000 / 44100)
    assert abs(len(mp3) * 1000 / rate - samples) < 1


def test_opus_pre_skip_and_end_granule(episode):
    from mutagen.oggopus import OggOpus

    data = episode["files"]["opus"].read_bytes()
    head = data.index(b"OpusHead")
    pre_skip = int.from_bytes(data[head + 10:head + 12], "little")
    assert pre_skip == 312  # libopus's look-ahead at 48 kHz (RFC 7845 4.2)
    last_page = data.rindex(b"OggS")
    granule = int.from_bytes(data[last_page + 6:last_page + 14], "little")
    decoded, _rate = decode_mp3(episode["files"]["opus"])
    assert granule == pre_skip + len(decoded)
    assert OggOpus(episode["files"]["opus"]).info.length == pytest.approx(len(decoded) / 48000)


def mp3_chapters(path: Path) -> list[tuple[str, int]]:
    from mutagen.id3 import ID3

    return [(c.sub_frames["TIT2"].text[0], c.start_time) for c in ID3(path).getall("CHAP")]


def test_chapters_agree_with_the_mp3_in_every_reader(episode):
    from mutagen.mp4 import MP4
    from mutagen.oggopus import OggOpus

    expected = mp3_chapters(episode["alone"])
    assert len(expected) >= 3
    assert mp3_chapters(episode["files"]["mp3"]) == expected
    tags = OggOpus(episode["files"]["opus"]).tags
    read = {
        "ffmpeg": {f: [(c["title"], c["start_ms"]) for c in ffmpeg_chapters(p)]
                   for f, p in episode["files"].items()},
        "mutagen": {"m4a": [(c.title, round(c.start * 1000))
                            for c in MP4(episode["files"]["m4a"]).chapters],
                    "opus": [(tags[f"CHAPTER{i:03d}NAME"][0], _hms(tags[f"CHAPTER{i:03d}"][0]))
                             for i in range(len(expected))]},
        "mediainfo": mediainfo_chapters(episode["files"]["m4a"]),
    }
    for reader, formats in read.items():
        for fmt, found in formats.items():
            assert [t for t, _ in found] == [t for t, _ in expected], (reader, fmt)
            for (_, got), (_, want) in zip(found, expected):
                assert abs(got - want) <= FRAME_MS[fmt.split()[0]], (reader, fmt, got, want)


def _hms(text: str) -> int:
    hours, minutes, seconds = text.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def mediainfo_chapters(path: Path) -> dict:
    """MediaInfo's two menus of an M4A: the QuickTime chapter track (the one Apple reads,
    "menu_for" its audio track) and the Nero chpl atom."""
    from pymediainfo import MediaInfo

    menus = {}
    for track in MediaInfo.parse(path).tracks:
        if track.track_type != "Menu":
            continue
        data = track.to_data()
        marks = sorted((k, v) for k, v in data.items() if re.fullmatch(r"\d\d_\d\d_\d{5}", k))
        name = "m4a quicktime track" if data.get("format") == "Timed Text" else "m4a chpl"
        menus[name] = [(v.split(":", 1)[-1] if v.startswith("en:") else v,
                        int(k[:2]) * 3_600_000 + int(k[3:5]) * 60_000 + int(k[6:]))
                       for k, v in marks]
    assert set(menus) == {"m4a quicktime track", "m4a chpl"}, menus
    return menus


@pytest.mark.parametrize("fmt", FORMATS)
def test_loudness_and_true_peak_of_the_decoded_file(episode, fmt):
    import pyloudnorm

    pcm, rate = decode_mp3(episode["files"][fmt])
    audio = pcm.astype(np.float64) / 32768
    loudness = pyloudnorm.Meter(rate).integrated_loudness(audio)
    assert -20.0 <= loudness <= -18.0, loudness  # STANDARDS.md 3.1-#1, mono
    assert true_peak_dbtp(audio) <= -1.0  # 3.1-#2


def test_tags_carry_the_disclosure_the_voice_and_the_cover(episode):
    from mutagen.flac import Picture
    from mutagen.mp4 import MP4
    from mutagen.oggopus import OggOpus

    cover = episode["cover"].read_bytes()
    m4a = MP4(episode["files"]["m4a"]).tags
    assert m4a["\xa9nam"] == ["Twenty days"] and m4a["\xa9cmt"][0].endswith(DISCLOSURE)
    freeform = "----:com.apple.iTunes:"
    assert bytes(m4a[freeform + "AI_GENERATED"][0]) == b"true"
    assert bytes(m4a[freeform + "AI_VOICE"][0]).startswith(b"pyttsx3/")
    assert json.loads(bytes(m4a[freeform + "PROVENANCE"][0]))["ai_generated"] is True
    assert bytes(m4a["covr"][0]) == cover
    opus = OggOpus(episode["files"]["opus"]).tags
    assert opus["TITLE"] == ["Twenty days"] and opus["DESCRIPTION"][0].endswith(DISCLOSURE)
    assert opus["AI_GENERATED"] == ["true"] and opus["AI_VOICE"][0].startswith("pyttsx3/")
    assert Picture(base64.b64decode(opus["METADATA_BLOCK_PICTURE"][0])).data == cover


@pytest.mark.parametrize("fmt", FORMATS)
def test_inspect_passes_every_format(episode, fmt):
    done = cli("inspect", "--strict", "--json", str(episode["files"][fmt]))
    facts = json.loads(done.stdout)["facts"]
    assert facts["format"] == fmt and facts["channels"] == 1
    assert facts["disclosure"]["TXXX:AI_GENERATED"] == "true"
    assert len(facts["chapters"]) == len(mp3_chapters(episode["alone"]))


def test_the_manifest_lists_every_format(episode):
    files = json.loads((episode["folder"] / "episode.json").read_text())["files"]
    assert [files[k]["type"] for k in ("audio", "audio_m4a", "audio_opus")] == [
        "audio/mpeg", "audio/x-m4a", "audio/ogg"]
    for key in ("audio", "audio_m4a", "audio_opus"):
        path = episode["folder"] / files[key]["path"]
        assert files[key]["bytes"] == path.stat().st_size
    # Opus at half MP3's bitrate: what the page loads is smaller.
    assert files["audio_opus"]["bitrate_kbps"] * 2 == files["audio"]["bitrate_kbps"]
    assert files["audio_opus"]["bytes"] < 0.6 * files["audio"]["bytes"]


def test_the_page_offers_every_format_smallest_first(episode):
    import lxml.html

    page = lxml.html.fromstring((episode["folder"] / "index.html").read_bytes())
    sources = page.xpath("//audio[@id='audio']//source")  # libxml2 nests void <source>s
    names = [s.get("src") for s in sources]
    sizes = [(episode["folder"] / n).stat().st_size for n in names]
    assert sorted(names) == sorted(p.name for p in episode["files"].values())
    assert sizes == sorted(sizes)
    assert [s.get("type").split(";")[0] for s in sources] == [
        {"opus": "audio/ogg", "m4a": "audio/mp4", "mp3": "audio/mpeg"}[n.rsplit(".", 1)[1]]
        for n in names]
    downloads = page.xpath("//p[@class='files']/a[@download]/@href")
    assert sorted(downloads) == sorted(names)


@pytest.fixture(scope="module")
def feed(episode):
    show = episode["out"].parent / "show.toml"
    show.write_text('[show]\ntitle = "Formats"\nowner_email = "desk@example.com"\n',
                    encoding="utf-8")
    cli("publish", str(episode["folder"]), "--feed", str(episode["out"] / "feed.xml"),
        "--show", str(show))
    return episode["out"] / "feed.xml"


def test_the_feed_lists_the_other_formats_as_alternate_enclosures(episode, feed):
    from lxml import etree

    ns = {"podcast": "https://podcastindex.org/namespace/1.0"}
    item = etree.parse(str(feed)).find("channel/item")
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "audio/mpeg" and enclosure.get("url").endswith(".mp3")
    alternates = item.findall("podcast:alternateEnclosure", ns)
    assert [a.get("type") for a in alternates] == ["audio/mpeg", "audio/x-m4a", "audio/ogg"]
    assert [a.get("default") for a in alternates] == ["true", None, None]
    for alternate in alternates:
        (source,) = alternate.findall("podcast:source", ns)
        path = episode["folder"] / source.get("uri").rsplit("/", 1)[1]
        assert int(alternate.get("length")) == path.stat().st_size
        duration = len(decode_mp3(path)[0]) / decode_mp3(path)[1]
        assert int(alternate.get("bitrate")) == pytest.approx(
            path.stat().st_size * 8 / duration, rel=0.01)
        assert alternate.get("codecs") and len(alternate.get("title")) <= 32


def test_feed_check_and_real_parsers_accept_the_alternates(episode, feed):
    import feedparser
    import podcastparser

    done = subprocess.run([sys.executable, "-m", "audio_article", "feed", "check", str(feed),
                           "--files", str(episode["out"])], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    parsed = feedparser.parse(feed.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    (entry,) = parsed.entries
    assert [e["type"] for e in entry.enclosures] == ["audio/mpeg"]
    with open(feed, "rb") as handle:
        podcast = podcastparser.parse(str(feed), handle)
    (parsed_episode,) = podcast["episodes"]
    assert parsed_episode["enclosures"][0]["url"].endswith(".mp3")


def test_feed_check_names_a_broken_alternate(episode, feed, tmp_path):
    broken = tmp_path / "feed.xml"
    text = feed.read_text(encoding="utf-8")
    text = re.sub(r'(<podcast:alternateEnclosure type="audio/ogg" length=")\d+', r"\g<1>12",
                  text)
    broken.write_text(text.replace('title="Opus', 'title="A title far over the limit, Opus'),
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "audio_article", "feed", "check",
                           str(broken), "--files", str(episode["out"])],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "title is over 32 characters" in done.stdout
    assert "length 12 but twenty-days.opus has" in done.stdout


@pytest.mark.parametrize("fmt", ["m4a", "opus"])
def test_qa_reads_each_format(episode, fmt):
    from audio_article.qa import asr
    from audio_article.qa.episode import read_episode

    pytest.importorskip("faster_whisper", reason="needs the qa extra")
    files = read_episode(episode["folder"], fmt)
    assert files.audio == episode["files"][fmt]
    assert read_episode(episode["folder"]).audio == episode["files"]["mp3"]  # the main one
    heard = asr.decode(files.audio)
    assert len(heard) / asr.SAMPLE_RATE == pytest.approx(files.cues[-1].end_ms / 1000, abs=1.5)
