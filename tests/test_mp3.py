"""The streaming MP3 encoder and its Info/LAME frame, read back by mutagen and decoded by
a real ffmpeg (STANDARDS.md section 3)."""

from __future__ import annotations

import struct
import subprocess

import numpy as np
import pytest
from mutagen.id3 import CHAP, CTOC, ID3, TIT2
from mutagen.mp3 import MP3, BitrateMode

from audio_article.audio import mp3
from audio_article.audio.decode import (decode_mp3, ffmpeg_chapters, ffmpeg_exe,
                                        parse_ffmetadata_chapters)
from audio_article.audio.mp3 import (ENCODER_DELAY, FrameWalker, Mp3Encoder, crc16,
                                     encode_mp3, frame_length)
from audio_article.errors import AudioError

RATE = 44100
LENGTHS = [1, 1151, 1152, 1153, RATE * 3 + 7]


def encode(path, samples, chunk=None, **settings):
    with Mp3Encoder(**settings) as encoder:
        step = chunk or max(1, len(samples))
        for start in range(0, len(samples), step):
            encoder.feed(samples[start:start + step])
        return encoder.finish(path)


def frame_headers(data: bytes) -> list[bytes]:
    headers, position = [], 0
    while position < len(data):
        headers.append(data[position:position + 4])
        position += frame_length(data[position:position + 4])
    assert position == len(data)
    return headers


def chirp(n: int, rate: int = RATE) -> np.ndarray:
    """A 200 Hz to 4 kHz sweep: unlike a sine, it matches itself at one lag only."""
    t = np.arange(n) / rate
    phase = 2 * np.pi * (200 * t + (3800 / (2 * t[-1])) * t ** 2)
    return (12000 * np.sin(phase) * np.minimum(1, t * 20)).astype(np.int16)


@pytest.fixture(scope="module", params=LENGTHS)
def encoded(request, tmp_path_factory):
    n = request.param
    samples = chirp(n) if n > 1000 else np.full(n, 1000, np.int16)
    path = tmp_path_factory.mktemp("mp3") / "x.mp3"
    return n, path, encode(path, samples, chunk=1000)


def test_mutagen_reads_exact_length_and_cbr(encoded):
    n, path, result = encoded
    info = MP3(path).info
    assert info.bitrate_mode == BitrateMode.CBR
    assert (info.sample_rate, info.channels) == (RATE, 1)
    assert round(info.length * RATE) == n
    # mutagen derives the bitrate from the byte count of the frames, and LAME pads
    # 64 kbps frames to 208 or 209 bytes (208.98 on average): 2 frames read as 63853.
    assert round(info.bitrate / 1000) == 64
    assert info.encoder_settings == "-b 64"


def test_every_audio_frame_is_64k_mono_and_the_info_frame_comes_first(encoded):
    n, path, result = encoded
    data = path.read_bytes()
    assert data[21:25] == b"Info"  # MPEG-1 mono: 4-byte header + 17 bytes side info
    headers = frame_headers(data)
    assert {h[:2] + bytes([h[2] & 0xFD, h[3]]) for h in headers} == {b"\xff\xfb\x50\xc4"}
    assert len(headers) - 1 == result.frames
    assert b"TAG" != data[-128:-125]  # no ID3v1
    assert not data.startswith(b"ID3")  # the tag is written later, by package/id3


def test_info_frame_fields(encoded):
    n, path, result = encoded
    data = path.read_bytes()
    flags, frames, size = struct.unpack(">III", data[25:37])
    assert (flags, frames, size) == (0x0F, result.frames, len(data))
    toc = list(data[37:137])
    assert toc == sorted(toc) and toc[0] == 208 * 256 // len(data) and toc[-1] < 256
    lame = data[141:177]
    assert lame[:4] == b"LAME" and lame[9] == 0x01  # tag revision 0, CBR
    delay_padding = int.from_bytes(lame[21:24], "big")
    delay, padding = delay_padding >> 12, delay_padding & 0xFFF
    assert (delay, padding) == (ENCODER_DELAY, result.padding)
    assert frames * 1152 - delay - padding == n
    music_length, music_crc, tag_crc = struct.unpack(">IHH", lame[28:36])
    assert music_length == len(data)
    assert music_crc == crc16(data[208:])
    # LAME's tag CRC covers every byte before it: 175 here, not the 190 of the stereo
    # layout in the spec (LAME's VbrTag.c feeds it the frame up to the CRC field).
    assert tag_crc == crc16(data[:175])


