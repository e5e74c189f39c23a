"""Article strings that look like markup (<script>, ]]>, entity tricks) in the title,
byline, description, headings and captions: every file written escapes them, and parsing
the files back gives the strings exactly, as text, never as elements."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

SOURCE = Path(__file__).parent / "hostile/markup-in-strings.html"
TITLE = "<script>alert(1)</script> Bridge ]]> &amp; &lt;b&gt; news"
AUTHOR = "Olena <img src=x onerror=alert(2)> Petrenko"
HEADING = "Repairs </h2><script>x()</script> ]]> begin"
CAPTION = "The bridge at night <b onmouseover=x> ]]> &#60;i&#62; (Photo: Anna <Reuters>)"
DESCRIPTION = "A description with ]]> and </description> in it."


def cli(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "audio_article", *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def episode(tmp_path_factory):
    base = tmp_path_factory.mktemp("escaping")
    out = base / "out"
    cli("narrate", str(SOURCE), "-o", str(out), "--voice", "espeak", "-j", "1",
        "--cache-dir", str(base / "cache"))
    folder = next(p for p in out.iterdir() if p.is_dir())
    cli("publish", str(folder), "--feed", str(out / "feed.xml"))
    return folder


def test_the_parser_keeps_the_strings_as_text():
    article = json.loads(cli("parse", str(SOURCE), "--format", "json"))
    assert (article["title"], article["authors"], article["description"]) == (
        TITLE, [AUTHOR], DESCRIPTION)
    assert article["sections"][1]["heading"] == HEADING
    assert article["sections"][1]["blocks"][1]["text"] == CAPTION


def test_feed(episode):
    import feedparser

    data = (episode.parent / "feed.xml").read_bytes()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    item = root.find("channel/item")
    assert item.findtext("title") == TITLE
    assert DESCRIPTION in item.findtext("description")
    assert AUTHOR in "".join(item.itertext())
    assert root.xpath("//script") == [] and root.xpath("//*[local-name()='img']") == []
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].title == TITLE


def test_transcript_html(episode):
    page = lxml_html.fromstring((episode / "transcript.html").read_bytes())
    assert page.xpath("//script | //img | //b | //i") == []
    assert page.findtext(".//title").startswith(TITLE)
    assert page.findtext(".//h1") == TITLE
    assert HEADING in [h.text_content() for h in page.iter("h2")]
    texts = [p.text_content() for p in page.iter("p")]
    assert CAPTION in texts and f"By {AUTHOR}." in texts


def test_webvtt_cues(episode):
    """WebVTT cue text is markup too: only our <v Narrator> tag may appear as a tag."""
    cues = [line for line in (episode / "transcript.vtt").read_text(encoding="utf-8")
            .split("\n\n")[1:]]
    text = " ".join(" ".join(cue.splitlines()[2:]) for cue in cues)
    bare = re.sub(r"<v [^>]*>", "", text)
    assert "<" not in bare and ">" not in bare.replace("&gt;", "")
    spoken = html.unescape(bare)
    for string in (TITLE, HEADING, CAPTION, AUTHOR):
        assert string in spoken, string


def test_json_files(episode):
    manifest = json.loads((episode / "episode.json").read_text(encoding="utf-8"))
    assert manifest["title"] == TITLE
    chapters = json.loads((episode / "chapters.json").read_text(encoding="utf-8"))
    assert HEADING in [c["title"] for c in chapters["chapters"]]
