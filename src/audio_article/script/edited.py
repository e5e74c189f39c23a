"""A script an editor corrected (``script --format json``, edited, then ``narrate
--script FILE.json``), read back and checked before any audio is made.

What is checked: valid JSON; the Script schema (every segment a role, a non-empty
``text`` and ``spoken``, a pause in ms; chapters starting at increasing segment indexes);
a disclosure segment, since every episode says it. What is derived, not trusted: each
segment's ``id`` (a hash of its spoken words and voice, so an edit gives a new clip) and
its ``chapter`` index (from the chapters' first segments).
"""

from __future__ import annotations

from ..capped import load_json
from ..config import VoiceProfile
from ..errors import AudioArticleError, ScriptError
from ..models import ROLES, Article, ChapterMark, Paragraph, Script, Section, Segment
from ..speech.base import engine_version
from ..speech.ids import segment_id
from ..parse import _cleaned
from ..parse.source import clean_text, language_tag
from .plan import MAX_PAUSE_MS, check_segment_text

_SEGMENT_KEYS = {"id", "role", "text", "spoken", "pause_after_ms", "chapter"}
_CHAPTER_KEYS = {"title", "first_segment", "url", "image"}


def read_script(data: bytes | str, name: str) -> tuple[Script, Article | None]:
    """The script in ``data`` (ids not yet computed) and the article saved beside it."""
    doc = load_json(data, name, ScriptError)
    if not isinstance(doc, dict):
        raise ScriptError(f"{name}: a script is a JSON object with 'segments' and 'chapters'")
    for key, kind in (("title", str), ("segments", list), ("chapters", list)):
        if not isinstance(doc.get(key), kind) or not doc[key]:
            raise ScriptError(f"{name}: '{key}' must be a non-empty {_KIND[kind]}")
    segments = [_segment(s, i, name) for i, s in enumerate(doc["segments"], 1)]
    chapters = [_chapter(c, i, name) for i, c in enumerate(doc["chapters"], 1)]
    if not any(s.role == "disclosure" for s in segments):
        raise ScriptError(f"{name}: the script has no 'disclosure' segment; every episode says "
                          "\"This audio is created with AI assistance.\"")
    language = language_tag(str(doc.get("language") or "en"))
    if language is None:  # refused here, before any synthesis, as episode.json would be
        raise ScriptError(f"{name}: 'language' must be a language tag such as en or pt-BR")
    try:
        script = Script(clean_text(doc["title"]), tuple(_chaptered(segments, chapters)),
                        tuple(chapters), str(doc.get("voice_profile") or "default"), language,
                        str(doc.get("lexicon") or ""))
    except ScriptError as exc:
        raise ScriptError(f"{name}: {exc}") from exc
    return script, _article(doc.get("article"), name)


_KIND = {str: "string", list: "list", int: "integer"}


def _check_object(item, where: str, keys: set[str]) -> str:
    """``item`` is a JSON object with only ``keys``; returns ``where`` for messages."""
    if not isinstance(item, dict):
        raise ScriptError(f"{where}: must be an object")
    unknown = set(item) - keys
    if unknown:
        raise ScriptError(f"{where}: unknown keys {sorted(unknown)} (keys: {', '.join(sorted(keys))})")
    return where


def _segment(item, number: int, name: str) -> Segment:
    where = _check_object(item, f"{name}: segment {number}", _SEGMENT_KEYS)
    if item.get("role") not in ROLES:
        raise ScriptError(f"{where}: role {item.get('role')!r} is not one of {', '.join(ROLES)}")
    for key in ("text", "spoken"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise ScriptError(f"{where}: '{key}' must be a non-empty string")
    try:
        for key in ("text", "spoken"):
            check_segment_text(item[key])
    except ScriptError as exc:
        raise ScriptError(f"{where}: {exc}") from None
    pause = item.get("pause_after_ms", 0)
    if not isinstance(pause, int) or isinstance(pause, bool) or not 0 <= pause <= MAX_PAUSE_MS:
        raise ScriptError(f"{where}: 'pause_after_ms' must be an integer from 0 to {MAX_PAUSE_MS}")
    return Segment("", item["role"], " ".join(clean_text(item["text"]).split()),
                   " ".join(clean_text(item["spoken"]).split()), pause, 0)


def _chapter(item, number: int, name: str) -> ChapterMark:
    where = _check_object(item, f"{name}: chapter {number}", _CHAPTER_KEYS)
    if not isinstance(item.get("title"), str) or not item["title"].strip():
        raise ScriptError(f"{where}: 'title' must be a non-empty string")
    first = item.get("first_segment")
    if not isinstance(first, int) or isinstance(first, bool) or first < 0:
        raise ScriptError(f"{where}: 'first_segment' must be a segment index (0 is the first)")
    for key in ("url", "image"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise ScriptError(f"{where}: '{key}' must be a string or null")
    return ChapterMark(clean_text(item["title"]).strip(), first, item.get("url"),
                       item.get("image"))


def _chaptered(segments: list[Segment], chapters: list[ChapterMark]) -> list[Segment]:
    starts = [c.first_segment for c in chapters]
    out = []
    for index, s in enumerate(segments):
        chapter = max((i for i, start in enumerate(starts) if start <= index), default=0)
        out.append(Segment(s.id, s.role, s.text, s.spoken, s.pause_after_ms, chapter))
    return out


def _article(data, name: str) -> Article | None:
    if data is None:
        return None
    try:
        # The same cleaning as a parsed article's: no controls or bidi overrides.
        return _cleaned(Article.from_dict(data))
    except (AudioArticleError, TypeError, KeyError, AttributeError) as exc:
        raise ScriptError(f"{name}: 'article' is not a valid article: {exc}") from exc


def with_ids(script: Script, profile: VoiceProfile) -> Script:
    """Each segment's id from its spoken words and the voice that says them."""
    segments = []
    for s in script.segments:
        settings = profile.for_role(s.role)
        sid = segment_id(s.spoken, settings, engine_version(settings.engine))
        segments.append(Segment(sid, s.role, s.text, s.spoken, s.pause_after_ms, s.chapter))
    return Script(script.title, tuple(segments), script.chapters, profile.name, script.language,
                  script.lexicon)


def article_for(script: Script) -> Article:
    """An article for the episode's metadata when the script file carries none."""
    body = tuple(Paragraph(s.text) for s in script.segments if s.role in ("body", "quote"))
    return Article(script.title, (Section(None, body or (Paragraph(script.segments[0].text),)),),
                   language=script.language)


def script_document(script: Script, article: Article) -> dict:
    """``script --format json``: the Script, and the article for the episode's metadata."""
    return {**script.to_dict(), "article": article.to_dict()}
