import json

import pytest

from audio_article.errors import ExtractionError
from audio_article.models import Caption, ListItem, Paragraph, Quote
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
    for phrase in ("cookies", "Share this", "Hidden", "teaser", "Copyright", "Home", "AI assistance"):
        assert phrase not in text


def test_title_override_and_missing_body():
    assert parse_html(PAGE, title="Mine").title == "Mine"
    with pytest.raises(ExtractionError, match="no article text"):
        parse_html("<html><head><title>x</title></head><body><nav>Menu</nav></body></html>")


def test_malformed_and_deep_html_do_not_crash():
    deep = "<div>" * 5000 + "<p>Deep text is still text here.</p>" + "</div>" * 10
    article = parse_html(f"<html><head><title>T</title></head><body>{deep}<p>Unclosed <b>bold")
    assert "Deep text is still text here." in [b.text for b in article.blocks]
