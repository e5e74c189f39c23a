"""Voice profiles: which engine, voice, rate, pitch and volume speak each role.

A profile is a TOML file (see ``voices/default.toml``). ``--voice NAME`` looks for
``NAME.toml`` in the user's folder, ``./voices`` and the profiles shipped with the
package; ``--voice path/to/file.toml`` loads that file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from .capped import read_toml
from .errors import ConfigError
from .models import ROLES


DEFAULT_PROFILE = "default"
_FIELDS = {"engine": str, "voice": str, "rate": float, "pitch": float, "volume": float}


@dataclass(frozen=True)
class VoiceSettings:
    engine: str
    voice: str
    rate: float = 1.0
    pitch: float = 1.0
    volume: float = 1.0

    @property
    def label(self) -> str:
        return f"{self.engine}/{self.voice}"


@dataclass(frozen=True)
class VoiceProfile:
    name: str
    description: str
    path: str
    defaults: VoiceSettings
    roles: tuple[tuple[str, VoiceSettings], ...]

    def for_role(self, role: str) -> VoiceSettings:
        return dict(self.roles).get(role, self.defaults)

    @property
    def engines(self) -> list[str]:
        """Every engine the profile uses, defaults and roles, sorted."""
        return sorted({self.defaults.engine, *(settings.engine for _role, settings in self.roles)})


def profile_dirs() -> list[Path]:
    """Where profiles are looked up, first match wins."""
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    here = Path(__file__).resolve().parent
    dirs = [config_home / "audio-article" / "voices", Path.cwd() / "voices", here / "voices"]
    # An editable install (the repo checkout) keeps the profiles at the top level.
    dirs.append(here.parent.parent / "voices")
    return dirs


def find_profile(name: str) -> Path:
    if name.endswith(".toml") or os.sep in name:
        path = Path(name)
        if not path.exists():  # a FIFO or a device is read (capped, timed) by load_profile
            raise ConfigError(f"voice profile file not found: {name}")
        return path
    for folder in profile_dirs():
        if (folder / f"{name}.toml").is_file():
            return folder / f"{name}.toml"
    known = ", ".join(available_profiles()) or "none found"
    raise ConfigError(f"unknown voice profile {name!r} (available: {known})")


def available_profiles() -> list[str]:
    names = {p.stem for d in profile_dirs() if d.is_dir() for p in d.glob("*.toml")}
    names.discard("lexicon")
    return sorted(names)


def load_profile(name: str = DEFAULT_PROFILE) -> VoiceProfile:
    path = find_profile(name)
    data = read_toml(path, "voice profile", ConfigError)
    defaults = _settings(data.get("defaults", {}), None, f"{path} [defaults]")
    roles = []
    for role, table in data.get("roles", {}).items():
        if role not in ROLES:
            raise ConfigError(f"{path}: unknown role {role!r} (roles: {', '.join(ROLES)})")
        roles.append((role, _settings(table, defaults, f"{path} [roles.{role}]")))
    return VoiceProfile(str(data.get("name", path.stem)), str(data.get("description", "")),
                        str(path), defaults, tuple(roles))


def _settings(table: dict, base: VoiceSettings | None, where: str) -> VoiceSettings:
    values = {}
    for key, value in table.items():
        if key not in _FIELDS:
            raise ConfigError(f"{where}: unknown key {key!r} (keys: {', '.join(_FIELDS)})")
        try:
            values[key] = _FIELDS[key](value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: {key} must be a {_FIELDS[key].__name__}") from exc
    for key in ("rate", "pitch", "volume"):
        if key in values and not 0.1 <= values[key] <= 4.0:
            raise ConfigError(f"{where}: {key} {values[key]} is outside 0.1..4.0")
    if base is not None:
        return replace(base, **values)
    if "engine" not in values or "voice" not in values:
        raise ConfigError(f"{where}: engine and voice are required")
    return VoiceSettings(**values)
