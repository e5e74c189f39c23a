"""The MP3 encoder, checked with mutagen and decoded by a real ffmpeg."""

from __future__ import annotations

import numpy as np
import pytest
from mutagen.mp3 import MP3, BitrateMode

from audio_article.audio.decode import decode_mp3
from audio_article.audio.mp3 import Mp3Encoder, crc16
from audio_article.errors import AudioError


def encode(path, samples, bitrate=64, chunk=None):
    encoder = Mp3Encoder(bitrate_kbps=bitrate)
    step = chunk or max(1, len(samples))
    for start in range(0, len(samples), step):
        encoder.feed(samples[start:start + step])
    encoder.finish(path)


@pytest.mark.parametrize("n", [1, 1151, 1152, 1153, 44100 * 3 + 7])
def test_exact_length_from_info_header_and_decoder(tmp_path, n):
    path = tmp_path / "x.mp3"
    encode(path, np.zeros(n, np.int16))
    info = MP3(path).info
    assert info.bitrate_mode == BitrateMode.CBR
    assert (info.sample_rate, info.channels) == (44100, 1)
    # mutagen derives the bitrate from byte and frame counts; frames alternate 208 and
    # 209 bytes, so a file of a few frames reads slightly under 64000.
    assert info.bitrate == pytest.approx(64000, rel=0.005 if n > 2000 else 0.02)
    assert round(info.length * 44100) == n
    pcm, _rate = decode_mp3(path)
    assert len(pcm) == n  # ffmpeg trims the delay and padding from the LAME tag
    data = path.read_bytes()
    assert data[21:25] == b"Info"
    assert b"TAG" not in data[-128:-125]


def test_decoded_audio_is_aligned(tmp_path):
    # If the encoder delay in the tag were wrong, the decoded tone would be shifted.
    t = np.arange(44100 * 2) / 44100
    tone = (8000 * np.sin(2 * np.pi * 441 * t) * np.minimum(1, t * 4)).astype(np.int16)
    path = tmp_path / "tone.mp3"
    encode(path, tone, chunk=10_000)
    pcm, _ = decode_mp3(path)
    assert len(pcm) == len(tone)
    inner = slice(2000, -2000)
    corr = np.corrcoef(pcm[inner].astype(float), tone[inner].astype(float))[0, 1]
    assert corr > 0.99


def test_chunked_and_whole_encodes_are_identical(tmp_path):
    rng = np.random.default_rng(0)
    pcm = (rng.standard_normal(44100) * 3000).astype(np.int16)
    encode(tmp_path / "a.mp3", pcm)
    encode(tmp_path / "b.mp3", pcm, chunk=777)
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "b.mp3").read_bytes()


@pytest.mark.parametrize("bitrate", [32, 128])
def test_other_bitrates(tmp_path, bitrate):
    path = tmp_path / "x.mp3"
    encode(path, np.zeros(44100, np.int16), bitrate=bitrate)
    assert MP3(path).info.bitrate == pytest.approx(bitrate * 1000, rel=0.005)
    assert round(MP3(path).info.length * 44100) == 44100
    assert len(decode_mp3(path)[0]) == 44100
    assert MP3(path).info.bitrate_mode == BitrateMode.CBR


def test_bad_settings():
    with pytest.raises(AudioError, match="not an MPEG-1 Layer III bitrate"):
        Mp3Encoder(bitrate_kbps=65)
    with pytest.raises(AudioError, match="sample rate"):
        Mp3Encoder(sample_rate=22050)


def test_failure_leaves_nothing_behind(tmp_path):
    encoder = Mp3Encoder(spool_dir=tmp_path)
    encoder.feed(np.zeros(5000, np.int16))
    with pytest.raises(OSError):
        encoder.finish(tmp_path / "missing-folder" / "x.mp3")
    assert list(tmp_path.iterdir()) == []


def test_crc16_arc_check_value():
    assert crc16(b"123456789") == 0xBB3D  # the CRC-16/ARC check value
