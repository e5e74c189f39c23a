from collections import Counter
from pathlib import Path

import pytest

from audio_article.errors import ExtractionError
from audio_article.models import Caption, ListItem, Paragraph, Quote
from audio_article.parse import parse, parse_text
from audio_article.parse.credits import split_credit

SAMPLE = Path(__file__).parents[1] / "src/audio_article/samples/kyiv-independent-20-days.txt"
TEASER_WORDS = ("NATO", "Patriot", "BlackRock", "Vladivostok", "Rutte", "Magyar", "PAS",
                "missiles")
DERIVED = "It is widely believed that Russian leadership expected its all-out invasion…"


@pytest.fixture(scope="module")
def sample_text():
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample(sample_text):
    return parse_text(sample_text)


def test_sample_body(sample):
    paragraphs = [b.text for b in sample.blocks if isinstance(b, Paragraph)]
    assert [p.split()[:4] for p in paragraphs] == [
        ["It", "is", "widely", "believed"], ["Twenty", "days", "later,", "Ukraine"],
        ["To", "force", "Ukraine", "to"], ["Since", "Feb.", "24,", "Russia's"]]
    assert paragraphs[-1].endswith("left cities and villages in ruins.")
    assert [s.heading for s in sample.sections] == [None]


def test_sample_captions(sample):
    captions = [b for b in sample.blocks if isinstance(b, Caption)]
    assert len(captions) == 17  # the lead photo and a gallery of 16
    assert sample.blocks[0] == captions[0]  # the lead caption keeps its place
    assert captions[0].text.startswith("An apartment building in Mariupol")
    assert captions[0].text.endswith("on March 12, 2022.")
    assert captions[0].credit == "Evgeniy Maloletka"
    assert captions[1].text.startswith("Ukrainian emergency workers carry")
    assert captions[1].credit == "Evgeniy Maloletka"
    assert captions[2].text.startswith("A mass grave") and captions[2].credit == "Mstyslav Chernov"
    assert captions[-1].text.startswith("A man stands inside his house")
    assert captions[-1].credit == "Evgeniy Maloletka"
    assert Counter(c.credit for c in captions) == {
        "Getty Images": 8, "AFP/Getty Images": 3, "Evgeniy Maloletka": 3,
        "Mstyslav Chernov": 1, "Chris McGrath/Getty Images": 1, "Volodymyr Petrov": 1}
    assert not any(c.text.endswith(")") or "(" in c.text for c in captions)


def test_sample_leaves_out_teasers_and_audio_note(sample):
    text = " ".join(b.text for b in sample.blocks)
    assert not [word for word in TEASER_WORDS if word in text]
    assert "AI assistance" not in text
    assert len(sample.blocks) == 21
    assert "split a photo gallery into 16 captions" in sample.notes
    assert any("left out 13 paragraphs after the photo gallery" in n for n in sample.notes)
    assert any("AI-audio note" in n for n in sample.notes)


def test_sample_title_is_derived_and_said(sample, sample_text):
    assert sample.title == DERIVED
    assert any("no headline" in n and DERIVED in n and "--title" in n for n in sample.notes)
    given = parse_text(sample_text, title="20 days of war")
    assert given.title == "20 days of war"
    assert not any("no headline" in n for n in given.notes)


def test_sample_with_blank_lines_or_crlf_parses_the_same(sample, sample_text):
    assert parse_text(sample_text.replace("\n", "\n\n")).sections == sample.sections
    assert parse_text(sample_text.replace("\n", "\r\n")).sections == sample.sections


