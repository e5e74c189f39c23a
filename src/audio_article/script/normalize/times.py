"""Clock times: "7:30 p.m.", "19:00", "00:01", "14h00", a race by its time ("the 3.30 at
Ascot"), and ratios written with a colon."""

from __future__ import annotations

import re

from .. import numbers as N
from .common import when


def _clock(hour: int, minute: int) -> str:
    if minute == 0:
        return N.cardinal(hour)
    return f"{N.cardinal(hour)} {'oh ' + N.ONES[minute] if minute < 10 else N.cardinal(minute)}"


def _unit(n: int, name: str) -> str:
    return f"{N.cardinal(n)} {name}{'' if n == 1 else 's'}"


# A race run in minutes and seconds after a word of racing: "clocked 28:46" "twenty-eight
# minutes forty-six seconds" (set 47).
_RACED = r"(?:clocked|clocking|in a (?:time|personal best|world record) of|timed at|(?:won|finished|crossed the line) in)"
_DURATION = re.compile(r"(?<![\w.:])(?P<h>\d{1,2}):(?P<m>[0-5]\d):(?P<s>[0-5]\d(?:\.\d{1,3})?)(?![\d:])"
                       r"|(?<![\w.:])(?P<m2>\d{1,2}):(?P<s2>[0-5]\d)\.(?P<f>\d{1,3})(?![\d:])"
                       rf"|(?P<cue>\b{_RACED} )(?P<m3>\d{{1,2}}):(?P<s3>[0-5]\d)(?![\d:]|\.\d| ?[ap]\.?m\b)")
# A military or wire-copy hour: four digits before "hours" or a time zone.
_HOURS = re.compile(r"(?<![\w.,:])(?P<h>[01]\d|2[0-3]|24(?=00))(?P<min>[0-5]\d)(?=\s(?:hours|hrs|GMT|UTC|BST|CET|CEST|"
                    r"EET|EEST|EST|EDT|PST|PDT|ET|PT|Zulu|local time|Kyiv time|Moscow time)\b)")


# South African copy writes the 24-hour clock with an "h": "14h00", "08h30".
_H_CLOCK = re.compile(r"(?<![\w.,:])(?P<h>[01]\d|2[0-3])h(?P<min>[0-5]\d)(?![\w:]|[.,]\d)")


@when(rf"\d:\d\d[:.]\d|\d{{4}} [A-Zhl]|\dh\d\d|{_RACED} \d{{1,2}}:\d\d")
def durations(text: str) -> str:
    """"2:03:45" "two hours three minutes and forty-five seconds", "4:07.64" "four minutes
    seven point six four seconds", "0600 hours" "oh six hundred hours", "14h00" "fourteen
    hundred"."""
    def said(m: re.Match) -> str:
        if m["h"]:
            # "1:59:40.2": the tenths belong to the seconds, "forty point two seconds".
            seconds = _unit(int(m["s"]), "second") if "." not in m["s"] else \
                f"{N.number(str(int(m['s'][:2])) + m['s'][2:])} seconds"
            return f"{_unit(int(m['h']), 'hour')} {_unit(int(m['m']), 'minute')} and {seconds}"
        if m["m3"]:
            seconds = f" {_unit(int(m['s3']), 'second')}" if int(m["s3"]) else ""  # "clocked 4:00" "four minutes"
            return f"{m['cue']}{_unit(int(m['m3']), 'minute')}{seconds}"
        return f"{_unit(int(m['m2']), 'minute')} {N.number(str(int(m['s2'])) + '.' + m['f'])} seconds"

    text = _DURATION.sub(said, text)
    text = re.sub(r"(?<=\d) hrs\b", " hours", text)
    text = _H_CLOCK.sub(lambda m: _hour(m["h"] + m["min"]), text)
    return _HOURS.sub(lambda m: _hour(m["h"] + m["min"]), text)


def _hour(hhmm: str) -> str:
    """"0600" "oh six hundred", "2230" "twenty-two thirty"."""
    hour, minute = int(hhmm[:2]), int(hhmm[2:])
    said = _clock(hour, minute) if minute else f"{N.cardinal(hour)} hundred"
    return ("oh " if hhmm.startswith("0") else "") + said


_HHMM = r"(?:(?:[01]\d|2[0-3])[0-5]\d|2400)"
# Joined by "to", or by a dash before a word of time (a dash alone may join a phone number).
_HOUR_RANGE = re.compile(rf"(?<![\w.,:])(?P<a>{_HHMM})(?:\sto\s|\s?[-–]\s?(?={_HHMM}\s(?:hours|daily|"
                         rf"local|GMT|UTC)\b))(?P<b>{_HHMM})(?![\w,:]|\.\d)")


