"""Word timings on the transcript's words (package/words.py): the engine's words, said
in their spoken form, put on the words the transcript shows."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audio_article.models import Cue, Word
from audio_article.package.words import timed_words, with_words
from audio_article.speech.base import SpokenWord


def said(*words):
    """Spoken words 0.5 s apart, each 0.4 s long, from 1 s."""
    return tuple(SpokenWord(w, 1 + 0.5 * i, 1.4 + 0.5 * i) for i, w in enumerate(words))


def test_words_said_as_written_take_their_times():
    words = timed_words("Buses crossed first.", said("Buses", "crossed", "first"), 0)
    assert words == (Word(1000, 1400, "Buses"), Word(1500, 1900, "crossed"),
                     Word(2000, 2400, "first."))


def test_the_clip_start_is_added_and_rounded_to_the_millisecond():
    words = timed_words("Hello.", said("Hello"), 10_000.4)
    assert words == (Word(11_000, 11_400, "Hello."),)


@pytest.mark.parametrize("text, spoken, expected", [
    # A date said in more words than written: each cut at a gap between spoken words.
    ("On Feb. 24, 2022, it began.",
     ("On", "February", "twenty-fourth", "twenty", "twenty-two", "it", "began"),
     [("On", 1000), ("Feb.", 1500), ("24,", 2000), ("2022,", 2500), ("it", 3500),
      ("began.", 4000)]),
    # A name respelled by the lexicon: one word for one word.
    ("In Kyiv today.", ("In", "Keev", "today"), [("In", 1000), ("Kyiv", 1500),
                                                  ("today.", 2000)]),
    # A dash is not said: no length, where the next word starts.
    ("Yes — and no.", ("Yes", "and", "no"), [("Yes", 1000), ("—", 1500), ("and", 1500),
                                              ("no.", 2000)]),
    # Said but not written ("dollars"): it belongs to no word.
    ("$24 million.", ("twenty-four", "million", "dollars"), [("$24", 1000),
                                                            ("million.", 1500)]),
])
def test_words_said_differently_share_the_time_said_in_their_place(text, spoken, expected):
    words = timed_words(text, said(*spoken), 0)
    assert [(w.text, w.start_ms) for w in words] == expected


def test_more_words_written_than_said_share_a_span_by_length():
    words = timed_words("U.S. A.I. policy", said("USAI", "policy"), 0)
    assert [w.text for w in words] == ["U.S.", "A.I.", "policy"]
    assert words[0].start_ms == 1000 and words[1].end_ms == 1400
    assert words[0].end_ms == words[1].start_ms


def test_nothing_timed_gives_no_words():
    assert timed_words("Hello there.", (), 0) == ()
    assert timed_words("", said("Hello"), 0) == ()


def test_cues_get_their_words():
    cues = (Cue(0, 900, "One two.", "body"), Cue(1000, 2000, "Three.", "body"))
    timed = with_words(cues, [0.0, 1000.0], [said("One", "two"), ()])
    assert [w.text for w in timed[0].words] == ["One", "two."]
    assert timed[1].words == () and timed[1].text == "Three."


words_text = st.lists(st.text(st.characters(blacklist_categories=("Cs", "Zs", "Cc")),
                              min_size=1, max_size=12), min_size=1, max_size=12)


@given(written=words_text, spoken=words_text)
def test_every_written_word_is_timed_once_in_order_inside_the_speech(written, spoken):
    text = " ".join(written)
    words = timed_words(text, said(*spoken), 0)
    assert [w.text for w in words] == text.split()
    starts = [w.start_ms for w in words]
    assert starts == sorted(starts)
    assert all(1000 <= w.start_ms <= w.end_ms <= 1400 + 500 * (len(spoken) - 1)
               for w in words)
