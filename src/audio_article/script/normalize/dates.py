"""Dates: ISO, slashed and dotted dates, month and day, month ranges, weekdays (years are years.py's)."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import american, full_stop, when


# Months abbreviated with or without the period ("Feb. 24", "Feb 24"); bare, only before a day.
_MONTH_NAMES = "|".join(T.MONTHS + [re.escape(a) for a in T.MONTH_ABBREVIATIONS]
                        + [a[:-1] + r"(?=\s\d)" for a in T.MONTH_ABBREVIATIONS])
_MONTH = rf"(?P<month>{_MONTH_NAMES})"
# After a day, British copy writes the bare abbreviation too ("until 14 Feb").
_MONTH_AFTER_DAY = rf"(?P<month>{_MONTH_NAMES}|{'|'.join(a[:-1] for a in T.MONTH_ABBREVIATIONS)})"


def _month(written: str) -> str:
    return T.MONTH_ABBREVIATIONS.get(written, T.MONTH_ABBREVIATIONS.get(written + ".", written))


@when(r"\d-\d\d-\d")
def iso_dates(text: str) -> str:
    def said(m: re.Match) -> str:
        month, day = int(m["m"]), int(m["d"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m.group(0)
        return f"{T.MONTHS[month - 1]} {N.ordinal(day)}, {N.year(int(m['y']))}"

    return re.sub(r"(?<![\w-])(?P<y>1[5-9]\d\d|20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?![\w-])", said, text)


@when(r"\d/\d")
def slash_dates(text: str) -> str:
    def said(m: re.Match) -> str:  # the day first where the newsroom writes it so (en-GB)
        first, second, year, ours = int(m["a"]), int(m["b"]), m["y"], N.is_british()
        day, month = (first, second) if first > 12 or ours and second <= 12 else (second, first)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m.group(0)
        full, name = N.year(int(year) if len(year) == 4 else 2000 + int(year)), T.MONTHS[month - 1]
        return f"the {N.ordinal(day)} of {name}, {full}" if ours else f"{name} {N.ordinal(day)}, {full}"

    text = re.sub(r"(?<![\w/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\w/])", said, text)
    return _DAY_MONTH.sub(_day_month, text)


# "on 31/1", "until 14/2": a date with no year after a word of time, where one figure
# cannot be a month (so "on 3/4" is left alone: the order is the writer's secret).
_DAY_MONTH = re.compile(r"(?:(?<=\bon )|(?<=\buntil )|(?<=\bby )|(?<=\bbefore )|(?<=\bfrom ))(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/]|[.,]\d)")


def _day_month(m: re.Match) -> str:
    a, b = int(m["a"]), int(m["b"])
    if 12 < a <= 31 and 1 <= b <= 12:
        return f"the {N.ordinal(a)} of {T.MONTHS[b - 1]}"
    if 12 < b <= 31 and 1 <= a <= 12:
        return f"{T.MONTHS[a - 1]} {N.ordinal(b)}"
    return m.group()


@when(r"\d\.\d\d?\.\d{4}")
def dotted_dates(text: str) -> str:
    """"24.02.2022" "the twenty-fourth of February, twenty twenty-two": European copy puts
    the day first and dots between."""
    def said(m: re.Match) -> str:
        day, month = int(m["d"]), int(m["m"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m.group()
        return f"the {N.ordinal(day)} of {T.MONTHS[month - 1]}, {N.year(int(m['y']))}"

    return re.sub(r"(?<![\w.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:1[5-9]|20)\d\d)(?![\w]|\.\d)", said, text)


@when(r"\d")
def month_day(text: str) -> str:
    """"March 12, 2022" "March twelfth, twenty twenty-two"; "Feb. 24" "February
    twenty-fourth"; "24 February 2022" "the twenty-fourth of February, twenty twenty-two"."""
    def month_first(m: re.Match) -> str:
        year = f", {N.year(int(m['year']))}" if m["year"] else ""
        return f"{_month(m['month'])} {N.ordinal(int(m['day']))}{year}"

    def day_first(m: re.Match) -> str:
        year = f", {N.year(int(m['year']))}" if m["year"] else ""
        # "the 7 October attack" has its "the" already.
        the = "" if m.string[:m.start()].split()[-1:] in (["the"], ["The"]) else "the "
        # "22-24 August" "the twenty-second to the twenty-fourth of August": a range of days.
        # "5 and 6 June" "the fifth and sixth of June".
        if m["day0"]:
            the = f"{the}{N.ordinal(int(m['day0']))} {'and' if 'and' in m['sep0'] else 'to the'} "
        # "on 20 Dec." at the end: the month's period ends the sentence too.
        return f"{the}{N.ordinal(int(m['day']))} of {_month(m['month'])}{year}{full_stop(m)}"

    day = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    year = r"(?:,?\s+(?P<year>1[5-9]\d\d|20\d\d|1[0-4]\d\d(?! [a-z]+s\b| people\b))(?![\d,.]\d))?"
    dashed = "-" in text or "–" in text
    if dashed:
        text = _DAYS_OF_MONTH.sub(_days_of_month, text)
    text = re.sub(rf"(?<![\w.]){_MONTH}\s+{day}(?![\d:]|\.\d|,\d|[-–]\d{{1,2}}{_SCORE_NOUN}){year}",
                  month_first, text)
    if re.search(r"\d\s?[-–]\s?\d|\d (?:to|and) \d", text):
        day0 = r"(?P<day0>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?P<sep0>\s?[-–]\s?|\s+to\s+|\s+and\s+)"
        text = re.sub(rf"(?<![\w.,]){day0}{day}\s+{_MONTH_AFTER_DAY}(?![\w]){year}", day_first, text)
    text = re.sub(rf"(?<![\w.,])(?P<day0>){day}\s+{_MONTH_AFTER_DAY}(?![\w]){year}", day_first, text)
    return _second_days(text, dashed)


