"""The episode page's player, driven in a real browser the way a listener uses it:
skipping, the keyboard shortcuts, the place and speed remembered, links to a moment,
the captions track, the search, the chapter playing and the lock screen (Media
Session). Debian's Chromium through selenium, on the narrated news story of conftest's
``page_site`` (tests/browser_support.py), one browser for the module."""

from __future__ import annotations

import re

import pytest

from browser_support import (NEEDS_CHROMIUM, audio_state, chapters, open_page, press, transcript,
                             vtt_cues, wait_for)

pytestmark = NEEDS_CHROMIUM

# Before page.js runs: record the Media Session handlers and the last position state,
# which only the browser's own media controls could otherwise reach.
RECORD_MEDIA_SESSION = """
window.mediaActions = {}; window.positions = [];
var session = navigator.mediaSession;
var setHandler = session.setActionHandler.bind(session);
session.setActionHandler = function (action, handler) {
  window.mediaActions[action] = handler; return setHandler(action, handler);
};
var setPosition = session.setPositionState.bind(session);
session.setPositionState = function (state) { window.positions.push(state); return setPosition(state); };
"""


@pytest.fixture
def folder(page_site):
    return page_site["folders"]["bridge"]


@pytest.fixture
def address(page_site, folder):
    return f"{page_site['url']}{folder.name}/"


@pytest.fixture
def page(browser, address):
    return open_page(browser, address)


def at(page, seconds: float, tolerance: float = 0.1) -> None:
    wait_for(page, "return Math.abs(document.getElementById('audio').currentTime - "
                   f"{seconds}) < {tolerance}")


def click(page, element_id: str) -> None:
    page.execute_script("document.getElementById(arguments[0]).click()", element_id)


def test_skip_buttons_go_back_15_and_ahead_30_seconds(page):
    click(page, "ahead")
    at(page, 30)
    click(page, "back")
    at(page, 15)
    for _ in range(3):
        click(page, "back")
    at(page, 0)  # never before the start
    assert page.execute_script("return document.getElementById('back').textContent") == "Back 15 s"


def test_keyboard_shortcuts_play_skip_and_change_speed(page):
    from selenium.webdriver.common.keys import Keys

    page.execute_script("document.activeElement.blur()")
    press(page, "k")
    wait_for(page, "return !document.getElementById('audio').paused")
    press(page, "k")
    wait_for(page, "return document.getElementById('audio').paused")
    page.execute_script("document.getElementById('audio').currentTime = 1")
    press(page, "l")
    at(page, 31)
    press(page, "j")
    at(page, 16)
    press(page, Keys.ARROW_LEFT)
    at(page, 1)
    press(page, Keys.ARROW_RIGHT)
    at(page, 31)
    press(page, ">", ">")
    assert audio_state(page, "playbackRate") == 1.5
    # The menu follows the audio's ratechange event, which is queued: wait for it.
    wait_for(page, "return document.getElementById('speed').value === '1.5'")
    press(page, "<")
    assert audio_state(page, "playbackRate") == 1.25
    press(page, Keys.SPACE)
    wait_for(page, "return !document.getElementById('audio').paused")
    press(page, Keys.SPACE)
    wait_for(page, "return document.getElementById('audio').paused")


def test_shortcuts_are_announced_and_never_taken_from_a_text_box_or_a_button(page):
    from selenium.webdriver.common.keys import Keys

    keys = page.execute_script("return ['play', 'back', 'ahead', 'speed'].map(function (id) {"
                               "return document.getElementById(id).getAttribute('aria-keyshortcuts'); })")
    assert keys == ["k Space", "j ArrowLeft", "l ArrowRight", "< >"]
    page.execute_script("document.getElementById('search-text').focus()")
    press(page, "k l j < > ", Keys.ARROW_RIGHT)
    assert page.execute_script("return document.getElementById('search-text').value") == "k l j < > "
    assert audio_state(page, "paused") and audio_state(page, "currentTime") == 0
    assert audio_state(page, "playbackRate") == 1
    page.execute_script("document.getElementById('share').focus()")
    press(page, Keys.SPACE)  # presses the focused button, does not start playing
    wait_for(page, "return document.getElementById('share-status').textContent")
    assert audio_state(page, "paused")


