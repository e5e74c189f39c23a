"""show.toml from someone else (issue 23), through ``publish --show``: its strings pass the
same cleaning as an article's (no bidirectional override reaches the feed, the show page
or an episode page), and ``owner_email``, written into the feed for Apple and
podcast:locked, is an email address and nothing that reads as a URL or markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from attack_support import (assert_ok, assert_one_error, copy_episode, narrated_episode,
                            run_cli, scan)

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069"]
RLO, RLI, PDI = "\u202e", "\u2067", "\u2069"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"


@pytest.fixture(scope="module")
def episode(tmp_path_factory) -> Path:
    return narrated_episode(tmp_path_factory)


def _publish(episode: Path, tmp_path: Path, show: str):
    out = tmp_path / "out"
    folder = copy_episode(episode, out)
    config = tmp_path / "show.toml"
    config.write_text(show, encoding="utf-8")
    run = run_cli(["publish", str(folder), "--feed", str(out / "feed.xml"), "--show",
                   str(config)], cwd=tmp_path)
    return run, out


def test_no_bidi_control_from_show_toml_reaches_any_file(episode, tmp_path):
    strings = {"title": f"Mayor {RLO}gnp.exe", "description": f"A {RLI}show{PDI} of news",
               "author": f"Example {RLO}Daily", "owner_name": f"Audio {RLO}desk",
               "copyright": f"(c) 2026 {RLO}Example"}
    show = "".join(f"{key} = {json.dumps(value)}\n" for key, value in strings.items())
    run, out = _publish(episode, tmp_path, show + 'base_url = "https://example.org/p/"\n')
    assert_ok(run)
    assert scan(out, BIDI, skip=("episode.json", "transcript.vtt")) == []
    assert "Mayor gnp.exe" in (out / "feed.xml").read_text(encoding="utf-8")
    assert "Mayor gnp.exe" in (out / "index.html").read_text(encoding="utf-8")


HOSTILE_EMAILS = ["javascript:alert(1)//@example.org", "mailto:audio@example.org",
                  "audio@example.org<script>", 'audio"@example.org', "audio desk@example.org",
                  "audio@example", "audio@-example.org", "@example.org", "audio@",
                  "audio@example.org\n<b>x</b>", "a(1)@example.org"]


@pytest.mark.parametrize("email", HOSTILE_EMAILS)
def test_owner_email_must_be_an_address(email, episode, tmp_path):
    run, out = _publish(episode, tmp_path, f"owner_email = {json.dumps(email)}\n")
    assert_one_error(run, contains="owner_email")
    assert not (out / "feed.xml").exists()


@pytest.mark.parametrize("email", ["audio@example.org", "news.desk+pod@mail.example.co.uk",
                                   "o'brien@example.ie"])
def test_a_real_owner_email_is_published(email, episode, tmp_path):
    run, out = _publish(episode, tmp_path, f"owner_email = {json.dumps(email)}\n")
    assert_ok(run)
    feed = etree.parse(str(out / "feed.xml"))
    assert feed.findtext(".//{%s}email" % ITUNES) == email
