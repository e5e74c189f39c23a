import os
import subprocess
import sys
import time

import numpy as np

from audio_article.speech.cache import HEADER, ClipCache

KEY = "0123456789abcdef0123"


def test_round_trip_and_length(tmp_path):
    cache = ClipCache(tmp_path)
    samples = (np.arange(1000) - 500).astype(np.int16)
    cache.put(KEY, samples, 44100)
    got, rate = cache.entry(KEY).samples, cache.entry(KEY).rate
    assert rate == 44100 and np.array_equal(got, samples)
    assert cache.length(KEY) == 1000
    assert cache.entry("f" * 20) is None


def test_truncated_or_corrupt_entries_are_dropped(tmp_path):
    cache = ClipCache(tmp_path)
    cache.put(KEY, np.ones(1000, np.int16), 44100)
    path = cache.path(KEY)
    data = path.read_bytes()
    path.write_bytes(data[:-10])
    assert cache.entry(KEY) is None and not path.exists()
    cache.put(KEY, np.ones(1000, np.int16), 44100)
    flipped = bytearray(path.read_bytes())
    flipped[HEADER.size + 5] ^= 0xFF
    path.write_bytes(bytes(flipped))
    assert cache.entry(KEY) is None


def test_info_clear_and_lru_eviction(tmp_path):
    cache = ClipCache(tmp_path, cap_bytes=3 * (2000 + HEADER.size))
    for i in range(5):
        cache.put(f"{i:02d}" + "a" * 18, np.ones(1000, np.int16), 44100)
        old = time.time() - 7200 + i  # older than the one-hour protection, in order
        os.utime(cache.path(f"{i:02d}" + "a" * 18), (old, old))
    assert cache.info().entries == 5
    assert cache.evict() == 2
    assert cache.entry("00" + "a" * 18) is None and cache.entry("04" + "a" * 18) is not None
    assert cache.clear() == 3 and cache.info().entries == 0


def test_recently_used_entries_survive_eviction(tmp_path):
    cache = ClipCache(tmp_path, cap_bytes=1)
    cache.put(KEY, np.ones(100, np.int16), 44100)
    assert cache.evict() == 0


def test_cli_cache_info_and_clear(tmp_path):
    ClipCache(tmp_path).put(KEY, np.ones(100, np.int16), 44100)
    run = lambda *a: subprocess.run([sys.executable, "-m", "audio_article", "cache", *a,
                                     "--cache-dir", str(tmp_path)], capture_output=True, text=True)
    assert "1 clips" in run("info").stdout
    assert run("clear").returncode == 0
    assert "0 clips" in run("info").stdout


def test_pieces_round_trip_and_damage_is_dropped(tmp_path):
    from audio_article.audio.loudness import ClipStats
    from audio_article.audio.pieces import Piece

    cache = ClipCache(tmp_path)
    piece = Piece(b"\xff\xfb" + bytes(300), (441, 882),
                  (ClipStats(-20.5, 0.5, np.arange(3.0)), ClipStats(float("-inf"), 0.1, np.ones(5))),
                  (1.25, 0.5), (np.full(3, 0.9), None))
    cache.put_piece("ab" * 12, piece)
    got = cache.piece("ab" * 12)
    assert got.data == piece.data and got.lengths == piece.lengths
    assert [s.lufs for s in got.stats] == [-20.5, float("-inf")]
    assert np.array_equal(got.stats[1].energy, np.ones(5))
    assert got.gains == (1.25, 0.5)
    assert np.array_equal(got.kept[0], np.full(3, 0.9)) and got.kept[1] is None
    assert cache.info().entries == 1 and cache.info().pieces == 1 and cache.info().clips == 0
    path = cache.piece_path("ab" * 12)
    path.write_bytes(path.read_bytes()[:-1])
    assert cache.piece("ab" * 12) is None and not path.exists()


def test_word_timings_round_trip_and_go_with_their_clip(tmp_path):
    from audio_article.speech.base import SpokenWord

    cache = ClipCache(tmp_path, cap_bytes=1)
    words = (SpokenWord("Kyiv", 0.025, 0.5), SpokenWord("twenty-four", 0.55, 1.2))
    cache.put_words(KEY, words)
    cache.put(KEY, np.ones(100, np.int16), 44100)
    assert cache.words(KEY) == words
    assert cache.put_words("f" * 20, ()) is None and cache.words("f" * 20) == ()
    cache.words_path(KEY).write_text("[[1, 2", encoding="utf-8")
    assert cache.words(KEY) == ()  # unreadable: no timings, nothing worse
    cache.put_words(KEY, words)
    old = time.time() - 7200
    os.utime(cache.path(KEY), (old, old))
    assert cache.evict() == 1
    assert not cache.words_path(KEY).exists() and cache.words(KEY) == ()


def test_a_killed_writers_temporary_file_is_removed_and_a_live_ones_kept(tmp_path):
    """A worker killed while it wrote an entry leaves ``.tmp-PID-...``; after a failed
    run the cache removes those whose writer is gone, never a running writer's."""
    cache = ClipCache(tmp_path)
    cache.put("ab" * 16, np.zeros(100, dtype=np.int16), 24000)
    bucket = next(p for p in tmp_path.iterdir() if p.is_dir())
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (bucket / f".tmp-{gone.pid}-x1").write_bytes(b"half")
    (bucket / f".tmp-{os.getpid()}-x2").write_bytes(b"still writing")
    assert cache.remove_orphans() == 1
    assert sorted(p.name for p in bucket.glob(".tmp-*")) == [f".tmp-{os.getpid()}-x2"]
    assert cache.length("ab" * 16) == 100