def test_single_key_shortcuts_can_be_turned_off(page):
    """WCAG 2.1.4: the character shortcuts can be turned off; the arrows stay."""
    from selenium.webdriver.common.keys import Keys

    click(page, "single-keys")
    assert page.execute_script("return document.getElementById('play')"
                               ".hasAttribute('aria-keyshortcuts')") is False
    page.execute_script("document.activeElement.blur()")
    press(page, "k", "l", ">")
    assert audio_state(page, "paused") and audio_state(page, "currentTime") == 0
    assert audio_state(page, "playbackRate") == 1
    press(page, Keys.ARROW_RIGHT)
    at(page, 30)
    click(page, "single-keys")  # and back on (the setting is kept for every episode)


def test_the_place_and_speed_are_remembered_and_offered_back(page, address):
    """Per episode: the speed comes back as it was; the place is offered ("Resume from
    0:12"), never jumped to; the offer can be taken or declined."""
    from selenium.webdriver.support.ui import Select
    from selenium.webdriver.common.by import By

    Select(page.find_element(By.ID, "speed")).select_by_value("1.5")
    page.execute_script("var a = document.getElementById('audio'); a.currentTime = 12.4;")
    at(page, 12.4)
    page.execute_script("document.getElementById('audio').pause()")
    page.get(address)
    wait_for(page, "return !document.getElementById('resume').hidden")
    assert page.execute_script("return document.getElementById('resume-button').textContent") \
        == "Resume from 0:12"
    assert audio_state(page, "currentTime") == 0
    assert audio_state(page, "playbackRate") == 1.5
    assert page.execute_script("return document.getElementById('speed').value") == "1.5"
    click(page, "resume-button")
    at(page, 12)
    assert page.execute_script("return document.getElementById('resume').hidden")
    page.get(address)
    wait_for(page, "return !document.getElementById('resume').hidden")
    click(page, "start-over")
    page.get(address)
    wait_for(page, "return document.getElementById('audio').readyState >= 1")
    assert page.execute_script("return document.getElementById('resume').hidden")


@pytest.mark.parametrize("fragment, seconds", [("t=20", 20), ("t=0:25", 25), ("t=21.5", 21.5)])
def test_a_link_to_a_moment_starts_there(browser, address, fragment, seconds):
    open_page(browser, f"{address}#{fragment}")
    at(browser, seconds)
    assert browser.execute_script("return document.querySelector('.cue.now') !== null")
    assert browser.execute_script("return document.getElementById('resume').hidden")


def test_following_a_moment_link_on_the_same_page_seeks(page, address):
    page.execute_script("location.hash = 't=33'")
    at(page, 33)


def test_copy_link_to_this_moment(page, address):
    page.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": address.split("/", 3)[0] + "//" + address.split("/", 3)[2],
        "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    page.execute_script("document.getElementById('audio').currentTime = 17.6")
    at(page, 17.6)
    click(page, "share")
    wait_for(page, "return document.getElementById('share-status').textContent")
    link = page.execute_script("return document.getElementById('share-link').value")
    assert link == f"{address}#t=17"
    assert page.execute_script("return document.getElementById('share-status').textContent") \
        == "Link to 0:17 copied."
    page.set_script_timeout(10)
    copied = page.execute_async_script(
        "var done = arguments[0]; navigator.clipboard.readText().then(done, function (e) { done(String(e)); })")
    assert copied == link
    open_page(page, link)
    at(page, 17)


def test_the_transcript_is_a_captions_track_too(page, folder):
    cues = vtt_cues(folder)
    page.execute_script("document.getElementById('audio').textTracks[0].mode = 'hidden'")
    wait_for(page, f"return document.getElementById('audio').textTracks[0].cues.length === {len(cues)}")
    kind = page.execute_script("return document.getElementById('audio').textTracks[0].kind")
    assert kind == "captions"
    page.execute_script(f"document.getElementById('audio').currentTime = {cues[3][0] + 0.05}")
    text = wait_for(page, "var c = document.getElementById('audio').textTracks[0].activeCues;"
                          "return c && c.length && c[0].text")
    assert " ".join(re.sub(r"<[^>]+>", "", text).split()) == transcript(folder)[3]["text"]


