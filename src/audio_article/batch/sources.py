"""What ``batch SOURCES...`` names, expanded to article sources (file paths and URLs):
files and URLs as they are, ``@list.txt`` (one source a line, ``#`` comments), and RSS,
Atom feeds or sitemaps (files or URLs), each replaced by the links it lists."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from lxml import etree

from ..errors import AudioArticleError, InputError
from ..parse.source import MAX_BYTES, is_url
from ..xmlsafe import parse_untrusted

# Fetches a URL's bytes (watch passes a conditional GET that remembers the last body).
Getter = Callable[[str], bytes]
_XML_ROOTS = ("rss", "feed", "RDF", "urlset", "sitemapindex")


def expand(sources: list[str], get: Getter,
           unreadable: dict[str, str] | None = None) -> list[str]:
    """Article sources in order, each once (the first mention wins). A list or feed that
    cannot be read is put in ``unreadable`` with the reason (the others still count)
    when given; else its error propagates."""
    found: dict[str, None] = {}
    for source in sources:
        try:
            articles = _expand_one(source, get, depth=0)
        except AudioArticleError as exc:
            if unreadable is None:
                raise
            unreadable[source] = str(exc)
            continue
        for article in articles:
            found.setdefault(article, None)
    return list(found)


def _expand_one(source: str, get: Getter, depth: int) -> list[str]:
    if depth > 3:  # a sitemap index naming itself, or lists of lists of lists
        raise InputError(f"{source}: lists nested more than 3 deep")
    if source.startswith("@"):
        return [a for line in _list_lines(Path(source[1:]))
                for a in _expand_one(line, get, depth + 1)]
    data = get(source) if is_url(source) else _head(Path(source))
    links = xml_links(data)
    if links is None:  # an article; a file by its absolute path, the key of its state
        return [source if is_url(source) else str(Path(source).resolve())]
    return [a for link in links for a in (_expand_one(link, get, depth + 1)
                                         if _is_sitemap_or_feed_link(link) else [link])]


def _is_sitemap_or_feed_link(link: str) -> bool:
    # A sitemap index lists sitemaps; a feed or a sitemap lists pages: only .xml links
    # are opened to see which they are.
    return link.lower().split("?")[0].endswith(".xml")


def _list_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the list {path}: {exc}") from None
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _head(path: Path) -> bytes:
    """A file's bytes when it may be XML; articles are read later by the pipeline."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
            if not _looks_xml(head):
                return head
            return head + handle.read(MAX_BYTES)
    except OSError:
        return b""  # the narration reports a missing file, as one failed article


def _looks_xml(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex",
                            b"<rdf:rdf"))


def xml_links(data: bytes) -> list[str] | None:
    """The article links of an RSS/Atom feed or a sitemap; None when ``data`` is neither
    (an article page)."""
    if not _looks_xml(data[:512]):
        return None
    try:  # a feed with a DTD is refused (an InputError), not read as an article
        root = parse_untrusted(data, "the feed or sitemap", InputError)
    except etree.XMLSyntaxError:
        return None
    kind = etree.QName(root).localname
    if kind not in _XML_ROOTS:
        return None
    if kind in ("urlset", "sitemapindex"):
        links = root.xpath("./*[local-name()='url' or local-name()='sitemap']"
                           "/*[local-name()='loc']/text()")
    elif kind == "feed":  # Atom: the entry's alternate link
        links = root.xpath("./*[local-name()='entry']/*[local-name()='link']"
                           "[not(@rel) or @rel='alternate']/@href")
    else:  # RSS 2.0 and RSS 1.0 (RDF)
        links = root.xpath("//*[local-name()='item']/*[local-name()='link']/text()")
    return [str(link).strip() for link in links if str(link).strip()]
