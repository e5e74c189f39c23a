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
import ctypes
import ctypes.util
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
                     is_alive, is_report, remove_tree)

if TYPE_CHECKING:
    from .manifest import FileEntry



@contextlib.contextmanager
def staging_folder(out_dir: Path, slug: str, names: Iterable[str] = ()):
    """Yield an empty folder on the same file system as ``out_dir/slug``; removed on exit.
    PackageError, and no staging folder made, when ``out_dir/slug`` may not become the
    episode folder of files called ``names`` (check_episode_folder)."""
    check_episode_folder(out_dir / slug, names)
    staging = held = None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_orphans(out_dir, slug)
        staging = Path(tempfile.mkdtemp(prefix=f".{slug}.partial-{os.getpid()}-",
                                        dir=out_dir))
        held = _hold(staging)  # at once: a run in another PID namespace judges it by this
        staging.chmod(0o777 & ~_umask())  # it may become the episode folder itself
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
        if not _renamed_into_place(staging, final_dir):
            _replace(staging, final_dir, names, _left_over(final_dir, names, ours))
        _fsync_dir(final_dir)
    except OSError as exc:
        raise PackageError(f"cannot move the episode into {final_dir}: {exc}") from exc
    return [final_dir / name for name in names]


def _replace(staging: Path, final_dir: Path, names: list[str], left_over: list[str]) -> None:
    """The old episode folder swapped for ``staging`` in one step, what the user keeps
    linked in first and what they saved meanwhile brought over after; where the swap
    cannot be had, file by file."""
    skip = names + left_over
    if _keep_others(final_dir, staging, skip) and _exchange(staging, final_dir):
        with contextlib.suppress(RecursionError):  # as deep as _keep_others went, about
            _bring_over(staging, final_dir, set(skip))
    else:
        _move_one_by_one(staging, final_dir, names, left_over)


def _bring_over(old: Path, new: Path, skip: set[str] = frozenset()) -> None:
    """What appeared in ``old`` after it was linked into ``new`` (a file saved, made or
    replaced while the episode was narrated again), moved into ``new``: the swap's
    window was about a second for a big folder, now that of this one pass. Names in
    ``skip`` (the episode's own) stay behind; a folder in both is gone through."""
    for path in old.iterdir():
        target = new / path.name
        if path.name in skip:
            continue
        with contextlib.suppress(OSError):
            if not os.path.lexists(target):
                os.rename(path, target)
            elif path.is_dir() and not path.is_symlink() and target.is_dir() \
                    and not target.is_symlink():
                _bring_over(path, target)
            elif not os.path.samestat(os.lstat(path), os.lstat(target)):
                os.replace(path, target)


def _move_one_by_one(staging: Path, final_dir: Path, names: list[str],
                     left_over: list[str]) -> None:
    """Where no atomic swap is to be had: one file at a time, the manifest last (it says
    the episode is complete), then the old episode's files the new one left out."""
    for name in names:
        os.replace(staging / name, final_dir / name)
    for name in left_over:
        (final_dir / name).unlink(missing_ok=True)


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


def _keep_others(final_dir: Path, staging: Path, names: list[str]) -> bool:
    """Link into ``staging`` everything the old folder holds but ``names`` (the new
    episode's files and the old one's left over): a user's notes, photos in a
    subfolder, a link, a page another command wrote; so the swap loses nothing of
    theirs. False if that fails."""
    try:
        for path in final_dir.iterdir():
            if path.name not in names:
                _linked_copy(path, staging / path.name)
        _same_access(final_dir, staging)
    except (OSError, RecursionError):
        return False
    return True


def _same_access(source: Path, target: Path) -> None:
    """``target`` folder with ``source``'s mode (setgid and sticky bits too), owner and
    group where this process may set them, and times: a private folder stays private."""
    facts = os.lstat(source)
    with contextlib.suppress(PermissionError):
        os.chown(target, facts.st_uid, facts.st_gid)
    os.chmod(target, stat.S_IMODE(facts.st_mode))
    os.utime(target, ns=(facts.st_atime_ns, facts.st_mtime_ns))


def _linked_copy(path: Path, target: Path) -> None:
    """``path`` again at ``target`` with no data copied: a file hard-linked, a symbolic
    link made again (never followed), a folder made and filled the same way."""
    if path.is_symlink():
        os.symlink(os.readlink(path), target)
    elif path.is_dir():
        target.mkdir()
        for child in path.iterdir():
            _linked_copy(child, target / child.name)
        _same_access(path, target)
    else:
        os.link(path, target)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux 3.15+, glibc 2.28+); False where unsupported."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system
        return False
    raise OSError(error, os.strerror(error), str(second))


def _libc():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name, use_errno=True) if name else None
    except OSError:
        return None


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