def test_front_matter_and_markdown():
    text = ("Title: The Bridge\nBy: Jane Doe and John Roe\nDate: 2022-03-16\n"
            "URL: https://example.com/bridge\nLanguage: en\n\n"
            "The old bridge over the river was built in 1902 and has been\n"
            "hard-wrapped over lines.\n\n## Aftermath\n\nPeople crossed it. "
            "Then it fell.\n\nA woman crosses the bridge. (Jane Doe/Reuters)\n")
    article = parse_text(text)
    assert article.title == "The Bridge"
    assert article.authors == ("Jane Doe", "John Roe")
    assert (article.published, article.url, article.language) == (
        "2022-03-16", "https://example.com/bridge", "en")
    assert [s.heading for s in article.sections] == [None, "Aftermath"]
    assert article.sections[0].blocks == (Paragraph(
        "The old bridge over the river was built in 1902 and has been hard-wrapped over lines."),)
    assert article.sections[1].blocks == (
        Paragraph("People crossed it. Then it fell."),
        Caption("A woman crosses the bridge.", "Jane Doe/Reuters"))
    assert article.notes == ()


def test_fenced_front_matter_lists_quotes_and_inline_markup():
    text = ("---\ntitle: A good day\nauthors: Ann Poe, Bob Roe & Cy Doe\n---\n\n"
            "Intro with a [link](https://x.test) and **bold** and *em* words.\n\n"
            "## Details\n\n- first item\n- second _item_\n1. third\n\n"
            "> To be or not\n> to be.\n\nThen more prose, and `code`.\n")
    article = parse_text(text)
    assert article.title == "A good day"
    assert article.authors == ("Ann Poe", "Bob Roe", "Cy Doe")
    assert article.sections[0].blocks == (Paragraph("Intro with a link and bold and em words."),)
    assert article.sections[1].blocks == (
        ListItem("first item"), ListItem("second item"), ListItem("third"),
        Quote("To be or not to be."), Paragraph("Then more prose, and code."))


def test_key_lines_without_a_blank_line_are_body_text():
    article = parse_text("Title: not front matter\nThe body follows at once here.\n")
    assert [b.text for b in article.blocks] == [
        "Title: not front matter", "The body follows at once here."]


def test_markdown_title_and_sections():
    article = parse_text("# Big news\n\nSomething happened today in the city.\n\n"
                         "# Part two\n\nMore happened.\n\n### Detail\n\nAnd more.\n")
    assert article.title == "Big news"
    assert [s.heading for s in article.sections] == [None, "Part two", "Detail"]
    assert article.notes == ()


def test_one_line_per_paragraph_and_hard_wrapped_blocks():
    long_line = "This paragraph was copied from a web page and is far longer than a wrap. " * 2
    dump = parse_text(f"{long_line}\nA second paragraph on the next line.\n\nThird one.\n",
                      title="T")
    assert [b.text for b in dump.blocks] == [
        long_line.strip(), "A second paragraph on the next line.", "Third one."]
    wrapped = parse_text("A short line that\ncontinues here.\n\nNext paragraph.\n", title="T")
    assert [b.text for b in wrapped.blocks] == [
        "A short line that continues here.", "Next paragraph."]


def test_parentheses_in_prose_are_not_captions():
    article = parse_text("Patriot (missiles) are key to protection from ballistic (missiles).\n"
                         "The Party of Action and Solidarity (PAS)\n"
                         "It was founded in a hurry (2016)\n", title="T")
    assert all(isinstance(b, Paragraph) for b in article.blocks)
    assert article.notes == ()


def test_one_caption_glued_to_prose_is_split_but_ends_nothing():
    article = parse_text("A tank in Irpin. (Getty Images)The war goes on, said the mayor.\n"
                         "Another paragraph stays in.\n", title="T")
    assert article.blocks == (Caption("A tank in Irpin.", "Getty Images"),
                              Paragraph("The war goes on, said the mayor."),
                              Paragraph("Another paragraph stays in."))


def test_a_gallery_before_any_paragraph_is_not_the_end():
    article = parse_text("One. (Jane Doe)Two. (AFP/Getty Images)\nThe body comes after.\n",
                         title="T")
    assert article.blocks == (Caption("One.", "Jane Doe"), Caption("Two.", "AFP/Getty Images"),
                              Paragraph("The body comes after."))


@pytest.mark.parametrize("text", ["", "   \n\t\n", "--- *** ---\n", "123 456\n...\n", "!?\n",
                                  "A photo of a dog. (Getty Images)\n", "# Only a title\n"])
