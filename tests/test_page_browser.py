"""The episode page and the show index in a real browser: Debian's Chromium driven by
selenium, checked by axe-core, served by the real `audio-article serve`.

One narration (espeak voice), one server and one browser for the module. Without a
Chromium and its driver (the Makefile's test set-up installs them) these tests skip and
say why; on this project's machines and in CI they run.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from audio_article.page import write_pages
from test_publish_support import GOLDEN_EPISODES, make_episode

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
# axe-core from its npm package, which the Makefile installs into the virtual environment.
AXE = Path(sys.prefix) / "node_modules/axe-core/axe.min.js"
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="needs Debian's chromium and chromium-driver (make test installs them with "
           "apt-get; no apt-get here, or it failed)")

ARTICLE = """Title: River bridge reopens after two years
By: Olena Kovalenko
Date: 2026-03-02
URL: https://example.com/news/bridge?a=1&b=2
Site: Example News

The old bridge over the river reopened on Monday after two years of repairs. Engineers \
replaced the deck and the railings.

## Traffic returns

Buses crossed first. Cyclists followed in the afternoon.

## What comes next

The city plans a second bridge. Work starts in the spring.
"""
SLUG = "river-bridge-reopens-after-two-years"
# Root in a container: no sandbox; the background flags keep it off Google's hosts, which
# are unreachable here. Autoplay without a gesture lets a test press play from script.
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-dev-shm-usage", "--mute-audio",
         "--autoplay-policy=no-user-gesture-required", "--window-size=1280,900")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A narrated episode in ``out`` and `audio-article serve out` on a free port."""
    out = tmp_path_factory.mktemp("site")
    article = out.parent / "bridge.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "audio_article", "narrate", str(article),
                           "--voice", "espeak", "-o", str(out)], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    # A second, older episode whose strings try to break out of HTML and JSON, in Hebrew.
    make_episode(out / "q-a-bold", **GOLDEN_EPISODES["escaping"]["episodes/q-a-bold"])
    write_pages(out / "q-a-bold", out)
    server = subprocess.Popen([sys.executable, "-m", "audio_article", "serve", str(out),
                               "--port", "0", "--quiet"], stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert match, line
    yield {"out": out, "url": f"http://127.0.0.1:{match.group(1)}/"}
    server.terminate()
    server.wait(timeout=10)


def chrome(javascript: bool = True):
    pytest.importorskip("selenium", reason="needs selenium (the test extra)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options.add_argument(f"--user-data-dir={profile}")
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.profile_dir = profile
    return driver


def quit_chrome(driver) -> None:
    driver.quit()
    shutil.rmtree(driver.profile_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    driver = chrome()
    yield driver
    quit_chrome(driver)


@pytest.fixture
def page(browser, site):
    browser.get(site["url"] + SLUG + "/")
    browser.execute_script("document.getElementById('audio').load()")
    wait_for(browser, "return document.getElementById('audio').readyState >= 1")
    return browser


def wait_for(driver, script: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {script}")


def vtt_cues(folder: Path) -> list[tuple[float, float]]:
    text = (folder / "transcript.vtt").read_text(encoding="utf-8")
    times = re.findall(r"(\d\d):(\d\d):(\d\d\.\d{3}) --> (\d\d):(\d\d):(\d\d\.\d{3})", text)
    return [(int(a) * 3600 + int(b) * 60 + float(c), int(d) * 3600 + int(e) * 60 + float(f))
            for a, b, c, d, e, f in times]


def chapters(folder: Path) -> list[float]:
    data = json.loads((folder / "chapters.json").read_text(encoding="utf-8"))
    return [c["startTime"] for c in data["chapters"]]


def axe(driver) -> dict:
    """axe-core's WCAG 2.0 and 2.1 A and AA rules on the page in ``driver``."""
    if not AXE.is_file():
        pytest.skip(f"needs axe-core's axe.min.js at {AXE} (make test installs it with npm)")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    return driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
        " 'wcag21aa']}}).then(done, function (error) { done({error: String(error)}); });")


@pytest.mark.parametrize("path", [SLUG + "/", "", "q-a-bold/"],
                         ids=["episode", "show-index", "rtl-episode"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag21_aa_violations(browser, site, path, scheme):
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        browser.get(site["url"] + path)
        if path:  # a highlighted sentence and chapter are checked too (contrast)
            browser.execute_script("document.getElementById('chapter-2').click()")
            wait_for(browser, "return document.querySelector('.cue.now')")
        results = axe(browser)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert "error" not in results, results
    assert results["violations"] == [], json.dumps(results["violations"], indent=1)[:3000]
    assert len(results["passes"]) >= 10  # axe really ran its rules on a real page
    print(f"axe {results['testEngine']['version']} {path or 'index'} {scheme}: "
          f"{len(results['violations'])} violations, {len(results['passes'])} rules passed, "
          f"{len(results['inapplicable'])} inapplicable, {len(results['incomplete'])} to review")


def test_keyboard_reaches_play_chapters_and_speed_in_order(page, site):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    count = len(chapters(site["out"] / SLUG))
    wanted = ["play"] + [f"chapter-{n}" for n in range(1, count + 1)] + ["speed"]
    page.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    reached = []
    for _ in range(40):
        ActionChains(page).send_keys(Keys.TAB).perform()
        reached.append(page.execute_script("return document.activeElement.id"))
        if reached[-1] == "speed":
            break
    assert [r for r in reached if r in wanted] == wanted, reached
    assert page.execute_script("return document.activeElement.tagName") == "SELECT"


def test_enter_on_chapter_3_seeks_to_its_start(page, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    start = chapters(site["out"] / SLUG)[2]
    button = page.find_element(By.ID, "chapter-3")
    assert button.tag_name == "button"
    page.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    wait_for(page, f"return Math.abs(document.getElementById('audio').currentTime - {start}) < 0.1")
    assert button.get_attribute("aria-current") == "true"


def test_playing_highlights_the_cue_being_read(page, site):
    cues = vtt_cues(site["out"] / SLUG)
    page.execute_script("document.getElementById('audio').play()")
    wait_for(page, "return document.getElementById('audio').currentTime >= 2")
    state = page.execute_script(
        "var a = document.getElementById('audio'); a.pause(); var now = "
        "document.querySelectorAll('#transcript .cue.now');"
        "return [a.currentTime, now.length, now.length ? now[0].dataset.start : null]")
    played, highlighted, start = state
    expected = max(i for i, (first, _) in enumerate(cues) if first <= played)
    assert highlighted == 1
    assert float(start) == pytest.approx(cues[expected][0], abs=0.001)


def test_a_click_on_a_sentence_seeks_to_its_cue(page, site):
    from selenium.webdriver.common.by import By

    cues = vtt_cues(site["out"] / SLUG)
    sentence = page.find_elements(By.CSS_SELECTOR, "#transcript .cue")[6]
    page.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
                        sentence)
    sentence.click()
    wait_for(page, f"return Math.abs(document.getElementById('audio').currentTime - "
                   f"{cues[6][0]}) < 0.1")
    assert "now" in sentence.get_attribute("class").split()


def test_keyboard_moves_through_the_transcript_and_plays_from_a_sentence(page, site):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    cues = vtt_cues(site["out"] / SLUG)
    page.execute_script("document.getElementById('speed').focus()")
    ActionChains(page).send_keys(Keys.TAB).perform()  # one Tab stop: the first sentence
    assert page.execute_script("return document.activeElement.dataset.start") == f"{cues[0][0]:.3f}"
    ActionChains(page).send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ENTER).perform()
    wait_for(page, f"return Math.abs(document.getElementById('audio').currentTime - "
                   f"{cues[2][0]}) < 0.1")


def test_speed_control_sets_the_playback_rate(page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(page.find_element(By.ID, "speed")).select_by_value("1.5")
    assert page.execute_script("return document.getElementById('audio').playbackRate") == 1.5
    options = page.find_elements(By.CSS_SELECTOR, "#speed option")
    values = [o.get_attribute("value") for o in options]
    assert values[0] == "0.75" and values[-1] == "2"


def test_the_page_works_opened_from_disk(browser, site):
    """file:// with no server: the audio loads, the chapters seek, the show page links."""
    from selenium.webdriver.common.by import By

    browser.get((site["out"] / "index.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, f'a[href="{SLUG}/index.html"]').click()
    assert browser.current_url == (site["out"] / SLUG / "index.html").as_uri()
    wait_for(browser, "return document.getElementById('audio').readyState >= 1")
    start = chapters(site["out"] / SLUG)[1]
    browser.find_element(By.ID, "chapter-2").click()
    wait_for(browser, f"return Math.abs(document.getElementById('audio').currentTime - "
                      f"{start}) < 0.1")


def test_reduced_motion_turns_smooth_scrolling_off(page):
    smooth = "return getComputedStyle(document.documentElement).scrollBehavior"
    assert page.execute_script(smooth) == "smooth"
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    try:
        assert page.execute_script(smooth) == "auto"
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_media_session_names_the_episode(page):
    from selenium.webdriver.common.by import By

    title = page.find_element(By.TAG_NAME, "h1").text
    assert page.execute_script("return navigator.mediaSession.metadata.title") == title


def test_without_javascript_transcript_and_chapter_links_remain(site):
    from selenium.webdriver.common.by import By

    driver = chrome(javascript=False)
    try:
        driver.get(site["url"] + SLUG + "/")
        # page.js never ran: it marks the root element and turns the links into buttons.
        assert "js" not in (driver.find_element(By.TAG_NAME, "html").get_attribute("class") or "")
        links = driver.find_elements(By.CSS_SELECTOR, "#chapters a")
        starts = chapters(site["out"] / SLUG)
        assert [link.get_attribute("href").rsplit("#", 1)[1] for link in links] == [
            f"t={s:.3f}" for s in starts]
        cues = driver.find_elements(By.CSS_SELECTOR, "#transcript .cue")
        assert len(cues) == len(vtt_cues(site["out"] / SLUG))
        assert cues[0].is_displayed() and "River bridge reopens" in cues[0].text
        assert driver.find_element(By.ID, "audio").get_attribute("controls") is not None
        assert not driver.find_element(By.ID, "play").is_displayed()
    finally:
        quit_chrome(driver)


@pytest.fixture(scope="module")
def formats_site(tmp_path_factory):
    """The bridge article in MP3, M4A and Opus, served by `audio-article serve`."""
    out = tmp_path_factory.mktemp("formats-site")
    article = out.parent / "bridge-formats.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "audio_article", "narrate", str(article),
                           "--voice", "espeak", "--format", "mp3,m4a,opus", "-o", str(out)],
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    server = subprocess.Popen([sys.executable, "-m", "audio_article", "serve", str(out),
                               "--port", "0", "--quiet"], stderr=subprocess.PIPE, text=True)
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", server.stderr.readline())
    assert match
    yield {"out": out, "url": f"http://127.0.0.1:{match.group(1)}/{SLUG}/"}
    server.terminate()
    server.wait(timeout=10)


def test_the_browser_picks_the_smallest_format_it_plays(browser, formats_site):
    browser.get(formats_site["url"])
    wait_for(browser, "return document.getElementById('audio').readyState >= 1")
    assert browser.execute_script("return document.getElementById('audio').currentSrc"
                                  ).endswith(f"{SLUG}.opus")


@pytest.mark.parametrize("fmt", ["mp3", "m4a", "opus"])
def test_each_format_plays_and_seeks_to_chapter_3(browser, formats_site, fmt):
    """The page's own player with only that file: it plays, and the chapter 3 button
    seeks to chapter 3's start and plays on from there."""
    browser.get(formats_site["url"])
    browser.execute_script(
        "var a = document.getElementById('audio');"
        "a.querySelectorAll('source').forEach(function (s) {"
        f"  if (!s.getAttribute('src').endsWith('.{fmt}')) {{ s.remove(); }} }});"
        "a.load(); a.play();")
    wait_for(browser, "var a = document.getElementById('audio'); return a.currentTime > 0.3",
             timeout=20)
    audio = "document.getElementById('audio')"
    assert browser.execute_script(f"return {audio}.currentSrc").endswith(f".{fmt}")
    assert browser.execute_script(f"return {audio}.error") is None
    start = chapters(formats_site["out"] / SLUG)[2]
    browser.execute_script("document.getElementById('chapter-3').click()")
    wait_for(browser, f"return {audio}.currentTime >= {start} && "
                      f"{audio}.currentTime < {start} + 5")
    wait_for(browser, f"return {audio}.currentTime > {start} + 0.3 && !{audio}.paused",
             timeout=20)
    assert browser.execute_script(
        "return document.getElementById('chapter-3').getAttribute('aria-current')") == "true"