# "July 7-8", "Jan. 5–6, 2025": a range of days after its month, the dash touching both
# days. Whatever follows ("the July 7-8 summit", "met July 7-8 to discuss"); not a score
# ("Arsenal's March 3-1 win", "a March 1-3 defeat": a result's noun follows; and a day
# range ends later than it starts).
_SCORE_NOUN = r"\s(?:win|victory|defeat|loss|draw|lead|series)\b"
_DAYS_OF_MONTH = re.compile(rf"(?<![\w.]){_MONTH}\s+(?P<a>[12]\d|3[01]|0?[1-9])[-–](?P<b>[12]\d|3[01]|0?[1-9])"
                            rf"(?![\w%°:]|[.,]\d|-\w|{_SCORE_NOUN})"
                            r"(?:,?\s+(?P<year>1[5-9]\d\d|20\d\d)(?![\d,.]\d))?")


def _days_of_month(m: re.Match) -> str:
    if int(m["b"]) <= int(m["a"]):
        return m.group()
    year = f", {N.year(int(m['year']))}" if m["year"] else ""
    return f"{_month(m['month'])} {N.ordinal(int(m['a']))} to {N.ordinal(int(m['b']))}{year}"


_SAID_DATE = rf"(?:{'|'.join(T.MONTHS)}) [a-z-]*(?:first|second|third|th)"
_DATE_TO_DATE = re.compile(rf"\b({_SAID_DATE})\s?[-–]\s?(?={_SAID_DATE}\b)")
_SECOND_DAY = re.compile(
    rf"\b(?P<lead>{_SAID_DATE}(?:,\s+[a-z-]*(?:first|second|third|th))*)"
    r"(?P<sep>,?\s+(?:and|or|to|through)\s+|\s?[-–]\s?|,\s+)(?P<day>[12]\d|3[01]|0?[1-9])"
    r"(?![\d%]|[.,:]\d|[a-zA-Z°]|\s(?!(?:at|in|on|and|with|for|from|as|during|before|after|until|when|while|this|next)\b)"
    r"[a-zA-Z°])")


def _second_days(text: str, dashed: bool) -> str:
    """"March second and 3" (after the rules above) "March second and third"; "Nov. 28-Dec.
    1" "November twenty-eighth to December first"."""
    if dashed:
        text = _DATE_TO_DATE.sub(r"\1 to ", text)
    for _ in range(4):  # "Sept. 7, 10 and 14": each day of a list after the one before
        said = _SECOND_DAY.sub(lambda m: f"{m['lead']}{m['sep'] if m['sep'].strip() not in '-–' else ' to '}"
                                         f"{N.ordinal(int(m['day']))}", text)
        if said == text:
            break
        text = said
    return text


@when(r"\d{4}")
def month_year(text: str) -> str:
    return re.sub(rf"(?<![\w.]){_MONTH}\s+(?P<year>1[5-9]\d\d|20\d\d)(?![\w,.]?\d)",
                  lambda m: f"{_month(m['month'])} {N.year(int(m['year']))}", text)



