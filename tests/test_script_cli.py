"""The editor's workflow through the real CLI: `script` (text preview, checked against a
golden file, and JSON), `narrate --script` on an edited script, and `lint`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from audio_article.script.lexicon import read_lexicon

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "src/audio_article/samples/kyiv-independent-20-days.txt"
GOLDEN = Path(__file__).parent / "data/sample_script.txt"
TITLE = "Twenty days of Russia's full-scale war against Ukraine"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    # No user lexicon from ~/.config may change what the tests see.
    return dict(os.environ, XDG_CONFIG_HOME=str(tmp_path_factory.mktemp("config")))


def run_cli(env, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audio_article", *args], capture_output=True,
                          text=True, timeout=timeout, env=env)


def test_the_sample_script_matches_the_golden_file(env):
    result = run_cli(env, "script", str(SAMPLE), "--title", TITLE)
    assert result.returncode == 0, result.stderr
    # To update after a deliberate change: the same command with -o tests/data/sample_script.txt
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def test_the_golden_script_says_no_digits_and_no_lexicon_spelling(env):
    said = [line[len("    spoken: "):] for line in GOLDEN.read_text(encoding="utf-8").splitlines()
            if line.startswith("    spoken: ") and line != "    spoken: (as written)"]
    assert said
    assert not any(c.isdigit() for line in said for c in line)
    assert not any(name in line for line in said for name in ("Kyiv", "Kharkiv", "Irpin", "Lviv"))


def test_json_has_text_and_spoken_per_segment(env, tmp_path):
    out = tmp_path / "script.json"
    result = run_cli(env, "script", str(SAMPLE), "--title", TITLE, "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["title"] == TITLE
    assert {"text", "spoken", "role", "pause_after_ms"} <= set(data["segments"][0])
    texts = {s["text"]: s["spoken"] for s in data["segments"]}
    assert texts["Since Feb. 24, Russia's aggression has killed thousands of Ukrainians, forced "
                 "some three million to flee, and left cities and villages in ruins."].startswith(
        "Since February twenty-fourth,")
    assert [c["title"] for c in data["chapters"]] == ["Introduction", TITLE, "Photos"]
    assert data["article"]["title"] == TITLE
    assert "lexicon.toml" in data["lexicon"]


def _edited(tmp_path: Path, mutate) -> Path:
    doc = {
        "title": "An edited script", "voice_profile": "default", "language": "en",
        "lexicon": "1 entries, sha256:0123456789abcdef (names.toml)",
        "chapters": [{"title": "Introduction", "first_segment": 0},
                     {"title": "Story", "first_segment": 2}],
        "segments": [
            {"role": "title", "text": "An edited script", "spoken": "An edited script",
             "pause_after_ms": 500},
            {"role": "disclosure", "text": "This audio is created with AI assistance.",
             "spoken": "This audio is created with A.I. assistance.", "pause_after_ms": 800},
            {"role": "body", "text": "Rutte spoke in Kyiv.", "spoken": "Ruttuh spoke in Keev.",
             "pause_after_ms": 300},
        ],
    }
    mutate(doc)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc) if isinstance(doc, dict) else doc, encoding="utf-8")
    return path


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["segments"][2].update(role="narrator"), "segment 3: role 'narrator' is not one of"),
    (lambda d: d["segments"][2].update(spoken=""), "segment 3: 'spoken' must be a non-empty string"),
    (lambda d: d["segments"][2].update(pause_after_ms="long"), "'pause_after_ms' must be an integer"),
    (lambda d: d["segments"][2].update(speaker="x"), "segment 3: unknown keys ['speaker']"),
    (lambda d: d["segments"].pop(1), "no 'disclosure' segment"),
    (lambda d: d["chapters"][1].update(first_segment=9), "chapter starts are not increasing"),
    (lambda d: d.pop("segments"), "'segments' must be a non-empty list"),
])
def test_a_malformed_script_is_one_clear_line(env, tmp_path, mutate, message):
    result = run_cli(env, "narrate", "--script", str(_edited(tmp_path, mutate)), "-o", str(tmp_path / "out"))
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1, result.stderr
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr
    assert not (tmp_path / "out").exists()


def test_invalid_json_names_the_line(env, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"title": "x",\n "segments": [,]}', encoding="utf-8")
    result = run_cli(env, "narrate", "--script", str(path))
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"Error: {path}: not valid JSON (line 2, column")


def test_source_and_script_together_is_a_usage_error(env, tmp_path):
    result = run_cli(env, "narrate", str(SAMPLE), "--script", str(_edited(tmp_path, lambda d: None)))
    assert result.returncode == 2
    assert "either SOURCE or --script" in result.stderr


def test_planning_options_with_an_edited_script_are_a_usage_error(env, tmp_path):
    result = run_cli(env, "narrate", "--script", str(_edited(tmp_path, lambda d: None)),
                     "--lexicon", str(tmp_path / "names.toml"))
    assert result.returncode == 2
    assert "--lexicon" in result.stderr and "as written" in result.stderr


@pytest.mark.slow
def test_narrate_renders_an_edited_script(env, tmp_path):
    out = tmp_path / "out"
    result = run_cli(env, "narrate", "--script", str(_edited(tmp_path, lambda d: None)), "-o", str(out),
                     "-j", "1", timeout=300)
    assert result.returncode == 0, result.stderr
    folder = out / "an-edited-script"
    chapters = json.loads((folder / "chapters.json").read_text())["chapters"]
    assert [c["title"] for c in chapters] == ["Introduction", "Story"]
    assert "Rutte spoke in Kyiv." in (folder / "transcript.vtt").read_text()  # the text, not the spoken form
    manifest = json.loads((folder / "episode.json").read_text())
    assert manifest["provenance"]["source"] == "edited.json"
    assert manifest["provenance"]["lexicon"] == \
        "audio_article.script.lexicon 1: 1 entries, sha256:0123456789abcdef (names.toml)"


def test_lint_lists_the_unusual_names_and_nothing_the_lexicon_covers(env):
    result = run_cli(env, "lint", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    tokens = {row[1] for row in rows}
    assert {"McGrath", "Petrov"} <= tokens  # the sample's Ukrainian names are in the lexicon
    assert all(row[0] in ("name", "acronym", "numeral", "symbol") for row in rows)
    covered = read_lexicon(ROOT / "voices/lexicon.toml").entries
    assert not tokens & {w for word in covered for w in word.split()}
    assert not tokens & {"Feb", "Ukraine", "Russia", "Getty Images", "AFP"}
    assert "items not covered" in result.stderr


def test_lint_with_a_user_lexicon_drops_what_it_covers(env, tmp_path):
    lexicon = tmp_path / "names.toml"
    lexicon.write_text('[words]\nMaloletka = "Malolyetka"\nEvgeniy = "Yevgeny"\n', encoding="utf-8")
    result = run_cli(env, "lint", str(SAMPLE), "--lexicon", str(lexicon))
    tokens = {line.split()[1] for line in result.stdout.splitlines()}
    assert "Maloletka" not in tokens and "Evgeniy" not in tokens
    assert "McGrath" in tokens


def test_an_edited_spoken_form_gets_a_new_id_and_voice_can_be_overridden(tmp_path):
    from audio_article.pipeline import NarrateOptions, prepare_edited

    original = prepare_edited(_edited(tmp_path, lambda d: None), NarrateOptions())
    edited = prepare_edited(_edited(tmp_path, lambda d: d["segments"][2].update(spoken="Rutte spoke.")),
                            NarrateOptions())
    assert original.script.segments[0].id == edited.script.segments[0].id
    assert original.script.segments[2].id != edited.script.segments[2].id
    assert [s.chapter for s in edited.script.segments] == [0, 0, 1]
    assert edited.article.title == "An edited script"  # made from the script: none was saved
    espeak = prepare_edited(_edited(tmp_path, lambda d: None), NarrateOptions(), voice="espeak")
    assert espeak.profile.name == "espeak"
    assert espeak.script.segments[0].id != original.script.segments[0].id
