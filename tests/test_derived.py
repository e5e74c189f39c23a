"""Files an engine derives once and keeps in the user's cache (speech/derived.py), the
sharded mappings G2P's dictionaries become (speech/lazymap.py), and hibari loaded from
them (speech/hibari_voice.py): made once, checked on every read, made again when
damaged, never needed (an unwritable cache only makes the start slower), and the voice
sounds the same, sample for sample, as hibari's own."""

import hashlib
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audio_article.speech import derived, lazymap

ROOT = Path(__file__).resolve().parents[1]


def maker(payload):
    calls = []

    def make():
        calls.append(1)
        return payload

    return make, calls


def flip_a_byte(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x40
    path.write_bytes(bytes(data))


def test_bytes_are_made_once_then_read(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIO_ARTICLE_ENGINE_CACHE", str(tmp_path))
    make, calls = maker(b"payload" * 1000)
    assert derived.derived_bytes("thing-1.bin", make) == b"payload" * 1000
    assert derived.derived_bytes("thing-1.bin", make) == b"payload" * 1000
    assert len(calls) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["thing-1.bin"]  # no temporary left


def test_damaged_or_truncated_bytes_are_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIO_ARTICLE_ENGINE_CACHE", str(tmp_path))
    make, calls = maker(b"payload" * 1000)
    derived.derived_bytes("thing-1.bin", make)
    flip_a_byte(tmp_path / "thing-1.bin", 3000)
    assert derived.derived_bytes("thing-1.bin", make) == b"payload" * 1000
    (tmp_path / "thing-1.bin").write_bytes((tmp_path / "thing-1.bin").read_bytes()[:500])
    assert derived.derived_bytes("thing-1.bin", make) == b"payload" * 1000
    assert len(calls) == 3
    assert derived.derived_bytes("thing-1.bin", make) == b"payload" * 1000
    assert len(calls) == 3


def test_an_unwritable_cache_still_gives_the_payload(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AUDIO_ARTICLE_ENGINE_CACHE", str(blocker / "engines"))
    make, calls = maker(b"payload")
    assert derived.derived_bytes("thing-1.bin", make) == b"payload"
    assert derived.derived_file("thing-2.bin", make) is None
    assert len(calls) == 2


def test_a_file_is_handed_out_only_with_its_check(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIO_ARTICLE_ENGINE_CACHE", str(tmp_path))
    make, calls = maker(b"model" * 1000)
    path = derived.derived_file("model-1.onnx", make)
    assert path.read_bytes() == b"model" * 1000
    assert derived.derived_file("model-1.onnx", make) == path and len(calls) == 1
    flip_a_byte(path, 10)
    assert derived.derived_file("model-1.onnx", make).read_bytes() == b"model" * 1000
    path.with_name("model-1.onnx.sha256").unlink()  # a file without its check is remade
    assert derived.derived_file("model-1.onnx", make).read_bytes() == b"model" * 1000
    assert len(calls) == 3
    assert derived.derived_file("nothing-1.onnx", lambda: None) is None


def test_the_key_follows_the_sources_contents(tmp_path):
    source = tmp_path / "lexicon.json"
    source.write_text("{}")
    first = derived.key_of(["hibari", "0.2.1"], [source])
    assert derived.key_of(["hibari", "0.2.1"], [source]) == first
    assert derived.key_of(["hibari", "0.2.2"], [source]) != first
    source.write_text("{ }")
    assert derived.key_of(["hibari", "0.2.1"], [source]) != first


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.text(), json_values, max_size=12), st.integers(0, 6))
def test_packed_data_unpacks_equal(data, large):
    previous = lazymap.LARGE
    lazymap.LARGE = large  # small, so that the shards are exercised
    try:
        packed = marshal.loads(marshal.dumps(lazymap.pack({"outer": data, "top": data})))
    finally:
        lazymap.LARGE = previous
    unpacked = lazymap.unpack(packed)
    assert unpacked == {"outer": data, "top": data}
    assert dict(unpacked["outer"]) == data and len(unpacked["outer"]) == len(data)


def test_a_sharded_mapping_answers_as_a_dict():
    data = {f"word{n}": f"phonemes {n}" for n in range(lazymap.LARGE + 50)}
    shards = lazymap.unpack(marshal.loads(marshal.dumps(lazymap.pack(data))))
    assert isinstance(shards, lazymap.ShardedMap)
    assert shards.get("word7") == "phonemes 7" and shards["word4100"] == "phonemes 4100"
    assert "word9" in shards and "nine" not in shards and 9 not in shards
    assert shards.get("nine") is None and shards.get("nine", "x") == "x"
    with pytest.raises(KeyError):
        shards["nine"]
    assert sorted(shards) == sorted(data) and shards == data


def test_anything_else_does_not_unpack():
    with pytest.raises(ValueError):
        lazymap.unpack((3, (b"",)))


# --- hibari loaded from its derived files, in fresh processes --------------------------

TEXT = "Twenty-one days later, Ukraine still stands in Kharkiv and Mariupol."
SPEAK = """
import hashlib, json, sys
import numpy as np
from audio_article.config import VoiceSettings
from audio_article.speech import get_engine
speech = get_engine("hibari").synthesize(sys.argv[1], VoiceSettings("hibari", "heart"))
print(json.dumps({"audio": hashlib.sha256(np.asarray(speech.samples).tobytes()).hexdigest(),
                  "words": [w.text for w in speech.words], "onnx": "onnx" in sys.modules}))
"""


def speak(cache: Path) -> dict:
    env = {**os.environ, "AUDIO_ARTICLE_ENGINE_CACHE": str(cache),
           "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", SPEAK, TEXT], capture_output=True,
                          text=True, env=env, timeout=300, check=True)
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def plain_audio():
    """hibari's own audio for TEXT (its model file and JSON dictionaries)."""
    import hibari
    import numpy as np

    samples = np.asarray(hibari.Hibari(voice="heart", threads=1)(TEXT, speed=1.0, seed=0),
                         dtype=np.float32)
    return hashlib.sha256(samples.tobytes()).hexdigest()


def test_hibari_from_its_derived_files_sounds_the_same(tmp_path, plain_audio):
    first = speak(tmp_path)  # makes the files (with the onnx package)
    assert first["audio"] == plain_audio and first["onnx"]
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".marshal", ".onnx", ".sha256"]
    second = speak(tmp_path)  # reads them: no onnx package, the same audio and words
    assert second == {**first, "onnx": False}
    for path in tmp_path.iterdir():
        if path.suffix in (".onnx", ".marshal"):
            flip_a_byte(path, path.stat().st_size // 2)
    assert speak(tmp_path) == first  # damaged: made again
    assert speak(tmp_path) == second


def test_hibari_without_a_writable_cache_sounds_the_same(tmp_path, plain_audio):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    spoken = speak(blocker / "engines")
    assert spoken["audio"] == plain_audio
    assert spoken["words"][:3] == ["Twenty-one", "days", "later"]
