"""The episode page and the show index in a real browser, tried the way a keyboard-only
or screen-reader listener uses them: Debian's Chromium driven by selenium, checked by
axe-core and by Chromium's own accessibility tree, served by the real `audio-article
serve` (and opened from disk). The episodes are narrated once per session (conftest's
``page_site``; tests/browser_support.py); one browser serves the whole module.
(tests/test_player_browser.py drives the player's features, tests/test_show_browser.py
the show page.)
"""

from __future__ import annotations

import json

import pytest

from browser_support import (LONG_URL, LONG_WORD, NEEDS_CHROMIUM, axe, chapters,
                             chrome, emulate, focus_report, open_page, press, quit_chrome,
                             transcript, vtt_cues, wait_for)

pytestmark = NEEDS_CHROMIUM

PAGES = {"sample": "twenty-days-of-russia-s-full-scale-war-against-ukraine/",
         "story": "river-bridge-reopens-after-two-years/",
         "long": "council-passes-the-budget-after-a-long-night/",
         "rtl": "{hebrew}/", "hostile": "q-a-bold/", "show": ""}
MODES = {"light": {}, "dark": {"prefers_color_scheme": "dark"},
         "forced-colours": {"forced_colors": "active"}, "390px": {"width": 390},
         "320px": {"width": 320}}


def url(site, name: str) -> str:
    return site["url"] + PAGES[name].format(hebrew=site["folders"]["hebrew"].name)


@pytest.fixture
def page(browser, page_site):
    emulate(browser)
    return open_page(browser, url(page_site, "story"))


AXE_RUNS = [(name, mode) for name in ("sample", "long", "rtl", "show") for mode in MODES] + [
    ("story", "light"), ("hostile", "light"), ("hostile", "dark")]


@pytest.mark.parametrize("name, mode", AXE_RUNS)
def test_axe_finds_no_violations(browser, page_site, name, mode):
    """WCAG 2.0-2.2 A and AA and axe's best practices, each page in each mode, with a
    sentence, its word and its chapter highlighted (their contrast is checked too)."""
    emulate(browser, **MODES[mode])
    try:
        browser.get(url(page_site, name))
        if name != "show":
            wait_for(browser, "return document.getElementById('audio').readyState >= 1")
            browser.execute_script("document.getElementById('chapter-2').click()")
            wait_for(browser, "return document.querySelector('.cue.now')")
        results = axe(browser)
    finally:
        emulate(browser)
    assert "error" not in results, results
    assert results["violations"] == [], json.dumps(results["violations"], indent=1)[:3000]
    assert len(results["passes"]) >= 10  # axe really ran its rules on a real page


def walk(driver, backwards: bool, limit: int = 300) -> list[dict]:
    """Tab (or Shift+Tab) from the top of the page through every stop, once round;
    after every step, where the focused element is (focus_report)."""
    from selenium.webdriver.common.keys import Keys

    driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    seen, reports = [], []
    for _ in range(limit):
        press(driver, Keys.TAB, shift=backwards)
        report = focus_report(driver)
        marker = driver.execute_script("return document.activeElement")
        if reports and marker == seen[0]:
            return reports
        if report["element"]:
            seen.append(marker)
            reports.append(report)
    raise AssertionError(f"no way round in {limit} steps: {[r['element'] for r in reports][-10:]}")


@pytest.mark.parametrize("name, width", [("sample", 1280), ("long", 390)])
@pytest.mark.parametrize("direction", ["forwards", "backwards"])
def test_a_full_tab_walk_never_hides_the_focus(browser, page_site, name, width, direction):
    """WCAG 2.2 2.4.11 Focus Not Obscured: after every Tab (or Shift+Tab) the focused
    element is inside the window and no other element (the sticky player) covers any of
    its corners. The page is playing mid-way (its highlight and chapter move)."""
    emulate(browser, width=width)
    try:
        open_page(browser, url(page_site, name))
        browser.execute_script("document.getElementById('audio').currentTime = 20")
        reports = walk(browser, backwards=direction == "backwards")
    finally:
        emulate(browser)
    bad = [r for r in reports if r["problems"]]
    assert not bad, bad[:5]
    stops = [r["element"] for r in reports]
    assert any("#chapter-" in s for s in stops) and any(".cue" in s for s in stops), stops
    assert len(stops) >= 12
    assert (stops[0] if direction == "forwards" else stops[-1]).startswith("a.skip")


