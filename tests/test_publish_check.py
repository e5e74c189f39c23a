"""`feed check`: the STANDARDS.md §2 violations of feeds we did and did not write."""

from __future__ import annotations

import datetime as dt
import shutil

import click
import pytest
from click.testing import CliRunner

from audio_article.cli import Group
from audio_article.publish import check_feed, publish, show_from_dict
from audio_article.publish.cli import feed_group, publish_command
from test_publish_support import make_episode

SHOW = show_from_dict({"title": "Checked", "owner_email": "desk@example.org",
                       "base_url": "https://example.org/"})
NOW = dt.datetime(2026, 3, 5, tzinfo=dt.timezone.utc)

BAD_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:podcast="https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md">
  <channel>
    <title> Padded </title>
    <description>d</description>
    <language>English</language>
    <itunes:category text="Podcasts"/>
    <itunes:explicit>no</itunes:explicit>
    <podcast:locked>yes</podcast:locked>
    <item>
      <title>Old</title>
      <guid>not a url</guid>
      <pubDate>2026-03-01</pubDate>
      <enclosure url="https://example.org/caf\u00e9/a.mp3" length="-1" type="audio/mp3"/>
      <itunes:duration>61.5</itunes:duration>
    </item>
    <item>
      <title>New</title>
      <guid isPermaLink="false">g1</guid>
      <pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate>
      <enclosure url="https://example.org/b.wav" length="1" type="audio/wav"/>
      <itunes:episodeType>regular</itunes:episodeType>
    </item>
    <item>
      <title>Newest, but last</title>
      <guid isPermaLink="false">g1</guid>
      <pubDate>Tue, 03 Mar 2026 08:00:00 GMT</pubDate>
      <enclosure url="https://example.org/b.wav" length="1" type="audio/wav"/>
    </item>
  </channel>
