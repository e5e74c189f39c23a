"""A full disk and a read-only output folder, on real file systems: a small tmpfs mounted
by the test (we are root here; where mounting is not permitted the tests skip, saying so).
Each failure is one clear line, and the episode and feed already there stay intact."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLE = ("Title: Disk test\n\nThe council met on Monday. It agreed to repair the bridge, "
           "which opened in 1931.\n")


@contextlib.contextmanager
def tmpfs(folder: Path, size: str):
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or 'mount failed'})"
                    "; the disk-full and read-only tests need one")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audio_article", *args],
                          capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_one_error(result, *phrases: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and result.stderr.strip().endswith(errors[0]), result.stderr
    for phrase in phrases:
        assert phrase in errors[0], errors[0]


@pytest.fixture()
def published(tmp_path):
    """An episode and its feed on a 2 MB tmpfs; yields (mount, out, narrate args)."""
    source, cache = tmp_path / "story.txt", tmp_path / "cache"
    source.write_text(ARTICLE, encoding="utf-8")
    with tmpfs(tmp_path / "fs", "2m") as mount:
        out = mount / "out"
        narrate = ("narrate", str(source), "-o", str(out), "--cache-dir", str(cache),
                   "--voice", "espeak", "-j", "1")
        assert cli(*narrate).returncode == 0
        assert cli("publish", str(out / "disk-test"), "--feed", str(out / "feed.xml")
                   ).returncode == 0
        source.write_text(ARTICLE.replace("1931", "1932"), encoding="utf-8")  # a new episode
        yield mount, out, narrate


def fill(mount: Path) -> None:
    """Fill the file system to the last byte."""
    with open(mount / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def assert_both_fail_leaving_all_as_it_was(mount: Path, out: Path, narrate: tuple,
                                           reason: str) -> None:
    """A new narration of the episode and a publish that would rewrite the feed both fail
    with one line giving ``reason``; nothing in ``out`` changed, nothing was left."""
    before = snapshot(out)
    assert_one_error(cli(*narrate), reason)
    show = mount.parent / "show.toml"
    show.write_text('[show]\ntitle = "Another title"\n', encoding="utf-8")
    assert_one_error(cli("publish", str(out / "disk-test"), "--feed", str(out / "feed.xml"),
                         "--show", str(show)), reason)
    assert snapshot(out) == before


def test_disk_full(published):
    mount, out, narrate = published
    fill(mount)
    assert_both_fail_leaving_all_as_it_was(mount, out, narrate, "No space left on device")
    (mount / "filler").unlink()  # with room again, the next run succeeds
    assert cli(*narrate).returncode == 0


def test_read_only_output_folder(published):
    mount, out, narrate = published
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    assert_both_fail_leaving_all_as_it_was(mount, out, narrate, "Read-only file system")
