"""An HTML page's metadata: JSON-LD (NewsArticle and kin) first, then OpenGraph and
other meta tags, then the page itself (<html lang>, <time>, byline elements, <h1>,
<title>). Read before boilerplate is cut, as bylines and headers go with it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from typing import Iterable

from bs4 import Tag

from .dom import text_of
from .netguard import joined
from .text import split_authors

ARTICLE_TYPES = frozenset("NewsArticle Article ReportageNewsArticle BlogPosting "
                          "AnalysisNewsArticle OpinionNewsArticle ReviewNewsArticle "
                          "BackgroundNewsArticle LiveBlogPosting TechArticle Report "
                          "ScholarlyArticle SocialMediaPosting".split())
TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ")
# A byline is a name or a few, not a paragraph.
BYLINE_MAX_CHARS = 120
BYLINE_CLASS = re.compile(r"(?:^|[-_ ])(?:byline|author|authors)(?:$|[-_ ])", re.I)


@dataclass(frozen=True)
class Meta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    site_name: str | None = None
    image: str | None = None
    description: str | None = None
    url: str | None = None

    def over(self, other: "Meta") -> "Meta":
        """These values, and ``other``'s where these have none."""
        return Meta(**{f.name: getattr(self, f.name) or getattr(other, f.name)
                       for f in fields(self)})


class _Index:
    """What the metadata readers look for, gathered in one pass over the page's elements
    (a search of the whole tree per meta name made this stage slower than the rest of
    the parser together)."""

    def __init__(self, tags: Iterable[Tag]) -> None:
        self.meta: dict[str, str] = {}  # property/name/itemprop -> first non-empty content
        self.html_lang = self.canonical = self.title = None
        self.h1s: list[Tag] = []
        self.ld_json: list[Tag] = []
        self.authors: list[Tag] = []  # [itemprop~=author], a[rel~=author]
        self.bylines: list[Tag] = []  # class names like "byline", "author"
        self.date_published = self.article_time = self.any_time = None
        for tag in tags:
            if isinstance(tag, Tag) and tag.name:
                self._add(tag)

    def _add(self, tag: Tag) -> None:
        name, attrs = tag.name, tag.attrs
        if name == "meta" and "content" in attrs:
            self._add_meta(attrs)
        elif name == "html" and self.html_lang is None and str(attrs.get("lang", "")).strip():
            self.html_lang = str(attrs["lang"]).strip()
        elif name == "link" and self.canonical is None and "canonical" in _words(attrs.get("rel")):
            self.canonical = str(attrs.get("href", "")).strip()
        elif name == "title" and self.title is None:
            self.title = tag.get_text()
        elif name == "h1":
            self.h1s.append(tag)
        elif name == "script" and "ld+json" in str(attrs.get("type", "")).lower():
            self.ld_json.append(tag)
        elif name == "time" and attrs.get("datetime"):
            self.any_time = self.any_time or tag
            if self.article_time is None and tag.find_parent("article") is not None:
                self.article_time = tag
        if not attrs:
            return
        itemprop = _words(attrs.get("itemprop"))
        if "datePublished" in itemprop and self.date_published is None:
            self.date_published = tag
        if "author" in itemprop or (name == "a" and "author" in _words(attrs.get("rel"))):
            self.authors.append(tag)
        classes = attrs.get("class")
        if len(self.bylines) < 5 and classes and any(
                BYLINE_CLASS.search(c) for c in _words(classes)):
            self.bylines.append(tag)

    def _add_meta(self, attrs: dict) -> None:
        key = str(attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "")
        value = " ".join(str(attrs["content"]).split())
        if value:
            self.meta.setdefault(key.lower(), value)

    def content(self, *names: str) -> str | None:
        return next((self.meta[n] for n in names if n in self.meta), None)


def _words(value) -> list[str]:
    """An attribute's space-separated words (the soup gives "class" and "rel" as lists)."""
    if not value:
        return []
    return list(value) if isinstance(value, (list, tuple)) else str(value).split()


def page_meta(tags: Iterable[Tag], url: str | None) -> tuple[Meta, str | None]:
    """The page's metadata and headline, from its elements in document order."""
    index = _Index(tags)
    meta = _json_ld(index).over(_meta_tags(index, url)).over(_page_itself(index))
    return meta, _headline(index, meta)


def _headline(index: _Index, meta: Meta) -> str | None:
    """The article's headline: the metadata's, else the article's <h1>, else <title>,
    without a trailing site name ("Bridge reopens | The Daily Test")."""
    h1s = index.h1s
    candidates = (meta.title, _first_h1(h1s, meta.site_name), index.title or "",
                  text_of(h1s[0]) if h1s else None)
    for candidate in candidates:
        cleaned = strip_site_name(" ".join((candidate or "").split()), meta.site_name)
        if cleaned:
            return cleaned
    return None


def _first_h1(h1s: list[Tag], site_name: str | None = None) -> str | None:
    """The article's own <h1>: one in an <article> first, then one outside the page's
    header and navigation, whose <h1> is often the site's logo."""
    h1s = [h for h in h1s if text_of(h) and _name_key(text_of(h)) != _name_key(site_name or "")]
    for wanted in (_in_article, _not_in_furniture):
        found = next((h for h in h1s if wanted(h)), None)
        if found is not None:
            return text_of(found)
    return None


def _in_article(tag: Tag) -> bool:
    return tag.find_parent("article") is not None


