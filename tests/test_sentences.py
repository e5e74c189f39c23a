import pytest

from audio_article.script.sentences import MAX_WORDS, split_sentences


@pytest.mark.parametrize("text, expected", [
    ("One two three. Four five six.", ["One two three.", "Four five six."]),
    ("Since Feb. 24, Russia has attacked. Cities are in ruins.",
     ["Since Feb. 24, Russia has attacked.", "Cities are in ruins."]),
    ("The U.S. Army General Christopher G. Cavoli spoke today.",
     ["The U.S. Army General Christopher G. Cavoli spoke today."]),
    ('"It is key," he said. "We will see."', ['"It is key," he said.', '"We will see."']),
    ("Gen. Smith arrived at noon. Dr. Jones left at one.",
     ["Gen. Smith arrived at noon.", "Dr. Jones left at one."]),
    ("Is it over? Nobody can tell yet!", ["Is it over?", "Nobody can tell yet!"]),
    ("It rose 3.5 percent in 2022. Then it fell.", ["It rose 3.5 percent in 2022.", "Then it fell."]),
    ("Short. This one is a longer sentence.", ["Short. This one is a longer sentence."]),
    ("This one is a longer sentence. Yes.", ["This one is a longer sentence. Yes."]),
    ("  Spaces   are\n folded here too.  ", ["Spaces are folded here too."]),
    # issue 20: abbreviations before a number do not end the sentence ...
    ("For details call the press office on ext. 204 after noon. It is open daily.",
     ["For details call the press office on ext. 204 after noon.", "It is open daily."]),
    ("The plant said reactor Nos. 3 and 4 were shut down. Power was cut.",
     ["The plant said reactor Nos. 3 and 4 were shut down.", "Power was cut."]),
    ("The figures are set out on pp. 12-15 of the report. They were revised.",
     ["The figures are set out on pp. 12-15 of the report.", "They were revised."]),
    ("He lives in Sacramento, Calif., with his family. He moved there in 2010.",
     ["He lives in Sacramento, Calif., with his family.", "He moved there in 2010."]),
    # A web address at the end ends the sentence; an initialism or "e.g." does not.
    ("For advice, call NHS 111 or visit 111.nhs.uk. Then rest at home.",
     ["For advice, call NHS 111 or visit 111.nhs.uk.", "Then rest at home."]),
    ("Forms are on www.gov.uk. Print them at home.", ["Forms are on www.gov.uk.", "Print them at home."]),
    ("Bring some fruit, e.g. Apples and pears are fine.", ["Bring some fruit, e.g. Apples and pears are fine."]),
    # ... but a word that is also an abbreviation does, before anything else.
    ("Asked if he would run again, he said no. Then he left the room.",
     ["Asked if he would run again, he said no.", "Then he left the room."]),
])
def test_split(text, expected):
    assert split_sentences(text) == expected


def test_long_sentences_split_at_clauses():
    clause = "the council met again in the old hall on the river"
    text = ", ".join([clause] * 8) + "."
    parts = split_sentences(text)
    assert len(parts) > 1
    assert all(len(p.split()) <= MAX_WORDS for p in parts)
    assert " ".join(parts) == text


def test_an_apartment_number_does_not_end_the_sentence():
    assert split_sentences("He lives in Apt. 6C on Main Street. It is apt. Then it rained.") == [
        "He lives in Apt. 6C on Main Street.", "It is apt.", "Then it rained."]


def test_a_long_run_of_abbreviations_is_split_in_linear_time():
    """"Dr. " 50,000 times took 17 s (the word before each dot was looked for in all the
    text before it): the work per dot is bounded now, so twice the text is about twice the
    work, measured in regex steps, not seconds."""
    import re as re_module
    from audio_article.script import sentences

    calls = []
    real = re_module.search

    def counting(pattern, string, *args, **kwargs):
        calls.append(len(string))
        return real(pattern, string, *args, **kwargs)

    sentences.re.search, saved = counting, sentences.re.search
    try:
        split_sentences("Dr. " * 2000)
    finally:
        sentences.re.search = saved
    assert calls and max(calls) <= sentences._WORD_REACH
