"""The measurements that let the mixer level a programme in one pass, checked against
the reference computations they stand in for (resample_poly, scipy.ndimage, the
streaming BS.1770 meter)."""

from functools import partial

import numpy as np
import pytest
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

from audio_article.audio import loudness as L
from audio_article.audio.formats import Tags
from audio_article.audio.formats.mp3 import MP3
from audio_article.audio.mix import Encoding, layout, master, programme_offset, render, units
from audio_article.audio.pieces import ReadyUnit, level, make_piece
from audio_article.models import ChapterMark, Script, Segment
from audio_article.speech.cache import ClipCache

RATE = 44100


def speechlike(seconds, seed):
    rng = np.random.default_rng(seed)
    t = np.arange(int(RATE * seconds)) / RATE
    tone = np.sin(2 * np.pi * 180 * t) + 0.5 * np.sin(2 * np.pi * 2900 * t + 1)
    envelope = np.abs(np.sin(2 * np.pi * 3 * t)) ** 2
    return (tone * envelope * 0.4 + rng.standard_normal(len(t)) * 0.01).astype(np.float32)


def test_envelope_equals_resample_poly():
    x = speechlike(2, 1)
    reference = np.abs(resample_poly(x.astype(np.float64), 4, 1)).reshape(-1, 4).max(axis=1)
    assert np.abs(L.oversampled_envelope(x) - reference).max() < 1e-6
    partial, bound = L.envelope_above(x, 0.3)
    hot = reference > 0.3
    assert np.abs(partial[hot] - reference[hot]).max() < 1e-6
    assert reference[partial == 0].max(initial=0) <= bound <= 0.3 + 1e-9
    assert L.true_peak(x) == pytest.approx(reference.max(), rel=1e-6)


@pytest.mark.parametrize("half", [1, 7, 441])
def test_moving_min_and_mean_equal_scipy_ndimage(half):
    v = np.random.default_rng(half).random(5000)
    width = 2 * half + 1
    assert np.array_equal(L._moving_min(v, half), minimum_filter1d(v, width, mode="nearest"))
    assert np.allclose(L._moving_mean(v, half), uniform_filter1d(v, width, mode="nearest"))


def test_clip_stats_and_programme_loudness_match_the_meter():
    clips = [speechlike(s, i) for i, s in enumerate([1.3, 2.0, 0.7])]
    stats = [L.clip_stats(c, RATE) for c in clips]
    for clip, got in zip(clips, stats):
        assert got.lufs == pytest.approx(L.integrated_loudness(clip, RATE), abs=1e-9)
    gains, pause = [0.5, 1.7, 1.0], int(0.4 * RATE)
    meter, starts, position = L.LoudnessMeter(RATE), [], 0
    for clip, gain in zip(clips, gains):
        starts.append(position)
        meter.feed(clip * np.float32(gain))
        meter.feed(np.zeros(pause))
        position += len(clip) + pause
    assembled = L.programme_loudness(stats, starts, gains, position, RATE)
    assert assembled == pytest.approx(meter.integrated(), abs=0.02)


def peaky(seconds, seed):
    """Speech-like, with a click every 200 ms: the limiter takes about 0.6 LU off it."""
    x = speechlike(seconds, seed) * 0.3
    x[::8820] = 0.95
    return x


def test_heard_loudness_is_the_clip_between_pauses():
    clip = speechlike(1.3, 4)
    stats = L.clip_stats(clip, RATE)
    pad = int(0.4 * RATE)
    padded = np.concatenate([np.zeros(pad, np.float32), clip, np.zeros(pad, np.float32)])
    heard = L.heard_loudness(stats.energy, RATE)
    assert heard == pytest.approx(L.programme_loudness([stats], [pad], [1.0], len(padded), RATE),
                                  abs=1e-9)
    assert heard == pytest.approx(L.integrated_loudness(padded, RATE), abs=0.02)
    # The blocks straddling its edges pass the gate with part of their energy.
    assert heard < stats.lufs - 0.1


@pytest.mark.parametrize("make", [speechlike, peaky])
def test_a_levelled_clip_is_at_the_target_between_pauses(make):
    """What the limiter takes off a peaky clip's loudness is made up: every clip is at
    the target as the programme hears it, and none passes the ceiling."""
    samples = (make(3.0, 5) * 32767).astype(np.int16)
    levelled = level(samples, L.clip_stats(samples, RATE, peak=False), 0.0, RATE)
    assert (levelled.kept is not None) == (make is peaky)
    if make is peaky:
        assert levelled.kept.min() < 0.5
    pad = np.zeros(int(0.4 * RATE), np.int16)
    heard = np.concatenate([pad, levelled.voice, pad]).astype(np.float32) / 32768
    assert L.integrated_loudness(heard, RATE) == pytest.approx(L.TARGET_LUFS, abs=0.05)
    assert L.true_peak_dbtp(heard) <= L.CEILING_DBTP + 0.01