def test_the_transcript_arrow_keys_never_hide_the_focus(browser, page_site):
    """Down through every sentence of the long article, then up again, from the bottom
    of the page: each sentence focused lands clear of the sticky player."""
    from selenium.webdriver.common.keys import Keys

    emulate(browser, width=390)
    try:
        open_page(browser, url(page_site, "long"))
        count = browser.execute_script(
            "var c = document.querySelectorAll('#transcript .cue'); c[0].focus(); return c.length")
        reports = []
        for key in [Keys.ARROW_DOWN] * (count - 1) + [Keys.ARROW_UP] * (count - 1):
            press(browser, key)
            reports.append(focus_report(browser))
    finally:
        emulate(browser)
    assert [r for r in reports if r["problems"]] == []
    assert reports[count - 2]["element"] != reports[0]["element"]


def test_the_skip_link_lands_on_the_transcript_heading_below_the_player(page):
    from selenium.webdriver.common.keys import Keys

    page.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    press(page, Keys.TAB)
    assert page.execute_script("return document.activeElement.className") == "skip"
    press(page, Keys.ENTER)
    report = focus_report(page)
    assert report["element"].startswith("h2#transcript-heading") and report["problems"] == []


def accessibility_tree(driver) -> list[dict]:
    driver.execute_cdp_cmd("Accessibility.enable", {})
    return driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]


def prop(node: dict, name: str):
    return next((p["value"].get("value") for p in node.get("properties", ())
                 if p["name"] == name), None)


@pytest.mark.parametrize("name", ["sample", "rtl", "show"])
def test_every_operable_element_has_a_role_and_a_name(browser, page_site, name):
    """Chromium's accessibility tree (CDP Accessibility.getFullAXTree): everything
    focusable has a role that says what it does and a name; every sentence of the
    transcript is a button named by its text (it plays from there)."""
    emulate(browser)
    browser.get(url(page_site, name))
    nodes = [n for n in accessibility_tree(browser) if not n.get("ignored")]
    operable = [n for n in nodes if prop(n, "focusable")]
    unnamed = [(n["role"]["value"], n.get("name", {}).get("value")) for n in operable
               if n["role"]["value"] in ("generic", "none", "paragraph", "StaticText", "")
               or not (n.get("name", {}).get("value") or "").strip()]
    assert operable and unnamed == []
    if name != "show":
        folder = page_site["folders"]["sample" if name == "sample" else "hebrew"]
        cues = [c["text"] for c in transcript(folder)]
        buttons = [n["name"]["value"] for n in nodes if n["role"]["value"] == "button"]
        assert all(text in buttons for text in cues), (cues, buttons)


def test_sentences_are_buttons_that_play_from_their_start(page, page_site):
    from selenium.webdriver.common.by import By

    cues = vtt_cues(page_site["folders"]["bridge"])
    sentence = page.find_elements(By.CSS_SELECTOR, "#transcript .cue")[6]
    assert sentence.get_attribute("role") == "button"
    page.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
                        sentence)
    sentence.click()
    wait_for(page, f"return Math.abs(document.getElementById('audio').currentTime - "
                   f"{cues[6][0]}) < 0.1")
    assert "now" in sentence.get_attribute("class").split()


