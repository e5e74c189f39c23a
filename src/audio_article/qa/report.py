"""The QA table a person reads (stdout) and qa.json a machine reads."""

from __future__ import annotations

import json

from ..timefmt import clock
from .check import QaReport, SentenceResult

TEXT_WIDTH = 60


def format_table(report: QaReport) -> str:
    """Overall and per-chapter WER, then every flagged sentence with what was heard."""
    lines = [f"{report.episode}: WER {report.wer:.1%} (spelling of names too: "
             f"{report.strict_wer:.1%}) over "
             f"{sum(s.reference_words for s in report.sentences)} words, "
             f"{len(report.sentences)} sentences, {len(report.flagged)} flagged "
             f"({report.recogniser}, {report.seconds:.1f} s for {clock(report.duration_ms)})",
             "", f"{'chapter':<40} {'start':>7} {'words':>6} {'WER':>7}"]
    for number, chapter in enumerate(report.chapters, 1):
        inside = [s for s in report.sentences if s.chapter == number]
        lines.append(f"{_cut(chapter.title, 40):<40} {clock(chapter.start_ms):>7} "
                     f"{sum(s.reference_words for s in inside):>6} "
                     f"{report.chapter_wer(number):>7.1%}")
    if report.flagged:
        lines += ["", f"{'#':>3} {'at':>6} {'WER':>6}  flags"]
        for sentence in report.flagged:
            lines += _flagged(sentence)
    suspects = sorted({w for s in report.sentences for w, _ in s.names})
    if suspects:
        lines += ["", "pronunciation suspects (add or fix lexicon entries): " + ", ".join(suspects)]
    return "\n".join(lines) + "\n"


def _flagged(sentence: SentenceResult) -> list[str]:
    lines = [f"{sentence.index:>3} {clock(sentence.start_ms):>6} {sentence.wer:>6.0%}  "
             f"{','.join(sentence.flags)}",
             f"{'':>18}said:  {_cut(sentence.text, TEXT_WIDTH)}",
             f"{'':>18}heard: {_cut(sentence.heard or '(nothing)', TEXT_WIDTH)}"]
    lines += [f"{'':>18}name:  {written} -> {heard}" for written, heard in sentence.names]
    return lines


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def render_json(report: QaReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