def _not_in_furniture(tag: Tag) -> bool:
    return tag.find_parent(("header", "nav", "footer", "aside")) is None


def strip_site_name(title: str, site_name: str | None) -> str:
    for separator in TITLE_SEPARATORS:
        head, _, tail = title.rpartition(separator)
        if head and site_name and _name_key(tail) == _name_key(site_name):
            return head.strip()
    return title


def _name_key(name: str) -> str:
    """ "The Daily Test" and "daily test" name the same site."""
    return re.sub(r"^the\s+", "", name.strip().casefold())


# ---------------------------------------------------------------- meta tags


def _meta_tags(index: _Index, url: str | None) -> Meta:
    content = index.content
    author = content("author", "article:author", "byl", "parsely-author", "sailthru.author",
                     "dc.creator")
    return Meta(
        title=content("og:title", "twitter:title", "parsely-title", "dc.title"),
        authors=split_authors(author) if author and "://" not in author else (),
        published=content("article:published_time", "date", "pubdate", "publishdate",
                          "parsely-pub-date", "dc.date", "dc.date.issued", "sailthru.date"),
        language=_language(index),
        site_name=content("og:site_name", "application-name"),
        image=content("og:image", "og:image:url", "twitter:image"),
        description=content("og:description", "description", "twitter:description"),
        url=_canonical(index, url),
    )


def _language(index: _Index) -> str | None:
    if index.html_lang:
        return index.html_lang
    locale = index.content("og:locale", "content-language", "language")
    return locale.replace("_", "-") if locale else None  # "en_US" -> "en-US" (BCP 47)


def _canonical(index: _Index, url: str | None) -> str | None:
    href = index.canonical or index.content("og:url") or ""
    if not href:
        return None
    # A relative canonical URL means nothing without the address the page came from.
    return joined(url, href)


# ---------------------------------------------------------------- the page itself


def _page_itself(index: _Index) -> Meta:
    return Meta(authors=_byline(index), published=_time(index))


def _time(index: _Index) -> str | None:
    """The article's first <time datetime>, or one marked as the publication date."""
    tag = index.date_published or index.article_time or index.any_time
    if tag is None:
        return None
    value = tag.get("datetime") or tag.get("content") or text_of(tag)
    return " ".join(str(value).split()) or None


def _byline(index: _Index) -> tuple[str, ...]:
    """Names from rel=author links, itemprop=author, or a short "By ..." byline."""
    names: list[str] = []
    for tag in index.authors:
        name = tag.find(attrs={"itemprop": "name"})
        names.extend(_names(text_of(name if name is not None else tag)))
    if not names:
        for tag in index.bylines:
            names.extend(_names(text_of(tag)))
            if names:
                break
    return tuple(dict.fromkeys(names))


def _names(text: str) -> tuple[str, ...]:
    text = re.sub(r"^(?:written\s+)?by:?\s+", "", text.strip(), flags=re.I)
    if not text or len(text) > BYLINE_MAX_CHARS or any(c.isdigit() for c in text):
        return ()
    return tuple(n for n in split_authors(text) if n[:1].isupper())


# ---------------------------------------------------------------- JSON-LD


def _json_ld(index: _Index) -> Meta:
    for script in index.ld_json:
        try:
            # strict=False: raw newlines inside strings are common in the wild.
            data = json.loads(_strip_cdata(script.string or ""), strict=False)
        except (ValueError, RecursionError):
            continue
        for item in _walk_ld(data):
            types = item.get("@type")
            if set(types if isinstance(types, list) else [types]) & ARTICLE_TYPES:
                return _ld_fields(item)
    return Meta()


def _strip_cdata(text: str) -> str:
    """Some pages wrap their JSON-LD in a CDATA section or an HTML comment."""
    text = text.strip()
    for start, end in (("<![CDATA[", "]]>"), ("<!--", "-->")):
        if text.startswith(start) and text.endswith(end):
            text = text[len(start):-len(end)].strip()
    return text


def _walk_ld(data, depth: int = 0):
    if depth > 8:  # a graph is shallow; a deeper one is not worth the walk
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _walk_ld(data.get("@graph", []), depth + 1)
        yield from _walk_ld(data.get("mainEntity", []), depth + 1)


def _ld_fields(item: dict) -> Meta:
    publisher = item.get("publisher")
    publisher = publisher[0] if isinstance(publisher, list) and publisher else publisher
    return Meta(
        title=_ld_text(item.get("headline")) or _ld_text(item.get("name")),
        authors=_ld_authors(item.get("author")),
        published=_ld_text(item.get("datePublished")),
        language=_ld_text(item.get("inLanguage")),
        site_name=_ld_text(publisher.get("name")) if isinstance(publisher, dict) else None,
        image=_ld_url(item.get("image")), description=_ld_text(item.get("description")),
        url=_ld_url(item.get("url")),
    )


def _ld_text(value) -> str | None:
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


def _ld_url(value) -> str | None:
    """A URL given as a string, an ImageObject, or a list of either."""
    if isinstance(value, list):
        value = value[0] if value else None
    return _ld_text(value.get("url") if isinstance(value, dict) else value)


def _ld_authors(value) -> tuple[str, ...]:
    names: list[str] = []
    for author in value if isinstance(value, list) else [value]:
        name = author.get("name") if isinstance(author, dict) else author
        names.extend(split_authors(_ld_text(name)))
    return tuple(dict.fromkeys(names))
