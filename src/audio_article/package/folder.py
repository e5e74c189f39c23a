"""The episode folder's door: what may become one (check_episode_folder), the flock a
staging folder is held by while its writer lives, and removing a tree of ours (read-only
folders too). package/files.py writes through it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path
from typing import Iterable

from ..errors import PackageError

try:
    import fcntl
except ImportError:  # Windows: no flock; a staging folder's process id alone decides
    fcntl = None  # type: ignore[assignment]

MANIFEST = "episode.json"
# What another command writes beside an episode about its audio, by its format (`qa`'s
# report): a new narration makes it wrong, so it never outlives one. A file of that name
# that is not such a report is the user's.
ABOUT_THE_AUDIO = {"qa.json": "audio-article/qa"}


def check_episode_folder(folder: Path, names: Iterable[str] = ()) -> None:
    """PackageError when ``folder`` may not become an episode folder: a symbolic link
    (writing through it would put files wherever it points, and promote would swap the
    link itself into a staging name nobody removes), a file, a folder of someone
    else's (not empty, and no episode.json that says it is audio-article's: its files
    would be overwritten), a read-only one (the swap would replace it regardless), or
    one where a folder has the name of a file the episode writes (``names``: replacing
    it would delete everything in it)."""
    if folder.is_symlink():
        raise PackageError(f"{folder} is a symbolic link, not a folder; an episode is "
                           "written only into a real folder inside the output folder: "
                           "remove the link")
    if folder.exists() and not folder.is_dir():
        raise PackageError(f"{folder} is a file, not an episode folder: move it away")
    if folder.is_dir() and _holds_anything(folder) and not _manifest_is_ours(folder):
        raise PackageError(f"{folder} holds files but no {MANIFEST} of audio-article's: it "
                           "is not an episode folder, and narrating into it would "
                           "overwrite them; move it away or choose another output folder "
                           "(-o)")
    if folder.is_dir() and read_only(folder):
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            raise PackageError(f"cannot write to {folder}: Read-only file system")
        raise PackageError(f"{folder} is read-only: narrating would replace it all the "
                           "same; make it writable or move it away (nothing was changed)")
    for name in names:
        check_file_place(folder / name)


def _holds_anything(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except PermissionError:
        raise PackageError(f"{folder} cannot be read: make it readable or move it away "
                           "(nothing was changed)") from None


def read_only(folder: Path) -> bool:
    """No write permission for its owner (root too, whom access() always lets in), or
    none for this process."""
    mode = os.stat(folder).st_mode
    return not mode & stat.S_IWUSR or not os.access(folder, os.W_OK | os.X_OK)


def check_file_place(path: Path) -> None:
    """PackageError when ``path``, where a file is to be written, is a folder: replacing
    it would delete everything in it (a link is replaced, never its target)."""
    if path.is_dir() and not path.is_symlink():
        raise PackageError(f"{path} is a folder, and a file of that name is to be written "
                           "there: move it away (nothing was changed)")


def _manifest_is_ours(folder: Path) -> bool:
    """Whether ``folder``'s episode.json is a plain file that says it is an
    audio-article episode manifest (a broken one, another tool's, a pipe: no)."""
    from .manifest import FORMAT

    return is_report(folder / MANIFEST, FORMAT)


def _hold(folder: Path) -> int | None:
    """An flock on ``folder`` for as long as its writer lives: the next run sees a
    staging folder in use even where the writer's process id means nothing to it (another
    PID namespace: a container, another host on a shared file system). None where the
    file system has no flock (the process id alone decides then)."""
    if fcntl is None:
        return None
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _in_use(folder: Path) -> bool:
    """Whether a live writer holds ``folder``'s flock (_hold)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
    return False


def remove_tree(path: Path) -> None:
    """``path`` and everything under it, read-only folders of ours too (an old episode
    folder swapped out, a subfolder of photos the user had made read-only): each folder
    is made writable before it is emptied. Never follows a link; what cannot be removed
    stays."""
    if os.path.islink(path):  # never walked: chmod would reach the link's target
        with contextlib.suppress(OSError):
            os.unlink(path)
        return
    for root, folders, _files in os.walk(path):
        for name in [root, *(os.path.join(root, f) for f in folders)]:
            with contextlib.suppress(OSError):
                if not os.path.islink(name):
                    os.chmod(name, stat.S_IMODE(os.lstat(name).st_mode) | stat.S_IRWXU)
    shutil.rmtree(path, ignore_errors=True)


def is_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (a temporary file's writer, say)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as another user's process
    return True


def is_report(path: Path, kind: str) -> bool:
    """Whether ``path`` is a plain JSON file whose "format" is ``kind``."""
    from ..capped import read_json

    if path.is_symlink() or not path.is_file():
        return False
    try:
        data = read_json(path, "report", PackageError, follow=False)
    except PackageError:
        return False
    return isinstance(data, dict) and data.get("format") == kind
