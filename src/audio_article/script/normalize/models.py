"""Designations with numbers: weapons, aircraft, products ("Su-34", "F-16s", "Boeing 737"),
ranges of grades ("A1-C6") and A-level grade sets ("A*A*A")."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import COUNT_NOUNS, YEAR, letters, plural, region, when


def _designation(code: str) -> str:
    if code in T.MODEL_PREFIXES:
        return T.MODEL_PREFIXES[code]
    if code in T.WORD_ACRONYMS:  # "COP28" "Cop twenty-eight", "IRIS-T" "Iris T"
        return T.WORD_ACRONYMS[code]
    if code.isupper() and len(code) > 1:
        return letters(code)
    return code


def _suffix(suffix: str) -> str:
    """"M3" "M three", "A" "A"; letters alone, digits as a number."""
    parts = re.findall(r"[A-Za-z]+|\d+", suffix)
    return " ".join(N.model_number(p) if p.isdigit() else _designation(p) for p in parts)


@when(r"\d|[a-z]-[A-Z]|[A-Z]{3}-[A-Z]\b")
def models(text: str) -> str:
    """Weapon, aircraft and product names: "Su-34" "S.U. thirty-four", "F-16" "F sixteen",
    "Tu-22M3" "T.U. twenty-two M three", "Shahed-136" "Shahed one thirty-six",
    "Iskander-K" "Iskander K", "G7" "G seven", "5G" "five G"."""
    def coded(m: re.Match) -> str:
        tail = f" {_suffix(m['suffix'])}" if m["suffix"] else ""
        variant = f" {_VARIANTS.get(m['variant'], m['variant'])}" if m["variant"] else ""
        said = f"{_designation(m['prefix'])} {N.model_number(m['num'])}{tail}"
        return (plural(said) if m["plural"] else said) + variant

    text = _GRADE_RANGE.sub(_grade_range, text)
    text = _DESIGNATED.sub(_designated, text)  # "Boeing 737"
    text = _PRODUCT_LINE.sub(_product, text)  # "RTX 4090"
    text = _SERIES.sub(_series, text)
    text = re.sub(rf"(?<![\w.,-]){T.JETLINER}", lambda m: N.model_number(m.group()), text)
    # "A321neo", "GPT-4o": a variant in lower case after the number.
    text = re.sub(r"(?<![\w.-])(?P<prefix>MiG|[A-Z][A-Za-z]?|[A-Z]{2,4})-?(?P<num>\d{1,4})"
                  r"(?P<suffix>[A-Z]{1,3}\d{0,2})?(?P<plural>s)?(?P<variant>neo|ceo|o)?(?![\w-]|[.,]\d)",
                  coded, text)
    text = re.sub(r"(?<![\w.-])(?P<word>[A-Z][a-z]{2,}|COVID)-(?P<num>\d{1,4})(?P<suffix>[A-Z]{1,2}\d{0,2})?"
                  r"(?P<plural>s)?(?![\w-]|[.,]\d)", _named_model, text)
    # "Iskander-M", "Buk-M1", "IRIS-T": a name and a letter code.
    text = re.sub(r"(?<![\w.-])(?P<word>[A-Z][a-z]{2,}|[A-Z]{3,6}(?=-[A-Z](?![\w-])))-(?P<letter>[A-Z]{1,2})"
                  r"(?P<num>\d{1,3})?(?![\w-]|\.[A-Z])",
                  lambda m: f"{_designation(m['word'])} {_designation(m['letter'])}"
                            + (f" {N.model_number(m['num'])}" if m["num"] else ""), text)
    return re.sub(r"(?<![\w.,-])(?P<num>\d)(?P<letter>[A-Z])(?P<more>\d{1,3})?(?P<plural>s)?(?![\w-])",
                  _numbered_model, text)


# A range of grades or levels, a letter and a digit at each end: "A1-C6" (WASSCE), "B2-C1"
# (a language level), "A*-C" (GCSE, its "A*" already "A star"): "A one to C six", "A star to C".
_GRADE_RANGE = re.compile(r"(?<![\w*-])(?P<a>[A-H](?:[1-9]| star))[-–](?P<b>[A-H][1-9]?)(?![\w*-])")


def _grade_range(m: re.Match) -> str:
    if m["a"][1].isdigit() and len(m["b"]) == 1:
        return m.group()  # "B2-C": not a pair of grades
    return f"{_grade(m['a'])} to {_grade(m['b'])}"


# A-level results as a set of grades with a star: "A*A*A" "A. star, A. star, A.", each grade
# a letter said as a letter ("A" alone would be read as the article).
_GRADE_SET = re.compile(r"(?<![\w*])(?=[A-E*]*\*)(?:[A-E]\*?){2,4}(?![\w*])")


# Hong Kong's DSE grades: "Level 5**" "Level five star star", "5*" (set 51).
_DSE_LEVEL = re.compile(r"(?<![\w*])(?:(?<=Level )5\*{1,2}|5\*\*)(?![\w*])")


@when(r"[A-E5]\*")
def grade_sets(text: str) -> str:
    """"A*A*A" "A. star, A. star, A.", "A*AB" "A. star, A., B."; "Level 5**" "Level five star star"."""
    text = _DSE_LEVEL.sub(lambda m: "five" + " star" * m.group().count("*"), text)
    return _GRADE_SET.sub(lambda m: ", ".join(
        f"{g[0]}.{' star' if g.endswith('*') else ''}" for g in re.findall(r"[A-E]\*?", m.group())), text)


def _grade(grade: str) -> str:
    """"C6" "C six", "C" "C"."""
    return f"{grade[0]} {N.cardinal(int(grade[1:]))}" if grade[1:].isdigit() else grade


# An aircraft's series after its model: "A350-900" "A three fifty nine hundred", "A321-200",
# "A350-1000" (set 45), "An-124-100", "777-300ER" "seven seventy-seven three hundred E.R.";
# a Boeing's one-figure series before what it is, "its 787-9 Dreamliners" (set 77).
_SERIES = re.compile(r"(?<![\w.-])(?:(?P<prefix>[A-Z][a-z]?)-?(?P<num>\d{3})|(?P<jet>7[0-8]7))"
                     r"-(?P<series>[1-9]00{1,2}|(?<=7-)[1-9](?=\s(?:Dreamliner|jet|aircraft|plane|freighter)s?\b))"
                     r"(?P<tail>[A-Z]{1,3})?(?![\w-])")


def _series(m: re.Match) -> str:
    model = N.model_number(m["jet"]) if m["jet"] else f"{_designation(m['prefix'])} {N.model_number(m['num'])}"
    return f"{model} {N.cardinal(int(m['series']))}" + (f" {_suffix(m['tail'])}" if m["tail"] else "")


_DESIGNATED = re.compile(rf"(?<![\w.-])(?P<word>{'|'.join(map(re.escape, T.DESIGNATED_BY))})\s?"
                         r"(?P<num>\d{3,4})(?![\d,.]\d|\w)")
# A product line in capitals and a four-digit number that is not a year: "RTX 4090" "R.T.X.
# forty ninety", "ISO 9001" "I.S.O. ninety oh one"; not "NHS 2024" nor "IDF 3500 troops".
_PRODUCT_LINE = re.compile(r"(?<![\w.-])(?!AD )(?P<line>[A-Z]{2,4}) (?P<num>[1-9]\d{3})(?![\d,.]\d|\w)"
                           r"(?P<next> [a-z]+)?")
_VARIANTS = {"o": "oh"}  # "GPT-4o" "G.P.T. four oh"


def _product(m: re.Match) -> str:
    n = int(m["num"])
    if re.fullmatch(YEAR, m["num"]) or n % 1000 == 0 or (m["next"] or " ")[1:] in COUNT_NOUNS:
        return m.group()
    return f"{m['line']} {N.year(n)}{m['next'] or ''}"


def _designated(m: re.Match) -> str:
    """"Boeing 737" "Boeing seven thirty-seven"; Indian copy says a law's section as a number:
    "Section 318 of the BNS" "Section three hundred and eighteen" (sets 47, 38)."""
    legal = m["word"] in ("Section", "section", "Article", "§") and region() == "IN"
    return f"{m['word']} {N.number(m['num']) if legal else N.model_number(m['num'])}"


def _named_model(m: re.Match) -> str:
    """"Shahed-136s" "Shahed one thirty-sixes", "Covid-19" "Covid nineteen"."""
    said = f"{_designation(m['word'])} {N.model_number(m['num'])}"
    said += f" {_suffix(m['suffix'])}" if m["suffix"] else ""
    return plural(said) if m["plural"] else said


def _numbered_model(m: re.Match) -> str:
    """"5G" "five G", "2S19" "two S nineteen", "Leopard 2A4s" "Leopard two A fours"."""
    said = f"{N.cardinal(int(m['num']))} {m['letter']}"
    said += f" {N.model_number(m['more'])}" if m["more"] else ""
    return plural(said) if m["plural"] else said
