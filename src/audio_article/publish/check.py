"""``feed check``: the STANDARDS.md §2 rules a feed breaks, for any RSS feed, ours or not.

Each violation names its rule. With a folder of files, it also compares enclosure
lengths and durations, artwork, chapters and transcripts against the files themselves.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..capped import FEED_BYTES, read_capped
from ..xmlsafe import parse_untrusted

from .categories import category_problem
from .errors import PublishError
from .feed import AI_CONTENT, NS, q
from .local import check_files
from .show import LANGUAGE
from .text import parse_rfc2822, utf8_len
from .urls import is_ascii_url

OLD_PODCAST_NS = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
ENCLOSURE_TYPES = {"mp3": "audio/mpeg", "m4a": "audio/x-m4a", "mov": "video/quicktime",
                   "mp4": "video/mp4", "m4v": "video/x-m4v", "pdf": "application/pdf",
                   "epub": "application/epub+zip"}  # extensions the W3C validator allows
TRANSCRIPT_TYPES = ("text/vtt", "application/x-subrip", "application/json", "text/html",
                    "text/plain")
SHORT_TAGS = ("title", "link", "language", "itunes:author", "itunes:duration",
              "itunes:explicit", "guid", "pubDate")
ALTERNATE = "§2.3 #30"
AI_WORDS = re.compile(r"\bAI\b|artificial intelligence|synthetic|text-to-speech", re.I)


@dataclass(frozen=True)
class Violation:
    rule: str  # a STANDARDS.md rule, e.g. "§2.2 #18"
    where: str  # "document", "channel" or "item 2 'Title'"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message} (STANDARDS.md {self.rule})"


class Report:
    def __init__(self) -> None:
        self.violations: list[Violation] = []

    def add(self, rule: str, where: str, message: str) -> None:
        self.violations.append(Violation(rule, where, message))


def check_feed(path: Path, files: Path | None = None) -> list[Violation]:
    """Every violation in the feed at ``path``, in document order."""
    report = Report()
    root = _parse(Path(path), report)
    if root is None:
        return report.violations
    channel = root.find("channel")
    _check_document(root, report)
    _check_channel(channel, report)
    items = channel.findall("item")
    for number, item in enumerate(items, 1):
        _check_item(item, _where(number, item), report)
    _check_across_items(channel, items, report)
    if files is not None:
        check_files(channel, items, Path(files), report, _where)
    return report.violations


def _where(number: int, item) -> str:
    title = (item.findtext("title") or "").strip()
    return f"item {number} {title[:60]!r}" if title else f"item {number}"


def _parse(path: Path, report: Report):
    try:
        root = parse_untrusted(read_capped(path, FEED_BYTES, "feed", error=PublishError),
                               "the feed", PublishError)
    except PublishError as exc:  # unreadable, too big, or with a DTD
        report.add("§2.1 #3", "document", str(exc))
        return None
    except etree.XMLSyntaxError as exc:
        report.add("§2.1 #3", "document", f"not well-formed XML: {exc}")
        return None
    encoding = (root.getroottree().docinfo.encoding or "").upper().replace("UTF8", "UTF-8")
    if encoding != "UTF-8":
        report.add("§2.1 #1", "document", f"encoding is {encoding or 'not declared'}, not UTF-8")
    if root.tag != "rss" or root.find("channel") is None:
        report.add("§2.1 #1", "document", "the root is not <rss> with a <channel>")
        return None
    return root


def _check_document(root, report: Report) -> None:
    if root.get("version") != "2.0":
        report.add("§2.1 #1", "document", f'<rss version="{root.get("version")}">, not "2.0"')
    declared = set(root.nsmap.values())
    for prefix in ("itunes", "content"):
        if NS[prefix] not in declared:
            report.add("§2.1 #1", "document", f"the root does not declare xmlns:{prefix}="
                       f"\"{NS[prefix]}\" (exact, case-sensitive)")
    used = {etree.QName(e).namespace for e in root.iter() if isinstance(e.tag, str)}
    for uri in used - {None, *NS.values()}:
        if uri.lower() in {v.lower() for v in NS.values()} or uri == OLD_PODCAST_NS:
            report.add("§2.1 #2", "document", f"namespace {uri!r} is misspelt or outdated; "
                       "readers ignore tags in it")


def _check_channel(channel, report: Report) -> None:
    where = "channel"
    _required_text(channel, ("title", "description", "language"), where, "§2.2 #7", report)
    _check_short_texts(channel, where, report)
    _check_description(channel, where, report)
    language = (channel.findtext("language") or "").strip()
    if language and not LANGUAGE.fullmatch(language):
        report.add("§2.2 #7", where, f"language {language!r} is not an ISO 639 code")
    _check_image(channel, where, "§2.2 #7", report, required=True)
    _check_category(channel, where, report)
    _check_explicit(channel, where, report, required=True)
    if not (channel.findtext(f"{q('itunes:owner')}/{q('itunes:email')}") or "").strip():
        report.add("§2.2 #11", where, "no itunes:owner/itunes:email")
    _check_enum(channel, "itunes:type", ("episodic", "serial"), where, "§2.2 #10", report)
    _check_podcast_channel(channel, where, report)


def _required_text(element, tags, where: str, rule: str, report: Report) -> None:
    for tag in tags:
        if not (element.findtext(q(tag)) or "").strip():
            report.add(rule, where, f"<{tag}> is missing or empty")


def _check_short_texts(element, where: str, report: Report) -> None:
    for tag in SHORT_TAGS:
        for child in element.findall(q(tag)):
            text = child.text or ""
            if text != text.strip():
                report.add("§2.1 #6", where, f"<{tag}> has leading or trailing whitespace")
            if len(text) > 255:
                report.add("§2.1 #6", where, f"<{tag}> is {len(text)} characters, over 255")


def _check_description(element, where: str, report: Report) -> None:
    rule = "§2.2 #7" if where == "channel" else "§2.2 #19"
    for tag in ("description", "content:encoded", "itunes:summary"):
        size = utf8_len(element.findtext(q(tag)) or "")
        if size > 4000:
            report.add(rule, where, f"<{tag}> is {size} bytes, over 4000")


def _check_image(element, where: str, rule: str, report: Report, required: bool) -> None:
    image = element.find(q("itunes:image"))
    if image is None:
        if required:
            report.add(rule, where, "no itunes:image")
        return
    href = image.get("href") or ""
    if not is_ascii_url(href):
        report.add("§2.1 #5", where, f"itunes:image href {href!r} is not an ASCII http(s) URL")


def _check_category(channel, where: str, report: Report) -> None:
    categories = channel.findall(q("itunes:category"))
    if not categories:
        report.add("§2.2 #7", where, "no itunes:category")
    for top in categories:
        subs = top.findall(q("itunes:category")) or [None]
        for sub in subs:
            problem = category_problem(top.get("text") or "",
                                       sub.get("text") or "" if sub is not None else None)
            if problem:
                report.add("§2.2 #7", where, f"itunes:category: {problem}")


def _check_explicit(element, where: str, report: Report, required: bool) -> None:
    value = element.findtext(q("itunes:explicit"))
    if value is None:
        if required:
            report.add("§2.2 #7", where, "no itunes:explicit")
    elif value.strip() not in ("true", "false"):
        report.add("§2.2 #8", where, f"itunes:explicit is {value!r}, not true or false")


def _check_enum(element, tag: str, allowed, where: str, rule: str, report: Report) -> None:
    value = element.findtext(q(tag))
    if value is not None and value.strip() not in allowed:
        report.add(rule, where, f"{tag} is {value!r}, not one of {', '.join(allowed)}")


def _check_podcast_channel(channel, where: str, report: Report) -> None:
    guids = channel.findall(q("podcast:guid"))
    if len(guids) > 1:
        report.add("§2.3 #21", where, "more than one podcast:guid")
    for guid in guids[:1]:
        if _uuid_version((guid.text or "").strip()) != 5:
            report.add("§2.3 #21", where, f"podcast:guid {guid.text!r} is not a UUIDv5")
    locks = channel.findall(q("podcast:locked"))
    if len(locks) > 1:
        report.add("§2.3 #22", where, "more than one podcast:locked")
    for lock in locks:
        if (lock.text or "").strip() not in ("yes", "no"):
            report.add("§2.3 #22", where, f"podcast:locked is {lock.text!r}, not yes or no")
    _check_txt(channel, where, report)


def _uuid_version(text: str) -> int | None:
    try:
        return uuid.UUID(text).version
    except ValueError:
        return None


def _check_txt(element, where: str, report: Report) -> None:
    for txt in element.findall(q("podcast:txt")):
        if len(txt.get("purpose") or "") > 128:
            report.add("§2.3 #27", where, "podcast:txt purpose is over 128 characters")
        if len(txt.text or "") > 4000:
            report.add("§2.3 #27", where, "podcast:txt is over 4000 characters")


def _check_item(item, where: str, report: Report) -> None:
    _required_text(item, ("title",), where, "§2.2 #12", report)
    _check_short_texts(item, where, report)
    _check_description(item, where, report)
    _check_enclosure(item, where, report)
    _check_guid(item, where, report)
    _check_pub_date(item, where, report)
    duration = item.findtext(q("itunes:duration"))
    if duration is not None and not re.fullmatch(r"\d+", duration.strip()):
        report.add("§2.2 #18", where, f"itunes:duration {duration!r} is not whole seconds")
    _check_image(item, where, "§2.2 #19", report, required=False)
    _check_explicit(item, where, report, required=False)
    _check_enum(item, "itunes:episodeType", ("full", "trailer", "bonus"), where, "§2.2 #19",
                report)
    for tag in ("itunes:episode", "itunes:season"):
        value = item.findtext(q(tag))
        if value is not None and not re.fullmatch(r"[1-9]\d*", value.strip()):
            report.add("§2.2 #19", where, f"{tag} {value!r} is not a positive integer")
    _check_podcast_item(item, where, report)


def _check_enclosure(item, where: str, report: Report) -> None:
    enclosures = item.findall("enclosure")
    if not enclosures:
        report.add("§2.2 #12", where, "no enclosure")
    for enclosure in enclosures:
        url, length, kind = (enclosure.get(a) for a in ("url", "length", "type"))
        missing = [a for a, v in (("url", url), ("length", length), ("type", kind)) if not v]
        if missing:
            report.add("§2.2 #12", where, f"enclosure has no {', '.join(missing)}")
        if length and not re.fullmatch(r"\d+", length):
            report.add("§2.2 #13", where, f"enclosure length {length!r} is not an integer >= 0")
        if url:
            _check_enclosure_url(url, kind, where, report)


def _check_enclosure_url(url: str, kind: str | None, where: str, report: Report) -> None:
    if not is_ascii_url(url):
        report.add("§2.1 #5", where, f"enclosure URL {url!r} is not an ASCII http(s) URL "
                   "with A-Z a-z 0-9 . _ - path segments")
    extension = url.split("?")[0].rsplit(".", 1)[-1].lower()
    if extension not in ENCLOSURE_TYPES:
        report.add("§2.2 #15", where, f"enclosure URL ends in .{extension}, not .mp3 or .m4a")
    elif kind and kind != ENCLOSURE_TYPES[extension]:
        report.add("§2.2 #14", where, f"enclosure type {kind!r} does not match .{extension} "
                   f"({ENCLOSURE_TYPES[extension]})")


def _check_guid(item, where: str, report: Report) -> None:
    guid = item.find("guid")
    if guid is None or not (guid.text or "").strip():
        report.add("§2.2 #16", where, "no guid")
        return
    if guid.get("isPermaLink", "true") != "false" and not is_ascii_url(guid.text.strip()):
        report.add("§2.2 #16", where, f"guid {guid.text!r} is a permalink by default but not "
                   'a URL; add isPermaLink="false"')


def _check_pub_date(item, where: str, report: Report) -> None:
    text = item.findtext("pubDate")
    if text is None:
        report.add("§2.2 #17", where, "no pubDate")
    elif parse_rfc2822(text) is None:
        report.add("§2.2 #17", where, f"pubDate {text!r} is not RFC 2822 with a time zone")


def _check_podcast_item(item, where: str, report: Report) -> None:
    chapters = item.findall(q("podcast:chapters"))
    if len(chapters) > 1:
        report.add("§2.3 #23", where, "more than one podcast:chapters")
    for chapter in chapters:
        if chapter.get("type") != "application/json+chapters":
            report.add("§2.3 #23", where, f"podcast:chapters type {chapter.get('type')!r} "
                       "is not application/json+chapters")
        _check_url_attr(chapter, "podcast:chapters", where, report)
    for transcript in item.findall(q("podcast:transcript")):
        if transcript.get("type") not in TRANSCRIPT_TYPES:
            report.add("§2.3 #24", where, f"podcast:transcript type "
                       f"{transcript.get('type')!r} is not one of {', '.join(TRANSCRIPT_TYPES)}")
        _check_url_attr(transcript, "podcast:transcript", where, report)
    _check_txt(item, where, report)
    _check_alternates(item, where, report)
    if _ai_content(item) and not AI_WORDS.search(_notes(item)):
        report.add("§5.2", where, "podcast:txt says ai-content but the description does not "
                   "disclose it")


def _check_alternates(item, where: str, report: Report) -> None:
    """§2.3 #30: podcast:alternateEnclosure (the namespace's alternate-enclosure.md)."""
    alternates = item.findall(q("podcast:alternateEnclosure"))
    if sum(a.get("default") == "true" for a in alternates) > 1:
        report.add(ALTERNATE, where, "more than one podcast:alternateEnclosure is the default")
    for alternate in alternates:
        for problem in _alternate_problems(alternate):
            report.add(ALTERNATE, where, f"podcast:alternateEnclosure: {problem}")


