"""Bad input: one `Error: ...` line, a non-zero exit, no traceback, nothing written."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parents[1] / "src/audio_article/samples/kyiv-independent-20-days.txt"


def run_cli(*args: str, stdin: bytes | None = None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audio_article", *args], input=stdin,
                          capture_output=True, timeout=120, cwd=cwd)


def assert_clean_failure(result, out: Path, pattern: str) -> None:
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert pattern in lines[0]
    assert result.stdout == b""
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("name, content, pattern", [
    ("missing.txt", None, "not found"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n\t \n", "empty"),
    ("binary.txt", bytes(range(256)) * 8, "binary"),
    ("nosentences.txt", b"--- *** 123 ...\n", "no article text"),
])
def test_bad_sources(tmp_path, name, content, pattern):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    out = tmp_path / "out"
    result = run_cli("narrate", str(source), "-o", str(out))
    assert_clean_failure(result, out, pattern)


def test_directory_source(tmp_path):
    out = tmp_path / "out"
    assert_clean_failure(run_cli("narrate", str(tmp_path), "-o", str(out)), out, "directory")


def test_unknown_voice_profile(tmp_path):
    out = tmp_path / "out"
    result = run_cli("narrate", str(SAMPLE), "--voice", "nope", "-o", str(out))
    assert_clean_failure(result, out, "unknown voice profile 'nope'")


def test_empty_stdin(tmp_path):
    out = tmp_path / "out"
    assert_clean_failure(run_cli("narrate", "-", "-o", str(out), stdin=b""), out, "empty")


def test_usage_error_exits_2(tmp_path):
    result = run_cli("narrate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode()


def test_help_explains_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in (b"narrate", b"parse", b"voices"):
        assert command in result.stdout
    narrate_help = run_cli("narrate", "--help").stdout.decode()
    assert "--voice" in narrate_help and "--title" in narrate_help and "standard input" in narrate_help


def test_parse_captions_of_the_sample():
    result = run_cli("parse", str(SAMPLE), "--format", "captions")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 17
    assert lines[0].endswith(" — Evgeniy Maloletka")
    assert any(line.endswith(" — Chris McGrath/Getty Images") for line in lines)


def test_voices_lists_engines_voices_and_profiles():
    result = run_cli("voices")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "hibari" in out and "heart" in out and "gmw/en-us" in out
    assert "default: " in out and "espeak: " in out


def test_voices_sample(tmp_path):
    result = run_cli("voices", "--sample", "espeak", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    mp3 = Path(result.stdout.decode().strip())
    assert mp3.is_file() and mp3.parent.parent == tmp_path
    assert_clean_failure(run_cli("voices", "--sample", "nope", "-o", str(tmp_path / "x")),
                         tmp_path / "x", "unknown voice profile")


def test_bad_cover_fails_before_any_work(tmp_path):
    out = tmp_path / "out"
    cover = Path(__file__).parent / "data/cover-wide.jpg"
    result = run_cli("narrate", str(SAMPLE), "--cover", str(cover), "-o", str(out))
    assert_clean_failure(result, out, "square JPEG")


def test_narrate_and_publish_in_one_step(tmp_path):
    import feedparser
    article = tmp_path / "story.txt"
    article.write_text("Title: Bridge reopens\n\nThe old bridge reopened on Monday after two "
                       "years of repairs. Engineers replaced the deck.\n")
    out = tmp_path / "out"
    result = run_cli("narrate", str(article), "--voice", "espeak", "-o", str(out), "--publish")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().splitlines()[-1] == str(out / "feed.xml")
    feed = feedparser.parse(str(out / "feed.xml"))
    (entry,) = feed.entries
    assert entry.title == "Bridge reopens"
    assert entry.enclosures[0].length == str((out / "bridge-reopens/bridge-reopens.mp3").stat().st_size)


@pytest.mark.slow
def test_narrate_with_the_piper_profile_passes_inspect(tmp_path):
    import importlib.util

    # Not imported here: piper and pyttsx3 cannot share this test process.
    if importlib.util.find_spec("piper") is None:
        pytest.skip("piper extra not installed here (make test installs it)")
    source = tmp_path / "story.md"
    source.write_text("Title: Piper check\n\n## Rescue\n\nFirefighters rescued 23 people "
                      "in Kyiv on March 12, 2022. \"We worked all night,\" one said.\n")
    done = run_cli("narrate", str(source), "--voice", "piper", "-o", str(tmp_path / "out"),
                   "--cache-dir", str(tmp_path / "cache"))
    assert done.returncode == 0, done.stderr.decode()
    mp3 = tmp_path / "out/piper-check/piper-check.mp3"
    checked = run_cli("inspect", "--strict", str(mp3))
    assert checked.returncode == 0, checked.stdout.decode()
    assert b"TXXX:AI_VOICE: piper/joe" in checked.stdout


@pytest.mark.parametrize("number, said, status", [(2, "Interrupted.", 130),
                                                  (15, "Terminated.", 143)])
def test_a_stop_that_unwinds_as_another_error_is_still_the_stop(monkeypatch, number, said,
                                                                status):
    """A Ctrl-C that lands inside a lock's release comes out of the command as
    "RuntimeError: release unlocked lock" (an outside tester, once in 18 random
    Ctrl-Cs: exit 1 and a traceback). The signal the CLI recorded decides: its line and
    its exit status."""
    import click
    from click.testing import CliRunner

    from audio_article import cli

    @click.command("unwinds")
    def unwinds():
        cli.STOPPED.append(number)
        raise RuntimeError("release unlocked lock")

    monkeypatch.setattr(cli, "STOPPED", [])
    cli.main.add_command(unwinds)
    try:
        result = CliRunner().invoke(cli.main, ["unwinds"])
    finally:
        cli.main.commands.pop("unwinds")
    assert result.exit_code == status and said in result.output, result.output
    assert "Traceback" not in result.output and result.exception is None or \
        isinstance(result.exception, SystemExit)


def _invoke_raising(monkeypatch, error, *options):
    """Run a command that raises ``error`` the way a bug would, in process."""
    import click
    from click.testing import CliRunner

    from audio_article import cli

    @click.command("breaks")
    def breaks():
        raise error

    monkeypatch.setattr(cli, "STOPPED", [])
    cli.main.add_command(breaks)
    try:
        return CliRunner().invoke(cli.main, [*options, "breaks"])
    finally:
        cli.main.commands.pop("breaks")


def test_an_unforeseen_error_is_one_line_that_says_it_is_a_bug(monkeypatch):
    result = _invoke_raising(monkeypatch, IndexError("list index out of range"))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: an internal error stopped the run (IndexError: list index out of range). This is a bug "
        "in audio-article: run the command again with --debug for the traceback, and please report it."]
    debug = _invoke_raising(monkeypatch, IndexError("list index out of range"), "--debug")
    assert isinstance(debug.exception, IndexError)  # --debug lets it through, with its traceback


def test_a_refusal_by_the_system_is_said_in_its_words(monkeypatch):
    import errno

    result = _invoke_raising(monkeypatch, OSError(errno.ENOSPC, "No space left on device", "/tmp/out/x.mp3"))
    assert result.exit_code == 1
    assert result.output.splitlines() == ["Error: No space left on device: /tmp/out/x.mp3."]


def test_a_rule_warning_is_one_line_and_the_episode_script_is_still_made(tmp_path, monkeypatch):
    """The CLI prints a normalizer rule's failure as one "Warning:" line and goes on."""
    from click.testing import CliRunner

    from audio_article import cli
    NZ = importlib.import_module("audio_article.script.normalize")

    def broken(text):
        raise ValueError("bad")

    monkeypatch.setattr(NZ, "_TRIGGERED", NZ.triggered((broken, *NZ.RULES)))
    source = tmp_path / "a.md"
    source.write_text("# Launch\n\nThe satellite weighs 2,400kg.\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("default", NZ.RuleFailed)
        result = CliRunner().invoke(cli.main, ["script", str(source)])
    assert result.exit_code == 0, result.output
    assert "two thousand four hundred kilograms" in result.output
    warned = [line for line in result.output.splitlines() if line.startswith("Warning:")]
    assert warned and all("rule test_cli.broken failed on" in line for line in warned), result.output
