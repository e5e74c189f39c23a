import json

import pytest

from audio_article.errors import ExtractionError
from audio_article.models import Caption, ListItem, Paragraph, Quote
from audio_article.parse import parse
from audio_article.parse.html import parse_html

LD = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge reopens",
      "datePublished": "2022-03-16T08:00:00Z", "author": [{"@type": "Person", "name": "Jane Doe"}],
      "publisher": {"@type": "Organization", "name": "The Daily Test"},
      "image": ["https://example.com/lead.jpg"], "description": "The old bridge is back."}

PAGE = f"""<!DOCTYPE html><html lang="en-GB"><head><title>Bridge reopens | Daily Test</title>
<meta property="og:site_name" content="Daily Test">
<link rel="canonical" href="https://example.com/bridge">
<script type="application/ld+json">{json.dumps(LD)}</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience on this site.</p></div>
<article><h1>Bridge reopens</h1>
<figure><img src="a.jpg"><figcaption>The bridge at dawn. <span class="credit">Photo: John Roe</span></figcaption></figure>
<p>This audio is created with AI assistance</p>
<p>The old bridge reopened on Monday after two years of repairs.</p>
<div class="share-tools"><p>Share this story on every network you know.</p></div>
<h2>What changed</h2>
<p>Engineers replaced the deck.</p>
<blockquote><p>It is stronger than ever.</p><cite>Mayor Ann Smith</cite></blockquote>
<ul><li>New lights</li><li>Wider paths</li></ul>
<figure><img src="b.jpg"><figcaption>Cyclists cross the bridge. (Getty Images)</figcaption></figure>
<p style="display:none">Hidden text that no reader sees.</p>
<aside><figure><figcaption>A teaser for another story. (Getty Images)</figcaption></figure></aside>
</article><footer><p>Copyright The Daily Test, all rights reserved.</p></footer></body></html>"""


@pytest.fixture(scope="module")
def article():
    return parse_html(PAGE.encode())


def test_metadata(article):
    assert article.title == "Bridge reopens"
    assert article.authors == ("Jane Doe",)
    assert article.published == "2022-03-16T08:00:00Z"
    assert article.language == "en-GB"
    assert article.site_name == "The Daily Test"
    assert article.url == "https://example.com/bridge"
    assert article.lead_image == "https://example.com/lead.jpg"
    assert article.description == "The old bridge is back."


def test_sections_and_blocks(article):
    assert [s.heading for s in article.sections] == [None, "What changed"]
    assert article.sections[0].blocks == (
        Caption("The bridge at dawn.", "John Roe"),
        Paragraph("The old bridge reopened on Monday after two years of repairs."))
    assert article.sections[1].blocks == (
        Paragraph("Engineers replaced the deck."),
        Quote("It is stronger than ever.", "Mayor Ann Smith"),
        ListItem("New lights"), ListItem("Wider paths"),
        Caption("Cyclists cross the bridge.", "Getty Images"))


def test_boilerplate_is_gone(article):
    text = " ".join(b.text for b in article.blocks)
    for phrase in ("cookies", "Share this", "Hidden", "teaser", "Copyright", "Home",
                   "AI assistance"):
        assert phrase not in text
    assert any("AI-audio note" in note for note in article.notes)


def test_title_override_and_missing_body():
    assert parse_html(PAGE, title="Mine").title == "Mine"
    with pytest.raises(ExtractionError, match="no article text"):
        parse_html("<html><head><title>x</title></head><body><nav>Menu</nav></body></html>")


def test_malformed_and_deep_html_do_not_crash():
    deep = "<div>" * 5000 + "<p>Deep text is still text here.</p>" + "</div>" * 10
    article = parse_html(f"<html><head><title>T</title></head><body>{deep}<p>Unclosed <b>bold")
    assert "Deep text is still text here." in [b.text for b in article.blocks]


PLAIN = """<html><head><meta charset="windows-1252">
<title>Big story - The Test Times</title>
<meta property="og:site_name" content="Test Times">
<meta name="author" content="By Ann Poe and Bob Roe"><meta property="og:locale" content="en_US">
</head><body><header class="site"><h1>Test Times</h1></header>
<div id="page" class="wrap has-comments"><div class="content">
<p>First <!-- a comment --> paragraph with a <a href="/x">link</a>,<br>a break and caf\xe9.</p>
<blockquote><p>We will rebuild.</p><p>&mdash; The mayor</p></blockquote>
<figure><blockquote>Quote in a figure.</blockquote><figcaption>&mdash; Jane Doe</figcaption></figure>
<figure><img src="a.jpg"><figcaption>A tank. <p class="credit">Photo: Jane Roe</p></figcaption></figure>
<h3>Later</h3><p>Second paragraph of the story.</p>
<div class="related-stories"><p>Other story one.</p></div>
<div class="shareholders"><p>Shareholders were happy.</p></div>
</div><div class="comments"><p>Nice article!</p></div></div></body></html>"""


