"""Phrase templates (``--config`` ``[phrases]``): ``{name}`` placeholders and nothing else.

``str.format`` on a phrase a config file supplies would run a small language: attribute
and index access (``{authors.__class__.__mro__}`` reaches Python objects) and format
specs (``{authors:>999999999}`` builds a gigabyte string). Here a placeholder is a plain
name from the phrase's own set, checked when the config is loaded; ``{{`` and ``}}`` are
literal braces; a phrase is at most MAX_PHRASE characters with at most MAX_FIELDS
placeholders, and what ``fill`` makes is at most MAX_FILLED characters.
"""

from __future__ import annotations

import re

from ..errors import ConfigError, ScriptError

MAX_PHRASE = 1_000  # characters in a phrase as configured
MAX_FIELDS = 8  # placeholders in one phrase
MAX_FILLED = 5_000  # characters a filled phrase may have (plan.MAX_SEGMENT_CHARS)
# "{{", "}}", "{...}" or a lone brace, in that order of preference.
_PART = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z_]+")


def check_template(template: str, allowed: frozenset[str], phrase: str) -> None:
    """ConfigError naming ``phrase`` when ``template`` is more than text and ``{name}``
    placeholders from ``allowed``."""
    if len(template) > MAX_PHRASE:
        raise ConfigError(f"phrase {phrase}: longer than {MAX_PHRASE:,} characters")
    names = [_field(match, allowed, phrase) for match in _PART.finditer(template)]
    if len([n for n in names if n]) > MAX_FIELDS:
        raise ConfigError(f"phrase {phrase}: more than {MAX_FIELDS} placeholders")


def _field(match: re.Match, allowed: frozenset[str], phrase: str) -> str | None:
    if match.group(0) in ("{{", "}}"):
        return None
    name = match.group(1)
    if name is None or not _NAME.fullmatch(name) or name not in allowed:
        known = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
        raise ConfigError(f"phrase {phrase}: {match.group(0)[:40]!r} is not a placeholder "
                          f"(placeholders: {known}; {{{{ and }}}} for literal braces)")
    return name


def fill(template: str, **values: object) -> str:
    """``template`` with each ``{name}`` replaced by ``str(values[name])``."""
    pieces, size = [], 0
    for text, match in _split(template):
        value = _value(match, values) if match else ""
        size += len(text) + len(value)
        pieces += [text, value]
        if size > MAX_FILLED:  # checked as it grows: never build the big string
            raise ScriptError(f"the phrase {template[:40]!r} makes a sentence longer than "
                              f"{MAX_FILLED:,} characters")
    return "".join(pieces)


def _split(template: str):
    """(literal text, the match after it or None) pairs."""
    end = 0
    for match in _PART.finditer(template):
        yield template[end:match.start()], match
        end = match.end()
    yield template[end:], None


def _value(match: re.Match, values: dict) -> str:
    if match.group(0) in ("{{", "}}"):
        return match.group(0)[0]
    if match.group(1) not in values:  # a template check_template was not asked about
        raise ScriptError(f"unknown placeholder {match.group(0)[:40]!r} in a phrase")
    return str(values[match.group(1)])
