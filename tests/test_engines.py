"""The real engines, run for real (no mocks)."""

import functools
import sys
import wave

import numpy as np
import pytest

from audio_article.config import VoiceSettings
from audio_article.errors import EngineError
from audio_article.speech import engine_names, get_engine
from audio_article.speech import pyttsx3_engine as p3
from audio_article.speech.synth import PROGRAMME_RATE, to_programme_rate

TEXT = "Firefighters rescue people from an apartment building in Kyiv."


def test_registry_lists_engines_and_rejects_unknown():
    assert {"hibari", "pyttsx3"} <= set(engine_names())
    with pytest.raises(EngineError, match=r"unknown engine 'nope' \(available: hibari, piper, pyttsx3"):
        get_engine("nope")


def test_hibari_speaks():
    speech = get_engine("hibari").synthesize(TEXT, VoiceSettings("hibari", "heart"))
    seconds = len(speech.samples) / speech.sample_rate
    assert speech.sample_rate == 24000
    assert 2.0 < seconds < 8.0
    assert np.abs(speech.samples).max() > 0.05


@functools.lru_cache(maxsize=1)
def plain_hibari():
    """hibari as it loads itself (its own model file and dictionaries), not as the
    adapter loads it (speech/hibari_voice.py): the reference for the audio."""
    import hibari

    return hibari.Hibari(voice="heart", threads=1)


def test_hibari_times_its_words_without_changing_the_audio():
    """The adapter runs hibari's steps itself to learn each phoneme's duration: the audio
    must be hibari's own, sample for sample, and the words in order inside it."""
    engine = get_engine("hibari")
    text = "On February twenty-fourth, Russia attacked [Mariyupol](/mˌɑɹiˈupəl/) again."
    speech = engine.synthesize(text, VoiceSettings("hibari", "heart"))
    assert np.array_equal(speech.samples, plain_hibari()(text, speed=1.0, seed=0))
    words = [w.text for w in speech.words]
    assert words == ["On", "February", "twenty-fourth", "Russia", "attacked", "Mariyupol",
                     "again"]
    starts = [w.start_s for w in speech.words]
    assert starts == sorted(starts) and all(w.end_s > w.start_s for w in speech.words)
    assert speech.words[-1].end_s <= len(speech.samples) / speech.sample_rate


def test_hibari_times_the_words_of_a_sentence_it_splits_in_chunks():
    # Over 400 phonemes, hibari synthesizes a sentence in clause-sized chunks.
    text = ", ".join(["the council met again and voted on the budget"] * 10) + "."
    engine = get_engine("hibari")
    speech = engine.synthesize(text, VoiceSettings("hibari", "heart", rate=1.3))
    assert np.array_equal(speech.samples, plain_hibari()(text, speed=1.3, seed=0))
    assert [w.text for w in speech.words] == text.replace(",", "").rstrip(".").split()
    seconds = len(speech.samples) / speech.sample_rate
    assert speech.words[-1].end_s <= seconds and speech.words[-1].end_s > 0.9 * seconds


def test_hibari_times_each_word_of_a_lexicon_entry_of_several():
    speech = get_engine("hibari").synthesize(
        "In [Doenetsk Oblast](/dOnˈɛtsk ˈɔblɑst/) today.", VoiceSettings("hibari", "heart"))
    assert [w.text for w in speech.words] == ["In", "Doenetsk", "Oblast", "today"]


@pytest.mark.parametrize("text, words", [
    ("Henry Cavill starred.", ["Henry", "Cavill", "starred"]),
    ("In the book L'être et le Néon.", ["In", "the", "book", "L'être", "et", "le", "Néon"]),
    ("Pope Leo XIV spoke.", ["Pope", "Leo", "the", "fourteenth", "spoke"]),
    ("Read Chapter IV.", ["Read", "Chapter", "4"]),
])
def test_hibari_reads_no_roman_numeral_where_there_is_none(text, words):
    """hibari's own normalizer took an empty match for a Roman numeral after a cue word
    ("Henry the zeroth Cavill"); the adapter mends it (_mend_roman_numerals), and real
    numerals are still read."""
    speech = get_engine("hibari").synthesize(text, VoiceSettings("hibari", "heart"))
    assert [w.text for w in speech.words] == words