@when(r"\d{4}\s?(?:[-–]|to)\s?\d{4}")
def hour_ranges(text: str) -> str:
    """"from 2200 to 0600" "from twenty-two hundred to oh six hundred": four digits
    beginning with 0 are an hour, not a count, a year or a number to dial, and so is the
    other end of their range ("1990-2000" stays years); so are both from one to the other
    before "hours"."""
    def said(m: re.Match) -> str:
        # "from 1400 to 1800 hours": "hours" after a range from a time makes both ends
        # hours ("took 1500 to 2000 hours" counts them).
        hours = m.string[:m.start()].endswith("from ") and \
            re.match(r" (?:hours|hrs)\b(?! of)", m.string[m.end():])
        if not (m["a"].startswith("0") or m["b"].startswith("0") or hours):
            return m.group()
        return f"{_hour(m['a'])} to {_hour(m['b'])}"

    return _HOUR_RANGE.sub(said, text)


# Words of a timetable, after which "at 10.42" is a time, not a decimal.
_TRAVEL = re.compile(r"\b(?:arriv\w*|depart\w*|train|minutes late|delayed|kick-off|local time)\b")
_ZONED = r"(?:local time|GMT|BST|UTC|CET|CEST|IST|SAST|WAT|EAT|AEST|AEDT)\b"
_DOTTED_TIME = re.compile(r"(?:(?<=\bat )|(?<=\buntil )|(?<=\bby ))(1\d|2[0-3]|0?\d)\.([0-5]\d)"
                          rf"(?![\d%]|\.\d|\s?(?!{_ZONED})[a-zA-Z])")
# ... and anywhere before its zone: "(09.49 GMT)" "oh nine forty-nine G.M.T." (set 27).
_DOTTED_ZONED = re.compile(rf"(?<![\w.,])(0\d|1\d|2[0-3]|[1-9])\.([0-5]\d)(?= {_ZONED})")


# A race or a train named by its time: "the 3.30 at Ascot", "the 8.15 from Cork", "the
# 23.40 to Brighton", "the 07.12 Avanti service" (24-hour in timetables).
_NAMED_BY_TIME = re.compile(r"(?<=\b[Tt]he )(0\d|1\d|2[0-3]|[1-9])\.([0-5]\d)(?=,? (?:at|from|to) [A-Z]"
                            r"|(?: [A-Z][a-z]+(?: to [A-Z][a-z]+)?){0,2} (?:service|train|departure|arrival)\b)")


# A game clock, not a time of day: "with 0:03 left" "three seconds left", "with 12:00 to
# play" "twelve minutes to play"; "with 1:52 left" keeps "one fifty-two" (the clock below).
_GAME_CLOCK = re.compile(r"(?<=\bwith )(?:(?:just|only|about) )?(?P<m>\d{1,2}):(?P<s>[0-5]\d)"
                         r"(?= (?:left|remaining|to play|to go|on the clock)\b)")


def _game_clock(m: re.Match) -> str:
    minutes, seconds = int(m["m"]), int(m["s"])
    if minutes and seconds:
        return m.group()
    said = _unit(seconds, "second") if not minutes else _unit(minutes, "minute")
    return m.group()[:m.start("m") - m.start()] + said


_ZONES = {"ET": "Eastern time", "CT": "Central time", "MT": "Mountain time", "PT": "Pacific time",
          "AT": "Atlantic time"}  # "6 a.m. AT" in Atlantic Canada's copy (set 66)
_ZONE = re.compile(r"([ap]\.m\.|\bnoon|\bmidnight) (ET|CT|MT|PT|AT)\b")


def _named_by_time(m: re.Match) -> str:
    """"07.12" "oh seven twelve", as a timetable's hour with a nought is read ("00.17"
    "oh oh seventeen")."""
    said = _clock(int(m[1]), int(m[2])).replace("zero", "oh", 1)
    return ("oh " if m[1].startswith("0") else "") + said


@when(r"\d(?:\s?[AaPp]\.?\s?[Mm]\b|:\d|\.\d\d (?:(?:at|from|to) [A-Z]|local|[A-Z]{3,4}\b))|[ap]\.m\.|(?:at|until|by) \d\d?\.\d\d"
      r"|[Tt]he \d\d?\.\d\d\b|(?:noon|midnight) [ECMP]T\b|\d/\d\d?c\b")
