"""Issue 23: every read of user data is capped and bounded in time. Each file option of
the CLI is pointed at an endless stream (/dev/zero, /dev/urandom, a FIFO fed forever),
at a FIFO nobody writes to, and at a document nested 5,000 deep; standard input is fed
forever. Each run ends with one ``Error:`` line, no traceback, within a time bound and
under 500 MB (the peak resident memory of the CLI process, read while it runs)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from netlab import run_measured

MEMORY_MB = 500
ENV = {"AUDIO_ARTICLE_READ_TIMEOUT": "1"}  # a silent FIFO costs this; either ending passes
DEEP_TOML = "a = " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_JSON = "[" * 5000 + "]" * 5000


class Fifo:
    """A named pipe; with ``endless``, a thread writes to it until the reader leaves."""

    def __init__(self, path: Path, endless: bytes | None = None) -> None:
        self.path = path
        os.mkfifo(path)
        self.stop = threading.Event()
        if endless is not None:
            threading.Thread(target=self._feed, args=(endless,), daemon=True).start()

    def _feed(self, block: bytes) -> None:
        try:
            with open(self.path, "wb") as pipe:  # waits for the reader to open it
                while not self.stop.is_set():
                    pipe.write(block)
        except OSError:
            pass  # the reader left: what a capped reader does


def _cli(tmp_path: Path, *args, stdin=subprocess.DEVNULL, timeout: float = 90):
    return run_measured([sys.executable, "-m", "audio_article", *map(str, args)], tmp_path,
                        timeout, ENV, stdin)


def _refused(run, *expected: str) -> None:
    assert "Traceback" not in run.text, run.describe()
    assert run.returncode in (1, 2), run.describe()
    assert run.stderr.startswith("Error: ") or "failed" in run.stdout, run.describe()
    assert any(e in run.text for e in expected), run.describe()
    assert run.max_rss_mb < MEMORY_MB, run.describe()
    assert run.seconds < 60, run.describe()


def _sources(tmp_path: Path, prefix: str = "") -> dict[str, Path]:
    """Endless and silent sources, each a fresh path."""
    made = {"zero": Path("/dev/zero"), "urandom": Path("/dev/urandom")}
    made["silent-fifo"] = Fifo(tmp_path / f"{prefix}silent.toml").path
    made["endless-text"] = Fifo(tmp_path / f"{prefix}endless.toml",
                                b"a = 1\n# la la la\n" * 4096).path
    return made


ENDLESS = ("larger than", "gave up reading")
ARTICLE = Path(__file__).resolve().parents[1] / "tests" / "hostile" / "article.txt"


@pytest.mark.parametrize("option", ["--lexicon", "--config"])
def test_plan_files_are_capped(tmp_path, option):
    for name, source in _sources(tmp_path).items():
        _refused(_cli(tmp_path, "script", ARTICLE, option, source), *ENDLESS, "not UTF-8",
                 "not a readable TOML")
    deep = tmp_path / "deep.toml"
    deep.write_text(DEEP_TOML)
    _refused(_cli(tmp_path, "script", ARTICLE, option, deep), "nested too deeply")


def test_voice_profile_files_are_capped(tmp_path):
    for name, source in _sources(tmp_path).items():
        link = tmp_path / f"{name}-voice.toml"
        link.symlink_to(source)
        _refused(_cli(tmp_path, "script", ARTICLE, "--voice", link), *ENDLESS, "not UTF-8",
                 "not a readable TOML")
    deep = tmp_path / "deep-voice.toml"
    deep.write_text(DEEP_TOML)
    _refused(_cli(tmp_path, "script", ARTICLE, "--voice", deep), "nested too deeply")


def test_article_sources_are_capped(tmp_path):
    """narrate and parse read SOURCE through the same reader."""
    for command in ("parse", "narrate"):
        sources = _sources(tmp_path, command)
        sources["endless-article"] = Fifo(tmp_path / f"{command}-story.txt",
                                          b"The council met. " * 4096).path
        for name, source in sources.items():
            extra = ("-o", "out") if command == "narrate" else ()
            _refused(_cli(tmp_path, command, source, *extra), *ENDLESS, "binary", "empty")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_endless_standard_input(tmp_path):
    feeder = subprocess.Popen(["yes", "The council met again on Tuesday."],
                              stdout=subprocess.PIPE)
    try:
        run = _cli(tmp_path, "narrate", "-", "--title", "Endless", "-o", "out",
                   stdin=feeder.stdout)
    finally:
        feeder.kill()
        feeder.wait()
    _refused(run, "standard input is larger than 10 MB")


def test_edited_scripts_are_capped(tmp_path):
    for name, source in _sources(tmp_path).items():
        _refused(_cli(tmp_path, "narrate", "--script", source, "-o", "out"), *ENDLESS,
                 "not UTF-8", "not valid JSON")
    deep = tmp_path / "deep.json"
    deep.write_text(DEEP_JSON)
    _refused(_cli(tmp_path, "narrate", "--script", deep, "-o", "out"), "nested too deeply")
    for number in ("Infinity", "NaN", "1" * 5000, "1e99999"):
        odd = tmp_path / "odd.json"
        odd.write_text(f'{{"title": "x", "segments": [{number}], "chapters": [1]}}')
        _refused(_cli(tmp_path, "narrate", "--script", odd, "-o", "out"), "out of range",
                 "not a JSON number")


def test_batch_lists_are_capped(tmp_path):
    for command in (["batch"], ["watch", "--max-polls", "1", "--every", "1s"]):
        for name, source in _sources(tmp_path, command[0]).items():
            run = _cli(tmp_path, *command, f"@{source}", "-o", "out", "-j", "1")
            assert "Traceback" not in run.text and run.max_rss_mb < MEMORY_MB, run.describe()
            assert run.seconds < 60 and any(e in run.text for e in (*ENDLESS, "not UTF-8",
                                                                     "name no articles")), \
                run.describe()


def test_show_configs_are_capped(tmp_path):
    for name, source in _sources(tmp_path).items():
        _refused(_cli(tmp_path, "publish", tmp_path, "--show", source), *ENDLESS,
                 "not UTF-8", "not a readable TOML")
    deep = tmp_path / "show.toml"
    deep.write_text(DEEP_TOML)
    _refused(_cli(tmp_path, "publish", tmp_path, "--show", deep), "nested too deeply")


def test_inspect_streams_a_long_mp3(tmp_path):
    """Half an hour of MP3 (a 10-second encoded tone, its frames repeated): inspect measures
    loudness and true peak a second at a time, in bounded memory."""
    import lameenc
    import numpy as np

    tone = (np.sin(np.arange(441000) * 2 * np.pi * 440 / 44100) * 8000).astype(np.int16)
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(44100)
    encoder.set_channels(1)
    piece = bytes(encoder.encode(tone.tobytes())) + bytes(encoder.flush())
    long_mp3 = tmp_path / "long.mp3"
    with open(long_mp3, "wb") as out:
        for _ in range(180):  # 30 minutes
            out.write(piece)
    run = _cli(tmp_path, "inspect", long_mp3, "--json", timeout=300)
    assert run.returncode == 0, run.describe()
    assert run.max_rss_mb < MEMORY_MB, run.describe()
    assert '"loudness_lufs": ' in run.stdout and '"true_peak_dbtp": ' in run.stdout


def test_cover_files_are_capped(tmp_path):
    """narrate --cover: the picture goes through the same reader (a FIFO nobody writes to
    used to hold narrate forever)."""
    for name, source in _sources(tmp_path, "cover").items():
        _refused(_cli(tmp_path, "narrate", ARTICLE, "--cover", source, "-o", "out"),
                 *ENDLESS, "not a JPEG")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("pause", ["999999999999999999999999999", "86400000", "9" * 31])
def test_a_config_pause_is_bounded(tmp_path, pause):
    """A pause of 10^27 ms once made narrate run until killed (2.6 GB); a day's pause
    failed only at the end, after a minute of work. Refused before any synthesis."""
    config = tmp_path / "pauses.toml"
    config.write_text(f"[pauses]\nparagraph = {pause}\n")
    _refused(_cli(tmp_path, "narrate", ARTICLE, "--voice", "espeak", "--config", config,
                  "-o", "out"), "from 0 to 60000", "64 bits")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
