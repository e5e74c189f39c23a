"""An HTML page's metadata: JSON-LD (NewsArticle and kin) first, then OpenGraph and
other meta tags, then the page itself (<html lang>, <time>, byline elements, <h1>,
<title>). Read before boilerplate is cut, as bylines and headers go with it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from .dom import text_of
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


def page_meta(soup: BeautifulSoup, url: str | None) -> Meta:
    return _json_ld(soup).over(_meta_tags(soup, url)).over(_page_itself(soup))


def headline(soup: BeautifulSoup, meta: Meta) -> str | None:
    """The article's headline: the metadata's, else the article's <h1>, else <title>,
    without a trailing site name ("Bridge reopens | The Daily Test")."""
    title = soup.title.get_text() if soup.title else ""
    for candidate in (meta.title, first_h1(soup, meta.site_name), title, _any_h1(soup)):
        cleaned = strip_site_name(" ".join((candidate or "").split()), meta.site_name)
        if cleaned:
            return cleaned
    return None


def first_h1(soup: BeautifulSoup, site_name: str | None = None) -> str | None:
    """The article's own <h1>: one in an <article> first, then one outside the page's
    header and navigation, whose <h1> is often the site's logo."""
    h1s = [h for h in soup.find_all("h1") if text_of(h)
           and _name_key(text_of(h)) != _name_key(site_name or "")]
    for wanted in (_in_article, _not_in_furniture):
        found = next((h for h in h1s if wanted(h)), None)
        if found is not None:
            return text_of(found)
    return None


def _any_h1(soup: BeautifulSoup) -> str | None:
    h1 = soup.find("h1")
    return text_of(h1) if h1 is not None else None


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


def _meta_tags(soup: BeautifulSoup, url: str | None) -> Meta:
    author = _meta_content(soup, "author", "article:author", "byl", "parsely-author",
                           "sailthru.author", "dc.creator")
    return Meta(
        title=_meta_content(soup, "og:title", "twitter:title", "parsely-title", "dc.title"),
        authors=split_authors(author) if author and "://" not in author else (),
        published=_meta_content(soup, "article:published_time", "date", "pubdate",
                                "publishdate", "parsely-pub-date", "dc.date",
                                "dc.date.issued", "sailthru.date"),
        language=_language(soup),
        site_name=_meta_content(soup, "og:site_name", "application-name"),
        image=_meta_content(soup, "og:image", "og:image:url", "twitter:image"),
        description=_meta_content(soup, "og:description", "description",
                                  "twitter:description"),
        url=_canonical(soup, url),
    )


def _meta_content(soup: BeautifulSoup, *names: str) -> str | None:
    wanted = {name.lower() for name in names}
    found: dict[str, str] = {}
    for tag in soup.find_all("meta", content=True):
        key = str(tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        value = " ".join(str(tag["content"]).split())
        if key in wanted and value and key not in found:
            found[key] = value
    return next((found[name.lower()] for name in names if name.lower() in found), None)


def _language(soup: BeautifulSoup) -> str | None:
    html = soup.find("html")
    if html is not None and str(html.get("lang", "")).strip():
        return str(html["lang"]).strip()
    locale = _meta_content(soup, "og:locale", "content-language", "language")
    return locale.replace("_", "-") if locale else None  # "en_US" -> "en-US" (BCP 47)


def _canonical(soup: BeautifulSoup, url: str | None) -> str | None:
    link = soup.find("link", rel="canonical")
    href = str(link.get("href", "")).strip() if link else ""
    href = href or _meta_content(soup, "og:url") or ""
    if not href:
        return None
    # A relative canonical URL means nothing without the address the page came from.
    absolute = urljoin(url, href) if url else href
    return absolute if absolute.startswith(("http://", "https://")) else None


# ---------------------------------------------------------------- the page itself


def _page_itself(soup: BeautifulSoup) -> Meta:
    return Meta(authors=_byline(soup), published=_time(soup))


def _time(soup: BeautifulSoup) -> str | None:
    """The article's first <time datetime>, or one marked as the publication date."""
    tag = (soup.find(attrs={"itemprop": "datePublished"})
           or soup.select_one("article time[datetime]") or soup.find("time", datetime=True))
    if tag is None:
        return None
    value = tag.get("datetime") or tag.get("content") or text_of(tag)
    return " ".join(str(value).split()) or None


def _byline(soup: BeautifulSoup) -> tuple[str, ...]:
    """Names from rel=author links, itemprop=author, or a short "By ..." byline."""
    names: list[str] = []
    for tag in soup.select('[itemprop~="author"], a[rel~="author"]'):
        name = tag.find(attrs={"itemprop": "name"}) if isinstance(tag, Tag) else None
        names.extend(_names(text_of(name if name is not None else tag)))
    if not names:
        for tag in soup.find_all(class_=BYLINE_CLASS, limit=5):
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


def _json_ld(soup: BeautifulSoup) -> Meta:
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.I)):
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
