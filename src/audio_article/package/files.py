"""Atomic writes: a staging folder beside the destination, then renames.

A crash or an error never leaves a half-written MP3 where a listener or a feed reader
would find it, and never touches what the user already had until the new files are
complete. episode.json moves last: its presence says the episode is complete.

Replacing an episode swaps the whole folder in one atomic rename (Linux renameat2 with
RENAME_EXCHANGE), so a SIGKILL can never leave a folder half old and half new; where that
call is missing, the files move one by one (the manifest last). A staging folder's name
carries its writer's process id and its writer holds its flock (package/folder.py), so
the next run removes those whose writer died (a SIGKILL skips every cleanup).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..errors import PackageError
from .folder import (ABOUT_THE_AUDIO, MANIFEST, _hold, _in_use, check_episode_folder,
                     is_alive, is_report, read_only, remove_tree)
from .swap import same_access, swap_in

if TYPE_CHECKING:
    from .manifest import FileEntry



@contextlib.contextmanager
def staging_folder(out_dir: Path, slug: str, names: Iterable[str] = ()):
    """Yield an empty folder on the same file system as ``out_dir/slug``; removed on exit.
    PackageError, and no staging folder made, when ``out_dir/slug`` may not become the
    episode folder of files called ``names`` (check_episode_folder)."""
    check_episode_folder(out_dir / slug, names)
    if out_dir.is_dir() and read_only(out_dir):
        raise PackageError(f"cannot write to {out_dir}: it is read-only (nothing was "
                           "changed)")
    staging = held = None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_orphans(out_dir, slug)
        staging = Path(tempfile.mkdtemp(prefix=f".{slug}.partial-{os.getpid()}-",
                                        dir=out_dir))
        held = _hold(staging)  # at once: a run in another PID namespace judges it by this
        _like_the_episode_folder(staging, out_dir / slug)
    except OSError as exc:
        if held is not None:
            os.close(held)
        if staging is not None:
            remove_tree(staging)
        raise PackageError(f"cannot write to {out_dir}: {exc.strerror or exc}") from exc
    try:
        yield staging
    finally:
        remove_tree(staging)
        if held is not None:
            os.close(held)


def _like_the_episode_folder(staging: Path, final_dir: Path) -> None:
    """``staging`` as the episode folder it becomes: where one exists already, with its
    mode, owner and group (so what is written inside takes the group a setgid folder
    gives); else with the mode the umask gives and the setgid bit it inherited."""
    if final_dir.is_dir() and not final_dir.is_symlink():
        same_access(final_dir, staging, writable=True)
    else:
        inherited = staging.stat().st_mode & stat.S_ISGID
        staging.chmod((0o777 & ~_umask()) | inherited)


def write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _remove_orphans(out_dir: Path, slug: str) -> None:
    """Staging folders for ``slug`` whose writer is gone (killed before its cleanup)."""
    pattern = re.compile(rf"\.{re.escape(slug)}\.partial-(\d+)-\w+")
    for path in out_dir.glob(f".{slug}.partial-*"):
        match = pattern.fullmatch(path.name)
        if match and not is_alive(int(match.group(1))) and not _in_use(path):
            remove_tree(path)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def promote(staging: Path, final_dir: Path, ours: Iterable[str] = ()) -> list[Path]:
    """Make the staged files ``final_dir``'s: the staging folder becomes the episode
    folder (renamed, or swapped with the old one, which then lies at ``staging`` for
    the caller to remove). Files the old folder held beside the episode's are kept,
    but not the old episode's own that the new one does not write again (an M4A
    narrated before, when this narration asked for MP3 alone): ``ours`` names the files
    an episode may write, and only those are ever removed."""
    names = sorted(p.name for p in staging.iterdir() if p.is_file())
    names.sort(key=lambda name: name == MANIFEST)
    check_episode_folder(final_dir, names)  # again: it may have changed while we narrated
    try:
        _keep_modes(staging, final_dir, names)
        if not _renamed_into_place(staging, final_dir):
            swap_in(staging, final_dir, names, _left_over(final_dir, names, ours))
        _fsync_dir(final_dir)
    except OSError as exc:
        raise PackageError(f"cannot move the episode into {final_dir}: {exc}") from exc
    return [final_dir / name for name in names]


def _keep_modes(staging: Path, final_dir: Path, names: list[str]) -> None:
    """Each new file with the permissions the user gave the old one of its name (a
    transcript kept from others, 0640); its owner can always read it (the pages read
    the episode back). Its group is the folder's, as any new file's (a setgid folder's)."""
    for name in names:
        try:
            old = os.lstat(final_dir / name)
        except OSError:
            continue
        if stat.S_ISREG(old.st_mode):
            os.chmod(staging / name, stat.S_IMODE(old.st_mode) & 0o777 | stat.S_IRUSR)


def _left_over(final_dir: Path, names: list[str], ours: Iterable[str]) -> list[str]:
    """What of the episode now in ``final_dir`` goes with it: its files the new one does
    not write, and what another command wrote about its audio (qa.json), now wrong."""
    about = [name for name, kind in ABOUT_THE_AUDIO.items() if name not in names
             and is_report(final_dir / name, kind)]
    return _own_left_over(final_dir, names, ours) + about


def _own_left_over(final_dir: Path, names: list[str], ours: Iterable[str]) -> list[str]:
    """The files of the episode now in ``final_dir`` that the new one does not write:
    its episode.json lists them, their names are ones an episode writes (``ours``), and
    each is still as that episode wrote it. A file a user has since changed, or one an
    edited manifest claims (``notes.txt``), is theirs and stays."""
    from .manifest import read_manifest

    try:
        listed = read_manifest(final_dir, PackageError).files
    except PackageError:
        return []  # no readable record of what was the old episode's: keep everything
    ours = set(ours)
    return [entry.path for _, entry in listed if entry.path in ours
            and entry.path not in names and _unchanged(final_dir / entry.path, entry)]


def _unchanged(path: Path, entry: FileEntry) -> bool:
    """Whether ``path`` is a plain file with the size and SHA-256 its manifest lists."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != entry.bytes:
            return False
        return file_facts(path)["sha256"] == entry.sha256
    except OSError:
        return False


def _renamed_into_place(staging: Path, final_dir: Path) -> bool:
    """Rename ``staging`` to ``final_dir`` if there is none; False if there is one (it
    may have appeared since we looked: another run narrating the same title)."""
    if final_dir.exists():
        return False
    try:
        os.rename(staging, final_dir)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            return False
        raise
    return True


def file_facts(path: Path) -> dict:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"path": path.name, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _fsync_dir(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
