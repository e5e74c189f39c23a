"""Symbols and punctuation said or paused on: "&", "%", "°", slashes, brackets, dashes."""

from __future__ import annotations

import re

from .. import numbers as N
from .common import NUM, when


_COMPARISONS = {"<": "less than", ">": "more than", "≤": "at most", "≥": "at least",
                "±": "plus or minus", "<=": "at most", ">=": "at least", "+/-": "plus or minus"}
_COMPARED = re.compile(r"(?<![<>=\w])(?:<=|>=|\+/-|[<>≤≥±])\s?(?=[\d.$€£¥₴]|[A-Z]{1,3}\$)")


@when(r"[<>≤≥±→]|\+/-")
def comparisons(text: str) -> str:
    """">50%" "more than fifty percent", "±3" "plus or minus three": before a number only;
    "0.3% → 0.0%" "zero point three percent to zero percent", an arrow between figures."""
    text = re.sub(r"(?<=[\d%])\s*→\s*(?=[-+$€£]?\d)", " to ", text)
    return _COMPARED.sub(lambda m: _COMPARISONS[m.group().strip()] + " ", text)


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_POWER = re.compile(rf"(?:(?<![\w.,])(?P<m>{NUM})\s?[x×]\s?)?(?<![\w.,])10(?P<sup>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_STARS = re.compile(r"(?<![★☆])(?P<stars>★+)(?P<half>½)?☆*(?![★☆])")


@when(r"10[⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹]|★")
def powers_and_stars(text: str) -> str:
    """"6 x 10²³" "six times ten to the twenty-three", "10⁻¹⁸" "ten to the minus
    eighteen" (set 29); a critic's "★★★★" "four stars", "★★★½" "three and a half stars"."""
    text = _STARS.sub(lambda m: f"{N.cardinal(len(m['stars']))}{' and a half' if m['half'] else ''} "
                                f"star{'s' if len(m['stars']) > 1 or m['half'] else ''}", text)
    return _POWER.sub(_power, text)


def _power(m: re.Match) -> str:
    exponent = m["sup"].translate(_SUPERSCRIPT)
    sign = "minus " if exponent.startswith("-") else ""
    said = f"ten to the {sign}{N.cardinal(int(exponent.lstrip('+-')))}"
    return f"{N.number(m['m'])} times {said}" if m["m"] else said


@when(r"[&%+=~≈°§@#/]")
def symbols(text: str) -> str:
    text = re.sub(r"\s*&\s*", " and ", text)
    text = re.sub(r"\s*%", " percent", text)
    text = re.sub(r"(?<=\w)\s*\+\s*(?=\w)", " plus ", text)
    text = re.sub(r"\s*=\s*", " equals ", text)
    text = re.sub(r"[~≈]\s*(?=\w)", "about ", text)
    text = re.sub(r"\s*°", " degrees", text)
    text = re.sub(r"§\s*", "section ", text)
    text = re.sub(r"@(?=\w)", "at ", text)
    text = re.sub(r"#(?=[A-Za-z])", "hashtag ", text)
    return _slashes(text)


def _slashes(text: str) -> str:
    # "AFP/Getty Images" is a credit line: two names, read with a pause between them.
    text = re.sub(r"(?<=[\w.])\s?/\s?(?=[A-Z\uE000-\uF8FF])", ", ", text)
    text = re.sub(r"\band/or\b", "and or", text)
    text = re.sub(r"(?<=[a-z])/(?=[a-z])", " or ", text)  # "he/she"
    return re.sub(r"\s*/\s*", " slash ", text)


@when(r"[()]")
def brackets(text: str) -> str:
    """An aside in parentheses is read between commas ([editor's words] lose their
    brackets in cleanup.clean, before any rule reads the words)."""
    text = re.sub(r"(?<=[a-z]{2}[.!?])\s*\(\s*", " ", text)  # "in 1989. (AP)": after a full stop
    text = re.sub(r"\s*\(\s*", ", ", text)
    return re.sub(r"\s*\)\s*", ", ", text)


@when(r"\s[-–—]|—|[*•|†‡]")
def dashes(text: str) -> str:
    # A spaced dash is a pause, which both engines make for a comma but not for every dash.
    text = re.sub(r"(?:\s+[-–—]+)+(?=\s)|\s*—\s*", ", ", text)
    return re.sub(r"[*•|†‡]", " ", text)