def test_page_without_article_element_or_json_ld():
    article = parse(PLAIN.encode("cp1252"), "html", url="https://example.com/big")
    assert article.title == "Big story"  # from <title>, not the site header's <h1>
    assert article.authors == ("Ann Poe", "Bob Roe")
    assert (article.language, article.site_name) == ("en-US", "Test Times")
    assert article.url == "https://example.com/big"
    assert [s.heading for s in article.sections] == [None, "Later"]
    assert article.sections[0].blocks == (
        Paragraph("First paragraph with a link, a break and café."),
        Quote("We will rebuild.", "The mayor"), Quote("Quote in a figure.", "Jane Doe"),
        Caption("A tank.", "Jane Roe"))
    # "shareholders" is not "share"; a wrapper named "has-comments" holds the article.
    assert article.sections[1].blocks == (
        Paragraph("Second paragraph of the story."), Paragraph("Shareholders were happy."))


def test_relative_canonical_and_og_title_with_site_suffix():
    page = ("<html><head><meta property='og:title' content='Floods | Daily Test'>"
            "<meta property='og:site_name' content='The Daily Test'>"
            "<link rel='canonical' href='/news/floods'></head>"
            "<body><main><p>The river rose overnight.</p></main></body></html>")
    article = parse_html(page, url="https://example.com/x?utm=1")
    assert article.title == "Floods"
    assert article.url == "https://example.com/news/floods"
    assert parse_html(page).url is None  # relative, and nothing to resolve it against


def test_json_ld_graph_and_bad_json_ld():
    graph = {"@graph": [{"@type": "WebPage"}, {"@type": ["NewsArticle"], "headline": "From graph",
                                               "author": {"name": "Ann Poe and Bob Roe"},
                                               "image": {"url": "https://example.com/i.jpg"},
                                               "inLanguage": "uk"}]}
    page = (f"<script type='application/ld+json'>{{not json</script>"
            f"<script type='application/ld+json'>{json.dumps(graph)}</script>"
            "<article><p>Body text of the story.</p></article>")
    article = parse_html(page)
    assert (article.title, article.authors, article.lead_image, article.language) == (
        "From graph", ("Ann Poe", "Bob Roe"), "https://example.com/i.jpg", "uk")


FIGURES = """<html><head><title>Figures</title></head><body><article>
<p>The first paragraph of the story, long enough to read as prose for the parser.</p>
<figure><img src="1.jpg"><figcaption class="lead-image__credit"><span class="lead-image__caption">
A neon sign in Paris</span> <span class="lead-image__attribution">Jane Roe/Reuters</span></figcaption></figure>
<figure><img src="2.jpg"><figcaption><span>A worker repairs a cable.</span><span itemprop="copyrightHolder">
<span class="sr-label">Credit</span><span><span>Credit</span><span>Ann Poe/The Daily Test</span></span></span></figcaption></figure>
<figure><img src="3.jpg"><div><figcaption><em>The headset.</em></figcaption><cite>Image: Bob Roe / The Test</cite></div></figure>
<figure><img src="3.jpg"><div><figcaption><em>The headset.</em></figcaption><cite>Image: Bob Roe / The Test</cite></div></figure>
<p>The second paragraph of the story, long enough to read as prose for the parser.</p>
<figure><img src="4.jpg"><figcaption>Devin Hard/AOL</figcaption></figure>
<figure><img src="5.jpg"><figcaption>The president spoke about guns. (Video by David Botti)</figcaption></figure>
<figure><img src="6.jpg"><figcaption>Photo by Jane Doe: A lake at dawn.</figcaption></figure>
<figure><img src="7.jpg"><figcaption>A lake at dusk. © 2021 Lake Photos Ltd</figcaption></figure>
</article></body></html>"""


def test_caption_credits_in_their_common_markup():
    captions = [b for b in parse_html(FIGURES).blocks if isinstance(b, Caption)]
    assert captions == [
        Caption("A neon sign in Paris", "Jane Roe/Reuters"),   # the caption's class says credit
        Caption("A worker repairs a cable.", "Ann Poe/The Daily Test"),  # itemprop, labels
        Caption("The headset.", "Bob Roe / The Test"),        # a <cite>; the copy is dropped
        Caption("", "Devin Hard/AOL"),                         # a credit alone
        Caption("The president spoke about guns.", "David Botti"),
        Caption("A lake at dawn.", "Jane Doe"),
        Caption("A lake at dusk.", "Lake Photos Ltd"),
    ]


def test_soup_reads_text_as_a_browser_shows_it():
    from bs4 import BeautifulSoup, NavigableString, Tag

    from audio_article.parse.soup import page_soup

    document = page_soup("<!DOCTYPE html><div><p class='a  b' rel=x>one<!-- x -->two<br>three"
                         "</span></p></b>four<?php x ?><script>var a = 1;</script>")
    html = document.contents[0]
    assert isinstance(document, BeautifulSoup) and isinstance(html, Tag)
    assert (document.name, html.name, [t.name for t in html.find_all()]) == (
        "[document]", "html", ["body", "div", "p", "script"])
    p = document.find("p")
    # One plain string: no comment, the <br> a line break joined to the text beside it.
    assert p.contents == ["onetwo\nthree"] and type(p.contents[0]) is NavigableString
    assert p["class"] == ["a", "b"] and p["rel"] == ["x"]
    assert p.parent.contents == [p, "four", document.find("script")]
    assert type(document.find("script").string) is NavigableString  # not bs4's Script
    assert [t.name for t in p.parents] == ["div", "body", "html", "[document]"]
    assert document.get_text() == "onetwo\nthreefourvar a = 1;"
    assert page_soup("").contents == [] and page_soup("   ").find("p") is None
    assert page_soup("<!-- a comment -->").contents == []


