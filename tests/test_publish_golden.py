"""Golden feeds: every case folder under tests/data/feeds/ is published step by step and
must give expected.xml byte for byte, pass `feed check --files`, and warn as listed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tomllib
from pathlib import Path

import pytest
from lxml import etree

from audio_article.publish import Show, check_feed, load_show, publish
from test_publish_support import FEEDS

CASES = sorted(p.name for p in FEEDS.iterdir() if (p / "case.toml").is_file())
UPDATE = os.environ.get("AUDIO_ARTICLE_UPDATE_GOLDEN") == "1"


def run_case(case: Path, out: Path):
    steps = tomllib.loads((case / "case.toml").read_text(encoding="utf-8"))["step"]
    show = load_show(case / "show.toml") if (case / "show.toml").is_file() else Show()
    out.mkdir()
    if (case / "static").is_dir():
        shutil.copytree(case / "static", out, dirs_exist_ok=True)
    if (case / "existing.xml").is_file():
        shutil.copy(case / "existing.xml", out / "feed.xml")
    result = None
    for step in steps:
        for name in step["episodes"]:
            shutil.rmtree(out / name, ignore_errors=True)
            shutil.copytree(case / step.get("source", "episodes") / name, out / name)
        result = publish([out / n for n in step["episodes"]], out / "feed.xml", show,
                         now=dt.datetime.fromisoformat(step["now"]))
    return steps[-1], result


@pytest.mark.parametrize("name", CASES)
def test_golden_feed(name, tmp_path):
    case, out = FEEDS / name, tmp_path / "out"
    last, result = run_case(case, out)
    produced = (out / "feed.xml").read_bytes()
    if UPDATE:
        (case / "expected.xml").write_bytes(produced)
    assert produced == (case / "expected.xml").read_bytes()
    etree.fromstring(produced, etree.XMLParser(recover=False))  # well-formed (§2.1 #3)
    _assert_in_order(last.get("warnings", []), list(result.warnings))
    rules = [v.rule for v in check_feed(out / "feed.xml", out)]
    assert rules == last.get("violations", []), check_feed(out / "feed.xml", out)


def _assert_in_order(expected: list[str], warnings: list[str]) -> None:
    assert len(warnings) == len(expected), warnings
    for fragment, warning in zip(expected, warnings):
        assert fragment in warning


def test_cases_were_found():
    assert {"defaults", "two-episodes", "escaping", "update"} <= set(CASES)
