"""Time formats shared by transcripts, show notes and the CLI."""

from __future__ import annotations


def hms_millis(ms: int) -> str:
    """``01:02:03.004``: WebVTT cue times and Podlove's Normal Play Time."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def clock(ms: int) -> str:
    """``1:02`` or ``1:02:03``: times as a reader sees them (chapter lists, summaries)."""
    hours, rest = divmod(ms // 1000, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