</rss>
"""


@pytest.fixture
def main():
    """A CLI group with the real error handling of audio_article.cli, holding our commands."""
    @click.group(cls=Group)
    def group():
        pass

    group.add_command(publish_command)
    group.add_command(feed_group)
    return group


def test_our_feed_has_no_violations_even_against_its_files(tmp_path):
    make_episode(tmp_path / "one", "One", url="https://example.org/one")
    publish([tmp_path / "one"], tmp_path / "feed.xml", SHOW, now=NOW)
    assert check_feed(tmp_path / "feed.xml", tmp_path) == []


def test_a_foreign_feed_gets_every_violation_named(tmp_path):
    (tmp_path / "bad.xml").write_text(BAD_FEED, encoding="utf-8")
    found = {(v.rule, v.where.split(" '")[0], v.message.split(" ")[0])
             for v in check_feed(tmp_path / "bad.xml")}
    expected = {
        ("§2.1 #1", "document", "the"),  # no xmlns:content
        ("§2.1 #2", "document", "namespace"),  # the old podcast namespace URI
        ("§2.1 #6", "channel", "<title>"),
        ("§2.2 #7", "channel", "language"), ("§2.2 #7", "channel", "no"),
        ("§2.2 #8", "channel", "itunes:explicit"), ("§2.2 #11", "channel", "no"),
        ("§2.2 #16", "item 1", "guid"), ("§2.2 #17", "item 1", "pubDate"),
        ("§2.2 #13", "item 1", "enclosure"), ("§2.2 #14", "item 1", "enclosure"),
        ("§2.1 #5", "item 1", "enclosure"), ("§2.2 #18", "item 1", "itunes:duration"),
        ("§2.2 #15", "item 2", "enclosure"), ("§2.2 #19", "item 2", "itunes:episodeType"),
        ("§2.2 #16", "item 3", "guid"), ("§2.2 #15", "item 3", "enclosure"),
        ("§2.2 #20", "item 3", "is"),
    }
    assert expected <= found, sorted(expected - found)


def test_a_misspelt_itunes_namespace_is_named(tmp_path):
    wrong = BAD_FEED.replace("itunes.com/dtds/podcast", "itunes.com/DTDs/Podcast")
    (tmp_path / "wrong.xml").write_text(wrong, encoding="utf-8")
    messages = [str(v) for v in check_feed(tmp_path / "wrong.xml")]
    assert any("xmlns:itunes" in m and "§2.1 #1" in m for m in messages)
    assert any("'http://www.itunes.com/DTDs/Podcast-1.0.dtd' is misspelt" in m
               for m in messages)
    assert any("no itunes:image" in m for m in messages)  # Apple ignores the tags


def test_not_well_formed_xml_is_one_violation(tmp_path):
    (tmp_path / "broken.xml").write_text("<rss><channel>", encoding="utf-8")
    (violation,) = check_feed(tmp_path / "broken.xml")
    assert violation.rule == "§2.1 #3" and "not well-formed" in violation.message


def test_files_are_compared_with_the_feed(tmp_path):
    make_episode(tmp_path / "one", "One", seconds=2.0)
    publish([tmp_path / "one"], tmp_path / "feed.xml", SHOW, now=NOW)
    make_episode(tmp_path / "one", "One", seconds=5.0)  # the audio changed after publishing
    (tmp_path / "one" / "chapters.json").write_text('{"version": "1.2.0", "chapters": '
                                                    '[{"startTime": 9}, {"startTime": 1}]}')
    shutil.move(tmp_path / "one" / "transcript.srt", tmp_path / "gone.srt")
    messages = [f"{v.rule} {v.message}" for v in check_feed(tmp_path / "feed.xml", tmp_path)]
    assert any(m.startswith("§2.2 #13 enclosure length") for m in messages), messages
    assert any(m.startswith("§2.2 #18 itunes:duration 2 s") for m in messages)
    assert any("not sorted by startTime" in m for m in messages)
    assert any(m.startswith("§2.3 #24 no file") and "transcript.srt" in m for m in messages)


def test_cli_check_exits_1_and_prints_one_line_per_violation(tmp_path, main):
    (tmp_path / "bad.xml").write_text(BAD_FEED, encoding="utf-8")
    result = CliRunner().invoke(main, ["feed", "check", str(tmp_path / "bad.xml")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(check_feed(tmp_path / "bad.xml")) and "(STANDARDS.md §" in lines[0]


def test_cli_publish_then_check_passes(tmp_path, main):
    make_episode(tmp_path / "one", "One")
    (tmp_path / "show.toml").write_text('title = "T"\nowner_email = "a@b.org"\n'
                                        'base_url = "https://b.org/"\n', encoding="utf-8")
    feed = str(tmp_path / "feed.xml")
    runner = CliRunner()
    published = runner.invoke(main, ["publish", str(tmp_path / "one"), "--feed", feed,
                                     "--show", str(tmp_path / "show.toml")])
    assert published.exit_code == 0, published.output
    assert published.stdout.strip() == feed and "Added 'One'" in published.stderr
    checked = runner.invoke(main, ["feed", "check", feed, "--files", str(tmp_path)])
    assert checked.exit_code == 0 and checked.stdout == ""


def test_cli_publish_warns_once_per_missing_value_and_errors_in_one_line(tmp_path, main,
                                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)  # no show.toml here
    make_episode(tmp_path / "one", "One")
    feed = str(tmp_path / "feed.xml")
    result = CliRunner().invoke(main, ["publish", str(tmp_path / "one"), str(tmp_path / "one"),
                                       "--feed", feed])
    assert result.exit_code == 0
    assert result.stderr.count("Warning: ") == 3
    (tmp_path / "one" / "episode.json").unlink()
    failed = CliRunner().invoke(main, ["publish", str(tmp_path / "one"), "--feed", feed])
    assert failed.exit_code == 1
    assert failed.stderr.startswith("Error: ") and failed.stderr.count("\n") == 1
