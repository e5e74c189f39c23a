"""An HTML page to an Article, with BeautifulSoup and the lxml parser.

Metadata comes from JSON-LD (NewsArticle and kin), then OpenGraph and meta tags. The body
is the <article> holding the most paragraph text, else <main>, else the element whose own
paragraphs hold the most text. Boilerplate (navigation, page header and footer, asides,
forms, share bars, hidden elements) goes first. h2/h3 open sections; <p>, <blockquote>,
<li> and <figure> become blocks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from ..errors import ExtractionError
from ..models import Article, Block, Caption, ListItem, Paragraph, Quote, Section
from .credits import split_credit
from .source import decode_html
from .text import is_audio_note, split_authors

DROP_TAGS = frozenset("script style noscript template nav header footer aside form button "
                      "iframe svg canvas select input textarea dialog".split())
# Kept inside these parents: an article's own header holds its headline and lead figure,
# a blockquote's footer its attribution.
KEEP_INSIDE = {"header": "article", "footer": "blockquote"}
DROP_ROLES = frozenset("navigation banner contentinfo complementary search dialog".split())
# Words in class or id names that mark boilerplate, matched against whole parts of the
# name ("share-bar" and "post_share" match, "shareholders" does not).
BOILERPLATE = frozenset("""
share sharing social newsletter related recommended promo advert advertisement ad ads
cookie cookies consent subscribe subscription signup sidebar comment comments breadcrumb
breadcrumbs recirc teaser teasers outbrain taboola paywall modal popup byline tags
""".split())
CREDIT_CLASS = re.compile(r"credit|copyright|attribution", re.I)
BLOCK_TAGS = ("p", "h2", "h3", "h4", "blockquote", "li", "figure")
ARTICLE_TYPES = frozenset("NewsArticle Article ReportageNewsArticle BlogPosting "
                          "AnalysisNewsArticle OpinionNewsArticle ReviewNewsArticle".split())
TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ")
HAS_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class _Meta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    site_name: str | None = None
    image: str | None = None
    description: str | None = None
    url: str | None = None

    def over(self, other: "_Meta") -> "_Meta":
        """These values, and ``other``'s where these have none."""
        return _Meta(**{f.name: getattr(self, f.name) or getattr(other, f.name)
                        for f in fields(self)})


def parse_html(html: bytes | str, url: str | None = None, title: str | None = None) -> Article:
    """An Article from a page; ``url`` is where it came from, ``title`` overrides any found."""
    soup = BeautifulSoup(decode_html(html) if isinstance(html, bytes) else html, "lxml")
    meta = _json_ld(soup).over(_meta_tags(soup, url))
    page_h1 = _first_h1(soup)  # taken before the page header goes, as a last resort
    _strip_boilerplate(soup)
    headline = (_strip_site_name(meta.title or "", meta.site_name) or _first_h1(soup)
                or _strip_site_name(_text(soup.title) if soup.title else "", meta.site_name)
                or page_h1)
    notes: list[str] = []
    root = _body_root(soup)
    sections = _sections(root, notes) if root is not None else ()
    if not any(isinstance(b, Paragraph) for s in sections for b in s.blocks):
        raise ExtractionError("no article text found in the page")
    if not (title or headline):
        raise ExtractionError("the page has no title; set one with --title")
    return Article(title=title or headline, sections=sections, url=meta.url or url,
                   authors=meta.authors, published=meta.published, language=meta.language,
                   site_name=meta.site_name, lead_image=meta.image,
                   description=meta.description, notes=tuple(notes))


# ---------------------------------------------------------------- metadata


def _meta_tags(soup: BeautifulSoup, url: str | None) -> _Meta:
    author = _meta_content(soup, "author", "article:author", "byl")
    return _Meta(
        title=_meta_content(soup, "og:title", "twitter:title"),
        authors=split_authors(author) if author and "://" not in author else (),
        published=_meta_content(soup, "article:published_time", "date", "pubdate"),
        language=_language(soup),
        site_name=_meta_content(soup, "og:site_name", "application-name"),
        image=_meta_content(soup, "og:image", "twitter:image"),
        description=_meta_content(soup, "og:description", "description"),
        url=_canonical(soup, url),
    )


