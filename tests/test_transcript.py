import json
import re

from audio_article.models import Chapter, Cue
from audio_article.package.transcript import render_chapters_json, render_vtt, vtt_timestamp


def test_timestamps():
    assert vtt_timestamp(0) == "00:00:00.000"
    assert vtt_timestamp(3_723_004) == "01:02:03.004"


def test_vtt_escapes_and_wraps():
    long = "Johnson & Johnson <said> " + "word " * 30
    vtt = render_vtt((Cue(0, 1500, "Hello.", "title"), Cue(1500, 9000, long.strip(), "body")))
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\n<v Narrator>Hello.\n")
    assert "&amp;" in vtt and "&lt;said&gt;" in vtt and "<said>" not in vtt
    for line in vtt.splitlines():
        assert len(line.replace("<v Narrator>", "")) <= 65 + len("&lt;said&gt;")
    assert re.findall(r"-->", vtt) == ["-->", "-->"]


def test_chapters_json():
    data = json.loads(render_chapters_json((Chapter("Intro", 0, 1234), Chapter("Café", 1234, 5000, url="https://x.test/#a"))))
    assert data["version"] == "1.2.0"
    assert data["chapters"] == [
        {"startTime": 0.0, "endTime": 1.234, "title": "Intro"},
        {"startTime": 1.234, "endTime": 5.0, "title": "Café", "url": "https://x.test/#a"},
    ]


def test_srt():
    from audio_article.package.transcript import render_srt
    srt = render_srt((Cue(0, 1500, "Hello & <you>.", "title"), Cue(1500, 61_000, "Two.", "body")))
    assert srt == "1\n00:00:00,000 --> 00:00:01,500\nHello & <you>.\n\n2\n00:00:01,500 --> 00:01:01,000\nTwo.\n"


def test_html_transcript_is_well_formed_and_headed_by_chapters():
    from lxml import etree, html
    from audio_article import DISCLOSURE
    from audio_article.package.transcript import render_html
    chapters = (Chapter("Intro & <more>", 0, 2000), Chapter("Photos", 2000, 4000))
    page = render_html("A <b> title", "en", chapters, (Cue(0, 900, "One.", "title"), Cue(2100, 3000, "Two & three.", "body")))
    assert page.startswith("<!DOCTYPE html>")
    root = html.document_fromstring(page)
    assert root.get("lang") == "en"
    assert [h.text for h in root.iter("h2")] == ["Intro & <more>", "Photos"]
    assert root.find(".//h1").text == "A <b> title"
    assert DISCLOSURE in etree.tostring(root, encoding=str)
    sections = root.findall(".//section")
    assert [p.text for p in sections[1].findall("p")][1:] == ["Two & three."]
