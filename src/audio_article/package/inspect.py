"""``inspect``: what an MP3, M4A or Opus file holds, checked against STANDARDS.md
sections 1.2 (ID3 chapters: MP3s) and 3 (audio: every format).

Works on any such file, not only ours: every fact is read from the file (a raw ID3 frame
walk and mutagen for MP3s; for the other formats, their own module's reader in
audio/formats, mutagen's: the Nero chpl atom or the CHAPTERxxx comments; ffmpeg for
decoding), and every violation names the rule it breaks.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import mutagen
import numpy as np
from mutagen.id3 import ID3, ID3NoHeaderError
from mutagen.mp3 import MP3, BitrateMode

from ..audio.formats import FORMATS
from ..errors import InputError

LOUDNESS_TARGET, LOUDNESS_TOLERANCE, MAX_TRUE_PEAK = -19.0, 1.0, -1.0
END_TOLERANCE_MS = 30
TEXT_FRAMES = ("TIT2", "TPE1", "TALB", "TCON", "TLAN", "TYER", "TDRC")


@dataclass
class ChapterFact:
    element_id: str
    title: str
    start_ms: int
    end_ms: int
    start_offset: int
    end_offset: int


@dataclass
class Facts:
    path: str
    size_bytes: int
    format: str = "mp3"  # by the file's extension: mp3, m4a or opus
    codec: str = ""  # for M4A and Opus: what mutagen reads of the stream
    tag_version: str | None = None
    frame_order: list[str] = field(default_factory=list)
    walk_problems: list[str] = field(default_factory=list)
    text: dict[str, str] = field(default_factory=dict)
    non_utf16_text: list[str] = field(default_factory=list)
    disclosure: dict[str, str] = field(default_factory=dict)
    chapters: list[ChapterFact] = field(default_factory=list)
    tocs: list[dict] = field(default_factory=list)
    duration_ms: float = 0.0
    sample_rate: int = 0
    channels: int = 0
    bitrate_kbps: float = 0.0
    bitrate_mode: str = "unknown"
    mpeg: str = ""
    info_header: str | None = None
    encoder: str = ""
    id3v1: bool = False
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str


def inspect_file(path: str | Path, measure_audio: bool = True) -> Facts:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"file not found: {path}")
    facts = Facts(str(path), path.stat().st_size, path.suffix.lower().lstrip("."))
    if facts.format in FORMATS and facts.format != "mp3":
        _stream_facts(path, facts)
    else:
        facts.format = "mp3"
        _audio_facts(path, facts)
        _walk(path, facts)
        _tag_facts(path, facts)
        facts.id3v1 = _has_id3v1(path)
    if measure_audio:
        _loudness(path, facts)
    return facts


def _stream_facts(path: Path, facts: Facts) -> None:
    """A format other than MP3, read by its own module (audio.formats)."""
    from ..audio.formats import get_format

    try:
        read = get_format(facts.format).read(path)
    except (mutagen.MutagenError, OSError) as exc:
        raise InputError(f"{path} is not a readable {facts.format} file: {exc}") from exc
    facts.codec, facts.sample_rate, facts.channels = read.codec, read.sample_rate, read.channels
    facts.bitrate_kbps, facts.duration_ms = read.bitrate_kbps, read.duration_ms
    facts.text = {k: v for k, v in read.text.items() if v}
    facts.disclosure = {k: v for k, v in read.disclosure.items() if v}
    ends = [start for start, _title in read.chapters[1:]] + [round(facts.duration_ms)]
    facts.chapters = [ChapterFact(f"ch{i}", title, start, end, 0xFFFFFFFF, 0xFFFFFFFF)
                      for i, ((start, title), end) in enumerate(zip(read.chapters, ends))]


def _audio_facts(path: Path, facts: Facts) -> None:
    try:
        info = MP3(path).info
    except (mutagen.MutagenError, OSError) as exc:
        raise InputError(f"{path} is not a readable MP3: {exc}") from exc
    facts.duration_ms = info.length * 1000
    # An Opus stream always decodes at 48 kHz (RFC 7845 5.1: the header's rate is the
    # input's, for information only).
    facts.sample_rate = getattr(info, "sample_rate", 48000)
    facts.channels = info.channels
    facts.bitrate_kbps = info.bitrate / 1000
    facts.bitrate_mode = {BitrateMode.CBR: "CBR", BitrateMode.VBR: "VBR",
                          BitrateMode.ABR: "ABR"}.get(info.bitrate_mode, "unknown")
    facts.mpeg = f"MPEG-{info.version:g} Layer {info.layer}"
    facts.encoder = info.encoder_info or ""
    facts.info_header = _xing_magic(path)


def _xing_magic(path: Path) -> str | None:
    """ "Info" or "Xing" in the first audio frame, or None."""
    data = _head(path, 1 << 20)
    start = _tag_end(data)
    sync = next((i for i in range(start, len(data) - 4)
                 if data[i] == 0xFF and data[i + 1] & 0xE0 == 0xE0), None)
    if sync is None:
        return None
    mpeg1, mono = (data[sync + 1] >> 3) & 3 == 3, (data[sync + 3] >> 6) == 3
    offset = sync + 4 + ({(True, True): 17, (True, False): 32, (False, True): 9,
                          (False, False): 17}[(mpeg1, mono)])
    magic = data[offset:offset + 4]
    return magic.decode() if magic in (b"Info", b"Xing") else None


def _head(path: Path, size: int) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


def _tag_end(data: bytes) -> int:
    if data[:3] != b"ID3":
        return 0
    size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
    return 10 + size + (10 if data[5] & 0x10 else 0)


def _walk(path: Path, facts: Facts) -> None:
    """Walk the frames by their declared sizes (STANDARDS.md 1.3)."""
    data = _head(path, 16 << 20)
    if data[:3] != b"ID3":
        return
    major = data[3]
    facts.tag_version = f"2.{major}"
    body, pos = data[10:_tag_end(data)], 0
    while pos + 10 <= len(body) and body[pos:pos + 4] != b"\0\0\0\0":
        frame_id, raw = body[pos:pos + 4], body[pos + 4:pos + 8]
        if not all(c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" for c in frame_id):
            facts.walk_problems.append(f"bad frame id at byte {pos}")
            return
        if major == 4 and any(b & 0x80 for b in raw):
            facts.walk_problems.append(f"{frame_id.decode()} size is not synchsafe")
        size = (sum(b << (21 - 7 * i) for i, b in enumerate(raw)) if major == 4
                else int.from_bytes(raw, "big"))
        facts.frame_order.append(frame_id.decode())
        pos += 10 + size
    if pos > len(body):
        facts.walk_problems.append("a frame overruns the tag")


def _tag_facts(path: Path, facts: Facts) -> None:
    try:
        tag = ID3(path)
    except ID3NoHeaderError:
        return
    except mutagen.MutagenError as exc:
        facts.walk_problems.append(f"mutagen cannot read the tag: {exc}")
        return
    for frame_id in TEXT_FRAMES:
        if frame_id in tag:
            facts.text[frame_id] = str(tag[frame_id].text[0])
            if tag[frame_id].encoding != 1 and facts.tag_version == "2.3":
                facts.non_utf16_text.append(frame_id)
    _disclosure(tag, facts)
    _chapters(tag, facts)


def _disclosure(tag: ID3, facts: Facts) -> None:
    for key in ("TXXX:AI_GENERATED", "TXXX:AI_VOICE"):
        if key in tag:
            facts.disclosure[key] = str(tag[key].text[0])
    comments = tag.getall("COMM")
    if comments:
        facts.disclosure["COMM"] = str(comments[0].text[0]) if comments[0].text else ""


def _chapters(tag: ID3, facts: Facts) -> None:
    for chap in tag.getall("CHAP"):  # mutagen keeps file order
        title = chap.sub_frames["TIT2"].text[0] if "TIT2" in chap.sub_frames else ""
        facts.chapters.append(ChapterFact(chap.element_id, str(title), chap.start_time,
                                          chap.end_time, chap.start_offset, chap.end_offset))
    for toc in tag.getall("CTOC"):
        has_title = "TIT2" in toc.sub_frames and bool(str(toc.sub_frames["TIT2"].text[0]))
        facts.tocs.append({"element_id": toc.element_id, "flags": int(toc.flags),
                           "children": list(toc.child_element_ids), "has_title": has_title})


def _has_id3v1(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - 128))
        return handle.read(3) == b"TAG"


def _loudness(path: Path, facts: Facts) -> None:
    """Loudness and true peak, decoded a second at a time: memory does not grow with
    the file's length (issue 23: a long MP3 once took gigabytes here)."""
    from ..audio.decode import decode_stream
    from ..audio.loudness import MIN_MEASURABLE_S, LoudnessMeter, TruePeakMeter

    rate = facts.sample_rate
    meter, peak, samples = LoudnessMeter(rate), TruePeakMeter(), 0
    for chunk in decode_stream(path, rate):
        meter.feed(chunk.astype(np.float32) / 32768.0)
        peak.feed(chunk)
        samples += len(chunk)
    if facts.format != "mp3":  # the decoder trims the priming that mutagen counts
        facts.duration_ms = samples * 1000 / rate
    loudness = meter.integrated() if samples >= MIN_MEASURABLE_S * rate else float("-inf")
    facts.loudness_lufs = round(loudness, 2) if np.isfinite(loudness) else None
    dbtp = peak.dbtp()
    facts.true_peak_dbtp = round(dbtp, 2) if np.isfinite(dbtp) else None
