"""HTML page to Article with BeautifulSoup (lxml parser).

Metadata from JSON-LD (NewsArticle/Article), OpenGraph and meta tags; the body from
<article>, else <main>, else the element holding the most paragraph text. Boilerplate
(navigation, forms, asides, hidden elements) is removed first. h2/h3 open sections;
<p>, <blockquote>, <li> and <figure> become blocks.
"""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup, Tag

from ..errors import ExtractionError
from ..models import Article, Caption, ListItem, Paragraph, Quote, Section
from .credits import split_credit
from .text import AUDIO_NOTE

DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
             "form", "button", "iframe", "svg", "canvas", "select", "input", "dialog")
BOILERPLATE = re.compile(r"(^|[-_ ])(share|social|newsletter|related|promo|advert|ad-|ads|"
                         r"cookie|subscribe|signup|sidebar|comment|breadcrumb|byline-share|"
                         r"recirc|teaser|outbrain|taboola|paywall|modal|popup)", re.I)
CREDIT_CLASS = re.compile(r"credit|copyright|source|attribution", re.I)
BLOCK_TAGS = ("p", "h2", "h3", "h4", "blockquote", "li", "figure")
ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting",
                 "AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle"}


def parse_html(html: bytes | str, url: str | None = None, title: str | None = None) -> Article:
    soup = BeautifulSoup(html, "lxml")
    meta = _metadata(soup)
    _strip_boilerplate(soup)
    body = _body_root(soup)
    sections = _sections(body) if body else []
    if not any(s.blocks for s in sections):
        raise ExtractionError("no article text found in the page")
    final_title = title or meta.get("title") or _first_text(soup, "h1") or _first_text(soup, "title")
    if not final_title:
        raise ExtractionError("the page has no title; pass --title")
    return Article(title=final_title, sections=tuple(sections), url=meta.get("url") or url,
                   authors=tuple(meta.get("authors", ())), published=meta.get("published"),
                   language=meta.get("language"), site_name=meta.get("site_name"),
                   lead_image=meta.get("image"), description=meta.get("description"))


def _metadata(soup: BeautifulSoup) -> dict:
    meta = _opengraph(soup)
    # JSON-LD is the most structured source: it wins wherever it has a value.
    meta.update({key: value for key, value in _json_ld(soup).items() if value})
    html_tag = soup.find("html")
    if html_tag and html_tag.get("lang"):
        meta.setdefault("language", str(html_tag["lang"]).strip())
    return {k: v for k, v in meta.items() if v}


def _meta_content(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content"):
            return " ".join(str(tag["content"]).split())
    return None


def _opengraph(soup: BeautifulSoup) -> dict:
    canonical = soup.find("link", rel="canonical")
    author = _meta_content(soup, "author", "article:author", "byl")
    return {
        "title": _meta_content(soup, "og:title", "twitter:title"),
        "description": _meta_content(soup, "og:description", "description"),
        "site_name": _meta_content(soup, "og:site_name"),
        "image": _meta_content(soup, "og:image", "twitter:image"),
        "published": _meta_content(soup, "article:published_time", "date", "pubdate"),
        "url": (canonical.get("href") if canonical else None) or _meta_content(soup, "og:url"),
        "authors": [re.sub(r"^by\s+", "", author, flags=re.I)] if author and not author.startswith("http") else [],
    }


def _json_ld(soup: BeautifulSoup) -> dict:
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        for item in _walk_ld(data):
            types = item.get("@type")
            types = set(types) if isinstance(types, list) else {types}
            if types & ARTICLE_TYPES:
                return _ld_fields(item)
    return {}


def _walk_ld(data):
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        yield from _walk_ld(data.get("@graph", []))


def _ld_fields(item: dict) -> dict:
    authors = item.get("author") or []
    authors = authors if isinstance(authors, list) else [authors]
    names = [a.get("name") if isinstance(a, dict) else a for a in authors]
    publisher = item.get("publisher")
    image = item.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    return {
        "title": item.get("headline"), "published": item.get("datePublished"),
        "description": item.get("description"),
        "site_name": publisher.get("name") if isinstance(publisher, dict) else None,
        "image": image.get("url") if isinstance(image, dict) else image,
        "authors": [str(n).strip() for n in names if isinstance(n, str) and n.strip()],
        "url": item.get("url") if isinstance(item.get("url"), str) else None,
    }


def _strip_boilerplate(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(DROP_TAGS):
        if tag.name == "header" and tag.find_parent("article"):
            continue  # an article's own header may hold its lead figure
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        if _hidden(tag) or _boilerplate(tag):
            tag.decompose()


def _hidden(tag: Tag) -> bool:
    style = str(tag.get("style", "")).replace(" ", "").lower()
    return (tag.has_attr("hidden") or tag.get("aria-hidden") == "true"
            or "display:none" in style or "visibility:hidden" in style)


def _boilerplate(tag: Tag) -> bool:
    if tag.name in ("html", "body", "article", "main"):
        return False
    names = " ".join(tag.get("class", [])) + " " + str(tag.get("id", ""))
    return bool(names.strip()) and bool(BOILERPLATE.search(names))


def _body_root(soup: BeautifulSoup) -> Tag | None:
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=_paragraph_chars)
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if main and _paragraph_chars(main) > 200:
        return main
    candidates = [p.parent for p in soup.find_all("p") if p.parent is not None]
    return max(candidates, key=_paragraph_chars, default=soup.body)


def _paragraph_chars(tag: Tag) -> int:
    return sum(len(p.get_text(" ", strip=True)) for p in tag.find_all("p"))


def _sections(root: Tag) -> list[Section]:
    sections: list[tuple[str | None, list]] = [(None, [])]
    for tag in root.find_all(BLOCK_TAGS):
        if _inside(tag, ("blockquote", "figure", "li")):
            continue
        if tag.name in ("h2", "h3"):
            text = _text(tag)
            if text:
                sections.append((text, []))
            continue
        block = _block(tag)
        if block is not None:
            sections[-1][1].append(block)
    return [Section(h, tuple(b)) for h, b in sections if b]


def _inside(tag: Tag, names: tuple[str, ...]) -> bool:
    return tag.find_parent(names) is not None


def _block(tag: Tag):
    if tag.name == "figure":
        return _figure(tag)
    text = _text(tag)
    if not text or AUDIO_NOTE.match(text) or not re.search(r"[^\W\d_]{2,}", text):
        return None
    if tag.name == "blockquote":
        cite = tag.find(["cite", "footer"])
        attribution = _text(cite).lstrip("—–- ") if cite else None
        if cite:
            text = _text(tag, skip=cite)
        return Quote(text, attribution or None)
    if tag.name == "li":
        return ListItem(text)
    if tag.name == "h4":
        return Paragraph(text)
    return Paragraph(text)


def _figure(tag: Tag) -> Caption | None:
    caption = tag.find("figcaption")
    if caption is None:
        return None
    credit_tag = caption.find(class_=CREDIT_CLASS)
    if credit_tag is not None:
        credit = _text(credit_tag)
        text = _text(caption, skip=credit_tag)
        credit = re.sub(r"^(photo|image|credit)s?( by)?:?\s*", "", credit, flags=re.I)
        return Caption(text, credit or None) if text else None
    text, credit = split_credit(_text(caption))
    return Caption(text, credit) if text else None


def _text(tag: Tag, skip: Tag | None = None) -> str:
    if skip is not None:
        parts = [s for s in tag.find_all(string=True) if skip not in s.parents]
        return " ".join(" ".join(parts).split())
    return " ".join(tag.get_text(" ", strip=True).split())


def _first_text(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find(name)
    return _text(tag) if tag else None
