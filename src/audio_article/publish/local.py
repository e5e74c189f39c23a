"""``feed check --files DIR``: the feed's claims compared with the files it points at.

A URL is matched to a file by its path, dropping leading segments until a file under DIR
fits: ``https://host/podcast/ep/ep.mp3`` is DIR/podcast/ep/ep.mp3, else DIR/ep/ep.mp3.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..capped import read_json
from .errors import PublishError
from .feed import q
from .text import seconds


def local_file(url: str, root: Path) -> Path | None:
    try:
        segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    except ValueError:  # "http://[::1": no file of ours
        return None
    if any(s in (".", "..") or "\\" in s for s in segments):
        return None
    for start in range(len(segments)):
        candidate = root.joinpath(*segments[start:])
        if candidate.is_file():
            return candidate
    return None


def check_files(channel, items, root: Path, report, where_of) -> None:
    _check_artwork(channel, root, "channel", report)
    for number, item in enumerate(items, 1):
        where = where_of(number, item)
        duration = _check_audio(item, root, where, report)
        _check_artwork(item, root, where, report)
        _check_chapters(item, root, where, duration, report)
        for transcript in item.findall(q("podcast:transcript")):
            _find(transcript.get("url"), root, where, "§2.3 #24", report)
        _check_alternates(item, root, where, report)


def _find(url: str | None, root: Path, where: str, rule: str, report) -> Path | None:
    if not url:
        return None
    path = local_file(url, root)
    if path is None:
        report.add(rule, where, f"no file under {root} for {url}")
    return path


def _check_audio(item, root: Path, where: str, report) -> float | None:
    enclosure = item.find("enclosure")
    if enclosure is None:
        return None
    path = _find(enclosure.get("url"), root, where, "§2.2 #13", report)
    if path is None:
        return None
    size = path.stat().st_size
    if enclosure.get("length") != str(size):
        report.add("§2.2 #13", where, f"enclosure length {enclosure.get('length')} but "
                   f"{path.name} has {size} bytes")
    length = _audio_length(path)
    if length is None:
        report.add("§2.2 #18", where, f"{path.name} is not audio mutagen can read")
        return None
    _compare_duration(item, length, where, report)
    return length


def _check_alternates(item, root: Path, where: str, report) -> None:
    """Each alternate enclosure's files: there, as long as it says, audio (§2.3 #30)."""
    for alternate in item.findall(q("podcast:alternateEnclosure")):
        for source in alternate.findall(q("podcast:source")):
            path = _find(source.get("uri"), root, where, "§2.3 #30", report)
            if path is None:
                continue
            if alternate.get("length") not in (None, str(path.stat().st_size)):
                report.add("§2.3 #30", where, f"podcast:alternateEnclosure length "
                           f"{alternate.get('length')} but {path.name} has "
                           f"{path.stat().st_size} bytes")
            if _audio_length(path) is None:
                report.add("§2.3 #30", where, f"{path.name} is not audio mutagen can read")


def _audio_length(path: Path) -> float | None:
    import mutagen  # the package's own dependency; imported here to keep startup fast

    try:
        audio = mutagen.File(path)
    except mutagen.MutagenError:
        return None
    return audio.info.length if audio is not None else None


def _compare_duration(item, length: float, where: str, report) -> None:
    text = (item.findtext(q("itunes:duration")) or "").strip()
    expected = seconds(round(length * 1000))
    if text.isdigit() and abs(int(text) - expected) > 1:
        report.add("§2.2 #18", where, f"itunes:duration {text} s but the audio lasts "
                   f"{length:.1f} s")


def _check_artwork(element, root: Path, where: str, report) -> None:
    image = element.find(q("itunes:image"))
    if image is None or not image.get("href"):
        return
    path = local_file(image.get("href"), root)
    if path is None:
        return  # artwork hosted elsewhere is not ours to measure
    from .artwork import artwork_problems

    for problem in artwork_problems(path):
        report.add("§2.2 #9", where, problem)


def _check_chapters(item, root: Path, where: str, duration: float | None, report) -> None:
    element = item.find(q("podcast:chapters"))
    if element is None:
        return
    path = _find(element.get("url"), root, where, "§2.3 #23", report)
    if path is None:
        return
    for problem in chapters_problems(path, duration):
        report.add("§2.3 #23", where, f"{path.name}: {problem}")


def chapters_problems(path: Path, duration: float | None = None) -> list[str]:
    """What keeps ``path`` from being Podcasting 2.0 JSON chapters (jsonChapters.md)."""
    try:
        data = read_json(path, "chapters", PublishError)
    except PublishError as exc:
        return [str(exc)]
    if not isinstance(data, dict) or not isinstance(data.get("version"), str):
        return ['no "version" string']
    chapters = data.get("chapters")
    if not isinstance(chapters, list):
        return ['no "chapters" array']
    starts = [c.get("startTime") if isinstance(c, dict) else None for c in chapters]
    if not all(isinstance(s, (int, float)) and not isinstance(s, bool) for s in starts):
        return ["a chapter has no numeric startTime"]
    problems = []
    if starts != sorted(starts):
        problems.append("chapters are not sorted by startTime")
    if duration is not None and starts and max(starts) > duration:
        problems.append(f"a chapter starts at {max(starts)} s, after the audio ends")
    return problems
