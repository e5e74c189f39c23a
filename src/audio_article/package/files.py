"""Atomic writes: a staging folder beside the destination, then renames.

A crash or an error never leaves a half-written MP3 where a listener or a feed reader
would find it, and never touches what the user already had until the new files are
complete. episode.json moves last: its presence says the episode is complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import PackageError

MANIFEST = "episode.json"


@contextlib.contextmanager
def staging_folder(out_dir: Path, slug: str):
    """Yield an empty folder on the same file system as ``out_dir/slug``; removed on exit."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{slug}.partial-", dir=out_dir))
    except OSError as exc:
        raise PackageError(f"cannot write to {out_dir}: {exc.strerror or exc}") from exc
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def promote(staging: Path, final_dir: Path) -> list[Path]:
    """Move every staged file into ``final_dir`` (each rename is atomic), manifest last."""
    names = sorted(p.name for p in staging.iterdir() if p.is_file())
    names.sort(key=lambda name: name == MANIFEST)
    try:
        final_dir.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(staging / name, final_dir / name)
        _fsync_dir(final_dir)
    except OSError as exc:
        raise PackageError(f"cannot move the episode into {final_dir}: {exc}") from exc
    return [final_dir / name for name in names]


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
