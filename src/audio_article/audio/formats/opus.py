"""Opus: libopus at 48 kHz, mono, in Ogg, at half MP3's bitrate: what a web page loads.

The programme is resampled to 48 kHz (Opus's rate) by soxr as it is fed. FFmpeg's Ogg
muxer writes the OpusHead with the encoder's pre-skip (312 samples) and granule
positions that end on the programme's last sample (RFC 7845 4.2, 4.4), so a decoder
trims both ends. mutagen then writes the comment header: the chapters as CHAPTERxxx /
CHAPTERxxxNAME comments (the Vorbis chapter extension, which FFmpeg reads), TITLE,
ARTIST, ALBUM, the description ending with the disclosure, the cover as a
METADATA_BLOCK_PICTURE, and AI_GENERATED, AI_VOICE and PROVENANCE.

libopus with constrained VBR, near the asked bitrate (29-32 kbps on the sample, where
unconstrained VBR took 39-54), at complexity 6: the default 10 takes 3.5 times the CPU
(its signal analysis starts at 7). At 32 kbps Opus overshoots more than the programme's
limiter leaves room for (the eSpeak voice decoded at -0.25 dBTP), so its stream is
levelled under the stream formats' own ceiling (loudness.STREAM_CEILING_DBTP); even
that leaves too little room some of the time (the eSpeak voice's decoded peak moved
between -2.1 and -0.9 dBTP from run to run), so the stream is decoded as it is encoded
and encoded again, turned down where it passed the limit (peaks.py).
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

from mutagen.flac import Picture
from mutagen.id3 import PictureType
from mutagen.oggopus import OggOpus

from ...timefmt import hms_millis
from . import Reading, Tags, disclosed, first_value
from .stream import AvStream, StreamSpec

SPEC = StreamSpec(name="opus", mime="audio/ogg", codecs="opus", muxer="ogg", codec="libopus",
                  decoder="opus", sample_format="flt", rate=48000,
                  codec_options={"application": "audio", "vbr": "constrained",
                                 "compression_level": "6"})


class OpusFormat:
    name, mime, codecs = SPEC.name, SPEC.mime, SPEC.codecs
    pieces = False
    ceiling_dbtp = SPEC.ceiling_dbtp  # its units' PCM is levelled under this

    @staticmethod
    def read(path: Path) -> Reading:
        """The comments and the CHAPTERxxx chapters, as mutagen reads them. An Opus
        stream decodes at 48 kHz whatever its header says (RFC 7845 5.1)."""
        opus = OggOpus(path)
        tags, info = opus.tags or {}, opus.info
        return Reading("Opus", 48000, info.channels, round(info.bitrate / 1000, 1),
                       info.length * 1000,
                       {name: first_value(tags, key) for name, key in COMMENTS.items()},
                       {name: first_value(tags, key) for name, key in DISCLOSURE.items()},
                       chapters(tags))

    def bitrate(self, mp3_kbps: int) -> int:
        return max(16, mp3_kbps // 2)  # speech as clear as MP3's at half the bytes

    def assembler(self, rate: int, bitrate_kbps: int, spool_dir: Path | None) -> AvStream:
        return AvStream(SPEC, tag, rate, bitrate_kbps, spool_dir)


def tag(path: Path, tags: Tags) -> None:
    opus = OggOpus(path)
    opus.tags.clear()
    for key, value in (("TITLE", tags.title), ("ARTIST", tags.artist), ("ALBUM", tags.album),
                       ("GENRE", "Podcast"), ("LANGUAGE", tags.language),
                       ("DESCRIPTION", disclosed(tags.description)),
                       ("AI_GENERATED", "true"), ("AI_VOICE", tags.voice),
                       ("PROVENANCE", json.dumps(tags.provenance, sort_keys=True))):
        opus.tags[key] = [value]
    if tags.date:
        opus.tags["DATE"] = [tags.date[:10]]
    for number, chapter in enumerate(tags.chapters):
        opus.tags[f"CHAPTER{number:03d}"] = [hms_millis(chapter.start_ms)]  # HH:MM:SS.mmm
        opus.tags[f"CHAPTER{number:03d}NAME"] = [chapter.title]
    if tags.cover:
        opus.tags["METADATA_BLOCK_PICTURE"] = [_picture(tags.cover)]
    opus.save(padding=lambda _info: 0)  # FFmpeg warns about padding after the comments


COMMENTS = {"TIT2": "TITLE", "TPE1": "ARTIST", "TALB": "ALBUM", "TCON": "GENRE",
            "TDRC": "DATE"}
DISCLOSURE = {"TXXX:AI_GENERATED": "AI_GENERATED", "TXXX:AI_VOICE": "AI_VOICE",
              "COMM": "DESCRIPTION"}
CHAPTER_TIME = re.compile(r"(\d+):(\d\d):(\d\d)(?:\.(\d{1,3}))?")


def chapters(tags) -> list[tuple[int, str]]:
    """CHAPTERxxx=HH:MM:SS.mmm and CHAPTERxxxNAME (the Vorbis chapter extension), in
    order until the first missing or unreadable one."""
    found = []
    for number in range(1000):
        match = CHAPTER_TIME.fullmatch(first_value(tags, f"CHAPTER{number:03d}").strip())
        if not match:
            break
        hours, minutes, seconds, millis = match.groups()
        found.append((((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000
                      + int((millis or "0").ljust(3, "0")),
                      first_value(tags, f"CHAPTER{number:03d}NAME")))
    return found


def _picture(jpeg: bytes) -> str:
    picture = Picture()
    picture.type, picture.mime, picture.desc, picture.data = (PictureType.COVER_FRONT,
                                                              "image/jpeg", "Cover", jpeg)
    return base64.b64encode(picture.write()).decode("ascii")


OPUS = OpusFormat()
