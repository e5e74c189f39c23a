from pathlib import Path

import pytest

from audio_article.errors import ExtractionError
from audio_article.models import Caption, Paragraph
from audio_article.parse import parse_text
from audio_article.parse.credits import split_credit

SAMPLE = Path(__file__).parents[1] / "src/audio_article/samples/kyiv-independent-20-days.txt"
TEASER_WORDS = ("NATO", "Patriot", "BlackRock", "Vladivostok", "Rutte", "Magyar", "PAS")


@pytest.fixture(scope="module")
def sample():
    return parse_text(SAMPLE.read_text(encoding="utf-8"))


def test_sample_body(sample):
    paragraphs = [b.text for b in sample.blocks if isinstance(b, Paragraph)]
    assert [p.split()[0:3] for p in paragraphs] == [
        ["It", "is", "widely"], ["Twenty", "days", "later,"], ["To", "force", "Ukraine"],
        ["Since", "Feb.", "24,"]]


def test_sample_captions(sample):
    captions = [b for b in sample.blocks if isinstance(b, Caption)]
    assert len(captions) == 17  # the lead photo and a gallery of 16
    assert captions[0].text.startswith("An apartment building in Mariupol")
    assert captions[0].credit == "Evgeniy Maloletka"
    assert captions[1].credit == "Evgeniy Maloletka"
    assert captions[2].text.startswith("A mass grave") and captions[2].credit == "Mstyslav Chernov"
    assert "Chris McGrath/Getty Images" in [c.credit for c in captions]
    assert captions[-1].credit == "Evgeniy Maloletka"
    assert all(c.credit and not c.text.endswith(")") for c in captions)


def test_sample_leaves_out_teasers_and_audio_note(sample):
    text = " ".join(b.text for b in sample.blocks)
    assert not any(word in text for word in TEASER_WORDS)
    assert "created with AI assistance" not in text
    assert any("13 paragraphs after the photo gallery" in n for n in sample.notes)


def test_sample_title_is_derived_and_said(sample):
    assert sample.title.startswith("It is widely believed")
    assert len(sample.title.split()) <= 12
    assert any("no headline" in n and "--title" in n for n in sample.notes)
    assert parse_text(SAMPLE.read_text(), title="Given").title == "Given"


def test_front_matter_and_markdown():
    text = ("Title: The Bridge\nBy: Jane Doe and John Roe\nDate: 2022-03-16\n"
            "URL: https://example.com/bridge\nLanguage: en\n\n"
            "The old bridge over the river was built in 1902 and has been\nhard-wrapped over lines.\n\n## Aftermath\n\nPeople crossed it. "
            "Then it fell.\n\nA woman crosses the bridge. (Jane Doe/Reuters)\n")
    article = parse_text(text)
    assert article.title == "The Bridge"
    assert article.authors == ("Jane Doe", "John Roe")
    assert (article.published, article.url, article.language) == ("2022-03-16", "https://example.com/bridge", "en")
    assert [s.heading for s in article.sections] == [None, "Aftermath"]
    assert article.sections[0].blocks == (Paragraph(
        "The old bridge over the river was built in 1902 and has been hard-wrapped over lines."),)
    assert article.sections[1].blocks[-1] == Caption("A woman crosses the bridge.", "Jane Doe/Reuters")
    assert article.notes == ()


def test_markdown_title():
    article = parse_text("# Big news\n\nSomething happened today in the city.\n")
    assert article.title == "Big news"
    assert article.sections[0].heading is None


def test_parentheses_in_prose_are_not_captions():
    article = parse_text("Patriot (missiles) are key to protection from ballistic (missiles).\n"
                         "The Party of Action and Solidarity (PAS) won.\n", title="T")
    assert all(isinstance(b, Paragraph) for b in article.blocks)


@pytest.mark.parametrize("text", ["", "   \n", "--- *** ---\n", "123 456\n...\n",
                                  "A photo of a dog. (Getty Images)\n"])
def test_no_article_text(text):
    with pytest.raises(ExtractionError, match="no article text"):
        parse_text(text, title="T")


@pytest.mark.parametrize("text, caption, credit", [
    ("A tank in Irpin. (Getty Images)", "A tank in Irpin.", "Getty Images"),
    ("A tank. (AFP/Getty Images)", "A tank.", "AFP/Getty Images"),
    ("A tank. (Chris McGrath/Getty Images)", "A tank.", "Chris McGrath/Getty Images"),
    ("A tank. (AP)", "A tank.", "AP"),
    ("A tank. (Photo: Reuters)", "A tank.", "Reuters"),
    ("A tank. Photo: Jane Doe", "A tank.", "Jane Doe"),
    ("A tank. Photo by Jane Doe/Reuters", "A tank.", "Jane Doe/Reuters"),
    ("A tank. Photograph: Jane Doe for The Guardian", "A tank.", "Jane Doe for The Guardian"),
    ("A tank. Credit: Jane Doe", "A tank.", "Jane Doe"),
    ("A tank. Image: NASA", "A tank.", "NASA"),
    ("A tank © Jane Doe", "A tank", "Jane Doe"),
    ("A tank. © Getty Images", "A tank.", "Getty Images"),
    ("Credit: Reuters. A tank at night.", "A tank at night.", "Reuters"),
    ("Photo: Reuters. A tank at night.", "A tank at night.", "Reuters"),
    ("A tank (Volodymyr Petrov)", "A tank", "Volodymyr Petrov"),
    ("A tank. (Anna van der Berg)", "A tank.", "Anna van der Berg"),
    ("Patriot (missiles) are key.", "Patriot (missiles) are key.", None),
    ("The party (PAS) won.", "The party (PAS) won.", None),
    ("Solidarity (PAS)", "Solidarity (PAS)", None),
    ("He was born (1956)", "He was born (1956)", None),
    ("A man (left) smiles.", "A man (left) smiles.", None),
    ("A man smiles (left)", "A man smiles (left)", None),
    ("Nothing here.", "Nothing here.", None),
])
def test_split_credit(text, caption, credit):
    assert split_credit(text) == (caption, credit)