def test_the_transcript_is_one_tab_stop_walked_with_the_arrow_keys(page, page_site):
    from selenium.webdriver.common.keys import Keys

    cues = vtt_cues(page_site["folders"]["bridge"])
    page.execute_script("document.querySelector('#search [type=submit]').focus()")
    press(page, Keys.TAB)  # one Tab stop: the first sentence
    assert page.execute_script("return document.activeElement.dataset.start") == f"{cues[0][0]:.3f}"
    press(page, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ENTER)
    wait_for(page, f"return Math.abs(document.getElementById('audio').currentTime - "
                   f"{cues[2][0]}) < 0.1")
    press(page, Keys.TAB)  # and out of the transcript with the next Tab
    assert page.execute_script("return document.activeElement.closest('#transcript')") is None


# Counts the page's own scrolling (page.js follows the sentence with scrollIntoView).
COUNT_SCROLLS = """
window.followed = 0;
var original = Element.prototype.scrollIntoView;
Element.prototype.scrollIntoView = function (options) {
  if (this.classList.contains('cue')) { window.followed += 1; }
  return original.call(this, options);
};
"""


def play_into_the_last_sentence(page, folder) -> None:
    """Play from just before the last sentence until it is the one being read."""
    page.execute_script("var a = document.getElementById('audio'); a.currentTime = arguments[0];"
                        "a.play()", vtt_cues(folder)[-1][0] - 0.3)
    wait_for(page, "return document.querySelector('.cue.now') === "
                   "[].slice.call(document.querySelectorAll('.cue')).pop()")


def test_following_never_moves_the_page_from_a_focused_control_and_can_be_turned_off(page, page_site):
    """While playing, Enter on a chapter seeks there and the transcript does not move the
    page away from the focused button; with focus nowhere in particular it follows the
    sentence being read; unticked, it does not."""
    from selenium.webdriver.common.keys import Keys

    folder = page_site["folders"]["bridge"]
    page.execute_script(COUNT_SCROLLS + "document.getElementById('audio').play()")
    page.execute_script("window.scrollTo(0, 0); document.getElementById('chapter-2').focus()")
    press(page, Keys.TAB, Keys.ENTER)  # keyboard focus on chapter 3, then Enter
    wait_for(page, f"return document.getElementById('audio').currentTime >= {chapters(folder)[2]}")
    play_into_the_last_sentence(page, folder)
    assert page.execute_script("return document.activeElement.id") == "chapter-3"
    assert focus_report(page)["problems"] == []
    assert page.execute_script("return window.followed") == 0
    page.execute_script("document.activeElement.blur()")
    page.execute_script("document.getElementById('audio').currentTime = 0.5")
    wait_for(page, "var c = document.querySelector('.cue.now').getBoundingClientRect();"
                   "return window.followed > 0 && c.top > 0 && c.bottom < innerHeight")
    page.execute_script("document.getElementById('audio').pause();"
                        "document.getElementById('follow').click(); window.followed = 0")
    play_into_the_last_sentence(page, folder)
    page.execute_script("document.getElementById('audio').pause()")
    assert page.execute_script("return window.followed") == 0


