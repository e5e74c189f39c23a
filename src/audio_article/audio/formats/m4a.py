"""M4A: AAC-LC, mono, in an MP4 file that Apple Podcasts and audiobook players read.

FFmpeg's MP4 muxer ("ipod": the .m4a brand) writes the chapters twice: as a QuickTime
chapter text track (``tref/chap``, what AVFoundation and Apple read) and as a Nero
``chpl`` atom (what mutagen and many players read) (STANDARDS.md 1.5-#5); the AAC
priming goes into the edit list, and ``+faststart`` puts the ``moov`` box first so a
browser can play while it downloads; the movie timescale is the sample rate, so the
edit list ends on the programme's last sample (at FFmpeg's default of 1/1000 s it
would drop up to 43 samples). mutagen then writes the iTunes tags: title,
artist, album, the description ending with the disclosure, the transcript as lyrics,
the cover, and AI_GENERATED, AI_VOICE and PROVENANCE as freeform atoms.

FFmpeg's AAC encoder with its "fast" coder: the default two-loop search takes about
2.5 times the CPU, and on the eSpeak voice it let a true peak reach +0.1 dBTP where the
fast coder kept -1.9 (measured on the sample); a 15 kHz low-pass, where 64 kbps of mono
speech is better spent. FFmpeg's AAC rate control is loose: the average lands at 57 kbps
(hibari) to 79 kbps (eSpeak) for 64 asked; the feed gives the measured average. The
feed's enclosure type is audio/x-m4a (STANDARDS.md 2.2-#14). Its stream is not decoded
to check its true peak as Opus's is (peaks.py): levelled under the stream ceiling
(-3.5 dBTP), the eSpeak voice decoded between -3.32 and -3.26 dBTP in six runs that
moved Opus's by 0.9 dB, 2.3 dB inside the limit; checking would cost 0.3 s of CPU.
"""

from __future__ import annotations

import json
from pathlib import Path

from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm

from . import Reading, Tags, disclosed, first_value, iso639_2
from .stream import AvStream, StreamSpec

SPEC = StreamSpec(name="m4a", mime="audio/x-m4a", codecs="mp4a.40.2", muxer="ipod",
                  codec="aac", sample_format="fltp",
                  codec_options={"aac_coder": "fast", "cutoff": "15000"},
                  muxer_options={"movflags": "+faststart", "movie_timescale": "{rate}"},
                  chapters=True)
FREEFORM = "----:com.apple.iTunes:"
ITUNES = {"TIT2": "\xa9nam", "TPE1": "\xa9ART", "TALB": "\xa9alb", "TCON": "\xa9gen",
          "TDRC": "\xa9day"}
DISCLOSURE = {"TXXX:AI_GENERATED": FREEFORM + "AI_GENERATED",
              "TXXX:AI_VOICE": FREEFORM + "AI_VOICE", "COMM": "\xa9cmt"}


class M4aFormat:
    name, mime, codecs = SPEC.name, SPEC.mime, SPEC.codecs
    pieces = False
    ceiling_dbtp = SPEC.ceiling_dbtp  # its units' PCM is levelled under this

    @staticmethod
    def read(path: Path) -> Reading:
        """The iTunes tags and the Nero chapters, as mutagen reads them."""
        mp4 = MP4(path)
        tags, info = mp4.tags or {}, mp4.info
        return Reading(info.codec_description or "AAC", info.sample_rate, info.channels,
                       round(info.bitrate / 1000, 1), info.length * 1000,
                       {name: first_value(tags, key) for name, key in ITUNES.items()},
                       {name: first_value(tags, key) for name, key in DISCLOSURE.items()},
                       [(round(c.start * 1000), c.title) for c in (mp4.chapters or [])])

    def bitrate(self, mp3_kbps: int) -> int:
        return mp3_kbps  # AAC at MP3's bitrate sounds better; the same bytes a minute

    def assembler(self, rate: int, bitrate_kbps: int, spool_dir: Path | None) -> AvStream:
        return AvStream(SPEC, tag, rate, bitrate_kbps, spool_dir)


def tag(path: Path, tags: Tags) -> None:
    """The iTunes tags; what FFmpeg wrote (its chapters) stays."""
    mp4 = MP4(path)
    mp4.tags.clear()
    mp4.tags.update({"\xa9nam": [tags.title], "\xa9ART": [tags.artist],
                     "\xa9alb": [tags.album], "\xa9gen": ["Podcast"],
                     "\xa9cmt": [disclosed(tags.description)],
                     "desc": [disclosed(tags.description)]})
    if tags.date:
        mp4.tags["\xa9day"] = [tags.date[:10]]
    if tags.transcript:
        mp4.tags["\xa9lyr"] = [tags.transcript]
    if tags.cover:
        mp4.tags["covr"] = [MP4Cover(tags.cover, MP4Cover.FORMAT_JPEG)]
    for name, value in (("AI_GENERATED", "true"), ("AI_VOICE", tags.voice),
                        ("LANGUAGE", iso639_2(tags.language)),
                        ("PROVENANCE", json.dumps(tags.provenance, sort_keys=True))):
        mp4.tags[FREEFORM + name] = [MP4FreeForm(value.encode("utf-8"))]
    mp4.save()


M4A = M4aFormat()
