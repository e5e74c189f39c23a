"""lint's findings on small articles: names, acronyms, left-over numerals and symbols."""

from audio_article.models import Article, Caption, Paragraph, Section
from audio_article.script.lexicon import parse_lexicon
from audio_article.script.lint import dictionary, format_findings, lint

LEXICON = parse_lexicon('[words]\nKyiv = "Keev"\nZNPP = "Z N P P"\n', "t.toml")


def article(*blocks):
    return Article("A plain title", (Section(None, tuple(blocks)),))


def findings(*blocks):
    return {(f.kind, f.token): f for f in lint(article(*blocks), LEXICON)}


def test_unknown_names_are_listed_once_with_a_count_and_context():
    found = findings(Paragraph("Oleksandr Stefanyshyn met Stefanyshyn's team in Kyiv."),
                     Caption("A view of Kyiv.", "Oleksandr Stefanyshyn"))
    assert found[("name", "Stefanyshyn")].count == 3
    assert "met Stefanyshyn" in found[("name", "Stefanyshyn")].context
    assert ("name", "Kyiv") not in found  # the lexicon covers it
    assert dictionary() and ("name", "Oleksandr") in found
    assert ("name", "A") not in found and ("name", "The") not in found


def test_acronyms_show_the_guessed_reading_unless_known():
    found = findings(Paragraph("The KSSI and the ZNPP said the EU and NATO agreed."))
    assert found[("acronym", "KSSI")].note == "read as K.S.S.I."
    assert ("acronym", "ZNPP") not in found  # in the lexicon
    assert ("acronym", "EU") not in found and ("acronym", "NATO") not in found


def test_numerals_and_symbols_left_as_written():
    found = findings(Paragraph("The ♦ unit reached level XIV under rule 5 in World War II."))
    assert ("symbol", "♦") in found  # (a critic's "★★★" is read: "three stars")
    assert found[("numeral", "XIV")].note == "read as X.I.V."
    assert ("numeral", "II") not in found  # "World War two" is covered
    assert not any(kind == "numeral" and token == "5" for kind, token in found)


def test_nothing_to_report_is_an_empty_list():
    assert lint(article(Paragraph("The river was calm that morning.")), LEXICON) == []
    assert format_findings([]) == ""