def test_no_article_text(text):
    with pytest.raises(ExtractionError, match="no article text"):
        parse_text(text, title="T")
    with pytest.raises(ExtractionError, match="no article text"):
        parse_text(text)


@pytest.mark.parametrize("text, caption, credit", [
    ("A tank in Irpin. (Getty Images)", "A tank in Irpin.", "Getty Images"),
    ("A tank. (AFP/Getty Images)", "A tank.", "AFP/Getty Images"),
    ("A tank. (Chris McGrath/Getty Images)", "A tank.", "Chris McGrath/Getty Images"),
    ("A tank. (Ukrinform/NurPhoto via Getty Images)", "A tank.",
     "Ukrinform/NurPhoto via Getty Images"),
    ("A tank. (AP)", "A tank.", "AP"),
    ("A tank. (Photo: Reuters)", "A tank.", "Reuters"),
    ("A tank. (Photo by Jane Doe/AP)", "A tank.", "Jane Doe/AP"),
    ("A tank. Photo: Jane Doe", "A tank.", "Jane Doe"),
    ("A tank. Photo by Jane Doe/Reuters", "A tank.", "Jane Doe/Reuters"),
    ("A tank. Photograph: Jane Doe for The Guardian", "A tank.", "Jane Doe for The Guardian"),
    ("A tank. Credit: Jane Doe", "A tank.", "Jane Doe"),
    ("A tank. Image: NASA", "A tank.", "NASA"),
    ("A tank | Photo: Jane Doe", "A tank", "Jane Doe"),
    ("A tank © Jane Doe", "A tank", "Jane Doe"),
    ("A tank. © 2022 Getty Images", "A tank.", "Getty Images"),
    ("Credit: Reuters. A tank at night.", "A tank at night.", "Reuters"),
    ("Photo: Reuters. A tank at night.", "A tank at night.", "Reuters"),
    ("A tank (Volodymyr Petrov)", "A tank", "Volodymyr Petrov"),
    ("A tank. (Anna van der Berg)", "A tank.", "Anna van der Berg"),
    ("  A tank.\n(Getty  Images) ", "A tank.", "Getty Images"),
    ("Patriot (missiles) are key.", "Patriot (missiles) are key.", None),
    ("Ballistic (missiles)", "Ballistic (missiles)", None),
    ("The party (PAS) won.", "The party (PAS) won.", None),
    ("Solidarity (PAS)", "Solidarity (PAS)", None),
    ("The alliance (NATO)", "The alliance (NATO)", None),
    ("He was born (1956)", "He was born (1956)", None),
    ("In the war (2022)", "In the war (2022)", None),
    ("A man (left) smiles.", "A man (left) smiles.", None),
    ("A man smiles (left)", "A man smiles (left)", None),
    ("Two men (L)", "Two men (L)", None),
    ("The problem was credit: banks refused to lend.",
     "The problem was credit: banks refused to lend.", None),
    ("She showed a photo by Jane Doe", "She showed a photo by Jane Doe", None),
    ("Nothing here.", "Nothing here.", None),
])
def test_split_credit(text, caption, credit):
    assert split_credit(text) == (caption, credit)


def test_parse_dispatch_for_text():
    article = parse("Title: Café\n\nA caf\xe9 opened today.\n".encode("cp1252"), "text",
                    url="https://example.com/cafe")
    assert (article.title, article.url) == ("Café", "https://example.com/cafe")
    assert article.blocks == (Paragraph("A café opened today."),)
    with pytest.raises(ValueError, match="unknown source hint"):
        parse(b"x", "pdf")


def test_a_leading_heading_after_a_front_matter_title_opens_a_section():
    article = parse_text("Title: Metro reopens\n\n# Trains run again\n\nThe metro reopened today.\n\n"
                         "# What comes next\n\nFree rides for a month.\n")
    assert article.title == "Metro reopens"
    assert [s.heading for s in article.sections] == ["Trains run again", "What comes next"]
