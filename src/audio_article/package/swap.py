"""The swap: an old episode folder exchanged for the staged one in one rename (Linux
renameat2 with RENAME_EXCHANGE), with what the user keeps in it linked in first and what
arrived while the swap was made brought over after; where that call is missing, the
staged files move in one by one (the manifest last). package/files.py calls it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import stat
from pathlib import Path, PurePath

from .folder import _hold, remove_tree

# What was linked from the old folder into the new one: (device, inode) of each entry,
# by its path relative to the folder, as it was when it was linked.
Linked = dict


def swap_in(staging: Path, final_dir: Path, names: list[str], left_over: list[str]) -> None:
    """The old episode folder swapped for ``staging`` in one step, what the user keeps
    linked in first, then the old folder (now at ``staging``) emptied into the new one;
    where the swap cannot be had, file by file."""
    skip = names + left_over
    linked = _keep_others(final_dir, staging, skip)
    if linked is not None and _exchange(staging, final_dir):
        held = None
        with contextlib.suppress(OSError):  # the swap is made: nothing may undo it now
            held = _hold(staging)  # the old folder, at the staging name: ours until empty
        try:
            with contextlib.suppress(RecursionError):  # as deep as _keep_others went
                _retire(staging, final_dir, set(skip), linked)
        finally:
            if held is not None:
                os.close(held)
    else:
        _move_one_by_one(staging, final_dir, names, left_over)


def _retire(old: Path, new: Path, skip: set[str], linked: Linked,
            where: PurePath = PurePath()) -> None:
    """Empty the swapped-out ``old`` folder into ``new``, entry by entry. The old
    episode's own files (``skip``) go. An entry still as it was linked goes too: the new
    folder's copy is the user's now, changed, removed or as it was. An entry that
    arrived or changed in the old folder since (a file saved while the swap was made, or
    after it through a shell still in the old folder) is moved into ``new``, unless the
    new folder's copy changed as well: then the new folder's, the latest, is kept. Only
    what lands in a folder after this pass emptied it is lost (the old folder was
    removed whole: a long window for a big folder)."""
    for path in list(old.iterdir()):
        key, target = where / path.name, new / path.name
        with contextlib.suppress(OSError):
            if not where.parts and path.name in skip or _as_linked(path, linked.get(key)):
                remove_tree(path) if _real_folder(path) else path.unlink()
            elif _real_folder(path) and _real_folder(target):
                _retire(path, target, skip, linked, key)
                path.rmdir()
            elif not os.path.lexists(target) or _as_linked(target, linked.get(key)):
                os.replace(path, target)


def _as_linked(path: Path, facts: tuple[int, int] | None) -> bool:
    """Whether ``path`` is the very entry (or a hard link of it) that was linked."""
    if facts is None or _real_folder(path):
        return False
    found = os.lstat(path)
    return (found.st_dev, found.st_ino) == facts


def _real_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _move_one_by_one(staging: Path, final_dir: Path, names: list[str],
                     left_over: list[str]) -> None:
    """Where no atomic swap is to be had: one file at a time, the manifest last (it says
    the episode is complete), then the old episode's files the new one left out."""
    for name in names:
        os.replace(staging / name, final_dir / name)
    for name in left_over:
        (final_dir / name).unlink(missing_ok=True)


def _keep_others(final_dir: Path, staging: Path, names: list[str]) -> Linked | None:
    """Link into ``staging`` everything the old folder holds but ``names`` (the new
    episode's files and the old one's left over): a user's notes, photos in a
    subfolder, a link, a page another command wrote; so the swap loses nothing of
    theirs. What was linked (Linked); None if that fails."""
    linked: Linked = {}
    try:
        for path in final_dir.iterdir():
            if path.name not in names:
                _linked_copy(path, staging / path.name, linked, PurePath(path.name))
        same_access(final_dir, staging)
    except (OSError, RecursionError):
        return None
    return linked


def same_access(source: Path, target: Path, writable: bool = False) -> None:
    """``target`` folder with ``source``'s mode (setgid and sticky bits too), owner and
    group where this process may set them (the group alone where only that), and times:
    a private folder stays private. ``writable``: the owner's bits for this process,
    which will write into it."""
    facts = os.lstat(source)
    try:
        os.chown(target, facts.st_uid, facts.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):  # a group we are in: setgid's purpose
            os.chown(target, -1, facts.st_gid)
    mode = stat.S_IMODE(facts.st_mode)
    os.chmod(target, mode | stat.S_IRWXU if writable else mode)
    os.utime(target, ns=(facts.st_atime_ns, facts.st_mtime_ns))


def _linked_copy(path: Path, target: Path, linked: Linked, where: PurePath) -> None:
    """``path`` again at ``target`` with no data copied: a file hard-linked, a symbolic
    link made again (never followed), a folder made and filled the same way; each entry
    recorded in ``linked`` under ``where``."""
    facts = os.lstat(path)
    linked[where] = (facts.st_dev, facts.st_ino)
    if path.is_symlink():
        os.symlink(os.readlink(path), target)
    elif path.is_dir():
        target.mkdir()
        for child in path.iterdir():
            _linked_copy(child, target / child.name, linked, where / child.name)
        same_access(path, target)
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