def test_parse_command_formats(tmp_path):
    from click.testing import CliRunner

    from audio_article.cli import main

    path = tmp_path / "bridge.html"
    path.write_text(PAGE, encoding="utf-8")
    run = lambda fmt: CliRunner().invoke(main, ["parse", str(path), "--format", fmt])  # noqa: E731
    assert run("text").output.splitlines() == [
        "The old bridge reopened on Monday after two years of repairs.", "What changed",
        "Engineers replaced the deck.", "It is stronger than ever.", "New lights",
        "Wider paths"]
    assert run("captions").output.splitlines() == [
        "The bridge at dawn. — John Roe", "Cyclists cross the bridge. — Getty Images"]
    data = json.loads(run("json").output)
    assert data["title"] == "Bridge reopens" and data["authors"] == ["Jane Doe"]
    assert [s["heading"] for s in data["sections"]] == [None, "What changed"]


def test_a_widget_title_goes_with_its_widget_a_heading_with_a_share_bar_stays():
    items = "".join(f'<li class="most-read-widget-item"><a href="/s{i}">Another story '
                    f"about something else, number {i}</a></li>" for i in range(5))
    page = ("<html><head><title>T</title></head><body><article>"
            "<p>The first paragraph of the story, long enough to read as prose here.</p>"
            f'<div class="box"><h2>Most Read Stories</h2><ul>{items}</ul></div>'
            "<p>The second paragraph of the story, long enough to read as prose here.</p>"
            '<div class="head"><h2>What comes next</h2><div class="share"><a href="/t">Tweet'
            "</a></div></div>"
            "<p>The third paragraph of the story, long enough to read as prose here.</p>"
            "</article></body></html>")
    article = parse_html(page)
    assert [s.heading for s in article.sections] == [None, "What comes next"]
    assert len(article.sections[0].blocks) == 2


def test_headings_that_are_not_sections():
    # Long enough that the article is not taken for a teaser (a linked headline, a blurb).
    prose = "long enough to read as prose for the parser, with a full stop. " * 4
    page = ('<html><head><title>Neon</title><meta name="author" content="Sarah Archer">'
            '</head><body><article>'
            '<h2><a href="/tag/neon">neon history</a></h2>'          # a tag link, a kicker
            "<h1>Why neon is the symbol of a century</h1>"           # the on-page headline
            '<div class="q-tooltip"><h6>Read Later</h6></div>'       # a control's tooltip
            "<h2>The once-ubiquitous form of lighting was novel when it first emerged in the "
            "early 1900s, though it has since come to represent decline.</h2>"  # a standfirst
            f"<p>The first paragraph, {prose}</p>"
            "<h2>Sarah Archer</h2>"                                   # the byline
            f"<p>The second paragraph, {prose}</p>"
            '<h2><a href="/games/rez">“Rez Infinite” ($30)</a></h2>'  # after the lead: a section
            f"<p>The third paragraph, {prose}</p></article></body></html>")
    article = parse_html(page)
    assert [s.heading for s in article.sections] == [None, "“Rez Infinite” ($30)"]
    assert [b.text[:20] for b in article.sections[0].blocks] == [
        "The once-ubiquitous ", "The first paragraph,", "The second paragraph"]


def test_sections_carry_their_anchor_and_first_photo():
    page = b"""<html><head><title>Bridge falls</title>
    <link rel="canonical" href="https://news.example.com/bridge"></head><body><article>
    <h1>Bridge falls</h1>
    <p>The old bridge over the river was built in 1902 and stood for more than a century.</p>
    <h2 id="aftermath">Aftermath</h2>
    <figure><img src="/img/bridge.jpg" alt=""><figcaption>The bridge after the fall.
      (Jane Doe/Reuters)</figcaption></figure>
    <figure><img src="/img/second.jpg" alt=""><figcaption>Divers search the river.
      (Jane Doe/Reuters)</figcaption></figure>
    <p>People crossed it every day for work and school, and now they take a ferry.</p>
    <h2><a name="next">What comes next</a></h2>
    <figure><img src="data:image/gif;base64,R0lGOD" alt=""><figcaption>A plan of the new
      bridge. (City of Example)</figcaption></figure>
    <p>The city will build a new bridge within three years, the mayor said on Tuesday.</p>
    </article></body></html>"""
    article = parse(page, "html")
    assert [(s.heading, s.anchor, s.image) for s in article.sections] == [
        (None, None, None),
        ("Aftermath", "aftermath", "https://news.example.com/img/bridge.jpg"),
        ("What comes next", "next", None)]
