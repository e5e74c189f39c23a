import pytest

from audio_article.script.normalize import normalize


@pytest.mark.parametrize("text, spoken", [
    ("Since Feb. 24, Russia attacked.", "Since February 24, Russia attacked."),
    ("On Sept. 3 and Dec. 1.", "On September 3 and December 1."),
    ("Gen. Valerii Zaluzhnyi said.", "General Valerii Zaluzhnyi said."),
    ("Dr. Jones and Prof. Smith.", "Doctor Jones and Professor Smith."),
    ("Flight No. 752 crashed.", "Flight number 752 crashed."),
    ("Prices rose 12% this year.", "Prices rose 12 percent this year."),
    ("Prices rose 12 % this year.", "Prices rose 12 percent this year."),
    ("Johnson & Johnson", "Johnson and Johnson"),
    ('adding that "...they are now producing"', 'adding that ", they are now producing"'),
    ("No change here.", "No change here."),
    ("A Feb.-like word", "A Feb.-like word"),
])
def test_normalize(text, spoken):
    assert normalize(text) == spoken
