"""An episode in MP3, M4A and Opus in a real browser (Debian's Chromium through
selenium, served by the real `audio-article serve`): the page's player picks the smallest
format it plays, and plays each format and seeks to chapter 3 in it."""

from __future__ import annotations

import pytest

from browser_support import BRIDGE, NEEDS_CHROMIUM, chapters, narrate, serve, wait_for

pytestmark = NEEDS_CHROMIUM
AUDIO = "document.getElementById('audio')"


@pytest.fixture(scope="module")
def formats_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("formats-site")
    source = out.parent / "bridge-formats.txt"
    source.write_text(BRIDGE, encoding="utf-8")
    folder = narrate(source, out, "espeak", "--format", "mp3,m4a,opus")
    server, url = serve(out)
    yield {"folder": folder, "url": f"{url}{folder.name}/"}
    server.terminate()
    server.wait(timeout=10)


def test_the_browser_picks_the_smallest_format_it_plays(browser, formats_site):
    browser.get(formats_site["url"])
    wait_for(browser, f"return {AUDIO}.readyState >= 1")
    assert browser.execute_script(f"return {AUDIO}.currentSrc").endswith(".opus")


@pytest.mark.parametrize("fmt", ["mp3", "m4a", "opus"])
def test_each_format_plays_and_seeks_to_chapter_3(browser, formats_site, fmt):
    """The page's own player with only that format's <source>: it plays, and the
    chapter 3 button seeks to chapter 3's start and plays on from there."""
    browser.get(formats_site["url"])
    browser.execute_script(
        f"var a = {AUDIO}; a.querySelectorAll('source').forEach(function (s) {{"
        f"  if (!s.getAttribute('src').endsWith('.{fmt}')) {{ s.remove(); }} }});"
        "a.load(); a.play();")
    wait_for(browser, f"return {AUDIO}.currentTime > 0.3", timeout=20)
    assert browser.execute_script(f"return {AUDIO}.currentSrc").endswith(f".{fmt}")
    assert browser.execute_script(f"return {AUDIO}.error") is None
    start = chapters(formats_site["folder"])[2]
    browser.execute_script("document.getElementById('chapter-3').click()")
    wait_for(browser, f"return {AUDIO}.currentTime >= {start} && "
                      f"{AUDIO}.currentTime < {start} + 5")
    wait_for(browser, f"return {AUDIO}.currentTime > {start} + 0.3 && !{AUDIO}.paused",
             timeout=20)