def test_hibari_rejects_voices_it_would_download():
    with pytest.raises(EngineError, match="not bundled"):
        get_engine("hibari").synthesize(TEXT, VoiceSettings("hibari", "emma"))


def test_pyttsx3_speaks_and_rate_changes_duration():
    engine = get_engine("pyttsx3")
    # Alternating settings many times: eSpeak's asynchronous queue used to lose a rate
    # change or apply it one utterance late, which no single pair shows reliably.
    for _ in range(8):
        normal = engine.synthesize(TEXT, VoiceSettings("pyttsx3", "gmw/en-us"))
        fast = engine.synthesize(TEXT, VoiceSettings("pyttsx3", "gmw/en-us", rate=2.0))
        assert normal.sample_rate == 22050
        assert 2.0 < len(normal.samples) / normal.sample_rate < 8.0
        assert len(fast.samples) < 0.75 * len(normal.samples)


def test_pyttsx3_sends_again_a_setting_espeak_lost():
    """The adapter checks what eSpeak holds before every utterance, not what it last
    sent: a rate reset behind its back (as the driver's own 200 words a minute came back
    in a worker when the first utterance's settings were cancelled) is sent again, and
    the clip comes at the rate asked for."""
    engine = get_engine("pyttsx3")
    settings = VoiceSettings("pyttsx3", "gmw/en-us", pitch=0.9)
    before = engine.synthesize(TEXT, settings)
    assert p3._held() == {"voice": "gmw/en-us", "rate": 175, "pitch": 45, "volume": 100}
    espeak = sys.modules["pyttsx3.drivers._espeak"]
    espeak.SetParameter(espeak.RATE, 200, 0)
    espeak.SetParameter(espeak.PITCH, 50, 0)
    espeak.Synchronize()
    again = engine.synthesize(TEXT, settings)
    assert p3._held()["rate"] == 175 and p3._held()["pitch"] == 45
    # The same sentence at 200 words a minute is about 12 % shorter; eSpeak's own
    # run-to-run difference is some ten samples.
    assert abs(len(again.samples) - len(before.samples)) < 0.01 * len(before.samples)


def test_pyttsx3_off_espeak_settings_are_sent_when_they_change(monkeypatch):
    """Where the driver is not eSpeak (macOS, Windows) nothing tells what it holds: the
    adapter then sends a setting when it differs from the one it sent last."""
    engine, sent = get_engine("pyttsx3"), []
    monkeypatch.setattr(p3, "_held", dict)
    monkeypatch.setattr(engine, "_sent", {})
    real = engine._engine.setProperty
    monkeypatch.setattr(engine._engine, "setProperty",
                        lambda name, value: (sent.append(name), real(name, value)))
    normal = engine.synthesize(TEXT, VoiceSettings("pyttsx3", "gmw/en-us"))
    engine.synthesize(TEXT, VoiceSettings("pyttsx3", "gmw/en-us"))
    fast = engine.synthesize(TEXT, VoiceSettings("pyttsx3", "gmw/en-us", rate=2.0))
    assert sent == ["voice", "rate", "pitch", "volume", "rate"]
    assert len(fast.samples) < 0.75 * len(normal.samples)


def test_pyttsx3_reads_a_script_its_voice_does_not_speak_letter_by_letter():
    """A Ukrainian title in the English eSpeak voice: eSpeak names each letter (6 s for
    two words), which is its audio, not a wrong clip; the run went on no further."""
    speech = get_engine("pyttsx3").synthesize("Київ сьогодні",
                                              VoiceSettings("pyttsx3", "gmw/en-us"))
    assert len(speech.samples) / speech.sample_rate > 2.0


def test_pyttsx3_unknown_voice():
    with pytest.raises(EngineError, match="no voice 'xx-nope'"):
        get_engine("pyttsx3").synthesize(TEXT, VoiceSettings("pyttsx3", "xx-nope"))


