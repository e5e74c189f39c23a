"""Issue 23, a third outside tester's findings: ``qa`` on an episode folder someone else
wrote. Its audio is read only as episode.json lists it (a regular file of that size and
SHA-256: never /dev/zero through a link, a FIFO, or 500 MB appended), and its transcript's
cues only when they can be this audio's (in order, inside it, at most four a second):
each is one ``Error:`` line within the time and memory bounds, before any recognising."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from attack_support import (assert_one_error, audio_a_fifo, audio_other_bytes,
                            audio_to_dev_zero, copy_episode, episode_audio, narrate, run_cli)


@pytest.fixture(scope="module")
def episode(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("qa-attack")
    (root / "story.txt").write_text("Title: Test story\n\nThe council met on Monday. "
                                    "It voted to reopen the bridge.\n", encoding="utf-8")
    return narrate(root / "story.txt", root / "out", "--voice", "espeak")


def _appended(folder: Path) -> None:
    mp3 = episode_audio(folder)
    frames = mp3.read_bytes()
    with mp3.open("ab") as out:
        for _ in range(20):
            out.write(frames)


def _cues(times: list[tuple[str, str]]):
    def write(folder: Path) -> None:
        blocks = [f"{a} --> {b}\nword {n}" for n, (a, b) in enumerate(times)]
        (folder / "transcript.vtt").write_text("WEBVTT\n\n" + "\n\n".join(blocks) + "\n",
                                               encoding="utf-8")
    return write


def _stamp(ms: int) -> str:
    return f"{ms // 3_600_000:02}:{ms // 60_000 % 60:02}:{ms // 1000 % 60:02}.{ms % 1000:03}"


MANY = [(_stamp(10 * n), _stamp(10 * n + 5)) for n in range(2000)]
ATTACKS = {
    "audio-links-to-dev-zero": (audio_to_dev_zero, "not a regular file"),
    "audio-is-a-fifo": (audio_a_fifo, "not a regular file"),
    "audio-with-its-frames-appended": (_appended, "changed after narration"),
    "audio-replaced-by-noise": (audio_other_bytes, "changed after narration"),
    "2000-cues-10-ms-apart": (_cues(MANY), "not this episode's transcript"),
    "a-cue-99999999-hours-in": (_cues([("99999999:00:00.000", "99999999:00:01.000")]),
                                "outside the"),
    "a-backwards-cue": (_cues([("00:00:05.000", "00:00:01.000")]), "out of order"),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_qa_refuses_what_is_not_the_episode(episode, tmp_path, name):
    tamper, message = ATTACKS[name]
    folder = copy_episode(episode, tmp_path / "out")
    tamper(folder)
    run = run_cli(["qa", str(folder)], cwd=tmp_path)
    assert_one_error(run, contains=message)
    assert run.seconds < 30, run.seconds


def test_audio_swapped_after_the_check_is_refused_not_heard(episode, tmp_path):
    """An outside tester's finding (2026-12-07): qa checked one opening of the audio and
    decoded another, so a file swapped in between (a same-size MP3 of another episode)
    was heard and scored. The bytes decoded are now the bytes checked."""
    from audio_article.errors import QaError
    from audio_article.qa import check_episode, read_episode

    folder = copy_episode(episode, tmp_path / "out")
    checked = read_episode(folder)
    audio_other_bytes(folder)  # the swap, after read_episode's check
    with pytest.raises(QaError, match="changed after narration"):
        check_episode(checked, recogniser=object())  # refused before any recogniser runs