def test_playing_highlights_the_sentence_and_the_word_being_read(page, page_site):
    page.execute_script("document.getElementById('audio').play()")
    wait_for(page, "return document.getElementById('audio').currentTime >= 2")
    page.execute_script("document.getElementById('audio').pause()")
    wait_for(page, "return document.getElementById('play').textContent === 'Play'")
    played, start, word = page.execute_script(
        "var now = document.querySelectorAll('#transcript .cue.now'), w = document.querySelectorAll('.w.now');"
        "return [document.getElementById('audio').currentTime,"
        "now.length === 1 && now[0].dataset.start, w.length === 1 && w[0].textContent]")
    cues = transcript(page_site["folders"]["bridge"])
    expected = max((c for c in cues if c["start_ms"] / 1000 <= played), key=lambda c: c["start_ms"])
    assert float(start) == pytest.approx(expected["start_ms"] / 1000, abs=0.001)
    said = [w for w in expected["words"] if w[0] / 1000 <= played + 0.001]
    assert said and word == said[-1][2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_under_forced_colours_the_sentence_word_and_play_button_stay_distinct(browser, page_site,
                                                                              scheme):
    """Windows High Contrast drops backgrounds: the sentence and word being read keep
    system-colour marks of their own, and the Play button keeps its edge."""
    emulate(browser, prefers_color_scheme=scheme, forced_colors="active")
    try:
        open_page(browser, url(page_site, "story"))
        browser.execute_script("document.getElementById('audio').currentTime = 5")
        wait_for(browser, "return document.querySelector('.w.now')")
        style = browser.execute_script("""
            function s(el) { var c = getComputedStyle(el); return [c.backgroundColor, c.color,
              c.borderInlineStartColor, c.borderTopWidth, c.borderTopColor]; }
            var now = document.querySelector('.cue.now');
            var other = [].slice.call(document.querySelectorAll('.cue')).filter(function (c) { return c !== now; })[0];
            var word = document.querySelector('.w.now'), plain = now.querySelector('.w:not(.now)');
            return {now: s(now), other: s(other), word: s(word), plain: s(plain),
                    play: s(document.getElementById('play'))};""")
    finally:
        emulate(browser)
    assert style["now"][0] != style["other"][0] and style["now"][1] != style["other"][1]
    assert style["word"][0] != style["now"][0] and style["word"][1] != style["plain"][1]
    assert float(style["play"][3].rstrip("px")) >= 1
    assert style["play"][4] not in ("rgba(0, 0, 0, 0)", "transparent")


def test_the_highlight_is_not_colour_alone(page):
    page.execute_script("document.getElementById('audio').currentTime = 5")
    wait_for(page, "return document.querySelector('.w.now')")
    bar, underline = page.execute_script(
        "return [getComputedStyle(document.querySelector('.cue.now')).borderInlineStartWidth,"
        "getComputedStyle(document.querySelector('.w.now')).textDecorationLine]")
    assert float(bar.rstrip("px")) >= 3 and underline == "underline"


@pytest.mark.parametrize("name", ["long", "show"])
def test_the_page_reflows_at_320_css_pixels(browser, page_site, name):
    """WCAG 1.4.10: no horizontal scrolling at 320 px, with a 90-letter word and an
    80-character URL in the transcript."""
    emulate(browser, width=320)
    try:
        browser.get(url(page_site, name))
        widths = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth,"
            "document.body.textContent.indexOf(arguments[0]) >= 0,"
            "document.body.textContent.indexOf(arguments[1]) >= 0]", LONG_WORD, LONG_URL)
    finally:
        emulate(browser)
    assert widths[0] <= widths[1] == 320
    if name == "long":
        assert widths[2] and widths[3]  # the long word and URL are there, whole


def test_page_text_and_json_ld_keep_every_word_whole(browser, page_site):
    """The page is built from transcript.json: no word is split where a caption line
    was wrapped ("counc il"), neither in the text nor in the JSON-LD transcript."""
    open_page(browser, url(page_site, "long"))
    text, data = browser.execute_script(
        "return [document.getElementById('transcript').textContent,"
        "document.querySelector('script[type=\"application/ld+json\"]').textContent]")
    said = " ".join(c["text"] for c in transcript(page_site["folders"]["long"]))
    assert LONG_WORD in text and LONG_URL in text
    assert json.loads(data)["associatedMedia"]["transcript"] == said


# The articles' own words (titles, descriptions) are in whatever language they are written.
ENGLISH_TEXT = """
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), found = [], node;
while ((node = walker.nextNode())) {
  var el = node.parentElement;
  if (!/[A-Za-z]{2,}/.test(node.data) || el.closest('script, style, [hidden], #episodes h3, .summary') ||
      !el.getClientRects().length) { continue; }
  var lang = el.closest('[lang]').getAttribute('lang');
  if (lang !== 'en') { found.push(node.data.trim() + ' (lang ' + lang + ')'); }
}
return found;
"""


