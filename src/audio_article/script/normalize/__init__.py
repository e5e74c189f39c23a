"""Text normalization for speech: the transcript keeps the original text, the engine gets
this spoken form, with numbers, dates, money, units and abbreviations written out.

Both engines get the same words: hibari reads many numbers itself, but not reliably
("$1.2 billion" "dollar one point two billion" on eSpeak, "World War II" "World War
two" only sometimes), so nothing numeric is left to an engine's guess.

``normalize`` runs the rules in ``RULES``, each a small pure function over one sentence,
kept in one module per family (the modules of this package). The order matters and is
the documentation: whole tokens that contain dots and digits (URLs, dates, times, money)
are read before the rules that would take them apart (abbreviations, plain numbers).
Spans the pronunciation lexicon replaced are shielded from every later rule.
Table-tested by tests/test_normalize.py against the golden tables
tests/data/normalize_golden.tsv and tests/data/normalize/<module>.tsv.
"""

from __future__ import annotations

import re
import warnings
from typing import Iterable

from ...errors import AudioArticleWarning
from .. import numbers as N
from ..lexicon import Lexicon
from . import (abbreviations, acronyms, cleanup, dates, dialling, golf, grammar, hotlines, identifiers, models,
               money, names, numerals, pence, places, racing, rates, scales, scores, symbols, temperatures, times, units, web, years)
from .common import AMERICAN_NUMBERS, Rule, in_region
from .names import roman_value

__all__ = ["RULES", "RuleFailed", "VERSION", "british_numbers", "normalize", "roman_value"]

# Named in each episode's provenance (package/manifest.py): raise it when a reading
# changes. Clips need no such key: they are keyed by the spoken text itself (speech/ids.py).
VERSION = "56"
_SHIELD_BASE = 0xE000  # private-use characters stand in for shielded spans
_SHIELDED = re.compile("[\uE000-\uF8FF]")

# The one order of the rules, stated once. Before the lexicon: what its entries must not
# match inside (a name in a URL). Then the rules, each run where its trigger is found.
BEFORE_LEXICON: tuple[Rule, ...] = (cleanup.clean, web.urls_and_emails, web.hashtags)
RULES: tuple[Rule, ...] = (
    cleanup.ellipses, symbols.powers_and_stars, symbols.comparisons, models.grade_sets, abbreviations.abbreviations_anywhere,
    places.counties, abbreviations.party_tallies, abbreviations.versus, times.hour_ranges,
    dialling.phone_numbers, hotlines.dial_numbers, abbreviations.number_signs, identifiers.identifiers, identifiers.addresses,
    identifiers.motorway_junctions, identifiers.runways, places.states, places.streets,
    places.blocks, places.bearings, abbreviations.unit_stops,
    numerals.written_forms, scores.footy_scores, years.eras, years.fiscal_years, dates.iso_dates, dates.slash_dates,
    dates.dotted_dates, dates.month_day, dates.month_ranges, dates.weekdays, dates.month_year, times.durations,
    times.times, racing.race_distances, scores.match_minutes, golf.to_par, numerals.spaced_thousands,
    pence.before_amounts, money.money, pence.minor_units, scales.scales, temperatures.temperatures,
    units.coordinates, units.seconds, units.pressures_and_heights,
    units.percent, rates.per, numerals.vulgar_fractions, units.units,
    numerals.multipliers, years.year_ranges, numerals.age_groups, years.decades, numerals.number_names,
    numerals.ordinals,
    models.models,
    scores.scores, racing.odds, numerals.ranges, years.years, numerals.fractions, numerals.numbers,
    names.titles, names.generations, abbreviations.trailing_abbreviations, names.roman_numerals, acronyms.acronyms,
    symbols.dashes, symbols.brackets, symbols.symbols, grammar.articles,
)


def normalize(text: str, lexicon: Lexicon | None = None, engine: str | None = None,
              language: str | None = None) -> str:
    """The spoken form of one sentence. ``lexicon`` entries apply first (for ``engine``,
    which picks phoneme markup where an engine takes it) and are left as they are.
    ``language`` (the article's BCP 47 tag) picks how numbers are said: with "and" for
    English of a region outside North America ("en-GB", "en-IN"), without otherwise;
    None keeps the caller's choice (``numbers.british()``; American by default)."""
    if language is None:
        return _normalize(text, lexicon, engine)
    with N.british(british_numbers(language)), in_region(region_of(language)):
        return _normalize(text, lexicon, engine)


def british_numbers(language: str | None) -> bool:
    """Whether a newsroom writing ``language`` says "two hundred and five"."""
    region = region_of(language)
    english = (language or "").replace("_", "-").upper().split("-")[0] == "EN"
    return english and bool(region) and region not in AMERICAN_NUMBERS


def region_of(language: str | None) -> str:
    """The region of a BCP 47 tag, upper case ("en-PK" "PK"), or ""."""
    parts = (language or "").replace("_", "-").upper().split("-")
    # The region follows the language and any script ("en-Latn-GB"); a numeric one is an
    # area ("en-150" Europe, "en-001" the world).
    return next((p for p in parts[1:] if len(p) == 2 and p.isalpha() or len(p) == 3 and p.isdigit()), "")


def _normalize(text: str, lexicon: Lexicon | None, engine: str | None) -> str:
    shielded: list[str] = []

    def shield(_written: str, said: str) -> str:
        shielded.append(said)
        return chr(_SHIELD_BASE + len(shielded) - 1)

    text = run(text, tuple((None, rule) for rule in BEFORE_LEXICON))
    if lexicon is not None:
        text = lexicon.replace(text, engine, shield)
    text = run(text, _TRIGGERED)
    text = _SHIELDED.sub(lambda m: shielded[ord(m.group()) - _SHIELD_BASE], text)
    return cleanup.tidy(text)


def triggered(rules: Iterable[Rule]) -> tuple:
    """(trigger's search or None, rule) for each rule, for ``run``."""
    return tuple((getattr(rule, "trigger", None) and rule.trigger.search, rule) for rule in rules)


class RuleFailed(AudioArticleWarning):
    """A rule raised on a sentence. That is a bug, but one rule must not stop an episode:
    the sentence is read without that rule and the run warns (the CLI prints "Warning:
    ..."; the test suite turns this warning into an error)."""


def run(text: str, rules: tuple) -> str:
    for search, rule in rules:
        if search is None or search(text):
            try:
                text = rule(text)
            except Exception as exc:  # noqa: BLE001 - any rule's bug, see RuleFailed
                shown = text if len(text) <= 80 else text[:77] + "..."
                warnings.warn(RuleFailed(
                    f"the normalizer's rule {rule.__module__.rsplit('.', 1)[-1]}.{rule.__name__} failed on "
                    f"\"{shown}\" ({type(exc).__name__}: {exc}); that sentence is read without it. "
                    "Please report this as a bug."), stacklevel=2)
    return text


_TRIGGERED = triggered(RULES)
