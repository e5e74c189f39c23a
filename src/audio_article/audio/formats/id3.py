"""The episode's ID3v2.3 tag: text frames, the AI disclosure, and CHAP/CTOC chapters
(STANDARDS.md section 1).

Why v2.3 with UTF-16 text: Apple Podcasts dropped all chapters from v2.4 tags with long
titles (radio-t/radio-t-site#209), and older readers only know v2.3 (STANDARDS.md 1.2-#10).
"""

from __future__ import annotations

import json
import re

from mutagen.id3 import (APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1,
                         TXXX, USLT, WOAR, WXXX, CTOCFlags, Encoding, PictureType)
from mutagen.id3._tags import save_frame  # private: mutagen is pinned to 1.48.1

from ...errors import PackageError
from ...links import safe_link
from ...models import Chapter
from ..mix import MAX_CHAPTERS, merge_chapters
from . import disclosed, iso639_2

TOC_ID = "toc"
UTF16 = Encoding.UTF16


class ChronoID3(ID3):
    """An ID3 tag that writes CHAP frames in start-time order.

    mutagen orders frames by size when saving, so a chapter with a longer title moves
    later in the file; ffmpeg-based players list chapters in file order and ignore the
    CTOC (STANDARDS.md 1.2-#9). Order: text frames, CTOC, CHAPs by time, then the rest.
    """

    def _write(self, config):
        def order(frame):
            if frame.FrameID == "CTOC":
                return (1, 0, frame.HashKey)
            if frame.FrameID == "CHAP":
                return (2, frame.start_time, frame.HashKey)
            if frame.FrameID == "APIC":
                return (3, 0, frame.HashKey)
            return (0, 0, frame.HashKey)

        return b"".join(save_frame(f, config=config) for f in sorted(self.values(), key=order))


def chapter_ids(count: int) -> list[str]:
    return [f"chp{i:03d}" for i in range(count)]


def build_tag(*, title: str, artist: str, album: str, language: str, voice: str,
              chapters: tuple[Chapter, ...], provenance: dict, date: str | None = None,
              url: str | None = None, transcript: str = "",
              cover: bytes | None = None, description: str | None = None) -> ChronoID3:
    if not chapters:
        raise PackageError("an episode needs at least one chapter")
    chapters = merge_chapters(chapters, MAX_CHAPTERS)
    tag = ChronoID3()
    for frame in (TIT2(encoding=UTF16, text=[title]), TPE1(encoding=UTF16, text=[artist]),
                  TALB(encoding=UTF16, text=[album]), TCON(encoding=UTF16, text=["Podcast"]),
                  TLAN(encoding=UTF16, text=[iso639_2(language)]),
                  COMM(encoding=UTF16, lang="eng", desc="", text=[disclosed(description)]),
                  TXXX(encoding=UTF16, desc="AI_GENERATED", text=["true"]),
                  TXXX(encoding=UTF16, desc="AI_VOICE", text=[voice]),
                  TXXX(encoding=UTF16, desc="PROVENANCE",
                       text=[json.dumps(provenance, sort_keys=True)])):
        tag.add(frame)
    _add_optional(tag, date, url, transcript)
    if cover:
        tag.add(APIC(encoding=UTF16, mime="image/jpeg", type=PictureType.COVER_FRONT,
                     desc="Cover", data=cover))
    _add_chapters(tag, chapters)
    tag.update_to_v23()  # required before a v2.3 save; it also converts CHAP sub-frames
    return tag


def _add_optional(tag: ChronoID3, date: str | None, url: str | None, transcript: str) -> None:
    if date and re.match(r"\d{4}(-\d\d(-\d\d)?)?", date):
        # TDRC is v2.4; update_to_v23() turns it into TYER (+TDAT) for v2.3.
        tag.add(TDRC(encoding=UTF16, text=[date[:10]]))
    if safe_link(url):
        tag.add(WOAR(url=safe_link(url)))
    if transcript:
        tag.add(USLT(encoding=UTF16, lang="eng", desc="transcript", text=transcript))


def _add_chapters(tag: ChronoID3, chapters: tuple[Chapter, ...]) -> None:
    ids = chapter_ids(len(chapters))
    tag.add(CTOC(element_id=TOC_ID, flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                 child_element_ids=ids, sub_frames=[TIT2(encoding=UTF16, text=["Contents"])]))
    for cid, chapter in zip(ids, chapters):
        tag.add(CHAP(element_id=cid, start_time=chapter.start_ms, end_time=chapter.end_ms,
                     start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF,
                     sub_frames=_chapter_frames(chapter)))


def _chapter_frames(chapter: Chapter) -> list:
    """TIT2 always; WXXX for the section's URL and a small APIC for its photo, if known."""
    frames = [TIT2(encoding=UTF16, text=[chapter.title])]
    if safe_link(chapter.url):
        frames.append(WXXX(encoding=UTF16, desc="chapter", url=safe_link(chapter.url)))
    # A photo the page links to (http/https) stays a link: it is the chapter's `img` in
    # chapters.json, and nothing is downloaded while packaging. A local file is embedded.
    if chapter.image and not chapter.image.startswith(("http://", "https://")):
        frames.append(APIC(encoding=UTF16, mime="image/jpeg", type=PictureType.OTHER,
                           desc="chapter", data=_chapter_image(chapter.image)))
    return frames


def _chapter_image(path: str) -> bytes:
    """A chapter photo: a JPEG file of at most 100 kB (STANDARDS.md 1.2-#15)."""
    from ...package.cover import jpeg_size

    try:
        data = open(path, "rb").read()
    except OSError as exc:
        raise PackageError(f"cannot read the chapter image {path}: {exc}") from exc
    jpeg_size(data, path)
    if len(data) > 100 * 1024:
        raise PackageError(f"the chapter image {path} is over 100 kB")
    return data


def write_tag(path: str, tag: ChronoID3) -> None:
    # v1=0 strips any ID3v1 tag; the MP3 encoder writes none, this keeps it that way.
    tag.save(path, v2_version=3, v1=0)
