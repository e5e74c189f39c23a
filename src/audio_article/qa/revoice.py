"""``narrate --qa``: check the episode just made, re-voice the sentences the recogniser
could not follow once at a slower rate, and check again before giving up.

Only the flagged sentences change: they get a role of their own ("body-retry") whose
voice settings are their role's with the rate times RETRY_RATE, so their segment ids
(the clip cache keys) change and every other sentence comes back from the cache. A
sentence flagged only for a name is not re-voiced: a slower name is the same wrong name;
the lexicon is the fix, and qa.json lists it.
"""

from __future__ import annotations

import dataclasses

from ..pipeline import NarrateOptions, NarrateResult, Reporter, render
from ..script.edited import with_ids
from . import asr
from .check import QaReport, check_episode
from .episode import read_episode
from .report import render_json

RETRY_RATE = 0.85       # slower: misheard sentences are mostly rushed names and numbers
RETRY_SUFFIX = "-retry"
REVOICE_FLAGS = frozenset({"wer", "short", "silent"})


def narrate_qa(result: NarrateResult, options: NarrateOptions,
               reporter: Reporter) -> tuple[NarrateResult, QaReport]:
    """Check ``result``'s episode; re-voice and re-check once if sentences are flagged.
    qa.json is written beside the episode either way."""
    report = _check(result, reporter)
    flagged = [s.index - 1 for s in report.sentences if REVOICE_FLAGS & set(s.flags)]
    if flagged and result.prepared is not None:
        reporter.note(f"QA: {len(flagged)} sentences flagged (WER {report.wer:.1%}); "
                      f"re-voicing them at {RETRY_RATE:g}x the rate")
        result = render(slower(result.prepared, flagged), options, reporter)
        report = _check(result, reporter)
        still = [s.index for s in report.sentences if REVOICE_FLAGS & set(s.flags)]
        if still:
            reporter.note(f"QA: still flagged after re-voicing: sentences "
                          f"{', '.join(map(str, still))} (see qa.json)")
    return result, report


def _check(result: NarrateResult, reporter: Reporter) -> QaReport:
    folder = result.files[0].parent
    episode = read_episode(folder)
    with reporter.progress(len(episode.cues), "Checking (speech recognition)") as advance:
        report = check_episode(episode, asr.load(), advance)
    from ..publish.store import write_atomic

    write_atomic(folder / "qa.json", render_json(report).encode("utf-8"))
    reporter.note(f"QA: WER {report.wer:.1%}, {len(report.flagged)} sentences flagged")
    return report


def slower(prepared, indices: list[int]):
    """``prepared`` with the segments at ``indices`` voiced RETRY_RATE times slower."""
    script, profile = prepared.script, prepared.profile
    roles = dict(profile.roles)
    segments = list(script.segments)
    for index in indices:
        segment = segments[index]
        base = segment.role.removesuffix(RETRY_SUFFIX)
        settings = profile.for_role(base)
        roles[base + RETRY_SUFFIX] = dataclasses.replace(
            settings, rate=round((settings.rate or 1.0) * RETRY_RATE, 3))
        segments[index] = dataclasses.replace(segment, role=base + RETRY_SUFFIX)
    profile = dataclasses.replace(profile, roles=tuple(roles.items()))
    script = with_ids(dataclasses.replace(script, segments=tuple(segments)), profile)
    return dataclasses.replace(prepared, script=script, profile=profile)
