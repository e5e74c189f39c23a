"""Plan settings from a TOML config file (``--config FILE``)::

    captions = "inline"            # or "gather" (a closing Photos chapter)
    language = "en-GB"             # when the source does not say, or says only "en":
                                   # numbers are said as its newsreaders say them
    lexicon = "names.toml"         # a user lexicon, relative to this file
    [pauses]                       # milliseconds after a segment, by what ends there
    sentence = 300
    chapter = 1500
    [phrases]                      # reworded or translated (see plan.Phrases)
    photo_credit = "Foto: {credit}."
    outro_source = "Lesen Sie diese Geschichte auf {site}."
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from ..capped import read_toml
from ..errors import ConfigError
from ..parse.source import language_tag
from .lexicon import load_lexicon
from .plan import PlanOptions



def plan_options(config: Path | None = None, lexicon: Path | None = None,
                 captions: str | None = None) -> PlanOptions:
    """The options the CLI plans with: the config file's, then ``--lexicon`` (added over
    the built-in, user and config lexicons) and ``--captions`` where given."""
    options, extra = PlanOptions(), []
    if config is not None:
        data = read_config(config)
        options = load_plan_options(data, str(config))
        if "lexicon" in data:
            if not isinstance(data["lexicon"], str):
                raise ConfigError(f"{config}: lexicon must be a file name")
            extra.append(config.parent / data["lexicon"])
    if lexicon is not None:
        extra.append(lexicon)
    return PlanOptions(captions or options.captions, options.pauses, options.phrases,
                       load_lexicon(*extra), options.language)


def read_config(path: Path) -> dict:
    return read_toml(path, "config", ConfigError)


def load_plan_options(data: dict, where: str) -> PlanOptions:
    """Plan options from a config table: ``captions``, ``[pauses]`` (ms by name) and
    ``[phrases]`` (see Phrases). Unknown keys are errors, so typos do not pass silently."""
    unknown = set(data) - {"captions", "pauses", "phrases", "lexicon", "language"}
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)} "
                          "(keys: captions, language, lexicon, pauses, phrases)")
    base = PlanOptions()
    pauses = _replace(base.pauses, data.get("pauses", {}), int, f"{where} [pauses]")  # bounded
    table = data.get("phrases", {})
    if isinstance(table, dict) and "photo_credit" in table and "photo_source" not in table:
        # A reworded credit ("Foto: {credit}.") is said for sources too, never the English.
        table = {**table, "photo_source": table["photo_credit"]}
    phrases = _replace(base.phrases, table, str, f"{where} [phrases]")
    captions = data.get("captions", base.captions)
    if captions not in ("gather", "inline"):
        raise ConfigError(f"{where}: captions must be 'gather' or 'inline', not {captions!r}")
    return PlanOptions(captions, pauses, phrases, base.lexicon, _language(data, where))


def _language(data: dict, where: str) -> str | None:
    value = data.get("language")
    if value is None:
        return None
    tag = language_tag(value) if isinstance(value, str) else None
    if tag is None:
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise ConfigError(f"{where}: language must be a language tag such as \"en-GB\", "
                          f"not {shown}")
    return tag


def _replace(current, table, kind: type, where: str):
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    names = {f.name: f for f in fields(current)}
    values = {}
    for key, value in table.items():
        if key not in names:
            raise ConfigError(f"{where}: unknown key {key!r} (keys: {', '.join(names)})")
        if key == "months":
            if not (isinstance(value, list) and len(value) == 12 and all(isinstance(v, str) for v in value)):
                raise ConfigError(f"{where}: months must be a list of 12 names")
            values[key] = tuple(value)
        elif not isinstance(value, kind) or isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be a {kind.__name__}")
        else:
            values[key] = value
    try:  # Phrases checks its templates (script/template.py), Pauses its bounds
        return type(current)(**{**{n: getattr(current, n) for n in names}, **values})
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
