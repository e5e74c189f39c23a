"""Writing outside the output folder (issue 23): an episode folder that is a symbolic link
(to a folder elsewhere, to a file, to nowhere) is never written through. narrate and
batch refuse it with one clear line, leave no staging folder, and leave the link's
target exactly as it was: no file added, changed or hard-linked into the output."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from attack_support import ARTICLE, assert_ok, assert_one_error, run_cli

SLUG = "the-bridge-reopens"
SECRET = "SECRET-7a3b-elsewhere"


def _tree(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (links not followed): its kind and content hash."""
    found = {}
    for top, dirs, files in os.walk(folder, followlinks=False):
        for name in dirs + files:
            path = Path(top, name)
            if path.is_symlink():
                found[str(path.relative_to(folder))] = "link -> " + os.readlink(path)
            elif path.is_file():
                found[str(path.relative_to(folder))] = hashlib.sha256(
                    path.read_bytes()).hexdigest()
            else:
                found[str(path.relative_to(folder))] = "dir"
    return found


def _elsewhere(tmp_path: Path) -> Path:
    """A folder outside the output with someone's files in it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "notes.txt").write_text(SECRET, encoding="utf-8")
    (folder / "index.html").write_text("<p>someone else's page</p>", encoding="utf-8")
    return folder


def _targets(tmp_path: Path) -> dict[str, Path]:
    other = _elsewhere(tmp_path)
    a_file = tmp_path / "a-file.txt"
    a_file.write_text(SECRET, encoding="utf-8")
    return {"folder": other, "file": a_file, "nowhere": tmp_path / "missing",
            "empty-folder": _empty(tmp_path / "empty")}


def _empty(path: Path) -> Path:
    path.mkdir()
    return path


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    return source


def _assert_untouched(tmp_path: Path, out: Path, before: dict[str, str]) -> None:
    assert _tree(tmp_path) == before  # the link, its target and everything else as they were
    assert not list(out.glob(f".{SLUG}.partial-*"))
    assert not any(SECRET in p.read_text(errors="replace") for p in out.rglob("*")
                   if p.is_file() and not p.is_symlink())


@pytest.mark.parametrize("target", ["folder", "empty-folder", "file", "nowhere"])
def test_narrate_refuses_an_episode_folder_that_is_a_link(target, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    source = _source(tmp_path)
    os.symlink(_targets(tmp_path)[target], out / SLUG)
    before = _tree(tmp_path)
    run = run_cli(["narrate", str(source), "-o", str(out)], cwd=tmp_path)
    assert_one_error(run, contains="symbolic link")
    _assert_untouched(tmp_path, out, before)


def test_a_re_narration_into_a_folder_swapped_for_a_link_is_refused(tmp_path):
    """Narrated once; then the episode folder is replaced by a link: the second run
    neither writes through it nor moves the link aside."""
    out, source = tmp_path / "out", _source(tmp_path)
    assert_ok(run_cli(["narrate", str(source), "-o", str(out)], cwd=tmp_path))
    (out / SLUG).rename(tmp_path / "moved")
    os.symlink(_elsewhere(tmp_path), out / SLUG)
    before = _tree(tmp_path)
    run = run_cli(["narrate", str(source), "-o", str(out)], cwd=tmp_path)
    assert_one_error(run, contains="symbolic link")
    _assert_untouched(tmp_path, out, before)


def test_batch_refuses_an_episode_folder_that_is_a_link(tmp_path):
    out, source = tmp_path / "out", _source(tmp_path)
    out.mkdir()
    os.symlink(_elsewhere(tmp_path), out / SLUG)
    before = _tree(tmp_path)
    run = run_cli(["batch", str(source), "-o", str(out)], cwd=tmp_path)
    assert "Traceback" not in run.stderr and run.returncode == 1, run.stderr
    assert "symbolic link" in run.stdout, run.stdout
    _assert_untouched(tmp_path, out, before)
