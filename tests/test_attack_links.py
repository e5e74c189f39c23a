"""Attacks on the links the tool writes (issue 23): a URL from an article's JSON-LD,
og:image or front matter, or from an edited episode.json, becomes an ``href``, a feed
``<link>``, a chapters.json ``url``/``img`` or an ID3 URL frame only when it is an
http(s) URL with a host. Every spelling a browser would still run as script, or that
names a local file, is written as no link at all; the real CLI narrates and publishes,
then every output file is read for its links."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from attack_support import (assert_ok, copy_episode, edit_manifest, files_under,
                            narrated_episode, run_cli, scan)

MARK = "PWNED"
# Spellings that must never become a link. Each carries MARK, so a link written from it,
# even as a harmless-looking relative one, is found.
HOSTILE = [
    f"javascript:alert('{MARK}')",
    f"JaVaScRiPt:alert('{MARK}')",
    f"   javascript:alert('{MARK}')",
    f"java\tscript:alert('{MARK}')",
    f"java\nscript:alert('{MARK}')",
    f"\x01javascript:alert('{MARK}')",
    f"javascript://%0aalert('{MARK}')",
    f"javascript&#58;alert('{MARK}')",
    f"&#106;avascript:alert('{MARK}')",
    f"\u00a0javascript:alert('{MARK}')",
    f"data:text/html,<script>{MARK}</script>",
    f"vbscript:msgbox('{MARK}')",
    f"file:///etc/passwd#{MARK}",
    f"//evil.example/{MARK}",
    f"https:{MARK}.example/x",
    f"https://user:pass@{MARK}.example/",
]
IDS = [f"spelling-{i}" for i in range(len(HOSTILE))]
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def browser_form(link: str) -> str:
    """``link`` as a browser's URL parser reads it: C0 controls and spaces stripped at the
    ends, tab and newlines removed everywhere (WHATWG URL Standard)."""
    return re.sub(r"[\t\n\r]", "", link.strip("".join(map(chr, range(33)))))


# The show page's own "open in a podcast app" links, built from the feed's http(s) URL.
APP_SCHEMES = ("podcast", "pcast", "overcast", "pktc")


def _own_icon() -> str | None:
    """The pages' inline favicon, a data: URL of our own making."""
    from audio_article.page import html as page_html

    return getattr(page_html, "FAVICON", None)


def bad_link(link: str) -> bool:
    """Not an http(s) URL with a host, and not a plain relative link of our own."""
    form = browser_form(link)
    scheme = _SCHEME.match(form)
    if MARK.lower() in link.lower():
        return True
    if scheme is None:
        return form.startswith("//") or "\\" in form
    if scheme.group(1) in APP_SCHEMES or link == _own_icon():
        return False
    return scheme.group(1).lower() not in ("http", "https") or not re.match(
        r"https?://[^/@\s]+", form, re.I)


def _json_strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("url", "contentUrl", "img", "@id", "sameAs", "image"):
                if isinstance(item, str):
                    yield item
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _html_links(data: bytes) -> list[str]:
    page = lxml.html.fromstring(data)
    links = [value for element in page.iter() if isinstance(element.tag, str)
             for name, value in element.attrib.items()
             if name in ("href", "src", "action", "formaction", "poster", "cite")]
    for script in page.xpath("//script[@type='application/ld+json']"):
        links += _json_strings(json.loads(script.text))
    return links


