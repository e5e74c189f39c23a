"""plan: Article + voice profile -> Script (what is said, in what order, by which role).

Order: the intro chapter (title; "By <author>. <date>. <site>." with whichever are known;
the AI disclosure), one chapter per section (the lead section is titled with the
article's title, the others with their real headings, which are announced), then the
photos chapter, where each caption is read as its own item with its credit ("Photo by
Getty Images."; "Photo: Supplied." where the credit names no one), and the outro (the title again and where to read the story).

Every segment is one sentence (sentences.py splits long ones and merges fragments); its
spoken form is the lexicon's respellings, then the normalizer's readings (script/normalize/).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import DISCLOSURE
from ..config import VoiceProfile
from ..errors import ConfigError, ScriptError
from ..printable import shown
from ..models import Article, Caption, ChapterMark, ListItem, Paragraph, Quote, Script, Segment
from ..speech.base import engine_version
from ..speech.ids import segment_id
from .lexicon import Lexicon, default_lexicon
from .normalize import normalize
from .sentences import split_sentences
from .tables import MONTHS
from .template import check_template, fill

# Past these an input is not a news article but an accident or an attack (10 MB of one
# word, 100,000 paragraphs): refused before any synthesis, with a line saying why. 50,000
# words is about five and a half hours of narration; a segment is one sentence, which
# sentences.py keeps near 40 words, so 5,000 characters is a sentence no engine should get.
MAX_ARTICLE_WORDS = 50_000
MAX_SEGMENT_CHARS = 5_000


@dataclass(frozen=True)
class Pauses:
    """Silence after a segment, in ms, by what ends there (each at most MAX_PAUSE_MS)."""

    sentence: int = 300
    paragraph: int = 650
    heading: int = 550
    caption: int = 700
    chapter: int = 1100

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, bool) or not isinstance(value, int) \
                    or not 0 <= value <= MAX_PAUSE_MS:
                raise ConfigError(f"the {name} pause must be a whole number of milliseconds "
                                  f"from 0 to {MAX_PAUSE_MS}, not {shown(repr(value), 40)}")


# A minute: longer is no pause but a broken episode (an edited script has the same bound).
MAX_PAUSE_MS = 60_000


@dataclass(frozen=True)
class Phrases:
    """Everything the narration adds to the article, so it can be reworded or translated.
    ``{name}`` placeholders (PLACEHOLDERS) are filled in, by script/template.py and
    never by ``str.format``; a phrase left empty is not said (except the disclosure,
    which every episode carries)."""

    intro_title: str = "Introduction"
    photos_title: str = "Photos"
    byline: str = "By {authors}."
    author_separator: str = ", "
    last_author_separator: str = " and "
    date: str = "{month} {day}, {year}."
    months: tuple[str, ...] = tuple(MONTHS)
    site: str = "{site}."
    disclosure: str = DISCLOSURE
    # "Photo by X." rather than "Photo: X.": the "by" tells the listener a name follows.
    # Of 18 credits from the sample and the corpus, each said after a caption, Whisper
    # base misheard 9 names with the colon and 3 with "by" (tiny.en 9 and 9; heard alone,
    # 10 and 4, tiny.en 9 and 6). photo_source is for credits that name no one.
    photo_credit: str = "Photo by {credit}."
    photo_source: str = "Photo: {credit}."
    quote_attribution: str = "{attribution} said."
    outro_title: str = "You have been listening to: {title}."
    outro_source: str = "You can read this story at {site}."

    def __post_init__(self) -> None:
        for name, allowed in PLACEHOLDERS.items():
            check_template(getattr(self, name), allowed, name)


# The phrases that are templates (script/template.py), and the placeholders each may use;
# the others are said as they are, braces and all.
PLACEHOLDERS = {
    "byline": frozenset({"authors"}), "date": frozenset({"month", "day", "year"}),
    "site": frozenset({"site"}), "photo_credit": frozenset({"credit"}),
    "photo_source": frozenset({"credit"}),
    "quote_attribution": frozenset({"attribution"}), "outro_title": frozenset({"title"}),
    "outro_source": frozenset({"site"}),
}


@dataclass(frozen=True)
class PlanOptions:
    captions: str = "gather"  # "gather" into a photos chapter, or "inline" where they stand
    pauses: Pauses = field(default_factory=Pauses)
    phrases: Phrases = field(default_factory=Phrases)
    lexicon: Lexicon | None = None  # None: the built-in and user lexicons (default_lexicon)
    # The article's language where its source does not declare one (plain text): it is
    # the episode's, and decides how numbers are said ("en-GB": "two hundred and five").
    language: str | None = None


def plan(article: Article, profile: VoiceProfile, options: PlanOptions = PlanOptions()) -> Script:
    if options.captions not in ("gather", "inline"):
        raise ScriptError(f"captions must be 'gather' or 'inline', not {options.captions!r}")
    if not options.phrases.disclosure.strip():
        raise ConfigError("the disclosure phrase must not be empty: every episode says it")
    _check_size(article)
    lexicon = options.lexicon if options.lexicon is not None else default_lexicon()
    language = _language(article.language, options.language)
    builder = _Builder(profile, options.pauses, lexicon, language)
    _intro(builder, article, options)
    gathered = _sections(builder, article, options)
    if gathered:
        builder.chapter(options.phrases.photos_title)
        for caption in gathered:
            _caption(builder, caption, options)
    _outro(builder, article, options)
    return builder.build(article.title, profile.name, language or "en")


def _language(declared: str | None, configured: str | None) -> str | None:
    """The source's language, or the config's where the source declares none or only
    the language it refines ("en" and the config's "en-GB": en-GB)."""
    if declared and configured and not configured.lower().startswith(declared.lower() + "-"):
        return declared
    return configured or declared


def _check_size(article: Article) -> None:
    words = sum(len(block.text.split()) for block in article.blocks)
    if words > MAX_ARTICLE_WORDS:
        raise ScriptError(f"the article has {words:,} words; at most {MAX_ARTICLE_WORDS:,} "
                          "can be narrated (about five and a half hours)")


def check_segment_text(text: str) -> None:
    """ScriptError for a sentence too long to hand to an engine (see MAX_SEGMENT_CHARS)."""
    if len(text) > MAX_SEGMENT_CHARS:
        raise ScriptError(f"a sentence of {len(text):,} characters ({text[:40]!r}...) is "
                          f"longer than the {MAX_SEGMENT_CHARS:,} a segment may have")


def _intro(builder: "_Builder", article: Article, options: PlanOptions) -> None:
    phrases, pauses = options.phrases, options.pauses
    builder.chapter(phrases.intro_title, article.url, article.lead_image)
    builder.say("title", article.title, pauses.heading)
    byline = byline_text(article, phrases)
    if byline:
        builder.say("byline", byline, pauses.paragraph)
    builder.say("disclosure", phrases.disclosure, pauses.chapter)


def _sections(builder: "_Builder", article: Article, options: PlanOptions) -> list[Caption]:
    """Speak every section; returns the captions kept for the photos chapter."""
    gathered: list[Caption] = []
    for section in article.sections:
        url = f"{article.url.split('#')[0]}#{section.anchor}" if article.url and section.anchor \
            else None
        builder.chapter(section.heading or article.title, url, section.image)
        if section.heading:
            builder.say("heading", section.heading, options.pauses.heading)
        for block in section.blocks:
            if isinstance(block, Caption) and options.captions == "gather":
                gathered.append(block)
            else:
                _block(builder, block, options)
    return gathered


def byline_text(article: Article, phrases: Phrases) -> str:
    """"By Jane Doe and John Roe. March 14, 2022. The Kyiv Independent.", from what is known."""
    parts = []
    if article.authors and phrases.byline:
        names = list(article.authors)
        joined = phrases.author_separator.join(names[:-1])
        joined = f"{joined}{phrases.last_author_separator}{names[-1]}" if joined else names[0]
        parts.append(fill(phrases.byline, authors=joined))
    date = _date(article.published, phrases)
    if date:
        parts.append(date)
    if article.site_name and phrases.site:
        parts.append(fill(phrases.site, site=article.site_name.strip().rstrip(".")))
    return " ".join(parts)


def _date(published: str | None, phrases: Phrases) -> str:
    """An ISO date or datetime ("2022-03-14", "2022-03-14T09:00:00+02:00") as written in
    the byline; anything else is not said rather than guessed."""
    if not published or not phrases.date:
        return ""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", published.strip())
    if not match:
        return ""
    try:
        day = dt.date(*map(int, match.groups()))
    except ValueError:
        return ""
    return fill(phrases.date, month=phrases.months[day.month - 1], day=day.day, year=day.year)


def _block(builder: "_Builder", block, options: PlanOptions) -> None:
    pauses = options.pauses
    if isinstance(block, Caption):
        _caption(builder, block, options)
    elif isinstance(block, Quote):
        attribution = (block.attribution or "").strip().lstrip("—–-― ").rstrip(".").strip()
        if not attribution or not options.phrases.quote_attribution:
            builder.sentences("quote", block.text, pauses)
            return
        builder.sentences("quote", block.text, pauses, end=pauses.sentence)
        builder.say("body", fill(options.phrases.quote_attribution, attribution=attribution),
                    pauses.paragraph)
    elif isinstance(block, (Paragraph, ListItem)):
        builder.sentences("body", block.text, pauses)


def _caption(builder: "_Builder", caption: Caption, options: PlanOptions) -> None:
    pauses, phrase = options.pauses, options.phrases.photo_credit
    if not caption.credit or not phrase:
        builder.sentences("caption", caption.text, pauses, end=pauses.caption)
        return
    builder.sentences("caption", caption.text, pauses, end=pauses.sentence)
    credit = caption.credit.strip().rstrip(".")
    if _names_no_one(credit) and options.phrases.photo_source:
        phrase = options.phrases.photo_source
    builder.say("caption", fill(phrase, credit=credit), pauses.caption)


# Credits that say where a photo came from, not who took it: "Photo by Supplied" is not
# English. Matched on the credit's first word (of "Handout/Reuters" too).
_SOURCE_WORDS = frozenset("""supplied handout courtesy file archive archives provided
submitted unknown via from public screenshot screengrab still stock""".split())


def _names_no_one(credit: str) -> bool:
    first = re.match(r"[^\W\d_]*", credit).group()
    return first.lower() in _SOURCE_WORDS or first[:1].islower()


def _outro(builder: "_Builder", article: Article, options: PlanOptions) -> None:
    phrases, pauses = options.phrases, options.pauses
    if phrases.outro_title and any(c.isalnum() for c in article.title):
        said = fill(phrases.outro_title, title=article.title.strip().rstrip(".…"))
        builder.say("outro", re.sub(r"([?!])\.$", r"\1", said), pauses.paragraph)
    site = source_site(article)
    if site and phrases.outro_source:
        builder.say("outro", fill(phrases.outro_source, site=site), pauses.paragraph)


def source_site(article: Article) -> str | None:
    """Where a listener can read the story: the URL's host ("kyivindependent.com"), which
    the normalizer reads as "kyivindependent dot com", else the site's name."""
    if article.url:
        try:
            host = urlsplit(article.url).hostname or ""
        except ValueError:  # an edited script's URL, not checked by the parser
            host = ""
        host = host[4:] if host.startswith("www.") else host
        if host:
            return host
    return article.site_name.strip().rstrip(".") if article.site_name else None


class _Builder:
    """Accumulates segments and chapter marks; computes each segment's id."""

    def __init__(self, profile: VoiceProfile, pauses: Pauses, lexicon: Lexicon,
                 language: str | None = None) -> None:
        self.profile, self.pauses, self.lexicon = profile, pauses, lexicon
        self.language = language  # numbers are said as its newsreaders say them
        self.segments: list[Segment] = []
        self.marks: list[ChapterMark] = []
        self._pending: ChapterMark | None = None

    def chapter(self, title: str, url: str | None = None, image: str | None = None) -> None:
        # A chapter opens with its first segment, so empty sections make no chapter.
        self._pending = ChapterMark(title, 0, url, image)

    def say(self, role: str, text: str, pause_ms: int) -> None:
        text = " ".join(text.split())
        if not text:
            return
        check_segment_text(text)
        settings = self.profile.for_role(role)
        spoken = normalize(text, self.lexicon, settings.engine, self.language)
        if not any(c.isalnum() for c in spoken):
            return  # nothing to say ("..." as a title): an engine gives no audio for it
        if self._pending is not None:
            if self.segments:
                self._lengthen_last_pause(self.pauses.chapter)
            pending = self._pending
            self.marks.append(ChapterMark(pending.title, len(self.segments), pending.url,
                                          pending.image))
            self._pending = None
        sid = segment_id(spoken, settings, engine_version(settings.engine))
        self.segments.append(Segment(sid, role, text, spoken, pause_ms, len(self.marks) - 1))

    def sentences(self, role: str, text: str, pauses: Pauses, end: int | None = None) -> None:
        parts = split_sentences(text)
        for i, sentence in enumerate(parts):
            last = i == len(parts) - 1
            self.say(role, sentence, (pauses.paragraph if end is None else end) if last
                     else pauses.sentence)

    def _lengthen_last_pause(self, pause_ms: int) -> None:
        last = self.segments[-1]
        if last.pause_after_ms < pause_ms:
            self.segments[-1] = Segment(last.id, last.role, last.text, last.spoken,
                                        pause_ms, last.chapter)

    def build(self, title: str, profile_name: str, language: str) -> Script:
        return Script(title, tuple(self.segments), tuple(self.marks), profile_name, language,
                      self.lexicon.describe())
