"""The plan: roles and order, byline, disclosure, captions, outro, chapters, pauses,
phrases, and the lexicon applied per engine."""

from pathlib import Path

import pytest

from audio_article import DISCLOSURE
from audio_article.config import load_profile
from audio_article.errors import ConfigError
from audio_article.models import Article, Caption, Paragraph, Quote, Section
from audio_article.script import plan
from audio_article.script.lexicon import Lexicon, parse_lexicon
from audio_article.script.plan import Pauses, Phrases, PlanOptions, byline_text, source_site
from audio_article.script.settings import plan_options

ARTICLE = Article(
    title="Twenty days of war",
    url="https://www.kyivindependent.com/twenty-days/",
    authors=("Olena Goncharova", "Illia Ponomarenko"),
    published="2022-03-14T09:00:00+02:00",
    site_name="The Kyiv Independent",
    lead_image="https://example.test/lead.jpg",
    sections=(
        Section(None, (Paragraph("Ukraine stands. Kyiv was shelled on Feb. 24."),
                       Caption("A burned tank in Volnovakha.", "Getty Images"))),
        Section("The front", (Quote("We will win.", "— Valerii Zaluzhnyi"),
                              Paragraph("Russia lost 12% of its tanks.")),
                anchor="the-front", image="https://example.test/front.jpg"),
    ),
)
LEXICON = parse_lexicon('[words]\nKyiv = { say = "Keev", hibari = "kˈiv" }\n', "t.toml")
HIBARI, ESPEAK = load_profile("default"), load_profile("espeak")


def test_roles_and_order_with_gathered_captions():
    script = plan(ARTICLE, HIBARI, PlanOptions(lexicon=LEXICON))
    assert [(s.role, s.text) for s in script.segments] == [
        ("title", "Twenty days of war"),
        ("byline", "By Olena Goncharova and Illia Ponomarenko. March 14, 2022. The Kyiv Independent."),
        ("disclosure", DISCLOSURE),
        ("body", "Ukraine stands. Kyiv was shelled on Feb. 24."),  # short: merged
        ("heading", "The front"),
        ("quote", "We will win."),
        ("body", "Valerii Zaluzhnyi said."),
        ("body", "Russia lost 12% of its tanks."),
        ("caption", "A burned tank in Volnovakha."),
        ("caption", "Photo by Getty Images."),
        ("outro", "You have been listening to: Twenty days of war."),
        ("outro", "You can read this story at kyivindependent.com."),
    ]
    assert [(c.title, c.first_segment, c.url, c.image) for c in script.chapters] == [
        ("Introduction", 0, ARTICLE.url, "https://example.test/lead.jpg"),
        ("Twenty days of war", 3, None, None),
        ("The front", 4, "https://www.kyivindependent.com/twenty-days/#the-front",
         "https://example.test/front.jpg"),
        ("Photos", 8, None, None),
    ]
    spoken = {s.text: s.spoken for s in script.segments}
    assert spoken["You can read this story at kyivindependent.com."] == \
        "You can read this story at kyivindependent dot com."
    assert spoken["Russia lost 12% of its tanks."] == "Russia lost twelve percent of its tanks."
    assert "March fourteenth, twenty twenty-two" in spoken[script.segments[1].text]
    assert [s.chapter for s in script.segments] == [0, 0, 0, 1, 2, 2, 2, 2, 3, 3, 3, 3]


def test_a_segment_with_nothing_to_say_is_not_voiced():
    """A title of "..." and a heading of dashes: no engine gives audio for them (eSpeak
    failed an assertion, hibari returned nothing), so they are not segments; the
    chapter the heading opens starts at its first words."""
    import dataclasses

    article = dataclasses.replace(ARTICLE, title="...", sections=(
        ARTICLE.sections[0], dataclasses.replace(ARTICLE.sections[1], heading="— — —")))
    script = plan(article, ESPEAK)
    assert all(any(c.isalnum() for c in s.spoken) for s in script.segments)
    assert script.segments[0].role == "byline"
    assert not any("listening to" in s.text for s in script.segments)  # no "to: ."
    front = script.chapters[2]
    assert script.segments[front.first_segment].text == "We will win."


def test_the_lexicon_goes_to_each_engine_its_own_way():
    text = "Ukraine stands. Kyiv was shelled on Feb. 24."
    by_engine = {}
    for profile in (HIBARI, ESPEAK):
        script = plan(ARTICLE, profile, PlanOptions(lexicon=LEXICON))
        by_engine[profile.name] = next(s.spoken for s in script.segments if s.text == text)
    assert by_engine["default"] == ("Ukraine stands. [Keev](/kˈiv/) was shelled on "
                                    "February twenty-fourth.")
    assert by_engine["espeak"] == "Ukraine stands. Keev was shelled on February twenty-fourth."


def test_inline_captions_stand_where_they_are_and_no_photos_chapter():
    script = plan(ARTICLE, HIBARI, PlanOptions(captions="inline", lexicon=Lexicon()))
    roles = [s.role for s in script.segments]
    assert roles.index("caption") == 4  # after the lead paragraph, before the heading
    assert "Photos" not in [c.title for c in script.chapters]


