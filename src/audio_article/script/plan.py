"""plan: Article + voice profile -> Script (what is said, in what order, by which role).

Order: intro chapter (title, byline, the AI disclosure), one chapter per section (the
lead section is titled with the article's title, the others with their real headings),
then the photos chapter, where each caption is read as its own item with its credit
("Photo: Getty Images"), and a short outro.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import DISCLOSURE
from ..config import VoiceProfile
from ..errors import ScriptError
from ..models import Article, Caption, ChapterMark, ListItem, Paragraph, Quote, Script, Segment
from ..speech.base import engine_version
from ..speech.synth import segment_id
from .normalize import normalize
from .sentences import split_sentences


@dataclass(frozen=True)
class Pauses:
    """Silence after a segment, in ms, by what ends there."""

    sentence: int = 300
    paragraph: int = 650
    heading: int = 550
    caption: int = 700
    chapter: int = 1100


@dataclass(frozen=True)
class PlanOptions:
    captions: str = "gather"  # "gather" into a photos chapter, or "inline" where they stand
    pauses: Pauses = field(default_factory=Pauses)
    intro_title: str = "Introduction"
    photos_title: str = "Photos"
    photo_credit: str = "Photo: {credit}."


def plan(article: Article, profile: VoiceProfile, options: PlanOptions = PlanOptions()) -> Script:
    if options.captions not in ("gather", "inline"):
        raise ScriptError(f"captions must be 'gather' or 'inline', not {options.captions!r}")
    builder = _Builder(profile, options.pauses)
    _intro(builder, article, options)
    gathered: list[Caption] = []
    for section in article.sections:
        builder.chapter(section.heading or article.title)
        if section.heading:
            builder.say("heading", section.heading, options.pauses.heading)
        for block in section.blocks:
            if isinstance(block, Caption) and options.captions == "gather":
                gathered.append(block)
            else:
                _block(builder, block, options)
    if gathered:
        builder.chapter(options.photos_title)
        for caption in gathered:
            _caption(builder, caption, options)
    _outro(builder, article)
    return builder.build(article.title, profile.name, article.language or "en")


def _intro(builder: "_Builder", article: Article, options: PlanOptions) -> None:
    builder.chapter(options.intro_title)
    builder.say("title", article.title, options.pauses.heading)
    byline = _byline(article)
    if byline:
        builder.say("byline", byline, options.pauses.paragraph)
    builder.say("disclosure", DISCLOSURE, options.pauses.chapter)


def _byline(article: Article) -> str:
    parts = []
    if article.authors:
        parts.append("By " + " and ".join(article.authors) + ".")
    if article.site_name:
        parts.append(article.site_name.rstrip(".") + ".")
    return " ".join(parts)


def _block(builder: "_Builder", block, options: PlanOptions) -> None:
    pauses = options.pauses
    if isinstance(block, Caption):
        _caption(builder, block, options)
    elif isinstance(block, Quote):
        builder.sentences("quote", block.text, pauses)
        if block.attribution:
            builder.say("body", f"{block.attribution.rstrip('.')} said.", pauses.paragraph)
    elif isinstance(block, (Paragraph, ListItem)):
        builder.sentences("body", block.text, pauses)


def _caption(builder: "_Builder", caption: Caption, options: PlanOptions) -> None:
    if not caption.credit:
        builder.sentences("caption", caption.text, options.pauses, end=options.pauses.caption)
        return
    builder.sentences("caption", caption.text, options.pauses)
    credit = options.photo_credit.format(credit=caption.credit.strip().rstrip("."))
    builder.say("caption", credit, options.pauses.caption)


def _outro(builder: "_Builder", article: Article) -> None:
    source = f", from {article.site_name.rstrip('.')}" if article.site_name else ""
    builder.say("outro", f"You have been listening to {article.title.rstrip('.')}{source}. "
                f"{DISCLOSURE}", 500)


class _Builder:
    """Accumulates segments and chapter marks; computes each segment's id."""

    def __init__(self, profile: VoiceProfile, pauses: Pauses) -> None:
        self.profile, self.pauses = profile, pauses
        self.segments: list[Segment] = []
        self.marks: list[ChapterMark] = []
        self._pending: str | None = None

    def chapter(self, title: str) -> None:
        # A chapter opens with its first segment, so empty sections make no chapter.
        self._pending = title

    def say(self, role: str, text: str, pause_ms: int) -> None:
        text = " ".join(text.split())
        if not text:
            return
        if self._pending is not None:
            if self.segments:
                self._lengthen_last_pause(self.pauses.chapter)
            self.marks.append(ChapterMark(self._pending, len(self.segments)))
            self._pending = None
        settings = self.profile.for_role(role)
        spoken = normalize(text)
        sid = segment_id(spoken, settings, engine_version(settings.engine))
        self.segments.append(Segment(sid, role, text, spoken, pause_ms, len(self.marks) - 1))

    def sentences(self, role: str, text: str, pauses: Pauses, end: int | None = None) -> None:
        parts = split_sentences(text)
        for i, sentence in enumerate(parts):
            last = i == len(parts) - 1
            self.say(role, sentence, (end or pauses.paragraph) if last else pauses.sentence)

    def _lengthen_last_pause(self, pause_ms: int) -> None:
        last = self.segments[-1]
        if last.pause_after_ms < pause_ms:
            self.segments[-1] = Segment(last.id, last.role, last.text, last.spoken,
                                        pause_ms, last.chapter)

    def build(self, title: str, profile_name: str, language: str) -> Script:
        return Script(title, tuple(self.segments), tuple(self.marks), profile_name, language)