def _alternate_problems(alternate) -> list[str]:
    problems = [] if alternate.get("type") else ["no type"]
    length, bitrate = alternate.get("length"), alternate.get("bitrate")
    if length is not None and not re.fullmatch(r"\d+", length):
        problems.append(f"length {length!r} is not an integer >= 0")
    if bitrate is not None and not re.fullmatch(r"\d+(\.\d+)?", bitrate):
        problems.append(f"bitrate {bitrate!r} is not a number of bits per second")
    if alternate.get("default", "false") not in ("true", "false"):
        problems.append(f"default {alternate.get('default')!r} is not true or false")
    if len(alternate.get("title") or "") > 32:
        problems.append("title is over 32 characters")
    sources = alternate.findall(q("podcast:source"))
    if not sources:
        problems.append("no podcast:source")
    problems += [f"podcast:source uri {s.get('uri')!r} is not an ASCII http(s) URL"
                 for s in sources if not is_ascii_url(s.get("uri") or "")]
    return problems


def _check_url_attr(element, tag: str, where: str, report: Report) -> None:
    url = element.get("url")
    if not url:
        report.add("§2.3 #23" if tag == "podcast:chapters" else "§2.3 #24", where,
                   f"{tag} has no url")
    elif not is_ascii_url(url):
        report.add("§2.1 #5", where, f"{tag} url {url!r} is not an ASCII http(s) URL")