def times(text: str) -> str:
    """"7:30 p.m." "seven thirty p.m."; "7 a.m." "seven a.m."; "19:00" "nineteen hundred";
    "the 3.30 at Ascot" "the three thirty at Ascot", a race by its time."""
    def with_meridiem(m: re.Match) -> str:
        hour, minute = int(m["h"]), int(m["min"] or 0)
        start = f"{_clock(int(m['h0']), int(m['min0'] or 0))} to " if m["h0"] else ""
        return f"{start}{_clock(hour, minute)} {m['ap'].lower()}.m."

    def clock(m: re.Match) -> str:
        hour, minute = int(m["h"]), int(m["min"])
        if hour == 0:  # "00:01" "one minute past midnight", as the BBC says it
            return _unit(minute, "minute") + " past midnight" if minute else "midnight"
        if hour == 23 and minute == 59:  # "until 23:59" "one minute to midnight"
            return "one minute to midnight"
        if hour == 24:  # the day's end: "until 24:00" "until midnight", "24:00 hrs" a timetable's
            return "twenty-four hundred" if m["hrs"] or m.string.startswith(" hours", m.end()) else "midnight"
        # "Polls close at 22:00" "ten p.m.": a 24-hour time (over twelve, or with its
        # nought) on the hour; "8:00 tonight" is already the time of day, "13:00 hrs" a
        # timetable's.
        twenty_four = hour > 12 or m["h"].startswith("0")
        if minute == 0 and N.is_british() and twenty_four and hour and not m["hrs"]:
            return f"{N.cardinal(hour % 12)} {'p' if hour > 12 else 'a'}.m."
        if hour > 12 or m["h"].startswith("0"):  # "04:00" "oh four hundred", never "four hundred"
            if minute == 0:
                return _hour(m["h"].zfill(2) + "00")
            # "06:10 hrs" "oh six ten hours": a timetable's 24-hour clock says its nought.
            return ("oh " if m["h"].startswith("0") and hour and m["hrs"] else "") + _clock(hour, minute)
        return f"{N.cardinal(hour)} o'clock" if minute == 0 else _clock(hour, minute)

    # "11.59pm": British copy writes the minutes after a dot.
    text = re.sub(r"(?<![\w.:])(?:(?P<h0>1[0-2]|0?[1-9])(?:[:.](?P<min0>[0-5]\d))?\s?[-–]\s?)?"
                  r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<min>[0-5]\d))?\s?(?P<ap>[AaPp])\.?\s?[Mm]\b\.?",
                  with_meridiem, text)
    # An American TV listing's hour, Eastern and Pacific then Central: "9/8c" "nine, eight
    # Central" (set 48).
    text = re.sub(r"(?<![\w/.])(1[0-2]|[1-9])/(1[0-2]|[1-9])c\b", lambda m: f"{N.cardinal(int(m[1]))}, "
                  f"{N.cardinal(int(m[2]))} Central", text)
    # "9 p.m. ET" "nine p.m. Eastern": a zone named by its region after a time.
    text = _ZONE.sub(lambda m: f"{m[1]} {_ZONES[m[2]]}", text)
    # "8 p.m. ET/5 p.m. PT" "eight p.m. Eastern time, five p.m. Pacific time" (sets 43, 44).
    text = re.sub(r"(?<=(?:Eastern|Central|Pacific) time) ?/ ?(?=\w)|(?<=Mountain time) ?/ ?(?=\w)", ", ", text) \
        if "time/" in text or "time /" in text else text
    # "9 a.m.-5 p.m." "nine a.m. to five p.m."
    text = re.sub(r"([ap]\.m\.)\s?[-–]\s?(?=\w)", r"\1 to ", text)
    # "10:00-11:30" "ten o'clock to eleven thirty"
    text = re.sub(r"(?<![\w.:])(\d{1,2}:[0-5]\d)\s?[-–]\s?(?=\d{1,2}:[0-5]\d(?![\d:]))", r"\1 to ", text)
    text = _GAME_CLOCK.sub(_game_clock, text)
    # "06:10 hrs": the 24-hour clock's "hours" after it is said in full. No hour past 24:00
    # and no sixtieth minute: "23:60", "25:00" are no times (read below as two numbers).
    # (A colon after the time ends a live blog's stamp: "Update, 08:20: ...", set 36.)
    text = re.sub(r"(?<![\w.:])(?P<h>[01]?\d|2[0-3]|24(?=:00)):(?P<min>[0-5]\d)(?!\d|:\d)(?P<hrs> hrs\b)?",
                  lambda m: clock(m) + (" hours" if m["hrs"] else ""), text)
    # A race or a train named by its time: "the 3.30 at Ascot", "the 8.15 from Cork".
    text = _NAMED_BY_TIME.sub(_named_by_time, text)
    if _TRAVEL.search(text):  # "arrived into Heuston at 10.42": British and Irish copy's dot
        text = _DOTTED_TIME.sub(lambda m: _clock(int(m[1]), int(m[2])), text)
    text = _DOTTED_ZONED.sub(_named_by_time, text)
    # Ratios and scores: "3:1" "three to one".
    return re.sub(r"(?<![\w.:])(\d+):(\d+)(?![\d:])",
                  lambda m: f"{N.cardinal(int(m[1]))} to {N.cardinal(int(m[2]))}", text)
