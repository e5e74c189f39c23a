"""End to end: the real CLI narrates the bundled sample with the real engines; the MP3 is
read back with mutagen and decoded by a real ffmpeg."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import mutagen.mp3
import pytest
from mutagen.id3 import ID3

from audio_article import DISCLOSURE
from audio_article.audio.decode import decode_mp3, ffmpeg_chapters
from audio_article.pipeline import NarrateOptions, prepare

SAMPLE = Path(__file__).parents[1] / "src/audio_article/samples/kyiv-independent-20-days.txt"
COVER = Path(__file__).parent / "data/cover-1400.jpg"
TITLE = "Twenty days of Russia's full-scale war against Ukraine"
SLUG = "twenty-days-of-russia-s-full-scale-war-against-ukraine"
TEASER_WORDS = ("NATO", "Patriot", "BlackRock", "Vladivostok", "Rutte", "Magyar")

pytestmark = pytest.mark.slow


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audio_article", *args], input=stdin,
                          capture_output=True, timeout=600)


@pytest.fixture(scope="module", params=["default", "espeak"])
def episode(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"out-{request.param}")
    cover = ["--cover", str(COVER)] if request.param == "espeak" else []
    result = run_cli("narrate", str(SAMPLE), "--title", TITLE, "--voice", request.param,
                     "-o", str(out), *cover)
    assert result.returncode == 0, result.stderr.decode()
    folder = out / SLUG
    script = prepare(str(SAMPLE), NarrateOptions(title=TITLE, voice=request.param)).script
    return {"out": out, "folder": folder, "stdout": result.stdout.decode(),
            "stderr": result.stderr.decode(), "script": script,
            "manifest": json.loads((folder / "episode.json").read_text()),
            "mp3": folder / f"{SLUG}.mp3", "cover": bool(cover)}


def test_stdout_lists_the_files(episode):
    listed = episode["stdout"].split()
    expected = [f"{SLUG}.mp3", "chapters.json", "transcript.vtt", "transcript.srt",
                "transcript.html", "transcript.json", "episode.json", "index.html",
                "index.html"] + (
                    ["cover.jpg"] if episode["cover"] else [])
    assert sorted(Path(p).name for p in listed) == sorted(expected)
    assert all(Path(p).is_file() for p in listed)
    assert "Traceback" not in episode["stderr"]
    # Nothing but the episode folder and the show index is left in the output folder (no
    # staging leftovers); the episode's page is in its folder.
    assert sorted(p.name for p in episode["out"].iterdir()) == ["index.html", SLUG]
    assert (episode["folder"] / "index.html").is_file()


def test_mp3_decodes_to_the_programme_length(episode):
    info = mutagen.mp3.MP3(episode["mp3"]).info
    assert (info.sample_rate, info.channels, info.bitrate) == (44100, 1, 64000)
    assert info.bitrate_mode == mutagen.mp3.BitrateMode.CBR
    pcm, rate = decode_mp3(episode["mp3"])
    samples = episode["manifest"]["duration_ms"] * 44.1
    assert rate == 44100
    assert abs(len(pcm) - samples) <= 0.03 * 44100
    assert abs(info.length * 1000 - episode["manifest"]["duration_ms"]) <= 30
    assert pcm.std() > 500  # speech, not silence


def test_chapters_in_time_order_and_end_at_duration(episode):
    tag = ID3(episode["mp3"])
    assert tag.version == (2, 3, 0)
    chaps = tag.getall("CHAP")
    titles = [c.sub_frames["TIT2"].text[0] for c in chaps]
    assert titles == ["Introduction", TITLE, "Photos"]
    starts = [c.start_time for c in chaps]
    assert starts[0] == 0 and starts == sorted(starts)
    assert all(a.end_time == b.start_time for a, b in zip(chaps, chaps[1:]))
    length_ms = mutagen.mp3.MP3(episode["mp3"]).info.length * 1000
    assert abs(chaps[-1].end_time - length_ms) <= 30
    (toc,) = tag.getall("CTOC")
    assert int(toc.flags) == 3
    assert toc.child_element_ids == [c.element_id for c in chaps]
    assert toc.sub_frames["TIT2"].text == ["Contents"]
    # ffmpeg lists chapters in the order of the CHAP frames in the file (STANDARDS 1.2-#9).
    seen = ffmpeg_chapters(episode["mp3"])
    assert [c["title"] for c in seen] == titles
    assert [c["start_ms"] for c in seen] == starts


def test_disclosure_in_tags_manifest_and_first_15_seconds(episode):
    tag = ID3(episode["mp3"])
    assert tag.getall("COMM")[0].text == [DISCLOSURE]
    assert tag.getall("TXXX:AI_GENERATED")[0].text == ["true"]
    assert tag.getall("TXXX:AI_VOICE")[0].text[0].startswith(("hibari/", "pyttsx3/"))
    assert tag.getall("TIT2")[0].text == [TITLE]
    assert episode["manifest"]["disclosure"] == DISCLOSURE
    cues = parse_vtt((episode["folder"] / "transcript.vtt").read_text())
    first = next(c for c in cues if DISCLOSURE in c[2])
    assert first[0] < 15_000


def test_vtt_cues_match_the_spoken_script(episode):
    cues = parse_vtt((episode["folder"] / "transcript.vtt").read_text())
    assert [c[2] for c in cues] == [s.text for s in episode["script"].segments]
    assert all(a[1] <= b[0] for a, b in zip(cues, cues[1:]))
    assert cues[-1][1] <= episode["manifest"]["duration_ms"]
    text = " ".join(c[2] for c in cues)
    assert not any(word in text for word in TEASER_WORDS)
    assert "Photo by Getty Images." in text and "Photo by Chris McGrath/Getty Images." in text


def test_chapters_json_equals_id3(episode):
    data = json.loads((episode["folder"] / "chapters.json").read_text())
    chaps = ID3(episode["mp3"]).getall("CHAP")
    assert [c["title"] for c in data["chapters"]] == [c.sub_frames["TIT2"].text[0] for c in chaps]
    assert [round(c["startTime"] * 1000) for c in data["chapters"]] == [c.start_time for c in chaps]


def test_manifest_describes_the_files(episode):
    files = episode["manifest"]["files"]
    assert files["audio"]["bytes"] == episode["mp3"].stat().st_size
    assert files["audio"]["path"] == f"{SLUG}.mp3"
    assert episode["manifest"]["provenance"]["ai_generated"] is True


def parse_vtt(text: str) -> list[tuple[int, int, str]]:
    assert text.startswith("WEBVTT")
    cues = []
    for block in text.strip().split("\n\n")[1:]:
        lines = block.splitlines()
        start, end = (_ms(t) for t in lines[1].split(" --> "))
        body = " ".join(lines[2:]).replace("<v Narrator>", "")
        body = body.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        cues.append((start, end, body))
    return cues


def _ms(stamp: str) -> int:
    h, m, s = stamp.split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)


def test_loudness_true_peak_and_chapter_levels(episode):
    from audio_article.audio.loudness import integrated_loudness, true_peak_dbtp
    pcm, rate = decode_mp3(episode["mp3"])
    audio = pcm.astype("float32") / 32768
    programme = integrated_loudness(audio, rate)
    assert programme == pytest.approx(-19.0, abs=1.0)
    assert true_peak_dbtp(audio) <= -1.0
    for chapter in episode["manifest"]["chapters"]:
        part = audio[chapter["start_ms"] * rate // 1000:chapter["end_ms"] * rate // 1000]
        assert abs(integrated_loudness(part, rate) - programme) <= 2.0, chapter["title"]


def test_editing_one_paragraph_resynthesizes_only_its_sentences(tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "out"
    edited = tmp_path / "edited.txt"
    text = SAMPLE.read_text(encoding="utf-8")
    old = "Twenty days later, Ukraine still stands"
    edited.write_text(text.replace(old, "Twenty-one days later, Ukraine still stands"))

    def entries(kind):
        # A rewritten entry is a new file (written aside, renamed): a new inode.
        return {path.name: path.stat().st_ino for path in cache.glob(f"*/*.{kind}")}

    for source, jobs in ((SAMPLE, "2"), (edited, "2")):
        result = run_cli("narrate", str(source), "--title", TITLE, "--voice", "espeak",
                         "-o", str(out), "--cache-dir", str(cache), "-j", jobs)
        assert result.returncode == 0, result.stderr.decode()
        if source == SAMPLE:
            clips, pieces = entries("clip"), entries("piece")
    # That paragraph has two sentences; only the edited one is voiced and encoded again:
    # one new clip, one new encoded unit, and no other entry written again.
    assert len(clips) == len(pieces) > 30
    assert len(entries("clip")) == len(clips) + 1
    assert len(entries("piece")) == len(pieces) + 1
    assert all(entries("clip")[name] == stamp for name, stamp in clips.items())
    assert all(entries("piece")[name] == stamp for name, stamp in pieces.items())


def test_encoding_is_shared_between_the_worker_and_this_process(tmp_path):
    """With cached clips and no cached pieces (another bitrate), -j 1 encodes units from
    both ends (the worker from the end, the main process from the start) and -j 2 in
    both workers: the same bytes, and no clip voiced again."""
    import shutil

    first = tmp_path / "cache"
    result = run_cli("narrate", str(SAMPLE), "--title", TITLE, "--voice", "espeak",
                     "-o", str(tmp_path / "out64"), "--cache-dir", str(first), "-j", "2")
    assert result.returncode == 0, result.stderr.decode()
    clips = {p.name: p.stat().st_ino for p in first.glob("*/*.clip")}
    outputs = []
    for jobs in ("1", "2"):
        cache = tmp_path / f"cache{jobs}"
        shutil.copytree(first, cache)
        copied = {p.name: p.stat().st_ino for p in cache.glob("*/*.clip")}
        out = tmp_path / f"j{jobs}"
        result = run_cli("narrate", str(SAMPLE), "--title", TITLE, "--voice", "espeak",
                         "--bitrate", "96", "-o", str(out), "--cache-dir", str(cache),
                         "-j", jobs)
        assert result.returncode == 0, result.stderr.decode()
        outputs.append((out / SLUG / f"{SLUG}.mp3").read_bytes())
        assert len(list(cache.glob("*/*.piece"))) == 2 * len(clips)
        # Not one clip written again (a rewrite is a new file: a new inode).
        assert {p.name: p.stat().st_ino for p in cache.glob("*/*.clip")} == copied
        assert set(copied) == set(clips)
    assert outputs[0] == outputs[1]
    assert mutagen.mp3.MP3(tmp_path / "j1" / SLUG / f"{SLUG}.mp3").info.bitrate == 96000


def test_two_runs_sharing_a_cache_at_once(tmp_path):
    """Two narrations of one article started together with one cache (each voicing and
    encoding what it does not find, racing the other to store the same entries) both
    succeed with the same bytes, and every entry left in the cache reads back whole."""
    from audio_article.speech.cache import ClipCache

    story = tmp_path / "story.md"
    story.write_text("# Two at once\n\nThe council met on Tuesday. It voted 7 to 2 for the "
                     "plan.\n\nWork starts in May. The cost is $4.5m.\n\n## Next\n\n"
                     "A second vote follows in June.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    runs = [subprocess.Popen([sys.executable, "-m", "audio_article", "narrate", str(story),
                              "-o", str(tmp_path / f"out{i}"), "--cache-dir", str(cache),
                              "-j", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for i in range(2)]
    for run in runs:
        _out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err.decode()
    mp3s = [next((tmp_path / f"out{i}").glob("*/*.mp3")).read_bytes() for i in range(2)]
    assert mp3s[0] == mp3s[1]
    store = ClipCache(cache)
    clips = [p.stem for p in cache.glob("*/*.clip")]
    pieces = [p.stem for p in cache.glob("*/*.piece")]
    assert clips and pieces
    assert all(store.entry(key) is not None for key in clips)
    assert all(store.piece(key) is not None for key in pieces)
    assert not list(cache.glob("*/.tmp-*"))


def test_output_does_not_depend_on_jobs(tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}"
        result = run_cli("narrate", str(SAMPLE), "--title", TITLE, "--voice", "default",
                         "-o", str(out), "--cache-dir", str(tmp_path / f"cache{jobs}"), "-j", jobs)
        assert result.returncode == 0, result.stderr.decode()
        outputs.append((out / SLUG / f"{SLUG}.mp3").read_bytes())
    assert outputs[0] == outputs[1]


def test_inspect_strict_passes_on_the_episode(episode):
    result = run_cli("inspect", "--strict", str(episode["mp3"]))
    assert result.returncode == 0, result.stdout.decode()
    assert b"all 14 rules" in result.stdout


def test_cover_is_embedded_when_given(episode):
    pictures = ID3(episode["mp3"]).getall("APIC")
    if episode["cover"]:
        assert len(pictures) == 1 and pictures[0].data == COVER.read_bytes()
        assert episode["manifest"]["files"]["cover"]["bytes"] == COVER.stat().st_size
    else:
        assert pictures == []