def _ai_content(element) -> bool:
    return any(t.get("purpose") == AI_CONTENT and (t.text or "").strip() == "true"
               for t in element.findall(q("podcast:txt")))


def _notes(item) -> str:
    return " ".join(item.findtext(q(tag)) or ""
                    for tag in ("description", "content:encoded", "itunes:summary"))


def _check_across_items(channel, items, report: Report) -> None:
    _check_unique(items, "guid", lambda i: (i.findtext("guid") or "").strip(), "§2.2 #16",
                  report)
    _check_unique(items, "enclosure URL", lambda i: i.find("enclosure").get("url")
                  if i.find("enclosure") is not None else "", "§2.2 #15", report)
    dates = [parse_rfc2822(item.findtext("pubDate")) for item in items]
    for number, (newer, older) in enumerate(zip(dates, dates[1:]), 1):
        if newer and older and older > newer:
            report.add("§2.2 #20", _where(number + 1, items[number]),
                       "is newer than the item before it; items must be newest first")
    if any(_ai_content(item) for item in items) and not _ai_content(channel):
        report.add("§2.3 #27", "channel", 'items carry podcast:txt purpose="ai-content" '
                   "but the channel does not")
    if (channel.findtext(q("itunes:type")) or "").strip() == "serial":
        for number, item in enumerate(items, 1):
            if item.find(q("itunes:episode")) is None:
                report.add("§2.2 #10", _where(number, item), "a serial show needs "
                           "itunes:episode on every item")


def _check_unique(items, label: str, key, rule: str, report: Report) -> None:
    seen: dict[str, int] = {}
    for number, item in enumerate(items, 1):
        value = key(item)
        if value and value in seen:
            report.add(rule, _where(number, item), f"{label} {value!r} repeats item "
                       f"{seen[value]}")
        seen.setdefault(value, number)
