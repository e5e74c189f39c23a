"""The script as an editor reads it before rendering (``audio-article script``): chapters,
and for each segment its role, voice, estimated length, the pause after it, the text the
transcript shows and the words the engine receives."""

from __future__ import annotations

from ..config import VoiceProfile
from ..models import Script, Segment
from ..timefmt import clock
from .lexicon import MARKED_WORD

# A news reader's pace at rate 1.0; hibari's "heart" and eSpeak at 175 wpm are near it.
# Only for the preview's estimate: chapter times in the episode come from real samples.
WORDS_PER_MINUTE = 165


def estimate_ms(segment: Segment, profile: VoiceProfile) -> int:
    """About how long a segment sounds, pause excluded."""
    words = len(MARKED_WORD.sub(r"\1", segment.spoken).split())
    rate = profile.for_role(segment.role).rate or 1.0
    return round(60_000 * words / (WORDS_PER_MINUTE * rate))


def render_text(script: Script, profile: VoiceProfile) -> str:
    """The plain-text preview; every line ends with a newline."""
    lengths = [estimate_ms(s, profile) + s.pause_after_ms for s in script.segments]
    lines = [f"Script: {script.title}",
             f"Voice profile: {script.voice_profile} · language: {script.language}",
             f"Lexicon: {script.lexicon or 'none'}",
             f"{len(script.chapters)} chapters, {len(script.segments)} segments, "
             f"about {clock(sum(lengths))} (estimated at {WORDS_PER_MINUTE} words a minute)"]
    starts = {c.first_segment: (i, c) for i, c in enumerate(script.chapters, 1)}
    elapsed = 0
    for index, segment in enumerate(script.segments):
        if index in starts:
            number, chapter = starts[index]
            lines += ["", f"== Chapter {number}: {chapter.title} (at about {clock(elapsed)}) =="]
            lines += [f"   {key}: {value}" for key, value in (("url", chapter.url),
                                                           ("image", chapter.image)) if value]
        settings = profile.for_role(segment.role)
        lines.append(f"[{index + 1}] {segment.role} · {settings.label} · "
                     f"~{(lengths[index] - segment.pause_after_ms) / 1000:.1f} s · "
                     f"pause {segment.pause_after_ms} ms")
        lines.append(f"    text:   {segment.text}")
        lines.append(f"    spoken: {segment.spoken}" if segment.spoken != segment.text
                     else "    spoken: (as written)")
        elapsed += lengths[index]
    return "\n".join(lines) + "\n"
