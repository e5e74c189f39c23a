import re

import pytest

from audio_article.slug import MAX_LENGTH, slugify


@pytest.mark.parametrize("title, slug", [
    ("Twenty days of Russia's full-scale war", "twenty-days-of-russia-s-full-scale-war"),
    ("Café déjà vu", "cafe-deja-vu"),
    ("  --Hello, World!--  ", "hello-world"),
    ("../../etc/passwd", "etc-passwd"),
])
def test_slugify(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize("title", ["Київ", "🎙️", "東京", "...", "x" * 300, "a " * 100])
def test_slugs_are_ascii_and_bounded(title):
    slug = slugify(title)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= MAX_LENGTH
    assert slugify(title) == slug  # stable