def test_ffmpeg_decodes_exactly_the_samples_fed(encoded):
    n, path, result = encoded
    pcm, rate = decode_mp3(path)
    assert (len(pcm), rate) == (n, RATE)
    assert result.samples == n and result.duration_s == n / RATE


def test_decoded_audio_is_aligned_to_the_sample(tmp_path):
    """If the delay in the LAME tag were wrong, the decoded audio would be shifted."""
    source = chirp(RATE * 2)
    path = tmp_path / "chirp.mp3"
    encode(path, source, chunk=7919)
    pcm, _ = decode_mp3(path)
    assert len(pcm) == len(source)
    a, b = pcm.astype(float), source.astype(float)
    lags = range(-40, 41)
    scores = [np.dot(np.roll(a, -lag)[100:-100], b[100:-100]) for lag in lags]
    assert lags[int(np.argmax(scores))] == 0
    assert np.corrcoef(a, b)[0, 1] > 0.99


def test_decoded_sine_matches(tmp_path):
    t = np.arange(RATE) / RATE
    sine = (10000 * np.sin(2 * np.pi * 441 * t)).astype(np.int16)
    path = tmp_path / "sine.mp3"
    encode(path, sine, chunk=4410)
    pcm, _ = decode_mp3(path)
    assert len(pcm) == len(sine)
    assert np.corrcoef(pcm.astype(float), sine.astype(float))[0, 1] > 0.99


def test_chunking_does_not_change_the_file(tmp_path):
    pcm = chirp(RATE)
    encode(tmp_path / "a.mp3", pcm)
    encode(tmp_path / "b.mp3", pcm, chunk=777)
    encode_mp3(pcm, tmp_path / "c.mp3", chunk=1)
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "b.mp3").read_bytes()
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "c.mp3").read_bytes()


@pytest.mark.parametrize("rate,kbps", [(44100, 32), (44100, 128), (48000, 64),
                                       (48000, 32), (32000, 320)])
def test_other_rates_and_bitrates(tmp_path, rate, kbps):
    n = rate + 5
    path = tmp_path / "x.mp3"
    encode(path, chirp(n, rate), sample_rate=rate, bitrate_kbps=kbps)
    info = MP3(path).info
    assert (info.bitrate_mode, info.sample_rate) == (BitrateMode.CBR, rate)
    assert round(info.length * rate) == n
    assert abs(info.bitrate - kbps * 1000) < kbps * 1000 / 100
    assert decode_mp3(path)[0].shape == (n,)


def test_info_frame_at_low_bitrate_uses_a_larger_frame(tmp_path):
    # 32 kbps mono at 44.1 kHz: a 104-byte frame cannot hold the 177-byte tag, so the
    # Info frame is a 56 kbps frame, as ffmpeg's muxer does; the audio stays at 32.
    path = tmp_path / "x.mp3"
    result = encode(path, chirp(RATE), bitrate_kbps=32)
    headers = frame_headers(path.read_bytes())
    assert headers[0][2] >> 4 == 4 and {h[2] >> 4 for h in headers[1:]} == {1}
    assert result.stream_bytes == path.stat().st_size


@pytest.mark.parametrize("settings", [{"bitrate_kbps": 65}, {"bitrate_kbps": 8},
                                      {"bitrate_kbps": 384}, {"sample_rate": 22050},
                                      {"sample_rate": 24000}])
def test_bad_settings(settings):
    with pytest.raises(AudioError, match="MPEG-1"):
        Mp3Encoder(**settings)


@pytest.mark.parametrize("samples", [np.zeros(10, np.float32), np.zeros((10, 2), np.int16),
                                     np.zeros(10, np.int32)])
def test_only_mono_int16_is_accepted(samples):
    with Mp3Encoder() as encoder, pytest.raises(AudioError, match="mono int16"):
        encoder.feed(samples)


def test_empty_programme_is_refused(tmp_path):
    with Mp3Encoder() as encoder, pytest.raises(AudioError, match="0 samples"):
        encoder.finish(tmp_path / "x.mp3")
    assert list(tmp_path.iterdir()) == []