def _feed_links(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    links = [e.text or "" for e in root.iter("link")]
    links += [value for e in root.iter() for name, value in e.attrib.items()
              if name in ("href", "url")]
    for notes in root.iter("{http://purl.org/rss/1.0/modules/content/}encoded"):
        links += _html_links(f"<div>{notes.text}</div>".encode())
    return links


def _id3_links(path: Path) -> list[str]:
    from mutagen.id3 import ID3

    tag = ID3(path)
    frames = list(tag.values())
    for chap in tag.getall("CHAP"):
        frames += list(chap.sub_frames.values())
    return [frame.url for frame in frames if frame.FrameID in ("WOAR", "WXXX")]


def links_in(folder: Path) -> dict[str, list[str]]:
    """Every link each output file holds, by file."""
    found = {}
    for path in files_under(folder):
        data = path.read_bytes()
        if path.suffix == ".html":
            found[path.name] = _html_links(data)
        elif path.name == "feed.xml":
            found[path.name] = _feed_links(data)
        elif path.name == "chapters.json":
            found[path.name] = list(_json_strings(json.loads(data)))
        elif path.suffix == ".mp3":
            found[path.name] = _id3_links(path)
    return found


def assert_no_bad_link(folder: Path) -> dict[str, list[str]]:
    found = links_in(folder)
    bad = {name: [link for link in links if bad_link(link)] for name, links in found.items()}
    assert not any(bad.values()), bad
    return found


def _page(title: str, url: str | None, image: str) -> str:
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": title, "image": image, **({"url": url} if url else {})})
    return (f'<html lang="en"><head><title>{title}</title>'
            f'<meta property="og:image" content="{html.escape(image)}">'
            f'<script type="application/ld+json">{ld}</script></head><body><article>'
            f"<h1>{title}</h1><p>The council met on Monday and agreed to repair "
            "the bridge.</p><h2 id=\"traffic\">Traffic</h2><p>Cars will cross again next "
            "week.</p></article></body></html>")


def _jpeg_with(secret: str) -> bytes:
    """A small real JPEG whose comment segment carries ``secret``."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(buffer, "JPEG")
    data = buffer.getvalue()
    comment = secret.encode()
    return data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:]


SECRET = "SECRET-4f1c-local-photo"
# Every spelling goes through an edited episode.json and publish (cheap); one of each
# kind is narrated from a page and from text front matter (a narration costs seconds;
# the link writer's own property tests below try thousands more spellings).
ALL_CASES = list(zip(IDS, HOSTILE))
PAGE_CASES = [ALL_CASES[i] for i in (0, 1, 3, 6, 7, 10, 12, 13, 15)]
TEXT_CASES = [("front-matter-javascript", HOSTILE[0]), ("front-matter-tab", HOSTILE[3])]


def _own(url: str, case: str) -> str:
    return url.replace(MARK, f"{MARK}-{case}")


def _sources(folder: Path) -> dict[str, Path]:
    """case -> source file, each with its own title (so its own episode folder)."""
    photo = folder / "private" / "photo.jpg"
    photo.parent.mkdir()
    photo.write_bytes(_jpeg_with(SECRET))
    # Each URL its own (MARK-case): two spellings of one URL are one article, one guid.
    pages = {case: (f"Bridge {case}", _own(url, case), _own(url, case))
             for case, url in PAGE_CASES}
    # og:image naming a file on this machine, with and without a page URL to resolve it.
    pages["local-photo"] = ("Bridge local photo", None, str(photo))
    pages["local-photo-with-url"] = ("Bridge local photo with url",
                                     "https://example.org/news/bridge", str(photo))
    sources = {}
    for case, (title, url, image) in pages.items():
        sources[case] = folder / f"{case}.html"
        sources[case].write_text(_page(title, url, image), encoding="utf-8")
    for case, url in TEXT_CASES:
        sources[case] = folder / f"{case}.txt"
        line = _own(url, case).replace("\n", " ")
        sources[case].write_text(f"Title: Bridge {case}\nURL: {line}\n\n"
                                 "The council met on Monday and agreed to repair the "
                                 "bridge.\n", encoding="utf-8")
    return sources


@pytest.fixture(scope="module")
def narrated(tmp_path_factory) -> dict[str, Path]:
    """Every case narrated by one real ``batch`` run, then published in one feed: case ->
    its episode folder (missing when its narration failed)."""
    root = tmp_path_factory.mktemp("links")
    sources, out = _sources(root), root / "out"
    run = run_cli(["batch", *map(str, sources.values()), "-o", str(out), "--voice", "espeak"],
                  cwd=root, timeout=400)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    folders = {case: out / f"bridge-{case.lower()}" for case in sources}
    present = [str(f) for f in folders.values() if (f / "episode.json").exists()]
    assert_ok(run_cli(["publish", *present, "--feed", str(out / "feed.xml")], cwd=root))
    return folders


def _item_links(feed: Path, folder: Path) -> list[str]:
    """The links of the feed item whose enclosure lies in ``folder``."""
    root = etree.fromstring(feed.read_bytes())
    for item in root.iter("item"):
        if f"/{folder.name}/" in item.find("enclosure").get("url"):
            return _feed_links(etree.tostring(item))
    raise AssertionError(f"no feed item for {folder.name}")


@pytest.mark.parametrize("case", [c for c, _ in PAGE_CASES + TEXT_CASES])
def test_an_article_s_hostile_url_is_no_link(case, narrated):
    """JSON-LD url (the article's URL, the chapters' #anchor URLs), og:image (the intro
    chapter's img) or front matter URL: narrated, published, every link of every file."""
    folder = narrated[case]
    assert (folder / "episode.json").exists(), f"{case} was not narrated"
    found = assert_no_bad_link(folder)
    assert found["index.html"]  # the scan did read links
    assert not [link for link in _item_links(folder.parent / "feed.xml", folder)
                if bad_link(link)]


@pytest.mark.parametrize("case", ["local-photo", "local-photo-with-url"])
def test_a_page_cannot_name_a_local_file_as_its_image(case, narrated):
    """og:image naming a file on this machine was read and embedded in the MP3 (a chapter
    APIC): the file's bytes must be in no output."""
    folder = narrated[case]
    assert (folder / "episode.json").exists(), f"{case} was not narrated"
    assert scan(folder, [SECRET]) == []
    assert_no_bad_link(folder)


@pytest.fixture(scope="module")
def episode(tmp_path_factory) -> Path:
    return narrated_episode(tmp_path_factory)


@pytest.fixture(scope="module")
def republished(episode, tmp_path_factory) -> dict[str, Path]:
    """One copy of the episode per spelling, its episode.json's url and chapter url and
    image set to it (and its own guid), all published in one feed by the real CLI."""
    out = tmp_path_factory.mktemp("manifests") / "out"
    folders = {}
    for number, (case, url) in enumerate(ALL_CASES):
        folder = copy_episode(episode, out / "tmp")
        folders[case] = folder.rename(out / f"ep-{number:02d}")

        def change(m, url=url, number=number):
            m["url"], m["guid"] = url, f"00000000-0000-4000-8000-{number:012d}"
            for chapter in m["chapters"]:
                chapter["url"] = chapter["image"] = url
        edit_manifest(folders[case], change)
    (out / "tmp").rmdir()
    run = run_cli(["publish", *map(str, folders.values()), "--feed", str(out / "feed.xml")],
                  cwd=out.parent)
    assert_ok(run)
    return folders


@pytest.mark.parametrize("case", [c for c, _ in ALL_CASES])
def test_an_edited_manifest_s_hostile_urls_are_no_links(case, republished):
    """episode.json's url and chapter url/image, as publish writes the feed item, the
    show notes, the episode page, its JSON-LD and the show index from them."""
    folder = republished[case]
    found = assert_no_bad_link(folder)
    assert found["index.html"]
    assert not [link for link in _item_links(folder.parent / "feed.xml", folder)
                if bad_link(link)]
    show_index = _html_links((folder.parent / "index.html").read_bytes())
    assert not [link for link in show_index if bad_link(link)]


def test_a_good_url_is_still_a_link(episode, tmp_path):
    """The same places with an IRI: written, ASCII, host IDNA-encoded."""
    out = tmp_path / "out"
    folder = copy_episode(episode, out)
    edit_manifest(folder, lambda m: m.update(url="https://bücher.example/новини?a=1&b=2"))
    assert_ok(run_cli(["publish", str(folder), "--feed", str(out / "feed.xml")], cwd=tmp_path))
    link = "https://xn--bcher-kva.example/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8?a=1&b=2"
    found = links_in(out)
    assert link in found["feed.xml"] and link in found["index.html"]


# ---------------------------------------------------------------- property: safe_link

_SCHEMES = ["javascript", "data", "vbscript", "file", "about", "blob", "ftp", "jar", "ws"]
_NOISE = st.sampled_from(list("\t\n\r\x00\x01\x0b\x0c\x1f\x7f \u00a0\u200b\u202e\\/&#;%:"))


@st.composite
def _disguised(draw):
    """A dangerous scheme in a browser-tolerated disguise: mixed case, leading spaces or
    controls, tabs and newlines inside, then anything."""
    scheme = "".join(c.upper() if draw(st.booleans()) else c
                     for c in draw(st.sampled_from(_SCHEMES)))
    chars = list(scheme)
    for _ in range(draw(st.integers(0, 3))):
        chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from("\t\n\r")))
    lead = "".join(draw(st.lists(st.sampled_from(" \t\n\x00\x01\x1f"), max_size=3)))
    tail = draw(st.text(max_size=30))
    return lead + "".join(chars) + ":" + draw(st.sampled_from(["", "//", "///"])) + tail