def test_missing_file_is_an_error_not_silence(tmp_path, monkeypatch):
    # pyttsx3#219: runAndWait() can return before the file exists. Waiting is bounded and
    # a file that never appears is an error.
    monkeypatch.setattr(p3, "FILE_WAIT_S", 0.1)
    with pytest.raises(EngineError, match="never written"):
        p3._await_wav(tmp_path / "missing.wav")


def test_truncated_file_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(p3, "FILE_WAIT_S", 0.1)
    path = tmp_path / "short.wav"
    path.write_bytes(b"RIFF" + b"\0" * 60)
    with pytest.raises(EngineError, match="unreadable"):
        p3._await_wav(path)


@pytest.mark.parametrize("samples, seconds_ok", [
    (np.zeros(22050, np.float32), False),                      # silent
    (np.zeros(0, np.float32), False),                         # empty
    (np.full(22050 * 60, 0.5, np.float32), False),            # far too long: another text
    (np.full(int(22050 * 0.2), 0.5, np.float32), False),      # far too short
    (np.full(22050 * 3, 0.5, np.float32), True),
])
def test_plausibility(samples, seconds_ok):
    if seconds_ok:
        p3._check_plausible(samples, 22050, TEXT, 1.0)
    else:
        with pytest.raises(EngineError):
            p3._check_plausible(samples, 22050, TEXT, 1.0)


@pytest.mark.parametrize("rate", [22050, 24000, 44100, 16000])
def test_resampling_keeps_duration_and_pitch(rate):
    from audio_article.speech.base import Speech
    t = np.arange(rate) / rate
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    out = to_programme_rate(Speech(tone, rate))
    assert out.dtype == np.int16
    assert len(out) == PROGRAMME_RATE
    spectrum = np.abs(np.fft.rfft(out.astype(float)))
    assert np.argmax(spectrum) == pytest.approx(440, abs=1)


PIPER_RUN = """
import json, sys
from audio_article.config import VoiceSettings
from audio_article.errors import EngineError
from audio_article.speech import get_engine
try:
    engine = get_engine("piper")
except EngineError as exc:
    print(json.dumps({"skip": str(exc)})); sys.exit()
text = sys.argv[1]
normal = engine.synthesize(text, VoiceSettings("piper", "joe"))
fast = engine.synthesize(text, VoiceSettings("piper", "joe", rate=1.6))
try:
    engine.synthesize(text, VoiceSettings("piper", "nobody"))
    unknown = None
except EngineError as exc:
    unknown = str(exc)
print(json.dumps({"voices": engine.voices(), "rate": normal.sample_rate,
                  "normal": len(normal.samples), "fast": len(fast.samples),
                  "peak": float(abs(normal.samples).max()), "unknown": unknown}))
"""


def test_piper_speaks_and_rate_changes_duration():
    # In its own process: piper and pyttsx3 each carry eSpeak NG and crash one process
    # together, and this test process has run pyttsx3. `make test` installs the extra.
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", PIPER_RUN, TEXT], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if "skip" in result:
        pytest.skip(f"piper extra not installed here: {result['skip']}")
    assert result["voices"] == ["joe"] and result["rate"] == 22050
    assert 2.0 < result["normal"] / result["rate"] < 8.0
    assert result["peak"] > 0.05
    assert result["fast"] < 0.8 * result["normal"]
    assert result["unknown"] == "piper has no voice 'nobody' (installed: joe)"


def test_piper_refuses_to_share_a_process_with_pyttsx3():
    get_engine("pyttsx3")  # loaded in this process (also by the tests above)
    from audio_article.speech.piper_engine import PiperEngine
    try:
        engine = PiperEngine()
    except EngineError as exc:
        pytest.skip(f"piper extra not installed here: {exc}")
    assert engine.voices() == ["joe"]  # listing needs no second eSpeak
    with pytest.raises(EngineError, match="cannot run in one process"):
        engine.synthesize(TEXT, VoiceSettings("piper", "joe"))