def test_exception_mid_encode_leaves_nothing(tmp_path):
    with pytest.raises(RuntimeError), Mp3Encoder(spool_dir=tmp_path) as encoder:
        encoder.feed(chirp(RATE))
        assert list(tmp_path.iterdir()) == []  # the spool is anonymous
        raise RuntimeError("synthesis failed")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(AudioError, match="closed"):
        encoder.feed(chirp(10))


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "episode.mp3"
    path.write_bytes(b"old episode")

    def disk_full(source, target, length):
        target.write(source.read(1000))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(mp3.shutil, "copyfileobj", disk_full)
    encoder = Mp3Encoder(spool_dir=tmp_path)
    encoder.feed(chirp(RATE))
    with pytest.raises(AudioError, match="No space left"):
        encoder.finish(path)
    assert [p.name for p in tmp_path.iterdir()] == ["episode.mp3"]
    assert path.read_bytes() == b"old episode"


def test_missing_folder_is_an_audio_error(tmp_path):
    encoder = Mp3Encoder()
    encoder.feed(chirp(100))
    with pytest.raises(AudioError, match="cannot write"):
        encoder.finish(tmp_path / "missing" / "x.mp3")


def test_frame_walker_takes_any_split(tmp_path):
    data = encode(tmp_path / "x.mp3", chirp(RATE)).path.read_bytes()[208:]
    rng = np.random.default_rng(1)
    walker, position = FrameWalker(RATE, 64), 0
    while position < len(data):
        step = int(rng.integers(1, 9))
        walker.feed(data[position:position + step])
        position += step
    walker.done()
    assert (walker.frames, walker.size, walker.crc) == (
        len(frame_headers(data)), len(data), crc16(data))


def test_frame_walker_rejects_a_frame_at_another_bitrate(tmp_path):
    data = encode(tmp_path / "x.mp3", chirp(RATE)).path.read_bytes()[208:]
    walker = FrameWalker(RATE, 64)
    walker.feed(data[:209])  # the first frame: 208 bytes, then one byte of the second
    with pytest.raises(AudioError, match="not the mono CBR frame"):
        walker.feed(b"\xfb\x90\xc4")  # 128 kbps
    walker = FrameWalker(RATE, 64)
    walker.feed(data[:100])
    with pytest.raises(AudioError, match="truncated"):
        walker.done()


def test_crc16_is_crc16_arc():
    assert crc16(b"123456789") == 0xBB3D  # the catalogue check value of CRC-16/ARC
    data = bytes(range(256)) * 40 + b"tail"
    assert crc16(data[5000:], crc16(data[:5000])) == crc16(data)


def test_music_crc_agrees_with_ffmpegs_lame_muxer(tmp_path):
    """ffmpeg writes a LAME tag too: our crc16 over its audio frames gives its music CRC."""
    path = tmp_path / "ff.mp3"
    command = [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine=d=0.5", "-ac", "1",
               "-c:a", "libmp3lame", "-b:a", "64k", "-id3v2_version", "0", str(path)]
    if subprocess.run(command, capture_output=True).returncode:
        pytest.skip("this ffmpeg has no libmp3lame")
    data = path.read_bytes()
    info_size = frame_length(data[:4])
    assert struct.unpack(">H", data[173:175])[0] == crc16(data[info_size:])


# --- decode.py ----------------------------------------------------------------------


def test_decode_failure_carries_command_and_stderr(tmp_path):
    bad = tmp_path / "bad.mp3"
    bad.write_bytes(b"not an mp3 at all" * 10)
    with pytest.raises(AudioError) as caught:
        decode_mp3(bad)
    assert "ffmpeg" in str(caught.value) and str(bad) in str(caught.value)
    assert len(str(caught.value).splitlines()) > 1


def test_ffmpeg_chapters_round_trip(tmp_path):
    path = tmp_path / "ch.mp3"
    encode(path, chirp(RATE * 3))
    tag = ID3()
    tag.add(CTOC(element_id="toc", flags=3, child_element_ids=["c0", "c1"],
                 sub_frames=[TIT2(encoding=1, text=["Contents"])]))
    for cid, title, start, end in [("c0", "Intro", 0, 1500), ("c1", "A = b; #c \\ d", 1500, 3000)]:
        tag.add(CHAP(element_id=cid, start_time=start, end_time=end,
                     sub_frames=[TIT2(encoding=1, text=[title])]))
    tag.update_to_v23()
    tag.save(path, v2_version=3)
    chapters = sorted(ffmpeg_chapters(path), key=lambda c: c["start_ms"])
    # Not 1475: without -copyts the ffmpeg CLI would move chapters by the 25 ms delay.
    assert chapters == [{"title": "Intro", "start_ms": 0, "end_ms": 1500},
                        {"title": "A = b; #c \\ d", "start_ms": 1500, "end_ms": 3000}]


