"""Shared by the tests/test_attack_*.py files (issue 23): the real CLI in a child process
with a time bound and its peak memory (``os.wait4``), the one-``Error:``-line check, a
scan of every file a command left for what must not be there, and one narrated episode
per module made with the real default engine."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

BOUND_S = 60  # seconds any one command may take, hostile input or not
MEMORY_MB = 500  # peak resident memory any one command may reach
PROGRESS = {"Synthesizing and encoding"}
ARTICLE = """Title: The bridge reopens
By: Jane Doe and John Roe
Date: 2026-03-02
Site: Example Daily
URL: https://example.org/news/bridge

The council met on Monday and agreed to repair the bridge.

## Traffic

Cars will cross again next week.
"""


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float


# A small launcher between pytest and the command: a child forked from pytest itself
# would inherit pytest's resident pages as its peak memory (Linux keeps the old memory's
# high-water mark across exec), so the command is forked from this tiny process instead,
# which waits for it with wait4 (the command and every process it waited for) and
# reports its exit status and peak resident memory.
LAUNCHER = """
import json, os, signal, sys, time
report, timeout, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
pid = os.fork()
if pid == 0:
    os.execvp(command[0], command)
deadline = time.monotonic() + timeout
while True:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done:
        break
    if time.monotonic() > deadline:
        os.kill(pid, signal.SIGKILL)
        done, status, usage = os.wait4(pid, 0)
        status = None
        break
    time.sleep(0.02)
with open(report, "w") as handle:
    json.dump({"status": status, "maxrss_kb": usage.ru_maxrss}, handle)
