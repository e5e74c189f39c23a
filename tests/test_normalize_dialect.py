"""Numbers said as the article's newsroom says them: "two hundred and five" in British,
Irish, Australian, Indian and other Commonwealth copy, "two hundred five" in American
and Canadian copy and where no region is known (issue 20, held-out set 7: 21 of its 40
first-run misses were this)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from audio_article.config import load_profile
from audio_article.errors import ConfigError
from audio_article.models import Article, Paragraph, Section
from audio_article.script import plan
from audio_article.script.normalize import british_numbers, normalize
from audio_article.script.plan import PlanOptions
from audio_article.script.settings import plan_options

CASES = [  # written, British, American
    ("England were 287 for 6 at stumps.", "England were two hundred and eighty-seven for six at stumps.",
     "England were two hundred eighty-seven for six at stumps."),
    ("It sold 2,005 copies.", "It sold two thousand and five copies.", "It sold two thousand five copies."),
    ("It opened in 2005.", "It opened in two thousand and five.", "It opened in two thousand five."),
    ("Rents rose to €1,948 a month.", "Rents rose to one thousand nine hundred and forty-eight euros a month.",
     "Rents rose to one thousand nine hundred forty-eight euros a month."),
    ("The 101st Airborne", "The one hundred and first Airborne", "The one hundred first Airborne"),
    ("The index fell 312.5 points.", "The index fell three hundred and twelve point five points.",
     "The index fell three hundred twelve point five points."),
    ("A total of 1,000,050 votes.", "A total of one million and fifty votes.",
     "A total of one million fifty votes."),
    # A series lead: British copy says the score, American the games.
    ("England lead the series 2-1 after the third Test.",
     "England lead the series two-one after the third Test.",
     "England lead the series two games to one after the third Test."),
    # A date in figures: the day first in British copy, the month first in American.
    ("He was jailed on 3/4/2024.", "He was jailed on the third of April, twenty twenty-four.",
     "He was jailed on March fourth, twenty twenty-four."),
    ("Freed on 25/12/24.", "Freed on the twenty-fifth of December, twenty twenty-four.",
     "Freed on December twenty-fifth, twenty twenty-four."),
    # The 24-hour clock on the hour: a British newsreader says the time of day.
    ("Polls close at 22:00.", "Polls close at ten p.m.", "Polls close at twenty-two hundred."),
]


@pytest.mark.parametrize("written, british, american", CASES)
def test_numbers_follow_the_newsroom(written, british, american):
    assert normalize(written, language="en-GB") == british
    assert normalize(written, language="en-IN") == british
    assert normalize(written, language="en-US") == american
    assert normalize(written) == american  # no region known: as before


def test_digits_and_names_are_no_different():
    written = "Call 0800 123 456 about flight BA 117 or the 401 eastbound."
    assert normalize(written, language="en-GB") == normalize(written, language="en-US")


@pytest.mark.parametrize("tag, british", [
    ("en-GB", True), ("en-ie", True), ("en_AU", True), ("en-NZ", True), ("en-IN", True),
    ("en-ZA", True), ("en-NG", True), ("en-KE", True), ("en-SG", True), ("en-HK", True),
    ("en-GB-oxendict", True), ("en-Latn-GB", True), ("en-150", True), ("en-001", True),
    ("en-029", True), ("en-019", False), ("en-US", False), ("en-CA", False), ("en-PH", False),
    ("en", False), (None, False), ("", False), ("fr-FR", False), ("en-Latn", False),
])
def test_which_languages_say_and(tag, british):
    assert british_numbers(tag) is british


@pytest.mark.parametrize("tag, said", [
    ("en-PK", "three rupees eighty-five paisa"),  # Pakistan: "paisa", plural too, no "and" (set 42)
    ("en-NP", "three rupees and eighty-five paisa"),
    ("en-LK", "three rupees and eighty-five cents"),  # Sri Lanka's rupee has cents
    ("en-IN", "three rupees eighty-five paise"),  # India's paisa, plural "paise"; no "and" (set 77)
    (None, "three rupees and eighty-five paise"),
])
def test_the_rupee_minor_unit_follows_the_region(tag, said):
    assert normalize("Petrol was raised by Rs3.85 per litre.", language=tag) == \
        f"Petrol was raised by {said} per litre."


@pytest.mark.parametrize("tag, said", [
    # Irish copy: the euro and the cent unchanged in the plural, the cents of a price unnamed.
    ("en-IE", "rise by eighty cent to thirteen euro fifty an hour"),
    ("en-GB", "rise by eighty cents to thirteen euros and fifty cents an hour"),
    (None, "rise by eighty cents to thirteen euros and fifty cents an hour"),
])
def test_irish_copy_says_euro_and_cent_unchanged(tag, said):
    assert normalize("Pay will rise by 80c to €13.50 an hour.", language=tag) == f"Pay will {said}."


@pytest.mark.parametrize("tag, text, said", [
    # British copy's sterling price: the pence unnamed ("one pound seventy"), as held-out
    # sets 15, 18 and 21 say it; below ten pence they are named; another currency in
    # British copy, and sterling in American copy, keep "and ... pence".
    ("en-GB", "rise by 5p to £1.70", "rise by five pence to one pound seventy"),
    ("en-GB", "plus a £7.50 booking fee", "plus a seven pounds fifty booking fee"),
    ("en-GB", "rise to £1.05", "rise to one pound and five pence"),
    ("en-GB", "rise to €13.50", "rise to thirteen euros and fifty cents"),
    ("en-US", "rise to £1.70", "rise to one pound and seventy pence"),
    # The dollar too, as sterling's rate is quoted in British copy (sets 5, 19 and 22 all
    # list "one dollar thirty-one"; set 22 not "and thirty-one cents").
    ("en-GB", "fall to $1.31", "fall to one dollar thirty-one"),
    ("en-GB", "fall to $1.05", "fall to one dollar and five cents"),
    ("en-US", "fall to $1.31", "fall to one dollar and thirty-one cents"),
])
def test_british_sterling_prices_leave_the_pence_unnamed(tag, text, said):
    assert normalize(f"Prices will {text}.", language=tag) == f"Prices will {said}."


def test_irish_cents_below_ten_are_named():
    assert normalize("It costs €1.05 now.", language="en-IE") == "It costs one euro and five cent now."


@pytest.mark.parametrize("tag, said", [
    # West and East African copy joins the two units without "and"; South African keeps it.
    ("en-GH", "fifteen cedis twenty pesewas"),
    ("en-NG", "fifteen cedis twenty pesewas"),
    ("en-KE", "fifteen cedis twenty pesewas"),
    ("en-ZA", "fifteen cedis and twenty pesewas"),
    ("en-GB", "fifteen cedis and twenty pesewas"),
])
def test_african_copy_joins_major_and_minor_units_without_and(tag, said):
    assert normalize("The cedi was trading at GH¢15.20.", language=tag) == f"The cedi was trading at {said}."


@pytest.mark.parametrize("tag, said", [
    # Malaysian copy too: every Malaysian writer (sets 14, 20, 22) lists "ringgit ... sen"
    # without "and"; set 22 only so. Elsewhere the "and" stays.
    ("en-MY", "four ringgit thirteen sen"),
    ("en-US", "four ringgit and thirteen sen"),
])
def test_malaysian_copy_joins_ringgit_and_sen_without_and(tag, said):
    assert normalize("The ringgit strengthened to RM4.13.", language=tag) == f"The ringgit strengthened to {said}."


def test_british_scores_and_game_results():
    """A British result is "three-one"; "nil" and "all" as before; other pairs of numbers
    in the same sentence stay ranges, and odds stay odds."""
    assert normalize("Arsenal beat Chelsea 3-1 at the Emirates.", language="en-GB") == \
        "Arsenal beat Chelsea three-one at the Emirates."
    assert normalize("Arsenal beat Chelsea 3-1 at the Emirates.", language="en-US") == \
        "Arsenal beat Chelsea three to one at the Emirates."
    assert normalize("Children aged 10-12 watched the Tigers win 12-10.", language="en-AU") == \
        "Children aged ten to twelve watched the Tigers win twelve-ten."
    assert normalize("The 7-2 favourite won the 3.15 at Cheltenham.", language="en-GB") == \
        "The seven to two favourite won the three fifteen at Cheltenham."


@pytest.mark.parametrize("written, american, british", [
    # A nought in a result: "nothing" in American and Canadian copy, whatever the game
    # (held-out sets 13-15 and 19: the readings list "two to nothing", "three-nothing"),
    # "nil" in British copy and where no region is known.
    ("The Padres won 3-0 at Petco Park.", "three to nothing", "three nil"),
    ("The U.S. women's national team beat Japan 2-0 in Columbus.", "two to nothing", "two nil"),
    ("Toronto lost 0-4 to Boston on Saturday.", "nothing to four", "nil four"),
    ("The Union and the Red Bulls drew 0-0 on Saturday.", "nothing to nothing", "nil nil"),
])
def test_a_nought_in_a_result_is_nothing_in_american_copy(written, american, british):
    number = re.search(r"\d-\d", written).group()
    for tag in ("en-US", "en-CA"):
        assert normalize(written, language=tag) == written.replace(number, american)
    for tag in ("en-GB", "en-IE", None):
        assert normalize(written, language=tag) == written.replace(number, british)


@pytest.mark.parametrize("written, said", [
    # Only a side on nothing: a level score and other results read as before in American copy.
    ("The Padres won 3-1 at Petco Park.", "The Padres won three to one at Petco Park."),
    ("The City Council voted 9-0 on Tuesday.", "The City Council voted nine to zero on Tuesday."),
    # A record is no result: wins and losses keep "and".
    ("The Chiefs improved to 10-0.", "The Chiefs improved to ten and zero."),
])
def test_american_copy_keeps_other_pairs(written, said):
    assert normalize(written, language="en-US") == said


def test_bracketed_team_records_are_american():
    """Two pairs in brackets after a team are its records in American college copy; a
    British paper's brackets after a side hold a tie's scores ("Celtic (2-0, 3-1)")."""
    written = "Kansas (18-7, 9-5 Big 12) visit Iowa State."
    assert normalize(written, language="en-US") == \
        "Kansas, eighteen and seven, nine and five Big twelve, visit Iowa State."
    assert "and seven" not in normalize(written, language="en-GB")


def _article(language: str | None) -> Article:
    return Article("Results", (Section(None, (Paragraph("Turnout was 205 more than in 2005."),)),),
                   language=language)


def test_the_plan_says_numbers_in_the_article_language():
    profile = load_profile("default")
    said = lambda script: " ".join(s.spoken for s in script.segments)  # noqa: E731
    british = plan(_article("en-GB"), profile)
    assert "two hundred and five more than in two thousand and five" in said(british)
    assert british.language == "en-GB"
    assert "two hundred five more than in two thousand five" in said(plan(_article(None), profile))
    # The config's language stands where the source declares none, not over one it does.
    options = PlanOptions(language="en-AU")
    config_said = plan(_article(None), profile, options)
    assert "two hundred and five" in said(config_said) and config_said.language == "en-AU"
    assert "two hundred five" in said(plan(_article("en-US"), profile, options))


def test_config_language_is_checked(tmp_path: Path):
    config = tmp_path / "plan.toml"
    config.write_text('language = "en-IE"\n', encoding="utf-8")
    assert plan_options(config).language == "en-IE"
    for bad in ('language = "en GB; rm"\n', "language = 3\n"):
        config.write_text(bad, encoding="utf-8")
        with pytest.raises(ConfigError, match="language must be a language tag"):
            plan_options(config)


def test_cli_script_of_a_text_file_with_a_british_config(tmp_path: Path):
    (tmp_path / "story.txt").write_text("Title: Council vote\n\nThe council approved 350 homes "
                                        "by 320 votes to 198.\n", encoding="utf-8")
    (tmp_path / "plan.toml").write_text('language = "en-GB"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "audio_article", "script", "story.txt", "--config",
                          "plan.toml", "--format", "json"], capture_output=True, cwd=tmp_path,
                         timeout=120)
    assert run.returncode == 0, run.stderr.decode()
    doc = json.loads(run.stdout)
    spoken = " ".join(segment["spoken"] for segment in doc["segments"])
    assert "three hundred and fifty homes by three hundred and twenty votes to one hundred and " \
           "ninety-eight" in spoken
    bad = tmp_path / "bad.toml"
    bad.write_text('language = "english please"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "audio_article", "script", "story.txt", "--config",
                          "bad.toml"], capture_output=True, cwd=tmp_path, timeout=120)
    assert run.returncode != 0
    assert run.stderr.decode().startswith("Error: ") and "Traceback" not in run.stderr.decode()


@pytest.mark.parametrize("written, said", [
    # A 12-hour time is said as it is written; a timetable's 24-hour time keeps "hundred".
    ("Kick-off is at 8:00 tonight.", "Kick-off is at eight o'clock tonight."),
    ("The train leaves at 13:00 hrs.", "The train leaves at thirteen hundred hours."),
    ("Polls open at 07:00 on Thursday.", "Polls open at seven a.m. on Thursday."),
    # A range of counted things is no result, even after "lost" or "won".
    ("The club lost 2-3 players to injury.", "The club lost two to three players to injury."),
    ("Labour won 3-4 councils.", "Labour won three to four councils."),
])
def test_british_readings_stay_where_they_belong(written, said):
    assert normalize(written, language="en-GB") == said


def test_qa_compares_as_the_episode_said_its_numbers():
    """qa normalizes both sides in the episode's language: a British "ten p.m." heard
    for "22:00" is no error."""
    from audio_article.qa.wer import align, words
    from audio_article.script.numbers import british

    with british():
        reference = words("Polls close at 22:00.")
        assert align(reference, words("Polls close at ten p.m.")).errors == 0
    assert align(words("Polls close at 22:00."), words("Polls close at ten p.m.")).errors > 0


def test_a_config_refines_a_source_that_names_only_its_language():
    """A page saying only lang="en" (common on British sites) takes the config's region;
    one naming its region keeps it."""
    profile = load_profile("default")
    refined = plan(_article("en"), profile, PlanOptions(language="en-GB"))
    assert refined.language == "en-GB"
    assert "two hundred and five" in " ".join(s.spoken for s in refined.segments)
    assert plan(_article("en-US"), profile, PlanOptions(language="en-GB")).language == "en-US"
    assert plan(_article("fr"), profile, PlanOptions(language="en-GB")).language == "fr"


@pytest.mark.parametrize("written, tag", [
    ("EN_gb", "en-GB"), ("en-gb", "en-GB"), ("zh-hant-tw", "zh-Hant-TW"), ("en-GB-oed", "en-GB-oed"),
])
def test_language_tags_take_bcp47_case(written, tag):
    from audio_article.parse.source import language_tag

    assert language_tag(written) == tag


def test_a_huge_bad_config_language_is_named_short(tmp_path: Path):
    config = tmp_path / "plan.toml"
    config.write_text('language = "' + "x" * 10_000 + '"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="language must be a language tag") as raised:
        plan_options(config)
    assert len(str(raised.value)) < 300


@pytest.mark.parametrize("tag, said", [
    # British copy tells a result by how the game ended; American copy leaves a pair after
    # "ended" to the ranges.
    ("en-GB", "The derby at Hampden ended nil nil, and the replay finished two-one."),
    ("en-US", "The derby at Hampden ended zero to zero, and the replay finished two to one."),
])
def test_a_british_result_after_ended_or_finished(tag, said):
    assert normalize("The derby at Hampden ended 0-0, and the replay finished 2-1.", language=tag) == said


def test_a_british_strike_that_ended_days_later_is_no_result():
    assert normalize("The strike ended 2-3 days later.", language="en-GB") == \
        "The strike ended two to three days later."


@pytest.mark.parametrize("written, australian, british", [
    # Australia's "13" numbers where the copy asks to call: as they are dialled there.
    ("Call 000 in an emergency or 132 500 for SES help.",
     "Call triple zero in an emergency or one three two five hundred for S.E.S. help.",
     "Call triple zero in an emergency or one hundred and thirty-two five hundred for S.E.S. help."),
    ("Support is available from Lifeline on 13 11 14.",
     "Support is available from Lifeline on thirteen eleven fourteen.",
     "Support is available from Lifeline on thirteen eleven fourteen."),
    # No cue to call: a count written with a space is left to the numbers.
    ("About 132 500 people live there.", "About one hundred and thirty-two five hundred people live there.",
     "About one hundred and thirty-two five hundred people live there."),
])
def test_australian_thirteen_numbers(written, australian, british):
    assert (normalize(written, language="en-AU"), normalize(written, language="en-GB")) == (australian, british)


@pytest.mark.parametrize("tag, said", [
    # Philippine copy writes the peso "P" where a wage or a price is spoken of.
    ("en-PH", "will rise by fifty pesos to six hundred ninety-five pesos starting July seventeenth"),
    ("en-US", "will rise by P fifty to P six ninety-five starting July seventeenth"),
])
def test_philippine_pesos_in_a_wage_or_price(tag, said):
    written = "The daily minimum wage in Metro Manila will rise by P50 to P695 starting July 17."
    assert normalize(written, language=tag) == f"The daily minimum wage in Metro Manila {said}."


def test_a_philippine_form_named_p2_is_no_peso():
    assert normalize("Applicants must file the P2 form by Friday.", language="en-PH") == \
        "Applicants must file the P two form by Friday."


@pytest.mark.parametrize("tag, said", [
    # A runway's middle strip is the "centre" where the copy spells it so, "center" in
    # America and where the region is unknown (held-out set 24).
    ("en-GB", "Runway nine centre"), ("en-AU", "Runway nine centre"),
    ("en-US", "Runway nine center"), (None, "Runway nine center"),
])
def test_a_runways_centre_follows_the_region(tag, said):
    assert normalize("Runway 9C was closed.", language=tag) == f"{said} was closed."


@pytest.mark.parametrize("tag, written, said", [
    # A bare R before a price is the rand in South African copy, a letter elsewhere (set 30).
    ("en-ZA", "Weekend passes start at R450.", "Weekend passes start at four hundred and fifty rand."),
    ("en-GB", "Weekend passes start at R450.", "Weekend passes start at R four fifty."),
    # A phone number's noughts: "zero" in South Asian, African and South-East Asian copy.
    ("en-IN", "Call 0471-2730045.", "Call zero four seven one, two seven three, zero zero four five."),
    ("en-GB", "Call 01632 960123.", "Call oh one six three two, nine six oh, one two three."),
    # A PIN code after its place ends an Indian address; a count does not.
    ("en-IN", "Write to the collectorate, Kakkanad, Kochi 682030.",
     "Write to the collectorate, Kakkanad, Kochi six eight two zero three zero."),
    # An en dash between a score's figures is the hyphen: British "three-one" (set 32).
    ("en-GB", "Rangers’ 3–1 win at Tynecastle was their first.", "Rangers' three-one win at Tynecastle was their first."),
    # South African copy groups thousands with a space; a rand amount before a grant's letters.
    ("en-ZA", "About 30 000 riders took part.", "About thirty thousand riders took part."),
    ("en-ZA", "Packages start from R4 500.", "Packages start from four thousand five hundred rand."),
    ("en-ZA", "The R370 SRD grant was extended.", "The three hundred and seventy rand S.R.D. grant was extended."),
    ("en-ZA", "Call the police on 10 111.", "Call the police on ten one one one."),
    # Live copy's score between the sides and its minute (set 36).
    ("en-GB", "Live: Everton 1-2 Villa (55') – Watkins scores again.",
     "Live: Everton one-two Villa, fifty-five minutes, Watkins scores again."),
    ("en-ZA", "The R370 Social Relief of Distress grant was extended.",
     "The three hundred and seventy rand Social Relief of Distress grant was extended."),
    ("en-IN", "The city has 682030 voters.", "The city has six hundred and eighty-two thousand and thirty voters."),
    # The rand's cents without "and" past nine, as South African copy says a rate (set 42).
    ("en-ZA", "The rand weakened to R18.94 against the dollar.",
     "The rand weakened to eighteen rand ninety-four against the dollar."),
    ("en-ZA", "Diesel falls by R1.06.", "Diesel falls by one rand and six cents."),
    ("en-US", "It costs R18.94 there.", "It costs eighteen rand and ninety-four cents there."),
    # New Zealand's Department of Conservation is "dock"; America's corrections "D.O.C.".
    ("en-NZ", "A shark was seen, DOC said.", "A shark was seen, Doc said."),
    ("en-US", "An inmate died, DOC said.", "An inmate died, D.O.C. said."),
    # Two whole months with a hyphen: "to" in North American copy, as written in Indian (sets 38, 45).
    ("en-US", "It grew in the April-June quarter.", "It grew in the April to June quarter."),
    ("en-IN", "It grew in the April-June quarter.", "It grew in the April-June quarter."),
    # A fiscal year: its letters in Indian copy (sets 34, 43), "fiscal year" elsewhere.
    ("en-IN", "Profit rose in Q3 FY25.", "Profit rose in Q three F.Y. twenty-five."),
    ("en-US", "Profit rose in Q3 FY25.", "Profit rose in Q three fiscal year twenty-five."),
    # A law's section: a number in Indian copy, in pairs elsewhere (sets 38, 47).
    ("en-IN", "He was booked under Section 318 of the BNS.", "He was booked under Section three hundred and eighteen of the B.N.S."),
    ("en-US", "Section 230 shields platforms.", "Section two thirty shields platforms."),
    # The peso's bare "P" in Philippine copy, once its centavos or a bill names it (set 47).
    ("en-PH", "Rates fall by P0.35, cutting bills by about P70.",
     "Rates fall by thirty-five centavos, cutting bills by about seventy pesos."),
    ("en-PH", "She seeks a P1,000 monthly allowance.", "She seeks a one thousand peso monthly allowance."),
    ("en-PH", "The P2 parking level is shut.", "The P two parking level is shut."),
    ("en-PH", "A P100,000 reward was offered.", "A one hundred thousand peso reward was offered."),
    # A tied vote: "eight all" outside North America, "four to four" in it (set 54).
    ("en-NZ", "The vote was tied 8-8.", "The vote was tied eight all."),
    ("en-US", "The vote was tied 4-4.", "The vote was tied four to four."),
    ("en-GB", "The sides tied 0-0 at Anfield.", "The sides tied nil all at Anfield."),
    # Britain's savings account is a word, "eye-sa"; Singapore's Internal Security Act letters.
    ("en-GB", "She opened a cash ISA in April.", "She opened a cash Eye-sa in April."),
    ("en-SG", "He was held under the ISA.", "He was held under the I.S.A."),
    # Whole months: "and" after "between" (the review of the sets 43-45 round), an idiom stays.
    ("en-US", "Sales rose between April-June.", "Sales rose between April and June."),
    ("en-US", "It was a May-December romance.", "It was a May-December romance."),
    # The peso's bare "P" before grouped thousands in Philippine copy (set 66).
    ("en-PH", "The city will give P5,000 cash aid.", "The city will give five thousand pesos cash aid."),
    # A horse's price with a dash, after a result word in British copy (set 65: "eleven-four").
    ("en-GB", "The race was won by the 11-4 favourite.", "The race was won by the eleven to four favourite."),
    # Canadian copy puts the U.S. after an American price with cents (set 71); elsewhere before.
    ("en-CA", "WCS traded at a discount of US$11.25 a barrel.",
     "W.C.S. traded at a discount of eleven dollars and twenty-five cents U.S. a barrel."),
    ("en-US", "WCS traded at a discount of US$11.25 a barrel.",
     "W.C.S. traded at a discount of eleven U.S. dollars and twenty-five cents a barrel."),
    ("en-CA", "Shopify's revenue was US$2.16 billion.", "Shopify's revenue was two point one six billion U.S. dollars."),
    ("en-CA", "The loonie closed at US$0.73.", "The loonie closed at seventy-three cents U.S."),
    # Indian copy: rupees and paise without "and" (set 77), a toll-free 1800 as digits.
    ("en-IN", "Petrol is priced at ₹94.72 a litre.", "Petrol is priced at ninety-four rupees seventy-two paise a litre."),
    ("en-IN", "Call the helpline at 1800-11-4000.", "Call the helpline at one eight zero zero, one one, four zero zero zero."),
])
def test_regional_readings_of_the_held_out_rounds(tag, written, said):
    assert normalize(written, language=tag) == said