@pytest.mark.parametrize("text,expected", [
    (";FFMETADATA1\ntitle=x\n", []),
    (";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1500\ntitle=One\n"
     "[CHAPTER]\nTIMEBASE=1/44100\nSTART=44100\nEND=88200\ntitle=a\\=b\\;c\\#d\\\\e\n",
     [{"title": "One", "start_ms": 0, "end_ms": 1500},
      {"title": "a=b;c#d\\e", "start_ms": 1000, "end_ms": 2000}]),
    ("[CHAPTER]\n# comment\nSTART=1\nEND=2\ntitle=two\\\nlines\n",
     [{"title": "two\nlines", "start_ms": 1, "end_ms": 2}]),
    ("[CHAPTER]\nTIMEBASE=1/1000000000\nSTART=1500000000\nEND=2000000000\n",
     [{"title": "", "start_ms": 1500, "end_ms": 2000}]),
    ("[CHAPTER]\nSTART=5\nEND=9\n[STREAM]\ntitle=not a chapter\n",
     [{"title": "", "start_ms": 5, "end_ms": 9}]),
])
def test_parse_ffmetadata_chapters(text, expected):
    assert parse_ffmetadata_chapters(text) == expected


# --- pieces encoded apart and assembled ---------------------------------------------


@pytest.mark.parametrize("length", [1, 575, 1151, 1152, 1153, 2304, 5000, RATE + 3])
def test_a_piece_has_the_frames_the_layout_counts_on(length):
    samples = (np.random.default_rng(length).standard_normal(length) * 3000).astype(np.int16)
    data = mp3.encode_piece(samples)
    assert len(frame_headers(data)) == mp3.piece_frames(length)
    # A fresh encoder's first frame takes nothing from a bit reservoir (main_data_begin
    # is the first 9 bits after the 4-byte header of a frame without CRC).
    assert (data[4] << 1 | data[5] >> 7) == 0


def test_assembled_stream_reads_as_cbr_with_exact_length(tmp_path):
    tone = (np.sin(np.arange(RATE // 2) * 0.06) * 9000).astype(np.int16)
    with mp3.Mp3Assembler(RATE, 64, spool_dir=tmp_path) as stream:
        stream.place(0, mp3.encode_piece(tone))
        stream.place(60, mp3.encode_piece(tone))
        stream.samples = 60 * 1152 + len(tone) + RATE // 3
        result = stream.finish(tmp_path / "a.mp3")
    info = MP3(tmp_path / "a.mp3").info
    assert info.bitrate_mode == BitrateMode.CBR and info.sample_rate == RATE
    assert abs(info.length - result.samples / RATE) < 1e-3
    data = (tmp_path / "a.mp3").read_bytes()
    # Silent frames keep the byte count at the nominal bitrate: within one byte of
    # 64 kbps over the stream, so time-to-byte seeking stays exact.
    first = frame_length(data[:4])
    assert abs((len(data) - first) - result.frames * 144_000 * 64 / RATE) <= 1
    decoded, rate = decode_mp3(tmp_path / "a.mp3")
    decoded = np.asarray(decoded, np.float64).ravel()
    assert len(decoded) == result.samples
    peaks = np.abs(decoded)
    assert peaks[:len(tone)].max() > 0.1 and peaks[60 * 1152: 60 * 1152 + len(tone)].max() > 0.1
    assert peaks[len(tone) + 3000: 60 * 1152 - 3000].max() < 1e-3


def test_overlapping_pieces_are_refused(tmp_path):
    piece = mp3.encode_piece(np.ones(3000, np.int16))
    with mp3.Mp3Assembler(RATE, 64, spool_dir=tmp_path) as stream:
        stream.place(0, piece)
        with pytest.raises(AudioError, match="overlaps"):
            stream.place(2, piece)
