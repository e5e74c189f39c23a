"""What ``batch SOURCES...`` names, expanded to article sources (file paths and URLs):
files and URLs as they are, ``@list.txt`` (one source a line, ``#`` comments), and RSS,
Atom feeds or sitemaps (files or URLs), each replaced by the links it lists.

Trust: a source the user typed (on the command line or in an @list) may be a local path.
A source a document names (a feed's or a sitemap's link, local document or remote) is
only ever an http(s) URL that passes the URL policy: a relative link is resolved against
the document's own URL, and ``/etc/passwd``, ``../x``, ``file:`` and every other form is
refused. A document names at most MAX_LINKS sources and a run at most MAX_SOURCES; what
goes past is left out and said.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from lxml import etree

from ..capped import ARTICLE_BYTES, SETTINGS_BYTES, read_capped
from ..errors import AudioArticleError, InputError
from ..parse.netguard import checked_url, joined
from ..printable import shown
from ..parse.source import is_url
from ..xmlsafe import parse_untrusted

# Fetches a URL's bytes (watch passes a conditional GET that remembers the last body).
Getter = Callable[[str], bytes]
MAX_LINKS = 1000  # sources one feed, sitemap or @list may name
MAX_SOURCES = 5000  # sources one run may name in all
MAX_DEPTH = 3  # lists of feeds of sitemaps
MAX_DOCUMENTS = 100  # feeds and sitemaps that documents name, opened in one run
_XML_ROOTS = ("rss", "feed", "RDF", "urlset", "sitemapindex")


def expand(sources: list[str], get: Getter, unreadable: dict[str, str] | None = None,
           note: Callable[[str], None] = lambda _m: None) -> list[str]:
    """Article sources in order, each once (the first mention wins). A list, feed or
    link that cannot be read or is refused is put in ``unreadable`` with the reason (the
    others still count) when given; else its error propagates. ``note`` hears what the
    caps left out."""
    walk = _Walk(get, unreadable, note)
    for source in sources:
        walk.visit(source, depth=0, named_by=None)
    return list(walk.found)


class _Walk:
    def __init__(self, get: Getter, unreadable: dict[str, str] | None,
                 note: Callable[[str], None]) -> None:
        self.get, self.unreadable, self.note = get, unreadable, note
        self.found: dict[str, None] = {}
        self.capped = False
        self.documents = 0

    def visit(self, source: str, depth: int, named_by: str | None) -> None:
        """``named_by``: None for a source the user typed, else the document naming it."""
        try:
            self._expand(source, depth, named_by)
        except AudioArticleError as exc:
            if self.unreadable is None:
                raise
            self.unreadable[shown(source)] = str(exc)

    def _expand(self, source: str, depth: int, named_by: str | None) -> None:
        if named_by is not None:
            source = _remote_only(source, named_by)
        if depth > MAX_DEPTH:  # a sitemap index naming itself, or lists of lists of lists
            raise InputError(f"{shown(source)}: lists nested more than {MAX_DEPTH} deep")
        self.documents += named_by is not None
        if self.documents > MAX_DOCUMENTS:
            raise InputError(f"{shown(source)} left out: documents named more than "
                             f"{MAX_DOCUMENTS} feeds and sitemaps to open in one run")
        if source.startswith("@") and named_by is None:
            return self._children(_list_lines(Path(source[1:])), source, depth, None)
        data = self.get(source) if is_url(source) else _head(Path(source))
        links = xml_links(data)
        if links is None:  # an article; a file by its absolute path, the key of its state
            return self._add(source if is_url(source) else str(Path(source).resolve()))
        base = source if is_url(source) else None
        self._children([(joined(base, link) or link) if base else link for link in links],
                       source, depth, source)

    def _children(self, links: list[str], document: str, depth: int,
                  named_by: str | None) -> None:
        if len(links) > MAX_LINKS:
            self.note(f"{shown(document)} names {len(links)} sources; only the first "
                      f"{MAX_LINKS} are read (the limit per document)")
        for link in links[:MAX_LINKS]:
            if named_by is None or _is_sitemap_or_feed_link(link):
                self.visit(link, depth + 1, named_by)
                continue
            try:  # a page a document names: checked here, read when narrated
                self._add(_remote_only(link, named_by))
            except AudioArticleError as exc:
                if self.unreadable is None:
                    raise
                self.unreadable[shown(link)] = str(exc)

    def _add(self, article: str) -> None:
        if len(self.found) >= MAX_SOURCES and article not in self.found:
            if not self.capped:
                self.note(f"more than {MAX_SOURCES} articles named; the rest are left out "
                          "(the limit per run)")
            self.capped = True
            return
        self.found.setdefault(article, None)


def _remote_only(link: str, document: str) -> str:
    """``link`` when a document may name it: an http(s) URL that passes the URL policy."""
    if not is_url(link.strip()):
        raise InputError(f"refused: {shown(document)} names {shown(link)}, which is not an "
                         "http(s) URL (a feed or sitemap may not name local files)")
    return checked_url(link)


def _is_sitemap_or_feed_link(link: str) -> bool:
    # A sitemap index lists sitemaps; a feed or a sitemap lists pages: only .xml links
    # are opened to see which they are.
    return link.lower().split("?")[0].endswith(".xml")


def _list_lines(path: Path) -> list[str]:
    data = read_capped(path, SETTINGS_BYTES, "list")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read the list {path}: not UTF-8 (bad byte at offset "
                         f"{exc.start})") from None
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _head(path: Path) -> bytes:
    """A local file's bytes, to see whether it is a feed or sitemap; articles are read
    again by the pipeline, which reports a file that cannot be read."""
    try:
        return read_capped(path, ARTICLE_BYTES, "file")
    except AudioArticleError:
        return b""


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