def test_search_finds_a_sentence_and_plays_from_it(page, folder):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    cues = transcript(folder)
    wanted = next(i for i, c in enumerate(cues) if "brass" in c["text"])
    box = page.find_element(By.ID, "search-text")
    box.send_keys("BRASS band", Keys.ENTER)
    status = wait_for(page, "return document.getElementById('search-status').textContent")
    assert status.startswith("Match 1 of 1, at 0:") and "brass band" in status
    assert page.execute_script("return document.activeElement.id") == "search-text"
    current = page.execute_script("var c = document.querySelector('.cue.match.current');"
                                  "var r = c.getBoundingClientRect();"
                                  "return [c.dataset.start, r.top >= 0 && r.bottom <= innerHeight]")
    assert float(current[0]) == pytest.approx(cues[wanted]["start_ms"] / 1000, abs=0.001)
    click(page, "search-play")
    wait_for(page, "return !document.getElementById('audio').paused")
    page.execute_script("document.getElementById('audio').pause()")
    assert audio_state(page, "currentTime") == pytest.approx(cues[wanted]["start_ms"] / 1000, abs=1)
    box.clear()
    box.send_keys("zebra crossing", Keys.ENTER)
    wait_for(page, "return document.getElementById('search-status').textContent"
                   ".indexOf('No sentence') === 0")
    assert page.execute_script("return document.getElementById('search-play').hidden")
    assert page.execute_script("return document.querySelectorAll('.cue.match').length") == 0


def test_the_sticky_player_shows_the_chapter_playing(page, folder):
    start = chapters(folder)[2]
    page.execute_script(f"document.getElementById('audio').currentTime = {start + 0.5}")
    text = wait_for(page, "var t = document.getElementById('now-chapter').textContent;"
                          "return t.indexOf('Chapter 3') === 0 && t")
    assert text == "Chapter 3 of 4: Traffic returns"
    assert page.execute_script("return document.getElementById('chapter-3')"
                               ".getAttribute('aria-current')") == "true"


def test_the_word_being_said_is_highlighted(page, folder):
    cue = next(c for c in transcript(folder) if c["role"] == "body")
    start, _end, word = cue["words"][4]
    page.execute_script(f"document.getElementById('audio').currentTime = {start / 1000 + 0.01}")
    assert wait_for(page, "var w = document.querySelector('.w.now'); return w && w.textContent") == word


def test_the_lock_screen_names_the_episode_and_seeks(browser, address, folder):
    """Media Session: title, author as artist, the show as album; seeking back 15 s,
    ahead 30 s and to a point from the lock screen; the position kept up to date."""
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                     {"source": RECORD_MEDIA_SESSION})
    try:
        open_page(browser, address)
        meta = browser.execute_script(
            "var m = navigator.mediaSession.metadata; return [m.title, m.artist, m.album]")
        assert meta == ["River bridge reopens after two years", "Olena Kovalenko",
                        "Narrated articles"]
        actions = browser.execute_script("return Object.keys(window.mediaActions).sort()")
        assert {"seekbackward", "seekforward", "seekto", "previoustrack", "nexttrack"} <= set(actions)
        browser.execute_script("window.mediaActions.seekforward({action: 'seekforward'})")
        at(browser, 30)
        browser.execute_script("window.mediaActions.seekbackward({action: 'seekbackward'})")
        at(browser, 15)
        browser.execute_script("window.mediaActions.seekto({action: 'seekto', seekTime: 7.5})")
        at(browser, 7.5)
        following = next(s for s in chapters(folder) if s > 7.5)
        browser.execute_script("window.mediaActions.nexttrack({action: 'nexttrack'})")
        at(browser, following)
        state = wait_for(browser, "var p = window.positions; return p.length && p[p.length - 1]")
        assert state["duration"] == pytest.approx(audio_state(browser, "duration"))
        assert state["position"] == pytest.approx(following, abs=0.1)
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", script)


def test_the_lock_screen_shows_the_cover_when_there_is_one(browser, page_site, tmp_path):
    """An episode narrated with --cover: its cover is the Media Session artwork."""
    import subprocess
    import sys
    from pathlib import Path

    cover = Path(__file__).parent / "data" / "cover-1400.jpg"
    source = tmp_path / "short.txt"
    source.write_text("Title: A short story with a cover\n\nIt is short.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "audio_article", "narrate", str(source),
                           "--voice", "espeak", "--cover", str(cover), "-o", str(tmp_path / "out")],
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    page = Path(done.stdout.decode().split()[0]).parent / "index.html"
    open_page(browser, page.as_uri())
    art = browser.execute_script("return navigator.mediaSession.metadata.artwork.map("
                                 "function (a) { return a.src; })")
    assert art == [(page.parent / "cover.jpg").as_uri()]
