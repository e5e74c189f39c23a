"""The checkable rules of STANDARDS.md 1.2 (ID3 chapters) and 3 (audio), one function
each, applied to the facts ``inspect`` read from a file. The ID3 and MPEG rules are an
MP3's; chapters that start at 0:00 and follow each other, titled, mono audio and the
loudness targets are every format's."""

from __future__ import annotations

from typing import Callable, Iterator

from .inspect import (END_TOLERANCE_MS, LOUDNESS_TARGET, LOUDNESS_TOLERANCE, MAX_TRUE_PEAK,
                      Facts, Violation)

Rule = Callable[[Facts], Iterator[Violation]]


def toc(facts: Facts) -> Iterator[Violation]:
    """1.2-#1: one CTOC, top-level and ordered (flags 3)."""
    if facts.tag_version is None:
        yield Violation("1.2-#1", "no ID3v2 tag at the start of the file")
        return
    top = [t for t in facts.tocs if t["flags"] & 2]
    if len(facts.tocs) != 1 or len(top) != 1:
        yield Violation("1.2-#1", f"expected exactly one top-level CTOC, found {len(facts.tocs)} "
                                  f"CTOC ({len(top)} top-level)")
    elif facts.tocs[0]["flags"] != 3:
        yield Violation("1.2-#1", f"CTOC flags are {facts.tocs[0]['flags']:#04x}, not 0x03 "
                                  "(top-level and ordered)")


def toc_children(facts: Facts) -> Iterator[Violation]:
    """1.2-#2: the CTOC lists every CHAP once, in ascending start time."""
    if not facts.tocs:
        return
    children = facts.tocs[0]["children"]
    by_time = [c.element_id for c in sorted(facts.chapters, key=lambda c: c.start_ms)]
    if sorted(children) != sorted(by_time) or len(set(children)) != len(children):
        yield Violation("1.2-#2", "the CTOC does not list every CHAP exactly once")
    elif children != by_time:
        yield Violation("1.2-#2", "the CTOC lists the chapters out of time order")


def element_ids(facts: Facts) -> Iterator[Violation]:
    """1.2-#3: element IDs unique across CHAP and CTOC, ASCII."""
    ids = [c.element_id for c in facts.chapters] + [t["element_id"] for t in facts.tocs]
    if len(set(ids)) != len(ids):
        yield Violation("1.2-#3", "element IDs are not unique across CHAP and CTOC frames")
    if not all(i.isascii() for i in ids):
        yield Violation("1.2-#3", "an element ID is not ASCII")


def chapter_count(facts: Facts) -> Iterator[Violation]:
    """1.2-#4: at most 255 children (the CTOC count is one byte)."""
    if facts.tocs and len(facts.tocs[0]["children"]) > 255:
        yield Violation("1.2-#4", f"{len(facts.tocs[0]['children'])} CTOC entries (max 255)")


def titles(facts: Facts) -> Iterator[Violation]:
    """1.2-#5: every CHAP and the CTOC carry a non-empty TIT2 (every chapter a title)."""
    untitled = [c.element_id for c in facts.chapters if not c.title.strip()]
    if untitled:
        yield Violation("1.2-#5", f"chapters without a title: {', '.join(untitled)}")
    if facts.format == "mp3" and facts.tocs and not facts.tocs[0]["has_title"]:
        yield Violation("1.2-#5", "the CTOC has no TIT2 title")


def offsets(facts: Facts) -> Iterator[Violation]:
    """1.2-#6: byte offsets 0xFFFFFFFF, so players use the times."""
    bad = [c.element_id for c in facts.chapters
           if (c.start_offset, c.end_offset) != (0xFFFFFFFF, 0xFFFFFFFF)]
    if bad:
        yield Violation("1.2-#6", f"chapters with byte offsets set: {', '.join(bad)}")


def starts_at_zero(facts: Facts) -> Iterator[Violation]:
    """1.2-#7: the first chapter starts at 0."""
    if facts.chapters and min(c.start_ms for c in facts.chapters) != 0:
        yield Violation("1.2-#7", "the first chapter does not start at 0:00")


def contiguous(facts: Facts) -> Iterator[Violation]:
    """1.2-#8: chapters contiguous; the last ends at the duration (+-30 ms)."""
    chapters = sorted(facts.chapters, key=lambda c: c.start_ms)
    for a, b in zip(chapters, chapters[1:]):
        if a.end_ms != b.start_ms:
            yield Violation("1.2-#8", f"chapter {a.element_id} ends at {a.end_ms} ms but "
                                      f"{b.element_id} starts at {b.start_ms} ms")
    if chapters and abs(chapters[-1].end_ms - facts.duration_ms) > END_TOLERANCE_MS:
        yield Violation("1.2-#8", f"the last chapter ends at {chapters[-1].end_ms} ms, the audio "
                                  f"at {facts.duration_ms:.0f} ms")


def physical_order(facts: Facts) -> Iterator[Violation]:
    """1.2-#9: CHAP frames stored in time order (ffmpeg-based players read file order)."""
    starts = [c.start_ms for c in facts.chapters]
    if starts != sorted(starts):
        yield Violation("1.2-#9", "CHAP frames are not stored in time order; ffmpeg-based "
                                  "players will list chapters out of order")


def version(facts: Facts) -> Iterator[Violation]:
    """1.2-#10: ID3v2.3 with UTF-16 text."""
    if facts.tag_version and facts.tag_version != "2.3":
        yield Violation("1.2-#10", f"the tag is ID3v{facts.tag_version}, not v2.3")
    if facts.non_utf16_text:
        yield Violation("1.2-#10", f"text frames not in UTF-16: {', '.join(facts.non_utf16_text)}")


