"""Bidirectional overrides in titles and names (issue 23): "Mayor \\u202egnp.exe" shows as
"Mayor exe.png" in a player, a feed reader or a page. Whatever an article, an edited
script or an edited episode.json carries, no embedding, override or isolate control
reaches any file written out: the ID3 tag, the feed, the pages, chapters.json, the
transcripts, episode.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attack_support import (assert_ok, copy_episode, edit_manifest, narrated_episode,
                            refresh_facts, run_cli, scan)

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069"]
RLO, RLI, PDI, LRE = "\u202e", "\u2067", "\u2069", "\u202a"


def _text_article() -> str:
    return (f"Title: Mayor {RLO}gnp.exe\nBy: Jane {RLI}Doe{PDI} and {LRE}John Roe\n"
            f"Site: Example {RLO}Daily\nDate: 2026-03-02\n\nThe council met on Monday "
            f"and agreed {RLO}to repair the bridge.\n\n## Traffic {RLO}txt.exe\n\nCars "
            "will cross again next week.\n")


def _page() -> str:
    ld = json.dumps({"@type": "NewsArticle", "headline": f"Mayor {RLO}gnp.exe",
                     "author": [{"name": f"Jane {RLI}Doe"}], "description": f"A {RLO}summary",
                     "publisher": {"name": f"Example {LRE}Daily"}})
    return (f"<html lang='en'><head><title>Mayor {RLO}gnp.exe</title>"
            f'<meta property="og:site_name" content="Example {RLO}Daily">'
            f'<meta name="description" content="A {RLI}summary">'
            f'<script type="application/ld+json">{ld}</script></head><body><article>'
            f"<h1>Mayor {RLO}gnp.exe</h1><p>The council met on Monday and agreed to repair "
            f"the bridge.</p><h2>Traffic {RLO}txt.exe</h2><p>Cars will cross again.</p>"
            f"<figure><img src='https://example.org/a.jpg'><figcaption>The bridge. "
            f"Photo: {RLO}Agency</figcaption></figure></article></body></html>")


@pytest.mark.parametrize("name, text", [("article.txt", _text_article()),
                                        ("page.html", _page())], ids=["text", "html"])
def test_no_bidi_control_from_an_article_reaches_any_file(name, text, tmp_path):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert_ok(run_cli(["narrate", str(source), "-o", str(out)], cwd=tmp_path))
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    assert_ok(run_cli(["publish", str(folder), "--feed", str(out / "feed.xml")], cwd=tmp_path))
    assert scan(out, BIDI) == []
    assert "Mayor gnp.exe" in (folder / "episode.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def episode(tmp_path_factory) -> Path:
    return narrated_episode(tmp_path_factory)


def test_no_bidi_control_read_back_from_episode_json_is_published(episode, tmp_path):
    """An edited episode.json (and transcript.vtt): the feed, the show notes and the
    pages publish writes from them carry none (the edited files themselves are skipped)."""
    out = tmp_path / "out"
    folder = copy_episode(episode, out)

    def change(m):
        m["title"] = f"Mayor {RLO}gnp.exe"
        m["authors"] = [f"Jane {RLI}Doe{PDI}"]
        m["site_name"] = f"Example {LRE}Daily"
        m["description"] = f"A {RLO}summary"
        m["disclosure"] = f"{RLO}This audio is created with AI assistance."
        for chapter in m["chapters"]:
            chapter["title"] = f"{RLO}{chapter['title']}"
        vtt = folder / "transcript.vtt"  # the page's transcript is read from it
        vtt.write_text(vtt.read_text(encoding="utf-8").replace("council", f"coun{RLO}cil"),
                       encoding="utf-8")
        refresh_facts(folder, m)
    edit_manifest(folder, change)
    assert_ok(run_cli(["publish", str(folder), "--feed", str(out / "feed.xml")], cwd=tmp_path))
    assert scan(out, BIDI, skip=("episode.json", "transcript.vtt")) == []
    assert "Mayor gnp.exe" in (out / "feed.xml").read_text(encoding="utf-8")


def test_no_bidi_control_from_an_edited_script_reaches_any_file(tmp_path):
    """``script --format json``, edited, then ``narrate --script``: the title, chapter
    titles and the article saved beside the script carry overrides."""
    source = tmp_path / "article.txt"
    source.write_text(_text_article().replace(RLO, "").replace(RLI, "").replace(PDI, "")
                      .replace(LRE, ""), encoding="utf-8")
    run = run_cli(["script", str(source), "--format", "json"], cwd=tmp_path)
    assert_ok(run)
    doc = json.loads(run.stdout)
    doc["title"] = f"Mayor {RLO}gnp.exe"
    for chapter in doc["chapters"]:
        chapter["title"] = f"{RLI}{chapter['title']}"
    doc["article"]["title"] = f"Mayor {RLO}gnp.exe"
    doc["article"]["authors"] = [f"Jane {RLO}Doe"]
    doc["article"]["site_name"] = f"Example {RLO}Daily"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out"
    assert_ok(run_cli(["narrate", "--script", str(edited), "-o", str(out)], cwd=tmp_path))
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    assert_ok(run_cli(["publish", str(folder), "--feed", str(out / "feed.xml")], cwd=tmp_path))
    assert scan(out, BIDI) == []


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.text(max_size=10) | st.sampled_from(BIDI), max_size=12))
def test_property_the_text_cleaning_leaves_no_bidi_control(parts):
    """The one cleaning every article string and every string read back passes."""
    from audio_article.parse.source import clean_text

    text = "".join(parts)
    cleaned = clean_text(text)
    assert not set(cleaned) & set(BIDI)
    kept = [c for c in text if c not in BIDI]
    assert len(cleaned) <= len(kept)  # only removed (or a surrogate replaced), nothing added
