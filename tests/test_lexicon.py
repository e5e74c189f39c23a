"""The pronunciation lexicon: whole words, case-aware, user entries override, applied
before normalization and shielded from it."""

import pytest

from audio_article.errors import ConfigError
from audio_article.script.lexicon import default_lexicon, load_lexicon, parse_lexicon
from audio_article.script.normalize import normalize

LEXICON = parse_lexicon('''
[words]
Kyiv = "Keev"
PAS = "Pass"
hryvnia = "hrivnya"
"Donetsk Oblast" = "Doenetsk Oblast"
Donetsk = "Doenetsk"
Lviv = { say = "Lveev", hibari = "ləvˈiv" }
''', "test.toml")


@pytest.mark.parametrize("text, spoken", [
    ("in Kyiv.", "in Keev."),
    ("Kyiv's mayor", "Keev's mayor"),
    ("Kyivan art", "Kyivan art"),  # whole words only
    ("kyiv", "kyiv"),  # an entry with capitals matches that spelling only
    ("the PAS party", "the Pass party"),  # and is shielded from the acronym rule
    ("pas de deux", "pas de deux"),
    ("one hryvnia", "one hrivnya"),
    ("Hryvnia fell", "Hrivnya fell"),  # a lowercase entry also matches at a sentence start
    ("two hryvnias", "two hrivnyas"),
    ("in Donetsk Oblast", "in Doenetsk Oblast"),  # the longer entry wins
    ("in Donetsk city", "in Doenetsk city"),
    ("kyiv.example.com", "kyiv dot example dot com"),  # URLs are read before the lexicon
])
def test_replacements(text, spoken):
    assert normalize(text, LEXICON) == spoken


def test_phonemes_for_the_engine_that_takes_them():
    assert normalize("in Lviv", LEXICON, "hibari") == "in [Lveev](/ləvˈiv/)"
    assert normalize("in Lviv", LEXICON, "pyttsx3") == "in Lveev"


def test_a_user_lexicon_overrides_entry_by_entry(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text('[words]\nKyiv = "Kiev"\nRutte = "Ruttuh"\n', encoding="utf-8")
    merged = load_lexicon(user)
    assert merged.lookup("Kyiv").say == "Kiev"
    assert merged.lookup("Rutte").say == "Ruttuh"
    assert merged.lookup("Kharkiv") is not None  # the built-in entries stay
    assert merged.digest != default_lexicon().digest
    assert "mine.toml" in merged.describe()


def test_the_default_lexicon_covers_the_sample_names():
    lexicon = default_lexicon()
    for name in ("Kyiv", "Kharkiv", "Mariupol", "Zelensky", "Irpin", "Volnovakha", "Mykolayiv",
                 "Dnipro", "Obolon", "Donetsk Oblast", "Lviv"):
        assert name in lexicon, name


@pytest.mark.parametrize("text, message", [
    ("[words]\nKyiv = 3\n", "give a respelling"),
    ("[words]\nKyiv = { say = \"Keev\", espeek = \"x\" }\n", "unknown keys"),
    ("[words]\nKyiv = \"\"\n", "must not be empty"),
    ("words = 3\n", "must be a table"),
    ("[words\n", "cannot read lexicon"),
])
def test_bad_lexicons_are_named(text, message):
    with pytest.raises(ConfigError, match=message):
        parse_lexicon(text, "bad.toml")


def test_a_missing_lexicon_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="lexicon not found: .*nope.toml"):
        load_lexicon(tmp_path / "nope.toml")


def test_plurals_and_possessives_keep_their_sound_in_phonemes():
    lexicon = parse_lexicon('[words]\nKharkiv = { say = "Karkiv", hibari = "kˈɑɹkɪv" }\n'
                            'Donbas = { say = "Donbass", hibari = "dɔnbˈɑs" }\n'
                            'Bakhmut = { say = "Bakhmoot", hibari = "bɑhmˈut" }\n', "t.toml")
    assert normalize("Kharkiv's mayor", lexicon, "hibari") == "[Karkiv's](/kˈɑɹkɪvz/) mayor"
    assert normalize("Donbas's mines", lexicon, "hibari") == "[Donbass's](/dɔnbˈɑsɪz/) mines"
    assert normalize("Bakhmut's fall", lexicon, "hibari") == "[Bakhmoot's](/bɑhmˈuts/) fall"
    assert normalize("Kharkiv's mayor", lexicon, "pyttsx3") == "Karkiv's mayor"