def frame_walk(facts: Facts) -> Iterator[Violation]:
    """1.2-#11: walking frames by their sizes ends cleanly (synchsafe sizes in v2.4)."""
    for problem in facts.walk_problems:
        yield Violation("1.2-#11", problem)


def loudness(facts: Facts) -> Iterator[Violation]:
    """3.1-#1 and #2: -19 LUFS +-1 (mono) and true peak at most -1 dBTP, decoded."""
    lufs, peak = facts.loudness_lufs, facts.true_peak_dbtp
    if lufs is not None and abs(lufs - LOUDNESS_TARGET) > LOUDNESS_TOLERANCE:
        yield Violation("3.1-#1", f"integrated loudness {lufs:.1f} LUFS, not "
                                  f"{LOUDNESS_TARGET:g} +- {LOUDNESS_TOLERANCE:g}")
    if peak is not None and peak > MAX_TRUE_PEAK:
        yield Violation("3.1-#2", f"true peak {peak:.1f} dBTP is above {MAX_TRUE_PEAK:g} dBTP")


def mono(facts: Facts) -> Iterator[Violation]:
    """3.2-#7: a single narrator is mono."""
    if facts.channels != 1:
        yield Violation("3.2-#7", f"{facts.channels} channels; a single narrator is mono")


def encoding(facts: Facts) -> Iterator[Violation]:
    """3.2-#6 to #9: MPEG-1 Layer III at 44.1 kHz, mono, CBR with an Info header."""
    if facts.sample_rate != 44100 or facts.mpeg != "MPEG-1 Layer 3":
        yield Violation("3.2-#6", f"{facts.mpeg} at {facts.sample_rate} Hz, not MPEG-1 Layer III "
                                  "at 44100 Hz")
    yield from mono(facts)
    if facts.bitrate_mode != "CBR":
        yield Violation("3.2-#8", f"bitrate mode is {facts.bitrate_mode}, not CBR")
    if facts.info_header != "Info":
        yield Violation("3.2-#9", "no Info (CBR Xing/LAME) header in the first frame")


def no_id3v1(facts: Facts) -> Iterator[Violation]:
    """3.2-#11: no ID3v1 tag."""
    if facts.id3v1:
        yield Violation("3.2-#11", "the file ends with an ID3v1 tag")


RULES: tuple[Rule, ...] = (toc, toc_children, element_ids, chapter_count, titles, offsets,
                           starts_at_zero, contiguous, physical_order, version, frame_walk,
                           loudness, encoding, no_id3v1)
# What an M4A or an Opus file is checked against: no ID3 tag, no MPEG frames.
EVERY_FORMAT: tuple[Rule, ...] = (titles, starts_at_zero, contiguous, loudness, mono)


def rules_for(facts: Facts) -> tuple[Rule, ...]:
    return RULES if facts.format == "mp3" else EVERY_FORMAT


def check(facts: Facts) -> list[Violation]:
    return [violation for rule in rules_for(facts) for violation in rule(facts)]


def format_report(facts: Facts, violations: list[Violation]) -> str:
    """What ``inspect`` prints: the facts, then the checks."""
    lines = [f"file: {facts.path} ({facts.size_bytes:,} bytes)", _audio_line(facts)]
    if facts.loudness_lufs is not None or facts.true_peak_dbtp is not None:
        lines.append(f"loudness: {facts.loudness_lufs} LUFS, true peak {facts.true_peak_dbtp} dBTP")
    if facts.format == "mp3":
        lines.append(f"tag: ID3v{facts.tag_version}, {len(facts.frame_order)} frames"
                     if facts.tag_version else "tag: none")
    else:
        lines.append(f"tag: {len(facts.text) + len(facts.disclosure)} fields read")
    lines += [f"  {key}: {value}" for key, value in {**facts.text, **facts.disclosure}.items()]
    lines.append(f"chapters: {len(facts.chapters)}")
    lines += [f"  {c.element_id}  {_clock(c.start_ms)} - {_clock(c.end_ms)}  {c.title}"
              for c in facts.chapters]
    if violations:
        lines.append(f"violations: {len(violations)}")
        lines += [f"  [{v.rule}] {v.message}" for v in violations]
    else:
        kind = "" if facts.format == "mp3" else f" for {facts.format.upper()}"
        lines.append(f"checks: all {len(rules_for(facts))} rules of STANDARDS.md 1.2 and 3"
                     f"{kind} pass")
    return "\n".join(lines)


def _audio_line(facts: Facts) -> str:
    channels = "mono" if facts.channels == 1 else f"{facts.channels} channels"
    if facts.format != "mp3":
        return (f"audio: {facts.codec}, {facts.sample_rate} Hz, {channels}, "
                f"{facts.bitrate_kbps:g} kbps, duration {facts.duration_ms / 1000:.3f} s")
    return (f"audio: {facts.mpeg}, {facts.sample_rate} Hz, {channels}, "
            f"{facts.bitrate_mode} {facts.bitrate_kbps:g} kbps, "
            f"header: {facts.info_header or 'none'}, duration {facts.duration_ms / 1000:.3f} s")


def _clock(ms: float) -> str:
    minutes, seconds = divmod(ms / 1000, 60)
    return f"{int(minutes)}:{seconds:06.3f}"