def script_of(count):
    segments = tuple(Segment(f"s{i}", "body", f"S {i}.", f"S {i}.", 300, 0) for i in range(count))
    return Script("T", segments, (ChapterMark("One", 0),), "en")


def test_stored_stats_and_bounds_do_not_change_the_output(tmp_path):
    """The first levelling measures true peaks (as bounds) and they are stored; a second
    one that reads them skips work but must give the same PCM."""
    clips = [(speechlike(1.0, i) * 32767 * (0.3 + i)).clip(-32768, 32767).astype(np.int16)
             for i in range(3)]
    cache = ClipCache(tmp_path)
    for i, clip in enumerate(clips):
        cache.put(f"s{i}", clip, RATE, L.clip_stats(clip, RATE, peak=False))

    def levelled():
        out = []
        for i in range(3):
            found = cache.entry(f"s{i}")
            samples, stats = found.samples, found.stats
            levelled = level(samples, stats, 0.0, RATE)
            voice, known = levelled.voice, levelled.stats
            cache.put(f"s{i}", samples, RATE, known)
            out.append(voice)
        return np.concatenate(out)

    first = levelled()
    assert all(np.isfinite(cache.entry(f"s{i}").stats.peak) for i in range(3))
    assert np.array_equal(levelled(), first)
    audio = first.astype(np.float32) / 32768
    assert L.true_peak_dbtp(audio) <= L.CEILING_DBTP + 0.05


def units_of(script, clips):
    """offset -> the script's units levelled and encoded (MP3), as ClipSource gives them."""
    encode = partial(MP3.encode_piece, rate=RATE, bitrate_kbps=64)

    def ready(offset):
        for first, last in units(script):
            stats = [L.clip_stats(c, RATE, peak=False) for c in clips[first:last + 1]]
            gaps = [s.pause_after_ms * RATE // 1000 for s in script.segments[first:last]]
            piece = make_piece(list(zip(clips[first:last + 1], stats)), gaps, offset, RATE,
                               encode)
            yield ReadyUnit(first, last, len(piece.pcm), piece, lambda: None)
    return ready


TAGS = Tags(title="T", artist="A", album="B", language="en", voice="test/voice",
            provenance={})


def master_mp3(script, clips, into):
    return master(script, RATE, units_of(script, clips), [Encoding(MP3, 64)], into, "a", TAGS)


def test_master_levels_the_programme(tmp_path):
    script = script_of(4)
    clips = [(make(1.5, i) * 32767 * s).astype(np.int16)
             for i, (make, s) in enumerate([(speechlike, 0.05), (peaky, 1.0), (speechlike, 0.8),
                                            (peaky, 0.2)])]
    mastered = master_mp3(script, clips, tmp_path)
    plan = layout(script, [len(c) for c in clips], RATE)
    assert mastered.sample_count == plan.sample_count
    assert mastered.files[0].path == tmp_path / "a.mp3"
    out = []
    render(script, plan, lambda i: clips[i], out.append)
    pcm = np.concatenate(out).astype(np.float32) / 32768
    # Clips levelled alone land the programme near the target (its 300 ms pauses are
    # shorter than a gating block, which heard_loudness assumes), far inside the 0.3 LU
    # that would make the mixer level and encode it again.
    assert L.integrated_loudness(pcm, RATE) == pytest.approx(L.TARGET_LUFS, abs=0.1)


def test_the_mp3_assembled_from_units_decodes_as_the_programme(tmp_path):
    """Units encoded apart and placed on the frame grid with silent frames between them
    decode (ffmpeg, gapless) to the programme's PCM at the layout's positions: as close
    to it as one continuous encoding, with silence where the pauses are."""
    from audio_article.audio.decode import decode_mp3
    from audio_article.audio.mp3 import encode_mp3

    rng = np.random.default_rng(7)
    segments = tuple(Segment(f"s{i}", "body", "S.", "S.", int(p), 0)
                     for i, p in enumerate(rng.choice([0, 40, 300, 650, 1100], 9)))
    script = Script("T", segments, (ChapterMark("One", 0),), "en")
    clips = [(speechlike(rng.uniform(0.3, 2.0), i) * 32767 * 0.4).astype(np.int16)
             for i in range(9)]
    master_mp3(script, clips, tmp_path)
    (tmp_path / "a.mp3").rename(tmp_path / "units.mp3")
    plan = layout(script, [len(c) for c in clips], RATE)
    assert all(plan.starts[u] % 1152 == 0 for u in plan.units)
    out = []
    render(script, plan, lambda i: clips[i], out.append)
    pcm = np.concatenate(out)
    assert len(pcm) == plan.sample_count
    encode_mp3(pcm, tmp_path / "whole.mp3")
    reference = pcm.astype(np.float64) / 32768
    snr = {}
    for name in ("units", "whole"):
        decoded, rate = decode_mp3(tmp_path / f"{name}.mp3")
        decoded = np.asarray(decoded, np.float64).ravel()
        decoded = decoded / 32768 if np.abs(decoded).max() > 2 else decoded
        assert rate == RATE and len(decoded) == plan.sample_count
        error = decoded - reference
        snr[name] = 10 * np.log10(np.sum(reference ** 2) / np.sum(error ** 2))
        # Well inside the pauses (away from the voices' coding noise), silence.
        for index in range(len(segments) - 1):
            gap = slice(plan.ends[index] + 2304, plan.starts[index + 1] - 2304)
            assert np.abs(decoded[gap]).max(initial=0) < 1e-3
    assert snr["units"] > 15 and snr["units"] > snr["whole"] - 0.5


def test_k_weighting_equals_pyloudnorm_and_lfilter():
    from pyloudnorm.iirfilter import IIRfilter
    from scipy.signal import lfilter

    for rate in (44100, 48000, 24000):
        reference = (IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, rate, "high_shelf"),
                     IIRfilter(0.0, 0.5, 38.0, rate, "high_pass"))
        for (b, a), ref in zip(L._k_weighting(rate), reference):
            assert np.allclose(b, ref.b, rtol=1e-12) and np.allclose(a, ref.a, rtol=1e-12)
    x = speechlike(3, 5).astype(np.float64)
    filtered = x
    for b, a in L._k_weighting(RATE):
        filtered = lfilter(b, a, filtered)
    assert np.abs(L.k_weighted(x, RATE) - filtered).max() < 1e-10