def _meta_content(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content") and str(tag["content"]).strip():
            return " ".join(str(tag["content"]).split())
    return None


def _language(soup: BeautifulSoup) -> str | None:
    html = soup.find("html")
    if html is not None and str(html.get("lang", "")).strip():
        return str(html["lang"]).strip()
    locale = _meta_content(soup, "og:locale")  # "en_US" -> "en-US" (BCP 47)
    return locale.replace("_", "-") if locale else None


def _canonical(soup: BeautifulSoup, url: str | None) -> str | None:
    link = soup.find("link", rel="canonical")
    href = str(link.get("href", "")).strip() if link else ""
    href = href or _meta_content(soup, "og:url") or ""
    if not href:
        return None
    # A relative canonical URL means nothing without the address the page came from.
    absolute = urljoin(url, href) if url else href
    return absolute if "://" in absolute else None


def _json_ld(soup: BeautifulSoup) -> _Meta:
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            # strict=False: raw newlines inside strings are common in the wild.
            data = json.loads(script.string or "", strict=False)
        except ValueError:
            continue
        for item in _walk_ld(data):
            types = item.get("@type")
            if set(types if isinstance(types, list) else [types]) & ARTICLE_TYPES:
                return _ld_fields(item)
    return _Meta()


def _walk_ld(data):
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        yield from _walk_ld(data.get("@graph", []))


def _ld_fields(item: dict) -> _Meta:
    publisher = item.get("publisher")
    return _Meta(
        title=_ld_text(item.get("headline")), authors=_ld_authors(item.get("author")),
        published=_ld_text(item.get("datePublished")), language=_ld_text(item.get("inLanguage")),
        site_name=_ld_text(publisher.get("name")) if isinstance(publisher, dict) else None,
        image=_ld_url(item.get("image")), description=_ld_text(item.get("description")),
        url=_ld_text(item.get("url")),
    )


def _ld_text(value) -> str | None:
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


def _ld_url(value) -> str | None:
    """An image given as a URL, an ImageObject, or a list of either."""
    if isinstance(value, list):
        value = value[0] if value else None
    return _ld_text(value.get("url") if isinstance(value, dict) else value)


def _ld_authors(value) -> tuple[str, ...]:
    names: list[str] = []
    for author in value if isinstance(value, list) else [value]:
        name = author.get("name") if isinstance(author, dict) else author
        names.extend(split_authors(_ld_text(name)))
    return tuple(dict.fromkeys(names))


def _first_h1(soup: BeautifulSoup) -> str | None:
    """The article's own <h1> first: a page header's <h1> is often the site's logo."""
    h1 = soup.select_one("article h1") or soup.find("h1")
    return (_text(h1) or None) if h1 is not None else None


def _strip_site_name(title: str, site_name: str | None) -> str:
    """Drop a trailing site name: "Bridge reopens | The Daily Test" -> "Bridge reopens"."""
    for separator in TITLE_SEPARATORS:
        head, _, tail = title.rpartition(separator)
        if head and site_name and _same_name(tail, site_name):
            return head.strip()
    return title


def _same_name(a: str, b: str) -> bool:
    """ "The Daily Test" and "daily test" name the same site."""
    return _name_key(a) == _name_key(b)


def _name_key(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip().casefold())


# ---------------------------------------------------------------- boilerplate


def _strip_boilerplate(soup: BeautifulSoup) -> None:
    """Walk the tree top-down and cut boilerplate subtrees whole. Iterative, as pages
    nest deeper than Python's recursion limit."""
    for br in soup.find_all("br"):
        br.replace_with(" ")  # "line<br>line" must not read as "lineline"
    total = _paragraph_chars(soup)
    stack = [soup]
    while stack:
        tag = stack.pop()
        for child in list(tag.children):
            if not isinstance(child, Tag):
                continue
            if _droppable(child, total):
                child.decompose()
            else:
                stack.append(child)


def _droppable(tag: Tag, total_chars: int) -> bool:
    if tag.name in DROP_TAGS:
        keep_parent = KEEP_INSIDE.get(tag.name)
        return keep_parent is None or tag.find_parent(keep_parent) is None
    if _hidden(tag) or str(tag.get("role", "")).lower() in DROP_ROLES:
        return True
    # A wrapper whose class happens to say "comments" or "share" can hold the article
    # itself: never drop what holds most of the page's text.
    return _boilerplate_name(tag) and _paragraph_chars(tag) * 2 < total_chars


def _hidden(tag: Tag) -> bool:
    style = str(tag.get("style", "")).replace(" ", "").lower()
    return (tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true"
            or "display:none" in style or "visibility:hidden" in style)


def _boilerplate_name(tag: Tag) -> bool:
    if tag.name in ("html", "body", "article", "main"):
        return False
    names = " ".join(tag.get("class", [])) + " " + str(tag.get("id", ""))
    return not BOILERPLATE.isdisjoint(re.split(r"[-_\s]+", names.lower()))


# ---------------------------------------------------------------- body


def _body_root(soup: BeautifulSoup) -> Tag | None:
    articles = [a for a in soup.find_all("article") if _paragraph_chars(a)]
    if articles:
        return max(articles, key=_paragraph_chars)
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if main is not None and _paragraph_chars(main):
        return main
    parents = {id(p.parent): p.parent for p in soup.find_all("p") if p.parent is not None}
    return max(parents.values(), key=_own_paragraph_chars, default=None)


def _paragraph_chars(tag: Tag) -> int:
    return sum(len(p.get_text()) for p in tag.find_all("p"))


def _own_paragraph_chars(tag: Tag) -> int:
    """Text in the element's own paragraphs: <body> holds every paragraph, but its own
    are rarely the article's."""
    return sum(len(p.get_text()) for p in tag.find_all("p", recursive=False))


def _sections(root: Tag, notes: list[str]) -> tuple[Section, ...]:
    sections: list[tuple[str | None, list[Block]]] = [(None, [])]
    for tag in root.find_all(BLOCK_TAGS):
        # Inside another block it is read with that block; without a parent it is an
        # attribution or credit that an earlier block took out.
        if tag.parent is None or tag.find_parent(("blockquote", "figure", "li")) is not None:
            continue
        if tag.name in ("h2", "h3"):
            if _text(tag):
                sections.append((_text(tag), []))
            continue
        block = _block(tag)
        if block is not None and is_audio_note(block.text):
            notes.append("left out the page's own AI-audio note; the episode adds its own "
                         "disclosure")
        elif block is not None:
            sections[-1][1].append(block)
    return tuple(Section(heading, tuple(blocks)) for heading, blocks in sections if blocks)


def _block(tag: Tag) -> Block | None:
    if tag.name == "figure":
        return _figure(tag)
    if tag.name == "blockquote":
        return _quote(tag, attribution=None)
    text = _text(tag)
    if not HAS_WORD.search(text):
        return None
    return ListItem(text) if tag.name == "li" else Paragraph(text)


def _quote(tag: Tag, attribution: str | None) -> Quote | None:
    """A blockquote; its attribution is a <footer>, a direct <cite>, or a last paragraph
    opening with a dash ("— Jane Doe")."""
    paragraphs = tag.find_all("p")
    source = tag.find("footer") or tag.find("cite", recursive=False)
    if source is None and len(paragraphs) > 1 and re.match(r"[—–-]", _text(paragraphs[-1])):
        source = paragraphs[-1]
    if source is not None:
        attribution = _text(source).lstrip("—–- ") or attribution
        source.extract()
    text = _text(tag)
    return Quote(text, attribution or None) if HAS_WORD.search(text) else None


def _figure(tag: Tag) -> Caption | Quote | None:
    caption = tag.find("figcaption")
    quote = tag.find("blockquote")
    if quote is not None:  # <figure><blockquote/><figcaption>— Jane Doe</figcaption>
        return _quote(quote, _text(caption).lstrip("—–- ") if caption else None)
    if caption is None:
        return None
    credit_tag = tag.find(class_=CREDIT_CLASS)
    if credit_tag is None:
        text, credit = split_credit(_text(caption))
    else:
        credit = re.sub(r"^(?:photo|image|credit)s?(?: by)?\s*:?\s*|^©\s*", "",
                        _text(credit_tag.extract()), flags=re.I)
        text = _text(caption).rstrip(" |–—-")
    return Caption(text, credit or None) if HAS_WORD.search(text) else None


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text().split())