def test_pauses_are_named_and_chapters_end_with_the_longest():
    pauses = Pauses(sentence=111, paragraph=222, heading=333, caption=444, chapter=2000)
    script = plan(ARTICLE, HIBARI, PlanOptions(pauses=pauses, lexicon=Lexicon()))
    by_text = {s.text: s.pause_after_ms for s in script.segments}
    assert by_text["Twenty days of war"] == 333
    assert by_text[DISCLOSURE] == 2000
    assert by_text["We will win."] == 111
    assert by_text["Photo by Getty Images."] == 444
    assert by_text["Ukraine stands. Kyiv was shelled on Feb. 24."] == 2000  # ends a chapter


def test_phrases_are_configurable():
    phrases = Phrases(byline="Von {authors}.", last_author_separator=" und ",
                      months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
                              "August", "September", "Oktober", "November", "Dezember"),
                      date="{day}. {month} {year}.", photo_credit="Foto: {credit}.",
                      outro_source="", outro_title="Das war: {title}.")
    script = plan(ARTICLE, HIBARI, PlanOptions(phrases=phrases, lexicon=Lexicon()))
    texts = [s.text for s in script.segments]
    assert texts[1] == "Von Olena Goncharova und Illia Ponomarenko. 14. März 2022. The Kyiv Independent."
    assert "Foto: Getty Images." in texts
    assert texts[-1] == "Das war: Twenty days of war."


@pytest.mark.parametrize("credit, said", [
    ("Mstyslav Chernov", "Photo by Mstyslav Chernov."),
    ("AFP/Getty Images", "Photo by AFP/Getty Images."),
    ("Jane Doe for The New York Times.", "Photo by Jane Doe for The New York Times."),
    ("Supplied", "Photo: Supplied."),
    ("Courtesy of the Mayor's Office", "Photo: Courtesy of the Mayor's Office."),
    ("handout", "Photo: handout."),
    ("Handout/Reuters", "Photo: Handout/Reuters."),
    ("Ángel Franco", "Photo by Ángel Franco."),
])
def test_a_credit_is_said_by_whom_unless_it_names_no_one(credit, said):
    article = Article("T", (Section(None, (Caption("A burned tank.", credit),)),))
    texts = [s.text for s in plan(article, HIBARI, PlanOptions(lexicon=Lexicon())).segments]
    assert said in texts


def test_the_disclosure_cannot_be_left_out():
    with pytest.raises(ConfigError, match="disclosure"):
        plan(ARTICLE, HIBARI, PlanOptions(phrases=Phrases(disclosure=" "), lexicon=Lexicon()))


@pytest.mark.parametrize("published, said", [
    ("2022-03-14", "March 14, 2022."), ("2022-02-30", ""), ("March 2022", ""), (None, "")])
def test_byline_dates(published, said):
    article = Article("T", (Section(None, (Paragraph("Body text here."),)),), published=published)
    assert byline_text(article, Phrases()) == said


def test_the_source_is_the_host_or_the_site_name():
    body = (Section(None, (Paragraph("Body text here."),)),)
    assert source_site(Article("T", body, url="https://kyivindependent.com/a")) == "kyivindependent.com"
    assert source_site(Article("T", body, site_name="The Kyiv Independent.")) == "The Kyiv Independent"
    assert source_site(Article("T", body)) is None


def test_a_config_file_sets_captions_pauses_phrases_and_lexicon(tmp_path: Path):
    (tmp_path / "names.toml").write_text('[words]\nRutte = "Ruttuh"\n', encoding="utf-8")
    config = tmp_path / "plan.toml"
    config.write_text('captions = "inline"\nlexicon = "names.toml"\n[pauses]\nchapter = 1500\n'
                      '[phrases]\nphoto_credit = "Image: {credit}."\n', encoding="utf-8")
    options = plan_options(config)
    assert options.captions == "inline"
    assert options.pauses.chapter == 1500 and options.pauses.sentence == Pauses().sentence
    assert options.phrases.photo_credit == "Image: {credit}."
    # A reworded credit is said for "Supplied" and "Handout" too, not the English default.
    assert options.phrases.photo_source == "Image: {credit}."
    assert options.lexicon.lookup("Rutte").say == "Ruttuh"
    assert options.lexicon.lookup("Kyiv") is not None  # the built-in entries stay
    assert plan_options(config, captions="gather").captions == "gather"  # the CLI flag wins


@pytest.mark.parametrize("text, message", [
    ('captions = "all"\n', "captions must be"),
    ('colour = "red"\n', "unknown keys"),
    ('[pauses]\nsentense = 3\n', "unknown key 'sentense'"),
    ('[pauses]\nsentence = -3\n', "from 0 to 60000"),
    ('[pauses]\nsentence = "long"\n', "must be a int"),
    ('[phrases]\nmonths = ["Jan"]\n', "12 names"),
    ('lexicon = 3\n', "file name"),
    ('[phrases\n', "cannot read config"),
])
def test_bad_configs_are_named(tmp_path: Path, text, message):
    config = tmp_path / "plan.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        plan_options(config)
