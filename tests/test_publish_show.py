"""The show config: show.toml or a [show] table, defaults, validation and warnings."""

from __future__ import annotations

import re

import pytest

from audio_article import DISCLOSURE
from audio_article.publish import PublishError, Show, load_show, missing_public_values


def test_no_config_gives_defaults_and_one_warning_per_missing_public_value(tmp_path):
    show = load_show(cwd=tmp_path)
    assert show == Show()
    assert show.categories == ("News", "Daily News")
    assert show.explicit is False and show.public_base_url == "http://127.0.0.1:8000/"
    warnings = missing_public_values(show)
    assert len(warnings) == 3
    assert ["title" in warnings[0], "base_url" in warnings[1], "owner_email" in warnings[2]]


def test_show_toml_in_the_working_folder_is_found(tmp_path):
    (tmp_path / "show.toml").write_text('title = "Mine"\nowner_email = "a@b.org"\n'
                                        'base_url = "https://x.org/p"\n', encoding="utf-8")
    show = load_show(cwd=tmp_path)
    assert show.title == "Mine" and show.base_url == "https://x.org/p/"
    assert missing_public_values(show) == []


def test_a_show_table_in_the_project_config_is_found(tmp_path):
    (tmp_path / "audio-article.toml").write_text('[voices]\nx = 1\n[show]\ntitle = "T"\n',
                                                 encoding="utf-8")
    assert load_show(cwd=tmp_path).title == "T"


def test_a_project_config_without_a_show_table_is_ignored(tmp_path):
    (tmp_path / "audio-article.toml").write_text("[voices]\nx = 1\n", encoding="utf-8")
    assert load_show(cwd=tmp_path) == Show()


def test_the_description_always_carries_the_disclosure():
    assert Show(description="Our news.").channel_description == f"Our news. {DISCLOSURE}"
    said = f"Ours. {DISCLOSURE}"
    assert Show(description=said).channel_description == said


@pytest.mark.parametrize("text, message", [
    ('titel = "x"', "unknown key 'titel'"),
    ("explicit = \"no\"", "explicit must be a bool"),
    ('category = "News > Weather"', "'Weather' is not a subcategory of 'News'"),
    ('category = "Podcasts"', "'Podcasts' is not an Apple Podcasts category"),
    ('base_url = "https://example.org/na\u00efve/"', "must be an ASCII http(s) URL"),
    ('base_url = "ftp://example.org/"', "must be an ASCII http(s) URL"),
    ('language = "English"', "not an ISO 639 code"),
    ('owner_email = "nobody"', "not an address"),
    ('podcast_guid = "abc"', "not a UUID"),
    ('link = "example.org"', "link 'example.org' must be an http(s) URL"),
    ('image = "https://example.org/caf\u00e9.png"', "must be an ASCII http(s) URL"),
    ("title = ", "not a readable TOML file"),
])
def test_bad_values_are_refused_with_one_line(tmp_path, text, message):
    (tmp_path / "show.toml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(PublishError, match=re.escape(message)) as caught:
        load_show(tmp_path / "show.toml")
    assert "\n" not in str(caught.value)


def test_a_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(PublishError, match="not found"):
        load_show(tmp_path / "nope.toml")