@pytest.mark.parametrize("name", ["rtl", "show"])
def test_every_english_word_on_a_hebrew_page_is_marked_english(browser, page_site, name):
    """WCAG 3.1.2: the labels, the byline's "By" and "Listening time", the
    "Introduction" chapter, the spoken intro and outro: every visible run of Latin
    letters on the Hebrew page (and the show page, Hebrew too) is inside lang="en"."""
    open_page(browser, url(page_site, "rtl")) if name == "rtl" else browser.get(url(page_site, name))
    assert browser.execute_script("return document.documentElement.lang") == "he"
    if name == "rtl":
        browser.execute_script("document.getElementById('chapter-2').click()")
    assert browser.execute_script(ENGLISH_TEXT) == []


@pytest.mark.parametrize("name, facts, count", [("rtl", ".byline", 4),
                                                 ("show", "li[lang=he] .facts", 3)])
def test_a_right_to_left_byline_reads_in_order(browser, page_site, name, facts, count):
    """On a Hebrew page each fact of the byline is isolated, so they run right to left
    in their order: "By ..." first (rightmost), "Listening time" last (leftmost)."""
    browser.get(url(page_site, name))
    rights = browser.execute_script(
        "return [].slice.call(document.querySelector(arguments[0]).children)"
        ".map(function (e) { return e.getBoundingClientRect().right; })", facts)
    assert len(rights) == count and rights == sorted(rights, reverse=True)


def test_the_page_works_opened_from_disk(browser, page_site):
    """file:// with no server: the audio loads, the chapters seek, the show page links."""
    from selenium.webdriver.common.by import By

    emulate(browser)
    out, folder = page_site["out"], page_site["folders"]["bridge"]
    browser.get((out / "index.html").as_uri())
    browser.execute_script("arguments[0].click()", browser.find_element(
        By.CSS_SELECTOR, f'a[href="{folder.name}/index.html"]'))
    assert browser.current_url == (folder / "index.html").as_uri()
    wait_for(browser, "return document.getElementById('audio').readyState >= 1")
    browser.execute_script("document.getElementById('chapter-2').click()")
    wait_for(browser, f"return Math.abs(document.getElementById('audio').currentTime - "
                      f"{chapters(folder)[1]}) < 0.1")
    browser.execute_script("document.getElementById('ahead').click()")
    wait_for(browser, f"return Math.abs(document.getElementById('audio').currentTime - "
                      f"{chapters(folder)[1] + 30}) < 0.1")
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_following_scrolls_smoothly_unless_reduced_motion_is_asked_for(browser, page_site,
                                                                         motion):
    emulate(browser, prefers_reduced_motion=motion)
    try:
        open_page(browser, url(page_site, "story"))
        browser.execute_script(COUNT_SCROLLS.replace(
            "window.followed += 1;", "window.followed = options.behavior;"))
        play_into_the_last_sentence(browser, page_site["folders"]["bridge"])
        browser.execute_script("document.getElementById('audio').pause()")
        assert browser.execute_script("return window.followed") == (
            "smooth" if motion == "no-preference" else "auto")
    finally:
        emulate(browser)


def test_without_javascript_the_audio_chapter_links_and_transcript_remain(page_site):
    from selenium.webdriver.common.by import By

    folder = page_site["folders"]["bridge"]
    driver = chrome(javascript=False)
    try:
        driver.get(page_site["url"] + PAGES["story"])
        # page.js never ran: it marks the root element and turns the links into buttons.
        assert "js" not in (driver.find_element(By.TAG_NAME, "html").get_attribute("class") or "")
        links = driver.find_elements(By.CSS_SELECTOR, "#chapters a")
        assert [link.get_attribute("href").rsplit("#", 1)[1] for link in links] == [
            f"t={s:.3f}" for s in chapters(folder)]
        cues = driver.find_elements(By.CSS_SELECTOR, "#transcript .cue")
        assert [c.text for c in cues] == [c["text"] for c in transcript(folder)]
        assert cues[0].get_attribute("role") is None  # not a button: it would do nothing
        assert driver.find_element(By.ID, "audio").get_attribute("controls") is not None
        for hidden in ("controls", "tools", "search"):
            assert not driver.find_element(By.ID, hidden).is_displayed()
    finally:
        quit_chrome(driver)