_WEEKDAYS = {"Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday",
             "Thu": "Thursday", "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday",
             "Sat": "Saturday", "Sun": "Sunday"}
_DAY_NAMES = "|".join(_WEEKDAYS)
# Opening hours: "Sat 10am-1pm", a bare day before a time (said already: "ten a.m.").
_WEEKDAY = re.compile(rf"(?<![\w.])(?P<wd>{_DAY_NAMES})(?:\.(?=,?\s)|(?=\s(?:the )?[a-z-]*(?:first|second|third|th) of )"
                      r"|(?=\s(?:\d{1,2}(?:[.:]\d\d)?\s?|[a-z]+(?: [a-z-]+)? )[ap]\.?m\b))")
# A date after it, as month_day has said it: "January twelfth", "March 4".
_DATED = re.compile(rf",?\s(?:{'|'.join(T.MONTHS)}) (?:\d|[a-z-]*(?:first|second|third|th)\b)")
_DAY_RANGE = re.compile(rf"(?<![\w.])(?P<a>{_DAY_NAMES})\.?\s?[-–]\s?(?P<b>{_DAY_NAMES})\.?(?!\w)")


_MONTH_SHORT = {"Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "May": "May",
                "Jun": "June", "Jul": "July", "Aug": "August", "Sep": "September", "Sept": "September",
                "Oct": "October", "Nov": "November", "Dec": "December"}
_MONTH_NAMES = "|".join(_MONTH_SHORT)
# ... and whole, in North American copy: "the April-June quarter" "the April to June quarter"
# (set 45); the Indian writer of set 38 says "April-June" as written.
_WHOLE_MONTHS = "|".join(sorted(set(_MONTH_SHORT.values())))
_WHOLE_MONTH_RANGE = re.compile(rf"(?<![\w.-])(?P<a>{_WHOLE_MONTHS})-(?=(?:{_WHOLE_MONTHS})\b(?!-)(?P<after> \w+)?)")


def _whole_months(m: re.Match) -> str:
    """"April-June" "April to June", "between April-June" "between April and June"; "a
    May-December romance" stays."""
    if (m["after"] or "").strip() in ("romance", "marriage", "relationship", "affair", "couple"):
        return m.group()
    return f"{m['a']} {'and' if m.string[:m.start()].lower().endswith('between ') else 'to'} "
# The last period is the abbreviation's only inside the sentence ("Aug-Oct. Then" keeps it).
_MONTH_RANGE = re.compile(rf"(?<![\w.])(?P<a>{_MONTH_NAMES})\.?\s?[-–/]\s?(?P<b>{_MONTH_NAMES})\b(?:\.(?= [a-z]))?")


@when(rf"\b(?:{_MONTH_NAMES})[a-z]*\.?\s?[-–/]\s?(?:{_MONTH_NAMES})[a-z]*\b")
def month_ranges(text: str) -> str:
    """"the Aug-Oct period" "the August to October period", "Dec/Jan" "December to January"."""
    def said(m: re.Match) -> str:
        join = "and" if m.string[:m.start()].lower().endswith("between ") else "to"
        return f"{_MONTH_SHORT[m['a']]} {join} {_MONTH_SHORT[m['b']]}"

    text = _WHOLE_MONTH_RANGE.sub(_whole_months, text) if american() else text
    return _MONTH_RANGE.sub(said, text)


@when(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w{0,2}\b[.\s–-]")
def weekdays(text: str) -> str:
    """AP's days before a date: "Fri., Jan. 12" "Friday, January twelfth"; after "on"
    too; British copy's "Fri 20 Dec" "Friday the twentieth of December", without the
    period but before a date only; opening hours "Tues.-Sun." "Tuesday to Sunday". Not
    otherwise: "Sun." alone may be the newspaper."""
    def said(m: re.Match) -> str:
        before = m.string[:m.start()].split()[-1:]
        if not m.group().endswith(".") or before in (["on"], ["On"]) or _DATED.match(m.string, m.end()):
            return _WEEKDAYS[m["wd"]]
        return m.group()

    text = _DAY_RANGE.sub(lambda m: f"{_WEEKDAYS[m['a']]} to {_WEEKDAYS[m['b']]}{full_stop(m)}", text)
    return _WEEKDAY.sub(said, text)