def test_resampling_to_the_programme_rate_keeps_pitch_length_and_level():
    from audio_article.speech.base import Speech
    from audio_article.speech.synth import to_programme_rate

    t = np.arange(24000 * 2) / 24000
    tone = (0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    out = to_programme_rate(Speech(tone, 24000)).astype(np.float64) / 32767
    assert len(out) == 2 * RATE
    middle = out[RATE // 2: RATE + RATE // 2]
    spectrum = np.abs(np.fft.rfft(middle))
    assert abs(np.argmax(spectrum) * RATE / len(middle) - 1000) < 2
    assert np.sqrt(np.mean(middle ** 2)) == pytest.approx(0.5 / np.sqrt(2), rel=0.01)


def test_limiter_on_stretches_equals_the_whole_signal_computation():
    """The limiter filters only the stretches where it acts; the result must equal the
    filters run over the whole clip."""
    rng = np.random.default_rng(3)
    x = speechlike(3.0, 5) * 2.5
    x[rng.integers(0, len(x), 40)] *= 1.8  # isolated peaks, some close together
    envelope = L.oversampled_envelope(x)
    need = np.minimum(1.0, L.ceiling() / np.maximum(envelope, 1e-12))
    half = int(RATE * 10 / 1000)
    reference = x * np.minimum(L._moving_mean(L._moving_min(need, half), half), need)
    got = L.limit_true_peak(x, RATE, envelope=envelope)
    assert np.abs(got - reference.astype(np.float32)).max() < 1e-6
    assert np.array_equal(got == x, reference.astype(np.float32) == x)


@pytest.mark.parametrize("make", [speechlike, peaky])
@pytest.mark.parametrize("offset, gain", [(0.0, 1.0), (-1.5, 2.5), (2.0, 0.2)])
def test_levelling_under_two_ceilings_shares_one_envelope_and_changes_nothing(make, offset, gain):
    """level_under finds the oversampled envelope once, at the lower ceiling's threshold:
    each levelling is sample for sample the one ``level`` makes alone, with the stats
    unknown (the envelope measured) and known (the bound stored)."""
    from audio_article.audio.pieces import level_under

    samples = (make(2.0, 11) * 32767 * gain).clip(-32768, 32767).astype(np.int16)
    ceilings = (L.CEILING_DBTP, L.STREAM_CEILING_DBTP)
    for stats in (L.clip_stats(samples, RATE, peak=False), L.clip_stats(samples, RATE)):
        shared = level_under(samples, stats, offset, RATE, ceilings)
        for ceiling, levelled in zip(ceilings, shared):
            alone = level(samples, stats, offset, RATE, ceiling)
            assert np.array_equal(levelled.voice, alone.voice)
            assert levelled.gain == alone.gain
        assert L.true_peak_dbtp(shared[1].voice.astype(np.float32) / 32768) <= \
            L.STREAM_CEILING_DBTP + 0.01


def test_a_piece_for_several_formats_carries_each_ceilings_pcm():
    clips = [((peaky(1.0, i) * 32767).astype(np.int16), None) for i in range(2)]
    clips = [(c, L.clip_stats(c, RATE, peak=False)) for c, _ in clips]
    piece = make_piece(clips, [4410], 0.0, RATE, None, (L.STREAM_CEILING_DBTP,))
    alone = make_piece(clips, [4410], 0.0, RATE, None)
    assert np.array_equal(piece.pcm, alone.pcm) and not alone.others
    assert len(piece.others[L.STREAM_CEILING_DBTP]) == len(piece.pcm)
    unit = ReadyUnit(0, 1, len(piece.pcm), piece, lambda c: pytest.fail("levelled again"))
    assert unit.pcm(L.STREAM_CEILING_DBTP) is piece.others[L.STREAM_CEILING_DBTP]
