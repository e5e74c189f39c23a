"""Attacks on the phrase templates of ``--config`` ``[phrases]`` (issue 23): a phrase is
``{name}`` placeholders from its own set and ``{{``/``}}``, nothing else. Attribute and
index access (``{authors.__class__.__mro__}``) would reach Python objects, a format spec
(``{authors:>999999999}``) would build a gigabyte string: each is refused when the config
is read, naming the phrase, in bounded memory and before any audio is made."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attack_support import ARTICLE, assert_ok, assert_one_error, run_cli

# (phrase, template): each must be refused with a ConfigError naming the phrase.
REFUSED = [
    ("byline", "{authors.__class__.__mro__}"),
    ("byline", "{authors.__class__.__init__.__globals__}"),
    ("byline", "By {authors:>999999999}."),
    ("byline", "{authors:{authors}}"),
    ("byline", "{authors[0]}"),
    ("byline", "{0}"),
    ("byline", "{}"),
    ("byline", "{authors!r}"),
    ("byline", "{title}"),
    ("site", "{site:>99999999999999999999}"),
    ("date", "{month.__len__} {day} {year}"),
    ("outro_title", "{title.upper}"),
    ("outro_source", "{site.__doc__}"),
    ("photo_credit", "{credit!s:>100}"),
    ("quote_attribution", "{attribution.__class__}"),
]


def _config(tmp_path: Path, phrase: str, template: str) -> Path:
    escaped = template.replace("\\", "\\\\").replace('"', '\\"')
    path = tmp_path / "plan.toml"
    path.write_text(f'[phrases]\n{phrase} = "{escaped}"\n', encoding="utf-8")
    return path


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("phrase, template", REFUSED, ids=[f"{p}:{t}" for p, t in REFUSED])
def test_narrate_refuses_a_phrase_that_is_more_than_placeholders(phrase, template, tmp_path):
    out = tmp_path / "out"
    run = run_cli(["narrate", str(_article(tmp_path)), "-o", str(out),
                   "--config", str(_config(tmp_path, phrase, template))], cwd=tmp_path)
    line = assert_one_error(run, contains=phrase)
    assert not re.search(r"<(class|built-in|method|function|module)", line), line
    assert not out.exists() or not any(out.iterdir())


def test_literal_braces_and_placeholders_still_work(tmp_path):
    """``{{``/``}}`` are braces, ``{authors}`` the names: said and written as before."""
    out = tmp_path / "out"
    config = _config(tmp_path, "byline", "Written {{in braces}} by {authors}.")
    assert_ok(run_cli(["narrate", str(_article(tmp_path)), "-o", str(out), "--config",
                       str(config)], cwd=tmp_path))
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    vtt = (folder / "transcript.vtt").read_text(encoding="utf-8")
    assert "Written {in braces} by Jane Doe and John Roe." in " ".join(vtt.split())


# ------------------------------------------------------------------ property: the planner

_TOKENS = st.sampled_from(["{", "}", "{{", "}}", "{authors}", "authors", ".", "[", "]", "0",
                           "!r", "!s", ":", ">", "9999", "__class__", "__mro__", "title",
                           " ", "By ", "x", "{authors.", "{authors:", "{authors!", "{0}"])
VALUE = "Jane Doe and John Roe"


def _reference(template: str) -> str | None:
    """What a phrase made of text, ``{{``, ``}}`` and ``{authors}`` says; None when
    anything else in it is a brace."""
    parts = re.split(r"(\{\{|\}\}|\{authors\})", template)
    out = []
    for part in parts:
        if part in ("{{", "}}"):
            out.append(part[0])
        elif part == "{authors}":
            out.append(VALUE)
        elif "{" in part or "}" in part:
            return None
        else:
            out.append(part)
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(template=st.lists(_TOKENS, min_size=1, max_size=12).map("".join))
def test_property_a_byline_is_text_and_names_or_refused(template):
    """Any template built from brace, attribute, index and spec pieces: refused with a
    ConfigError naming the phrase, or said exactly as text plus the names."""
    from audio_article.errors import ConfigError
    from audio_article.models import Article, Paragraph, Section
    from audio_article.script.plan import Phrases, byline_text

    try:
        phrases = Phrases(byline=template, date="", site="")
    except ConfigError as exc:
        assert "byline" in str(exc) and "\n" not in str(exc)
        return
    article = Article("T", (Section(None, (Paragraph("Text."),)),),
                      authors=("Jane Doe", "John Roe"))
    expected = _reference(template)
    assert expected is not None, f"{template!r} was accepted"
    assert byline_text(article, phrases) == expected