@settings(max_examples=600, deadline=None)
@given(url=_disguised())
def test_property_no_disguised_scheme_becomes_a_link(url):
    from audio_article.links import safe_link

    assert safe_link(url) is None


@settings(max_examples=600, deadline=None)
@given(url=st.one_of(st.text(max_size=60),
                     st.builds(lambda s, h, rest: f"{s}://{h}{rest}",
                               st.sampled_from(["http", "https", "HTTP", "hTtPs"]),
                               st.text(max_size=20), st.text(max_size=30)),
                     st.lists(_NOISE | st.sampled_from(["http", "https", "://", "evil",
                                                        ".example", "@", "[", "]", ":80"]),
                              max_size=12).map("".join)))
def test_property_whatever_comes_out_is_an_http_link(url):
    """Any string: None, or ASCII, http(s), a host, nothing a browser would strip or
    reinterpret, and a fixed point (written again it stays the same)."""
    from audio_article.links import safe_link

    link = safe_link(url)
    if link is None:
        return
    assert link.isascii() and link == browser_form(link)
    assert re.match(r"https?://[a-z0-9._\-\[\]:]+(/|\?|#|$)", link), link
    assert not re.search(r"[\x00-\x20\x7f\\\"'<>`]", link), link
    assert safe_link(link) == link
