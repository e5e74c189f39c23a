"""Clock times: "7:30 p.m.", "19:00", and ratios written with a colon."""

from __future__ import annotations

import re

from .. import numbers as N


def _clock(hour: int, minute: int) -> str:
    if minute == 0:
        return N.cardinal(hour)
    return f"{N.cardinal(hour)} {'oh ' + N.ONES[minute] if minute < 10 else N.cardinal(minute)}"


def times(text: str) -> str:
    """"7:30 p.m." "seven thirty p.m."; "7 a.m." "seven a.m."; "19:00" "nineteen hundred"."""
    def with_meridiem(m: re.Match) -> str:
        hour, minute = int(m["h"]), int(m["min"] or 0)
        start = f"{_clock(int(m['h0']), int(m['min0'] or 0))} to " if m["h0"] else ""
        return f"{start}{_clock(hour, minute)} {m['ap'].lower()}.m."

    def clock(m: re.Match) -> str:
        hour, minute = int(m["h"]), int(m["min"])
        if hour > 12 or m["h"].startswith("0"):
            return f"{N.cardinal(hour)} hundred" if minute == 0 else _clock(hour, minute)
        return f"{N.cardinal(hour)} o'clock" if minute == 0 else _clock(hour, minute)

    # "11.59pm": British copy writes the minutes after a dot.
    text = re.sub(r"(?<![\w.:])(?:(?P<h0>1[0-2]|0?[1-9])(?:[:.](?P<min0>[0-5]\d))?\s?[-–]\s?)?"
                  r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<min>[0-5]\d))?\s?(?P<ap>[AaPp])\.?\s?[Mm]\b\.?",
                  with_meridiem, text)
    # "9 a.m.-5 p.m." "nine a.m. to five p.m."
    text = re.sub(r"([ap]\.m\.)\s?[-–]\s?(?=\w)", r"\1 to ", text)
    text = re.sub(r"(?<![\w.:])(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)(?![\d:])", clock, text)
    # Ratios and scores: "3:1" "three to one".
    return re.sub(r"(?<![\w.:])(\d+):(\d+)(?![\d:])",
                  lambda m: f"{N.cardinal(int(m[1]))} to {N.cardinal(int(m[2]))}", text)