"""


def run_cli(args: list[str], timeout: float = BOUND_S, cwd: Path | None = None,
            stdin: bytes | None = None) -> Run:
    """``audio-article ARGS`` in a child process: its exit status, output, peak resident
    memory (wait4's, its own) and wall time; a run past ``timeout`` is a hang."""
    with tempfile.TemporaryDirectory() as tmp:
        report, out, err = (Path(tmp) / name for name in ("report", "out", "err"))
        command = [sys.executable, "-c", LAUNCHER, str(report), str(timeout),
                   sys.executable, "-m", "audio_article", *map(str, args)]
        start = time.monotonic()
        with out.open("wb") as stdout, err.open("wb") as stderr:
            subprocess.run(command, cwd=cwd, stdout=stdout, stderr=stderr, input=stdin,
                           stdin=None if stdin is not None else subprocess.DEVNULL,
                           timeout=timeout + 30, check=True)
        seconds = time.monotonic() - start
        result = json.loads(report.read_text())
        if result["status"] is None:
            pytest.fail(f"hang: audio-article {' '.join(map(str, args))[:200]} ran past "
                        f"{timeout} s")
        return Run(os.waitstatus_to_exitcode(result["status"]),
                   out.read_text(encoding="utf-8", errors="replace"),
                   err.read_text(encoding="utf-8", errors="replace"),
                   result["maxrss_kb"] / 1024, seconds)


def error_lines(run: Run) -> list[str]:
    return [line for line in run.stderr.strip().splitlines() if line not in PROGRESS]


def assert_one_error(run: Run, *, contains: str = "", statuses=(1, 2)) -> str:
    """Exit 1 or 2, no traceback, one ``Error: ...`` line on stderr (after at most the
    progress bar's label), within the memory bound; returns the line."""
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode in statuses, (run.returncode, run.stderr[-3000:])
    lines = error_lines(run)
    assert len(lines) == 1 and lines[0].startswith("Error: "), run.stderr[-3000:]
    assert len(lines[0]) < 600, lines[0]
    assert contains in lines[0], lines[0]
    assert run.peak_mb < MEMORY_MB, run.peak_mb
    return lines[0]


def assert_ok(run: Run) -> None:
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.peak_mb < MEMORY_MB, run.peak_mb


def files_under(folder: Path) -> list[Path]:
    """Every file below ``folder``, hidden ones too, symbolic links not followed."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def text_forms(needle: str, binary: bool = False) -> list[bytes]:
    """``needle`` as a text file may hold it: UTF-8, and for one character its JSON
    escape and HTML/XML character references (which a reader turns back into it); in a
    binary file also UTF-16 either way (ID3v2.3 text frames)."""
    forms = [needle.encode("utf-8")]
    if binary:
        forms += [needle.encode("utf-16-le"), needle.encode("utf-16-be")]
    elif len(needle) == 1:
        code = ord(needle)
        forms += [f"{form}".encode() for form in (
            f"\\u{code:04x}", f"\\u{code:04X}", f"&#{code};", f"&#x{code:x};", f"&#x{code:X};")]
    return forms


def id3_texts(path: Path) -> str:
    """Every text of the MP3's ID3 tag (CHAP sub-frames too), joined."""
    from mutagen.id3 import ID3

    tag = ID3(path)
    frames = list(tag.values())
    for chap in tag.getall("CHAP") + tag.getall("CTOC"):
        frames += list(chap.sub_frames.values())
    texts = []
    for frame in frames:
        for attr in ("text", "url", "desc"):
            value = getattr(frame, attr, None)
            texts += value if isinstance(value, list) else [value] if value else []
    return "\n".join(map(str, texts))


BINARY = (".mp3", ".png", ".jpg", ".m4a", ".opus")


def _found(path: Path, needle: str) -> bool:
    """A short needle (one character) in a binary file would match its pixels or audio
    frames by chance: there only the ID3 tag's decoded text is searched."""
    data, binary = path.read_bytes(), path.suffix in BINARY
    if binary and len(needle) < 6:
        return path.suffix == ".mp3" and needle in id3_texts(path)
    return any(form in data for form in text_forms(needle, binary))


def scan(folder: Path, needles: list[str], skip: tuple[str, ...] = ()) -> list[str]:
    """``file: needle`` for each needle found in any file under ``folder`` (but ``skip``
    names), in any of its text forms."""
    return [f"{path.relative_to(folder)}: {needle!r}" for path in files_under(folder)
            if path.name not in skip for needle in needles if _found(path, needle)]


def narrate(source: Path, out: Path, *extra: str) -> Path:
    """The episode folder ``narrate SOURCE -o OUT`` makes with the default voice."""
    run = run_cli(["narrate", str(source), "-o", str(out), *extra], timeout=300)
    assert_ok(run)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    return folder


def narrated_episode(tmp_path_factory, text: str = ARTICLE, name: str = "article.txt") -> Path:
    """One real episode (default engine) for a module's tests to copy."""
    root = tmp_path_factory.mktemp("narrated")
    source = root / name
    source.write_text(text, encoding="utf-8")
    return narrate(source, root / "out")


def copy_episode(folder: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    copy = out / folder.name
    shutil.copytree(folder, copy)
    return copy


def edit_manifest(folder: Path, change) -> dict:
    """Rewrite ``folder``'s episode.json with ``change(manifest)`` applied (a function
    that edits the dict in place, or returns the raw text to write instead)."""
    path = folder / "episode.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    raw = change(manifest)
    path.write_text(raw if isinstance(raw, str) else json.dumps(manifest, ensure_ascii=False),
                    encoding="utf-8")
    return manifest


def refresh_facts(folder: Path, manifest: dict) -> None:
    """After a test rewrote a sidecar: the sizes and hashes episode.json lists, again."""
    for facts in manifest["files"].values():
        data = (folder / facts["path"]).read_bytes()
        facts["bytes"], facts["sha256"] = len(data), hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------- an episode's audio, tampered
def episode_audio(folder: Path) -> Path:
    return next(folder.glob("*.mp3"))


def audio_to_dev_zero(folder: Path) -> None:
    """The audio replaced by a link to /dev/zero (endless)."""
    audio = episode_audio(folder)
    audio.unlink()
    audio.symlink_to("/dev/zero")


def audio_a_fifo(folder: Path) -> None:
    """The audio replaced by a FIFO nobody writes to (a read would wait forever)."""
    audio = episode_audio(folder)
    audio.unlink()
    os.mkfifo(audio)


def audio_other_bytes(folder: Path) -> None:
    """The audio replaced by as many other bytes (size right, SHA-256 wrong)."""
    audio = episode_audio(folder)
    audio.write_bytes(os.urandom(audio.stat().st_size))
