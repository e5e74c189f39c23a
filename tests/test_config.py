import pytest

from audio_article.config import available_profiles, load_profile
from audio_article.errors import ConfigError


def test_bundled_profiles():
    assert {"default", "espeak"} <= set(available_profiles())
    default = load_profile("default")
    assert default.defaults.engine == "hibari"
    assert default.for_role("title").rate == 0.95
    assert default.for_role("body").voice == "heart"
    espeak = load_profile("espeak")
    assert espeak.for_role("body").engine == "pyttsx3"


def test_unknown_profile_lists_available():
    with pytest.raises(ConfigError, match=r"unknown voice profile 'nope' \(available: .*default"):
        load_profile("nope")


@pytest.mark.parametrize("body, message", [
    ("[defaults]\nengine = 'hibari'\n", "engine and voice are required"),
    ("[defaults]\nengine='hibari'\nvoice='heart'\nspeed=2\n", "unknown key 'speed'"),
    ("[defaults]\nengine='hibari'\nvoice='heart'\nrate=9\n", "outside"),
    ("[defaults]\nengine='hibari'\nvoice='heart'\n[roles.narrator]\nrate=1\n", "unknown role"),
    ("[defaults\n", "cannot read voice profile"),
])
def test_bad_profiles(tmp_path, body, message):
    path = tmp_path / "mine.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message):
        load_profile(str(path))
